import path from 'node:path';
import { z } from 'zod';

/** The repository root, so `DATA_DIR` means the same thing from any workspace folder (`npm run -w`). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The environment, parsed once. Names are fixed by docs/api.md. Nothing else in the code reads process.env.
 */
export const configSchema = z
  .object({
    /** API port. Default 8080. */
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    /** Redis for BullMQ. Unset: 127.0.0.1:6379 if it answers, else a private redis-server under DATA_DIR. */
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    /** `sqlite` or `mongo`. Default: mongo when MONGODB_URI is set, else sqlite. */
    STORE: z.enum(['sqlite', 'mongo']).optional(),
    /** MongoDB connection string. */
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// or mongodb+srv:// URI')
      .optional(),
    /** Where the embedded store and anything else local lives. Default ./data (against the repository root). */
    DATA_DIR: z.string().min(1).default('./data'),
    /** If set, ensured at start-up as an admin key of tenant `default`. */
    ADMIN_API_KEY: z.string().min(24, 'ADMIN_API_KEY must be at least 24 characters').optional(),
    /** pino level. Default info. */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `true` lets webhooks go to loopback and private addresses (tests, on-premises receivers). Default false. */
    WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
    /** Feed schedule file for the ingest service. Default: infra/feeds.yaml. */
    FEEDS_CONFIG: z.string().min(1).optional(),
    /** `false` turns off scheduled polling of public feeds (tests, air-gapped installs). Default true. */
    FEEDS_POLL: z.stringbool().default(true),
    /**
     * First part of every BullMQ key and of the pub/sub channel; the deployment's identity (stored with its
     * data) follows it, so deployments sharing a Redis never share jobs. Default `minerisk`.
     */
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_{}-]+$/)
      .default('minerisk'),
    /**
     * Recompute jobs (subject changes, re-scores, sweep) one scoring worker holds at once: like event jobs
     * they are batched, each flush bumping its subjects in one transaction for the recompute rounds
     * (docs/operations.md), so this bounds a flush. Default 1000.
     */
    SCORING_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(1000),
    /**
     * The scoring worker thread's V8 heap limit under `npm start`, in MiB (its old generation). Below 2,048
     * it also makes V8 collect at 1.3–2× the live heap instead of 4× (docs/operations.md#memory). The live
     * heap was ~280 MiB at 100,000 sites and 20,000 routes; past the limit the thread stops with an
     * out-of-memory error naming this setting, and the process exits for its supervisor. Default 1536.
     */
    SCORING_HEAP_MB: z.coerce.number().int().min(256).max(65_536).default(1536),
    /** Webhook delivery attempts in flight per notifier. Default 16. */
    NOTIFIER_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(16),
    /** How often every subject is re-scored so that decay and expiries show, in minutes. Default 60. */
    RESCORE_EVERY_MINUTES: z.coerce.number().int().min(1).max(10080).default(60),
    /** How often stored-but-unqueued events and deliveries are re-queued, in seconds. Default 30. */
    SWEEP_EVERY_SECONDS: z.coerce.number().int().min(1).max(86400).default(30),
    /** Shutdown deadline for draining in-flight work, in milliseconds. Default 8000. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(8000),
    /** Per-key request budget per minute. Default 1200 (a dashboard polling every second stays far below). */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
    /** Failed authentications per client address per minute before 429 (checked before the key). Default 60. */
    AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  })
  .strict()
  .transform((c) => ({
    ...c,
    STORE: c.STORE ?? (c.MONGODB_URI ? 'mongo' : 'sqlite'),
    DATA_DIR: path.resolve(REPO_ROOT, c.DATA_DIR),
  }))
  .refine((c) => c.STORE !== 'mongo' || c.MONGODB_URI !== undefined, {
    message: 'STORE=mongo needs MONGODB_URI',
    path: ['MONGODB_URI'],
  });

export type Config = z.output<typeof configSchema>;
export const CONFIG_KEYS = Object.keys(configSchema.in.shape) as (keyof z.input<typeof configSchema>)[];

export class ConfigError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses only the variables this service knows; others in the environment are none of its business. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known: Record<string, string> = {};
  for (const key of CONFIG_KEYS) {
    const v = env[key];
    if (v !== undefined && v !== '') known[key] = v;
  }
  const parsed = configSchema.safeParse(known);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })));
  }
  return parsed.data;
}
