import fs from 'node:fs';
import path from 'node:path';
import cron from 'node-cron';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { REPO_ROOT } from '../runtime/config';
import { FEED_FORMATS } from '../domain';

/** Where the feed schedule lives unless FEEDS_CONFIG says otherwise. */
export const DEFAULT_FEEDS_CONFIG = path.join(REPO_ROOT, 'infra', 'feeds.yaml');

/** One polled feed, as declared in infra/feeds.yaml. */
export const feedDefinitionSchema = z
  .object({
    /** Stable id: the key of the feed's state and metrics. */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" or "-"'),
    format: z.enum(FEED_FORMATS),
    url: z.url({ protocol: /^https?$/ }),
    /** node-cron expression (5 fields, or 6 with seconds). */
    schedule: z.string().refine((s) => cron.validate(s), 'not a valid cron expression'),
    /** Default true. */
    enabled: z.boolean().default(true),
    /** Whole-request deadline, ms. Default 20000. */
    timeoutMs: z.number().int().min(100).max(300_000).default(20_000),
    /** Events of this feed belong to this tenant; null (default) for a public feed, global. */
    tenant: z.string().min(1).max(64).nullable().default(null),
    /** Extra request headers (no secrets here: use credentialsEnv). Default none. */
    headers: z.record(z.string(), z.string()).default({}),
    /** Query parameters whose values come from environment variables: `{ key: ACLED_API_KEY }`. Default none. */
    credentialsEnv: z
      .record(z.string().regex(/^[A-Za-z0-9_]+$/), z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name'))
      .default({}),
  })
  .strict();

export const feedsFileSchema = z
  .object({ feeds: z.array(feedDefinitionSchema) })
  .strict()
  .refine((f) => new Set(f.feeds.map((d) => d.id)).size === f.feeds.length, {
    message: 'feed ids must be unique',
    path: ['feeds'],
  });

export type FeedDefinitionInput = z.input<typeof feedDefinitionSchema>;

/** A feed ready to poll: its declaration, its schedule's interval and its resolved credentials. */
export interface FeedDefinition extends z.output<typeof feedDefinitionSchema> {
  /** The longest gap between two scheduled runs (the staleness unit). */
  intervalMs: number;
  /** Query parameters from the environment: secret, never logged or stored. */
  credentials: Record<string, string>;
  /** credentialsEnv variables that are not set: the feed's polls fail with that message. */
  missingCredentials: string[];
}

export class FeedsConfigError extends Error {
  constructor(file: string, issues: string[]) {
    super(`Invalid feed configuration ${file}:\n${issues.map((i) => `  ${i}`).join('\n')}`);
    this.name = 'FeedsConfigError';
  }
}

/** The longest gap between the next runs of a cron expression: an irregular schedule is as stale as its longest pause. */
export function scheduleIntervalMs(schedule: string): number {
  const task = cron.createTask(schedule, () => undefined);
  try {
    const runs = task.getNextRuns(8).map((d) => d.getTime());
    let longest = 0;
    for (let i = 1; i < runs.length; i++) longest = Math.max(longest, runs[i]! - runs[i - 1]!);
    return longest > 0 ? longest : 24 * 3600_000;
  } finally {
    void task.destroy();
  }
}

/**
 * Feed credentials are named in the feed file, so config.ts cannot know their variables: this is the one
 * other place that reads the environment, and only the names the file declares.
 */
export function resolveFeeds(
  declared: z.output<typeof feedDefinitionSchema>[],
  // eslint-disable-next-line no-restricted-properties -- only the variables the feed file names (see above)
  env: Record<string, string | undefined> = process.env,
): FeedDefinition[] {
  return declared.map((d) => {
    const credentials: Record<string, string> = {};
    const missingCredentials: string[] = [];
    for (const [param, variable] of Object.entries(d.credentialsEnv)) {
      const value = env[variable];
      if (value) credentials[param] = value;
      else missingCredentials.push(variable);
    }
    return { ...d, intervalMs: scheduleIntervalMs(d.schedule), credentials, missingCredentials };
  });
}

/** Parses a feed file's text (YAML) into feed definitions; throws FeedsConfigError naming each bad field. */
export function parseFeedsConfig(text: string, file: string, env?: Record<string, string | undefined>): FeedDefinition[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new FeedsConfigError(file, [err instanceof Error ? err.message : String(err)]);
  }
  const parsed = feedsFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new FeedsConfigError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  return resolveFeeds(parsed.data.feeds, env);
}

/** Loads infra/feeds.yaml (or the file FEEDS_CONFIG names). */
export function loadFeedsConfig(file: string = DEFAULT_FEEDS_CONFIG, env?: Record<string, string | undefined>): FeedDefinition[] {
  const resolved = path.resolve(REPO_ROOT, file);
  return parseFeedsConfig(fs.readFileSync(resolved, 'utf8'), resolved, env);
}

/** The URL actually requested: the declared one plus the credentials as query parameters. */
export function requestUrl(feed: Pick<FeedDefinition, 'url' | 'credentials'>): string {
  const u = new URL(feed.url);
  for (const [k, v] of Object.entries(feed.credentials)) u.searchParams.set(k, v);
  return u.toString();
}
