/**
 * Which declared index serves a query the adapter sent (recorded by the fake, fakeMongo.ts), by the rules
 * MongoDB's planner follows for a bounded read: equality (`$eq`, `$in`) fields as an index prefix, then the
 * sort in index order (or exactly reversed). A range alone (`knownAt <= asOf`) does not bound a read: it is
 * all history. A sort the index gives, with a limit, stops early and counts as served. A `$or` is served
 * when each branch is. To add a collection: nothing here; declare its indexes on its schema.
 */
import type { IndexSpec, RecordedOp } from './fakeMongo';

type Cond = Record<string, unknown>;

export interface Shape {
  eq: Map<string, unknown[]>;
  ranges: Set<string>;
  exists: Set<string>;
  /** `$or`s at the top level with more than one branch: each branch with the AND-level conditions. */
  ors: Shape[][];
}

const isOps = (v: unknown): v is Cond =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  !(v instanceof Date) &&
  Object.keys(v).every((k) => k.startsWith('$'));

export function shapeOf(filter: Cond): Shape {
  const shape: Shape = { eq: new Map(), ranges: new Set(), exists: new Set(), ors: [] };
  const add = (f: Cond) => {
    for (const [key, cond] of Object.entries(f)) {
      if (key === '$and') for (const c of cond as Cond[]) add(c);
      else if (key === '$or') {
        const branches = cond as Cond[];
        if (branches.length === 1) add(branches[0]!);
        else shape.ors.push(branches.map((b) => shapeOf(b)));
      } else if (!isOps(cond)) shape.eq.set(key, [cond]);
      else {
        if ('$eq' in cond) shape.eq.set(key, [cond.$eq]);
        if ('$in' in cond) shape.eq.set(key, cond.$in as unknown[]);
        if (['$gt', '$gte', '$lt', '$lte'].some((op) => op in cond)) shape.ranges.add(key);
        if ('$exists' in cond && cond.$exists === true) shape.exists.add(key);
        const em = cond.$elemMatch;
        if (isOps(em) && ['$gt', '$gte', '$lt', '$lte'].some((op) => op in em)) shape.ranges.add(key);
      }
    }
  };
  add(filter);
  return shape;
}

function merged(outer: Shape, branch: Shape): Shape {
  return {
    eq: new Map([...outer.eq, ...branch.eq]),
    ranges: new Set([...outer.ranges, ...branch.ranges]),
    exists: new Set([...outer.exists, ...branch.exists]),
    ors: [...outer.ors, ...branch.ors],
  };
}

/** A partial index is only used when the query implies its filter (equalities and `$exists: true`). */
function usable(index: IndexSpec, shape: Shape): boolean {
  for (const [field, cond] of Object.entries(index.partialFilterExpression ?? {})) {
    if (isOps(cond) && cond.$exists === true) {
      if (!shape.exists.has(field) && !shape.eq.has(field)) return false;
    } else {
      const value = isOps(cond) ? cond.$eq : cond;
      const eq = shape.eq.get(field);
      if (!eq || eq.length !== 1 || eq[0] !== value) return false;
    }
  }
  return true;
}

function leads(index: IndexSpec, shape: Shape): boolean {
  const first = Object.keys(index.key)[0]!;
  return shape.eq.has(first) || (shape.exists.has(first) && index.partialFilterExpression !== undefined);
}

/**
 * The index gives this sort: its keys in the sort's order, all one way or all reversed, skipping keys pinned
 * to one value by an equality (and, before the first sort key, `$in` keys: the planner merges their runs).
 */
function sorts(index: IndexSpec, shape: Shape, sort: Record<string, 1 | -1>): boolean {
  const wanted = Object.entries(sort).filter(([f]) => shape.eq.get(f)?.length !== 1);
  let n = 0;
  let direction = 0;
  for (const [field, dir] of Object.entries(index.key)) {
    if (n === wanted.length) break;
    if (field === wanted[n]![0]) {
      const relative = dir === wanted[n]![1] ? 1 : -1;
      if (direction !== 0 && relative !== direction) return false;
      direction = relative;
      n++;
    } else if (!(shape.eq.get(field)?.length === 1 || (n === 0 && shape.eq.has(field)))) return false;
  }
  return n === wanted.length;
}

export type Verdict = { served: true; index: string } | { served: false; why: string };

function servedShape(shape: Shape, op: RecordedOp, indexes: IndexSpec[]): Verdict {
  // The index with the longest equality prefix first: the one the planner would pick, and the one reported.
  const prefix = (i: IndexSpec) => {
    const keys = Object.keys(i.key);
    const n = keys.findIndex((k) => !shape.eq.has(k));
    return n === -1 ? keys.length : n;
  };
  const candidates = indexes.filter((i) => usable(i, shape)).sort((a, b) => prefix(b) - prefix(a));
  for (const index of candidates)
    if (leads(index, shape) && (!op.sort || sorts(index, shape, op.sort))) return { served: true, index: index.name };
  if (op.sort && op.limit)
    for (const index of candidates)
      if (sorts(index, shape, op.sort)) return { served: true, index: `${index.name} (sort, limit)` };
  for (const or of shape.ors) {
    const verdicts = or.map((b) => servedShape(merged({ ...shape, ors: [] }, b), op, indexes));
    if (verdicts.every((v) => v.served))
      return { served: true, index: `$or of ${verdicts.map((v) => (v as { index: string }).index).join(' | ')}` };
  }
  return { served: false, why: 'no index has an equality prefix (or the sort with a limit) for it' };
}

/** Reads that are meant to read the whole collection in `_id` or index order: small ones, and listAll. */
export interface WholeRead {
  collection: string;
  op: string;
  why: string;
}

export function serves(op: RecordedOp, indexes: IndexSpec[], wholeReads: WholeRead[]): Verdict {
  // A join probes the foreign collection once per document: served only when each probe is an _id seek.
  const lookups = (op.pipeline ?? []).map((stage) => stage.$lookup as { foreignField?: string } | undefined);
  if (lookups.some((l) => l !== undefined && l.foreignField !== '_id'))
    return { served: false, why: '$lookup joins per document on a field that is not _id' };
  const shape = shapeOf(op.filter);
  const verdict = servedShape(shape, op, indexes);
  if (verdict.served) return verdict;
  const empty = Object.keys(op.filter).length === 0;
  const whole = wholeReads.find((w) => w.collection === op.collection && w.op === op.op);
  if (empty && whole && (!op.sort || indexes.some((i) => sorts(i, shape, op.sort!))))
    return { served: true, index: `whole collection: ${whole.why}` };
  return verdict;
}

/** A readable description of an operation's shape: collection, operation, fields by kind, sort, limit. */
export function describeShape(op: RecordedOp): string {
  const s = shapeOf(op.filter);
  const part = (name: string, fields: Iterable<string>) => {
    const list = [...fields].sort();
    return list.length > 0 ? ` ${name}(${list.join(',')})` : '';
  };
  const ors = s.ors.map((or) => ` or[${or.map((b) => [...b.eq.keys(), ...b.ranges].sort().join('+')).join(' | ')}]`).join('');
  const sort = op.sort
    ? ` sort(${Object.entries(op.sort)
        .map(([f, d]) => `${f}:${d}`)
        .join(',')})`
    : '';
  return `${op.collection}.${op.op}${part('eq', s.eq.keys())}${part('range', s.ranges)}${part('exists', s.exists)}${ors}${sort}${op.limit ? ' limit' : ''}`;
}

/** Whether a single-document write names every field of the collection's shard key with an equality. */
export function targetsOneShard(op: RecordedOp, shardKey: Record<string, unknown>): boolean {
  const eq = shapeOf(op.filter).eq;
  return Object.keys(shardKey).every((f) => eq.get(f)?.length === 1);
}

export const SINGLE_DOCUMENT_WRITES = [
  'updateOne',
  'replaceOne',
  'deleteOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
];
