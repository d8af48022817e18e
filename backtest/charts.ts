/**
 * The report's charts, rendered headless: Vega-Lite spec → Vega → SVG (no browser, no canvas) → PNG with
 * resvg (a Rust renderer shipped as a prebuilt binary inside its npm package), text in the system's fonts.
 */
import { Resvg } from '@resvg/resvg-js';
// vega and vega-lite are ESM (vega-canvas awaits at top level): loaded with import() from this CommonJS module.
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import type { EvaluationSet } from './evaluate';

const WIDTH = 520;
const HEIGHT = 300;

export async function renderPng(spec: TopLevelSpec): Promise<Buffer> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return new Resvg(svg, { background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } })
    .render()
    .asPng();
}

/** Mean predicted vs observed frequency per decile on the test years, one line per forecaster, and the diagonal. */
export function reliabilitySpec(set: EvaluationSet, names: readonly string[]): TopLevelSpec {
  const values = set.results
    .filter((r) => names.includes(r.name))
    .flatMap((r) => r.reliability.map((b) => ({ forecaster: r.name, predicted: b.meanPredicted, observed: b.observed, n: b.n })));
  const max = Math.max(0.1, ...values.map((v) => Math.max(v.predicted, v.observed)));
  const top = Math.min(1, Math.ceil(max * 10) / 10);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Reliability on the test years (deciles of the calibrated probability)',
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: top, y: top },
          ],
        },
        mark: { type: 'line', color: '#999', strokeDash: [4, 4] },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', title: 'mean predicted probability', scale: { domain: [0, top] } },
          y: { field: 'observed', type: 'quantitative', title: 'observed frequency', scale: { domain: [0, top] } },
          color: { field: 'forecaster', type: 'nominal', legend: { orient: 'top-left', title: null, labelLimit: 400 } },
        },
      },
    ],
  };
}

/** Brier skill against climatology per test month, one line per forecaster. */
export function skillByMonthSpec(set: EvaluationSet, names: readonly string[]): TopLevelSpec {
  const values = set.results
    .filter((r) => names.includes(r.name))
    .flatMap((r) => r.skillByMonth.map((m) => ({ forecaster: r.name, month: m.step.slice(0, 7), skill: m.brierSkill })));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Brier skill vs climatology, by month of the test years',
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: [{ y: 0 }] },
        mark: { type: 'rule', color: '#999' },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'month', type: 'temporal', title: 'month (step at its first day)', axis: { format: '%Y-%m' } },
          y: { field: 'skill', type: 'quantitative', title: 'Brier skill' },
          color: { field: 'forecaster', type: 'nominal', legend: { orient: 'bottom', title: null, labelLimit: 400 } },
        },
      },
    ],
  };
}
