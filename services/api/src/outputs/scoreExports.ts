import { stringify } from 'csv-stringify/sync';
import type { Point, RouteGeometry } from '@minerisk/shared/domain/geo';
import type { Subject } from '@minerisk/shared/domain/subject';
import { cutAtAntimeridian } from '@minerisk/shared/geo/antimeridian';
import type { ApiDeps } from '../deps';
import { SCORE_EXPORT_COLUMNS, type ScoreExportRow } from '../schemas/outputs';
import type { ScoreView } from '../schemas/scores';
import { loadSubject } from '../scores/readScore';

export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8; header=present';

/**
 * The supply score of a listed score (docs/api.md "Supply chains"): `supplyScore` on the item once the
 * supply feature sets it there (or its `supply.score`), null without a plan or before that feature exists.
 */
export function supplyScoreOf(item: ScoreView): number | null {
  const withSupply = item as ScoreView & { supplyScore?: number | null; supply?: { score: number } | null };
  return withSupply.supplyScore ?? withSupply.supply?.score ?? null;
}

/** The subjects of a page of scores, read in parallel (null: deleted since the page was read). */
export async function subjectsOf(
  deps: Pick<ApiDeps, 'store'>,
  tenantId: string,
  items: ScoreView[],
): Promise<(Subject | null)[]> {
  return Promise.all(items.map((i) => loadSubject(deps, tenantId, i.subject.type, i.subject.id)));
}

export function exportRow(item: ScoreView, subject: Subject | null): ScoreExportRow {
  return {
    type: item.subject.type,
    id: item.subject.id,
    name: subject?.name ?? null,
    score: item.score,
    level: item.level,
    supplyScore: supplyScoreOf(item),
    delta7d: item.trend.delta7d,
    asOf: item.asOf,
  };
}

/** A route's line with every part cut at the antimeridian (RFC 7946 §3.1.9). */
function routeLine(g: RouteGeometry): RouteGeometry {
  const parts = (g.type === 'LineString' ? [g.coordinates] : g.coordinates).flatMap((l) => cutAtAntimeridian(l));
  return parts.length === 1 ? { type: 'LineString', coordinates: parts[0]! } : { type: 'MultiLineString', coordinates: parts };
}

function geometryOf(subject: Subject | null): Point | RouteGeometry | null {
  if (subject === null) return null;
  return subject.type === 'site' ? subject.location : routeLine(subject.geometry);
}

/** `GET /v1/scores.geojson`: sites as Points, routes as their lines, with the export row as properties. */
export function scoresGeoJson(items: ScoreView[], subjects: (Subject | null)[]) {
  return {
    type: 'FeatureCollection' as const,
    features: items.map((item, i) => ({
      type: 'Feature' as const,
      id: item.subject.id,
      geometry: geometryOf(subjects[i]!),
      properties: exportRow(item, subjects[i]!),
    })),
  };
}

/**
 * `GET /v1/scores.csv`: RFC 4180 with a header row, written by csv-stringify. `escape_formulas` prefixes a
 * quote to text cells that begin with = + - @ tab or CR (spreadsheet formula injection); numbers are written
 * as numbers (a negative delta stays -3.2), null as an empty cell.
 */
export function scoresCsv(items: ScoreView[], subjects: (Subject | null)[]): string {
  return stringify(
    items.map((item, i) => exportRow(item, subjects[i]!)),
    { header: true, columns: [...SCORE_EXPORT_COLUMNS], escape_formulas: true, record_delimiter: 'windows' },
  );
}
