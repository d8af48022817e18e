import { randomBytes } from 'node:crypto';

/** The `meta` key (SQLite row, MongoDB document id) of the deployment's identity. */
export const DEPLOYMENT_IDENTITY_KEY = 'deployment-identity';

/** 64 random bits, lower-case hex: short enough for key names, never shared by two deployments in practice. */
export function newDeploymentIdentity(): string {
  return randomBytes(8).toString('hex');
}
