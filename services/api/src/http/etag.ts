import { createHash } from 'node:crypto';

/** A strong entity tag from the parts that fully determine a representation. */
export function etagOf(...parts: string[]): string {
  return `"${createHash('sha1').update(parts.join('\n')).digest('base64url')}"`;
}

/** RFC 9110 §13.1.2: If-None-Match uses weak comparison; `*` matches any current representation. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (t: string) => (t.startsWith('W/') ? t.slice(2) : t);
  const wanted = opaque(etag);
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || opaque(tag) === wanted;
  });
}
