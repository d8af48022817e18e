import type { DeliveryStatus } from '../domain';

/** Every status countByStatus reports, zero included, so a metric never disappears. */
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];
