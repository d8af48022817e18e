import { svg, h } from './dom';
import { fmt1, fmtKmRange, fmtTime } from './format';
import { colourOf } from './levels';
import type { Segment, WorstSegment } from './types';

/** Score history as a sparkline (0–100 on the vertical), with its first and last points in words. */
export function sparkline(points: { t: string; score: number }[]): HTMLElement {
  if (points.length === 0) return h('p', { class: 'muted' }, 'No history in the last 30 days.');
  const W = 280;
  const H = 56;
  const t0 = Date.parse(points[0]!.t);
  const t1 = Date.parse(points[points.length - 1]!.t);
  const span = Math.max(1, t1 - t0);
  const xy = points.map((p) => {
    const x = points.length === 1 ? W / 2 : ((Date.parse(p.t) - t0) / span) * (W - 4) + 2;
    const y = H - 2 - (p.score / 100) * (H - 4);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const last = points[points.length - 1]!;
  const chart = svg(
    'svg',
    { class: 'spark', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'Score history' },
    svg('line', { x1: 0, x2: W, y1: H - 2 - 0.6 * (H - 4), y2: H - 2 - 0.6 * (H - 4), class: 'spark-grid' }),
    svg('polyline', { points: xy.join(' '), class: 'spark-line' }),
    svg('circle', { cx: xy[xy.length - 1]!.split(',')[0]!, cy: xy[xy.length - 1]!.split(',')[1]!, r: 3, class: 'spark-dot' }),
  );
  const min = Math.min(...points.map((p) => p.score));
  const max = Math.max(...points.map((p) => p.score));
  return h(
    'figure',
    { class: 'chart' },
    chart,
    h(
      'figcaption',
      {},
      `${points.length} ${points.length === 1 ? 'change' : 'changes'} since ${fmtTime(points[0]!.t)}; range ${fmt1(min)}–${fmt1(max)}, latest ${fmt1(last.score)}.`,
    ),
  );
}

/** A route's score along its length, one bar per segment in its level's colour, the worst one marked. */
export function routeProfile(segments: Segment[], worst: WorstSegment | null, lengthKm: number): HTMLElement {
  if (segments.length === 0) return h('p', { class: 'muted' }, 'No segments scored yet.');
  const W = 280;
  const H = 70;
  const total = Math.max(lengthKm, segments[segments.length - 1]!.toKm, 1);
  const bars = segments.map((s) => {
    const x = (s.fromKm / total) * W;
    const w = Math.max(0.8, ((s.toKm - s.fromKm) / total) * W);
    const bh = Math.max(1, (s.score / 100) * (H - 12));
    const isWorst = worst !== null && s.fromKm === worst.fromKm && s.toKm === worst.toKm;
    return svg(
      'rect',
      {
        x: x.toFixed(2),
        y: (H - bh).toFixed(2),
        width: w.toFixed(2),
        height: bh.toFixed(2),
        fill: colourOf(s.score),
        class: isWorst ? 'worst' : 'bar',
      },
      svg(
        'title',
        {},
        `${fmtKmRange(s.fromKm, s.toKm)}: ${fmt1(s.score)}${s.countries.length ? ` (${s.countries.join(', ')})` : ''}`,
      ),
    );
  });
  const marker = worst
    ? svg('path', {
        d: `M${(((worst.fromKm + worst.toKm) / 2 / total) * W).toFixed(1)},${(H - (worst.score / 100) * (H - 12) - 2).toFixed(1)} l-4,-7 h8 z`,
        class: 'worst-marker',
      })
    : null;
  return h(
    'figure',
    { class: 'chart' },
    svg(
      'svg',
      { class: 'profile', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': 'Score along the route' },
      ...bars,
      marker,
    ),
    h('figcaption', {}, `0 km`, h('span', { class: 'right' }, `${Math.round(total)} km`)),
  );
}
