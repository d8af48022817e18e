import { visit } from 'jsonc-parser';
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
      `malformed JSON: ${message.slice(0, 120)}`,
      offset === null ? undefined : lineColumn(text, offset),
    );
  }
}

/**
 * Offset of a JSON syntax error. V8 says where for some errors but not for "Unexpected token": then
 * jsonc-parser's scanner (strict: no comments, no trailing commas) finds the first error in one pass.
 */
function errorOffset(text: string, message: string): number | null {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  let first: number | null = null;
  visit(
    text,
    {
      onError: (_error, offset) => {
        first ??= offset;
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return first;
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
