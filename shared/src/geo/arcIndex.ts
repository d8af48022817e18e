// @ts-expect-error TS1479: flatbush is ESM-only; Node 20.19+ loads it through require(esm), jest transforms it
import Flatbush from 'flatbush';
import type { BBox } from '../domain/geo';
import type { Arc } from './arc';
import { plainBoxes } from './bbox';
import { dot, normalize, toLonLat } from './sphere';

/**
 * The edges of a large shape in a static R-tree (flatbush) of their lon/lat boxes: distance and crossing
 * tests then visit the few edges near a point instead of all of them (near-linear, not edges × edges).
 */
export interface ArcIndex {
  tree: Flatbush;
  /** Tree entry → arc: an arc across the antimeridian has two entries. */
  arcOf: Int32Array;
}

/** The lon/lat box of an arc, including the poleward bulge of its great circle; crosses when it does. */
export function arcBox(arc: Arc, from: readonly number[], to: readonly number[]): BBox {
  let south = Math.min(from[1]!, to[1]!);
  let north = Math.max(from[1]!, to[1]!);
  if (arc.n !== null) {
    const n = arc.n;
    const top = normalize({ x: -n.z * n.x, y: -n.z * n.y, z: 1 - n.z * n.z });
    if (top !== null) {
      for (const v of [top, { x: -top.x, y: -top.y, z: -top.z }]) {
        if (dot(v, arc.fromA) >= 0 && dot(v, arc.fromB) >= 0) {
          const lat = toLonLat(v)[1];
          south = Math.min(south, lat);
          north = Math.max(north, lat);
        }
      }
    }
  }
  const a = from[0]!;
  const b = to[0]!;
  // Arcs are shorter than half the globe: a longitude step above 180° goes the other way round.
  if (Math.abs(a - b) <= 180) return [Math.min(a, b), south, Math.max(a, b), north];
  return [Math.max(a, b), south, Math.min(a, b), north];
}

/** An index of at least one box. */
export function buildArcIndex(boxes: readonly BBox[]): ArcIndex {
  const plain = boxes.map(plainBoxes);
  const entries = plain.reduce((n, p) => n + p.length, 0);
  const tree = new Flatbush(entries);
  const arcOf = new Int32Array(entries);
  let k = 0;
  plain.forEach((ps, i) => {
    for (const [w, s, e, n] of ps) {
      tree.add(w, s, e, n);
      arcOf[k++] = i;
    }
  });
  tree.finish();
  return { tree, arcOf };
}

/** Calls `visit` with every arc whose box touches `box` (an arc may be visited twice near the antimeridian). */
export function arcsNear(index: ArcIndex, box: BBox, visit: (arc: number) => void): void {
  for (const [w, s, e, n] of plainBoxes(box)) {
    for (const entry of index.tree.search(w, s, e, n) as number[]) visit(index.arcOf[entry]!);
  }
}
