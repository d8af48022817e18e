import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { turnsOf } from '@minerisk/shared/runtime/turns';
import { GEOMETRY_LIMITS, limitIssue, positionCount } from '@minerisk/shared/domain/geo';
import { z } from 'zod';
import type { FieldError } from '@minerisk/shared/domain/errors';

/** Most features one import may carry (the body limit of the import endpoints is 10 MB too). */
export const MAX_IMPORT_FEATURES = 10_000;

/** The envelope only: each feature is checked on its own, so one bad feature refuses that feature only. */
export const featureCollectionBody = z.object({
  type: z.literal('FeatureCollection'),
  features: z
    .array(z.unknown())
    .max(MAX_IMPORT_FEATURES)
    .refine(
      (fs) =>
        fs.reduce<number>(
          (n, f) => n + positionCount((f as { geometry?: { type: string; coordinates: unknown } } | null)?.geometry),
          0,
        ) <= GEOMETRY_LIMITS.maxPositionsPerRequest,
      limitIssue('maxPositionsPerRequest', 'the features together'),
    )
    .meta({ description: 'GeoJSON Features; each is validated on its own and refused alone when it is wrong.' }),
});
export type FeatureCollectionBody = z.infer<typeof featureCollectionBody>;

const featureSchema = z.object({
  type: z.literal('Feature'),
  geometry: z.unknown(),
  properties: z.record(z.string(), z.unknown()).nullable(),
});

export type FeatureOutcome<T> = { index: number; ok: true; value: T } | { index: number; ok: false; errors: FieldError[] };

/**
 * Reads feature `index` as the input of a site or route: `geometryKey` takes the feature's geometry and
 * the known `propertyKeys` come from its properties (others, common in GIS exports, are ignored). Error
 * paths point into the request body: `body.features.3.properties.name`, `body.features.3.geometry.coordinates.1`.
 */
export function readFeature<T>(
  feature: unknown,
  index: number,
  schema: z.ZodType<T>,
  geometryKey: string,
  propertyKeys: readonly string[],
): FeatureOutcome<T> {
  const base = `body.features.${index}`;
  const shape = featureSchema.safeParse(feature);
  if (!shape.success) {
    return {
      index,
      ok: false,
      errors: shape.error.issues.map((i) => ({ path: [base, ...i.path.map(String)].join('.'), message: i.message })),
    };
  }
  const props = shape.data.properties ?? {};
  const candidate: Record<string, unknown> = { [geometryKey]: shape.data.geometry };
  for (const key of propertyKeys) if (props[key] !== undefined && props[key] !== null) candidate[key] = props[key];
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { index, ok: true, value: parsed.data };
  return {
    index,
    ok: false,
    errors: parsed.error.issues.map((i) => {
      const [head, ...rest] = i.path.map(String);
      const where =
        head === undefined
          ? [base, 'properties']
          : head === geometryKey
            ? [base, 'geometry', ...rest]
            : [base, 'properties', head, ...rest];
      return { path: where.join('.'), message: i.message };
    }),
  };
}

/**
 * How long validation runs before letting other requests through (ms): a count of features was not enough,
 * 250 long routes took over 300 ms at 50,000 sites.
 */
const TURN_MS = 20;
/** Subjects written per transaction (one fsync each): bulk without one long write lock or loop turn. */
const SUBJECTS_PER_WRITE = 500;

/**
 * Reads every feature (`read` refuses one alone, with its errors), letting other requests through every
 * few hundred, then writes the accepted ones in chunks, one transaction each, yielding between chunks.
 */
export async function importInChunks<T extends { id: string }, F>(
  features: readonly unknown[],
  read: (feature: unknown, index: number) => Promise<FeatureOutcome<F>>,
  build: (value: F) => T,
  createMany: (values: T[]) => Promise<void>,
): Promise<{ created: T[]; items: { index: number; id: string }[]; errors: { index: number; errors: FieldError[] }[] }> {
  const accepted: { index: number; value: T }[] = [];
  const errors: { index: number; errors: FieldError[] }[] = [];
  const nextTurn = turnsOf(TURN_MS);
  for (const [index, feature] of features.entries()) {
    await nextTurn();
    const outcome = await read(feature, index);
    if (outcome.ok) accepted.push({ index, value: build(outcome.value) });
    else errors.push({ index, errors: outcome.errors });
  }
  for (let i = 0; i < accepted.length; i += SUBJECTS_PER_WRITE) {
    await createMany(accepted.slice(i, i + SUBJECTS_PER_WRITE).map((a) => a.value));
    await yieldToEventLoop();
  }
  return {
    created: accepted.map((a) => a.value),
    items: accepted.map((a) => ({ index: a.index, id: a.value.id })),
    errors,
  };
}
