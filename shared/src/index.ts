/**
 * Deep imports (`@minerisk/shared/domain`, `@minerisk/shared/store/port`, ...) are the norm, so a service
 * loads only what it uses; this barrel re-exports the contracts that have no heavy dependencies.
 */
export * from './domain';
export * from './domain/errors';
export * from './contracts/queues';
export { loadConfig, type Config } from './runtime/config';
