import type { Redis } from 'ioredis';
import type { Route, Site, Subject, SubjectRef } from '@minerisk/shared/domain';
import { subjectKey } from '@minerisk/shared/domain';
import type { Logger } from '@minerisk/shared/runtime/logger';
import { subjectChangeSchema, type SubjectChange } from '@minerisk/shared/contracts/queues';
import { prepareSubject, type PreparedSubject } from '@minerisk/shared/model/prepare';
import { SubjectIndex } from '@minerisk/shared/model/subjectIndex';
import type { Store } from '@minerisk/shared/store/port';

/**
 * Every tenant's sites and routes, prepared for scoring and held in the spatial index. Changes made through
 * the API reach every running worker over Redis pub/sub; a periodic full reload covers a missed message.
 */
export class SubjectRegistry {
  readonly index = new SubjectIndex();
  private readonly prepared = new Map<string, PreparedSubject>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.prepared.size;
  }

  get(ref: SubjectRef): PreparedSubject | undefined {
    return this.prepared.get(subjectKey(ref));
  }

  all(): PreparedSubject[] {
    return [...this.prepared.values()];
  }

  /** (Re)loads every subject; removes those that are gone. */
  async reloadAll(): Promise<void> {
    const [sites, routes] = await Promise.all([this.store.sites.listAll(), this.store.routes.listAll()]);
    const seen = new Set<string>();
    for (const s of sites) seen.add(this.put({ ...s, type: 'site' }));
    for (const r of routes) seen.add(this.put({ ...r, type: 'route' }));
    for (const [key, p] of this.prepared) if (!seen.has(key)) this.drop(p);
    this.logger.debug({ subjects: this.prepared.size }, 'subjects loaded');
  }

  /** Reloads one subject from the store: upserted if it exists, dropped if it does not. */
  async refresh(ref: SubjectRef): Promise<PreparedSubject | undefined> {
    const found: Site | Route | null =
      ref.type === 'site' ? await this.store.sites.get(ref.tenantId, ref.id) : await this.store.routes.get(ref.tenantId, ref.id);
    if (!found) {
      const old = this.prepared.get(subjectKey(ref));
      if (old) this.drop(old);
      return undefined;
    }
    this.put(ref.type === 'site' ? { ...(found as Site), type: 'site' } : { ...(found as Route), type: 'route' });
    return this.prepared.get(subjectKey(ref));
  }

  async applyChange(change: SubjectChange): Promise<void> {
    await this.refresh({ tenantId: change.tenantId, type: change.type, id: change.id });
  }

  /** Listens for subject changes on a dedicated subscriber connection, on the deployment's channel. */
  async listen(subscriber: Redis, channel: string): Promise<void> {
    subscriber.on('message', (_channel: string, message: string) => {
      let change: SubjectChange;
      try {
        change = subjectChangeSchema.parse(JSON.parse(message));
      } catch (err) {
        this.logger.warn({ err, message }, 'ignoring a malformed subject-change message');
        return;
      }
      this.applyChange(change).catch((err: unknown) => this.logger.error({ err, change }, 'applying a subject change failed'));
    });
    await subscriber.subscribe(channel);
  }

  private put(subject: Subject): string {
    const key = subjectKey({ tenantId: subject.tenantId, type: subject.type, id: subject.id });
    const old = this.prepared.get(key);
    if (old && old.updatedAt === subject.updatedAt) return key;
    const p = prepareSubject(subject);
    this.prepared.set(key, p);
    this.index.upsert(p);
    return key;
  }

  private drop(p: PreparedSubject): void {
    this.prepared.delete(subjectKey(p));
    this.index.remove(p.tenantId, p.type, p.id);
  }
}
