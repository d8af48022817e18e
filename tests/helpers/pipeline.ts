import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '@minerisk/shared/runtime/config';
import type { Route, Site, Subject } from '@minerisk/shared/domain';
import { QUEUES } from '@minerisk/shared/contracts/queues';
import { openContext, type OpenContextResult } from '@minerisk/shared/runtime/context';
import type { Producers } from '@minerisk/shared/runtime/producers';
import { computeScore } from '@minerisk/shared/scoring/computeScore';
import { computeSupply, RouteScoreCache } from '@minerisk/shared/scoring/computeSupply';
import type { Store } from '@minerisk/shared/store/port';
import { startTestRedis, type TestRedis } from './redisServer';
import { waitFor } from './processes';

/** A private Redis, a fresh DATA_DIR (SQLite) and a context on them: what pipeline tests build on. */
export interface PipelineEnv {
  redis: TestRedis;
  dataDir: string;
  config: Config;
  env: Record<string, string>;
  opened: OpenContextResult;
  close(): Promise<void>;
}

export async function startPipelineEnv(
  opts: {
    appendonly?: boolean;
    extraEnv?: Record<string, string>;
    /** A running Redis to share (the caller stops it); default: a private one. */
    redis?: TestRedis;
  } = {},
): Promise<PipelineEnv> {
  const redis = opts.redis ?? (await startTestRedis({ appendonly: opts.appendonly ?? false }));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minerisk-test-'));
  const env = {
    REDIS_URL: redis.url,
    DATA_DIR: dataDir,
    QUEUE_PREFIX: `t${process.pid}`,
    LOG_LEVEL: 'warn',
    FEEDS_POLL: 'false',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    ...opts.extraEnv,
  };
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const opened = await openContext('test', config);
  return {
    redis,
    dataDir,
    config,
    env,
    opened,
    async close() {
      await opened.close();
      if (!opts.redis) await redis.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Whether scoring has drained: no stored event unprocessed, the events and recompute queues holding nothing
 * waiting, active or delayed, and no subject stale (every score written from its subject's latest change), nor
 * any supply score (docs/architecture.md, Supply exposure).
 */
export async function scoringDrained({
  store,
  producers,
}: {
  store: Store;
  producers: Pick<Producers, 'queue'>;
}): Promise<boolean> {
  if (await anyEventUnprocessed(store)) return false;
  for (const q of [QUEUES.events, QUEUES.recompute]) {
    const n = await producers.queue(q).getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (n > 0) return false;
  }
  if ((await store.scores.listStale(1)).length > 0) return false;
  return (await store.supply.listStale(1)).length === 0;
}

/** Whether any stored event, whenever known, is not yet processed (applied to the subjects it reaches). */
export async function anyEventUnprocessed(store: Store): Promise<boolean> {
  return (await store.events.listUnprocessed(new Date(Date.now() + 60_000).toISOString(), 1)).length > 0;
}

export async function waitForScoringDrained(p: PipelineEnv, timeoutMs = 60_000): Promise<void> {
  await waitFor('scoring to drain', () => scoringDrained(p.opened.ctx), timeoutMs, 100);
}

/** Every stored score must equal a fresh recomputation from the stored events at its own asOf. */
export async function expectConverged(p: PipelineEnv, subjects: Subject[]): Promise<number> {
  const { store } = p.opened.ctx;
  let checked = 0;
  for (const s of subjects) {
    const stored = await store.scores.get(s.tenantId, s.type, s.id);
    expect(stored).not.toBeNull();
    const fresh = await computeScore(store, s, new Date(stored!.asOf));
    expect({ id: s.id, score: stored!.score, components: stored!.components }).toEqual({
      id: s.id,
      score: fresh.result.score,
      components: fresh.result.components,
    });
    checked++;
  }
  return checked;
}

/**
 * S6 (docs/scoring.md §6): every site with a plan has a stored supply score equal to a fresh computation from
 * the stored route scores and its current plan. Returns how many were checked.
 */
export async function expectSupplyConverged(p: PipelineEnv, tenantIds: string[]): Promise<number> {
  const { store } = p.opened.ctx;
  let checked = 0;
  for (const tenantId of tenantIds) {
    for (const plan of await store.supply.listPlans(tenantId)) {
      const stored = await store.supply.get(tenantId, plan.siteId);
      expect({ site: plan.siteId, stored: stored !== null }).toEqual({ site: plan.siteId, stored: true });
      const fresh = await computeSupply(plan, new RouteScoreCache(store, { kind: 'stored', now: new Date() }));
      expect({ site: plan.siteId, score: stored!.score, inputs: stored!.inputs }).toEqual({
        site: plan.siteId,
        score: fresh.score,
        inputs: fresh.inputs,
      });
      checked++;
    }
  }
  return checked;
}

export function asSubjects(sites: Site[], routes: Route[]): Subject[] {
  return [...sites.map((s) => ({ ...s, type: 'site' as const })), ...routes.map((r) => ({ ...r, type: 'route' as const }))];
}
