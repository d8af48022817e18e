import { FeedError } from '../domain/errors';

/** Parses a JSON feed document; a syntax error becomes FeedError 'unparseable' with its line and column. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const offset = errorOffset(text, message);
    throw new FeedError(
      'unparseable',
      `malformed JSON: ${message.slice(0, 200)}`,
      offset === null ? undefined : lineColumn(text, offset),
    );
  }
}

/** Whether the first `length` characters already fail for a reason other than ending there. */
function failsWithin(text: string, length: number): boolean {
  try {
    JSON.parse(text.slice(0, length));
    return false;
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    const pos = /at position (\d+)/.exec(message);
    if (pos) return Number(pos[1]) < length;
    return !/Unexpected end of JSON input/.test(message);
  }
}

/**
 * Offset of a JSON syntax error. V8 says where for most errors but not for "Unexpected token": then the
 * shortest prefix that already fails is found by bisection (only on this error path).
 */
function errorOffset(text: string, message: string): number | null {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  if (!failsWithin(text, text.length)) return null;
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (failsWithin(text, mid)) hi = mid;
    else lo = mid + 1;
  }
  return hi - 1;
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** True when the document is JSON rather than XML or CSV, judged by its first significant character. */
export function looksLikeJson(text: string): boolean {
  const first = /\S/.exec(text)?.[0];
  return first === '{' || first === '[';
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value as a trimmed non-empty string (numbers too), else null. */
export function str(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** A JSON value (number or numeric string) as a finite number, else null. */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
