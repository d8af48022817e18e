import pino, { type Logger } from 'pino';

/** Paths pino blanks out wherever they appear: keys, secrets, Authorization. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'key',
  'apiKey',
  'secret',
  'secrets',
  '*.key',
  '*.secret',
  '*.secrets',
  '*.apiKey',
  '*.password',
  'MONGODB_URI',
  'ADMIN_API_KEY',
  'config.MONGODB_URI',
  'config.ADMIN_API_KEY',
];

export type { Logger };

export function createLogger(level: string, name: string): Logger {
  return pino({ level, name, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
