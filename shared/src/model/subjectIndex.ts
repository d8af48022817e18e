// @ts-expect-error TS1479: rbush is ESM-only; Node 20.19+ loads it through require(esm), jest transforms it
import RBush from 'rbush';
import { subjectKey, type RiskEvent, type Subject, type SubjectType } from '../domain';
import { plainBoxes } from '../geo/bbox';
import { SHIPPED_MODEL, type ModelConfig } from './config';
import { indexBoxes } from './indexBoxes';
import { matchOne, type SubjectMatch } from './matchOne';
import { prepareSubject, type PreparedSubject } from './prepare';
import { prepareEvent } from './preparedEvent';

interface Held {
  subject: PreparedSubject;
  entries: Entry[];
  /** The last match() that visited it: dedupes candidates without a Set. */
  seen: number;
}

interface Entry {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  held: Held;
}

function isPrepared(s: Subject | PreparedSubject): s is PreparedSubject {
  return 'reachKm' in s;
}

/**
 * Every tenant's sites and route segments in one in-memory R-tree (rbush: dynamic inserts and removals,
 * so a changed subject costs one update, not a rebuild), plus a country → subjects map for advisories and
 * country-wide events. `match` answers exactly what `matchBruteForce` does, only without visiting every subject.
 */
export class SubjectIndex {
  private readonly tree = new RBush<Entry>();
  private readonly held = new Map<string, Held>();
  private readonly byCountry = new Map<string, Set<Held>>();
  private visit = 0;

  constructor(private readonly config: ModelConfig = SHIPPED_MODEL) {}

  get size(): number {
    return this.held.size;
  }

  get(tenantId: string, type: SubjectType, id: string): PreparedSubject | undefined {
    return this.held.get(subjectKey({ tenantId, type, id }))?.subject;
  }

  all(): PreparedSubject[] {
    return [...this.held.values()].map((h) => h.subject);
  }

  /** Adds or replaces a subject (prepared or raw). */
  upsert(subject: Subject | PreparedSubject): void {
    for (const e of this.hold(subject).entries) this.tree.insert(e);
  }

  /** Adds or replaces many at once, bulk-loading the tree (start-up, full reloads). */
  upsertMany(subjects: Iterable<Subject | PreparedSubject>): void {
    const batch = new Map<string, Entry[]>();
    for (const s of subjects) {
      const { key, entries } = this.hold(s);
      batch.set(key, entries);
    }
    this.tree.load([...batch.values()].flat());
  }

  remove(tenantId: string, type: SubjectType, id: string): boolean {
    const key = subjectKey({ tenantId, type, id });
    const h = this.held.get(key);
    if (h === undefined) return false;
    for (const e of h.entries) this.tree.remove(e);
    for (const c of h.subject.countries) {
      const set = this.byCountry.get(c);
      set?.delete(h);
      if (set?.size === 0) this.byCountry.delete(c);
    }
    this.held.delete(key);
    return true;
  }

  /** The subjects this event can count for, with exact distances, in no particular order (see sortMatches). */
  match(event: RiskEvent): SubjectMatch[] {
    const ev = prepareEvent(event, this.config);
    const visit = ++this.visit;
    const out: SubjectMatch[] = [];
    const consider = (h: Held): void => {
      if (h.seen === visit) return;
      h.seen = visit;
      // A site's only box is its tree entry, which the event's box has just touched: skip testing it again.
      const match = matchOne(h.subject, ev, this.config, { boxes: h.subject.type === 'route' });
      if (match !== null) out.push(match);
    };
    if (ev.advisory || ev.shape === null) {
      for (const c of event.countryCodes) this.byCountry.get(c)?.forEach(consider);
    } else {
      for (const [minX, minY, maxX, maxY] of plainBoxes(ev.shape.bbox)) {
        for (const e of this.tree.search({ minX, minY, maxX, maxY })) consider(e.held);
      }
    }
    return out;
  }

  /** Records a subject (dropping an older version of it) and returns the tree entries to insert. */
  private hold(raw: Subject | PreparedSubject): { key: string; entries: Entry[] } {
    const subject = isPrepared(raw) ? raw : prepareSubject(raw, this.config);
    this.remove(subject.tenantId, subject.type, subject.id);
    const key = subjectKey(subject);
    const held: Held = { subject, entries: [], seen: 0 };
    held.entries = indexBoxes(subject).map(([minX, minY, maxX, maxY]) => ({ minX, minY, maxX, maxY, held }));
    this.held.set(key, held);
    for (const c of subject.countries) {
      let set = this.byCountry.get(c);
      if (set === undefined) this.byCountry.set(c, (set = new Set()));
      set.add(held);
    }
    return { key, entries: held.entries };
  }
}
