import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * Time-ordered, URL-safe ids: `<prefix>_` + 10 base32 chars of milliseconds + a 4-char counter + 12 random
 * chars. Sorting ids sorts by creation time, which is what cursor pagination walks.
 */
export function newId(prefix: string): string {
  const now = Date.now();
  if (now === lastMs) counter++;
  else {
    lastMs = now;
    counter = 0;
  }
  const time = now.toString(32).padStart(10, '0');
  const seq = (counter % 32 ** 4).toString(32).padStart(4, '0');
  const rand = randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12).toLowerCase();
  return `${prefix}_${time}${seq}${rand}`;
}
