import type { BBox } from '../domain';
import { crossesAntimeridian, plainBoxes } from '../geo/bbox';
import { queryBoxes, type PreparedSubject } from './prepare';

/** Consecutive segment boxes merged by this many: fewer, larger R-tree entries; exact checks follow anyway. */
const SEGMENTS_PER_ENTRY = 4;

function union(boxes: BBox[]): BBox {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

/**
 * The plain (non-crossing) boxes a subject is indexed under: every box of `queryBoxes`, so an event can
 * only count for a subject whose entries its box touches; boxes across the antimeridian are split.
 */
export function indexBoxes(s: PreparedSubject): BBox[] {
  const boxes = queryBoxes(s);
  const out: BBox[] = [];
  for (let i = 0; i < boxes.length; i += SEGMENTS_PER_ENTRY) {
    const chunk = boxes.slice(i, i + SEGMENTS_PER_ENTRY);
    if (chunk.some(crossesAntimeridian)) out.push(...chunk.flatMap(plainBoxes));
    else out.push(union(chunk));
  }
  return out;
}
