import { AppError } from '../domain/errors';

/**
 * Both adapters keep instants as numbers (SQLite) or Dates (MongoDB) so that comparisons are by instant,
 * not by text: ISO strings with offsets or without milliseconds do not sort as text. Read back as UTC
 * ISO-8601 with milliseconds, which is what docs/api.md promises.
 */
export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new AppError('bad_request', `not an ISO-8601 time: ${JSON.stringify(iso).slice(0, 80)}`);
  return ms;
}

export function toMsOrNull(iso: string | null | undefined): number | null {
  return iso == null ? null : toMs(iso);
}

export function fromMs(ms: number): string {
  return new Date(ms).toISOString();
}
