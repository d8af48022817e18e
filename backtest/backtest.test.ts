/** The backtest end to end on a slice of the shipped UCDP file, and its readers on the other formats. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventsToFeatureCollection } from '@minerisk/shared/feeds/geojson';
import { MODEL_V1, MODEL_V1_1 } from '@minerisk/shared/model/config';
import { DEFAULTS, runBacktest } from './backtest';
import { rocAuc } from './metrics';
import { detectFormat, readEvents } from './readers';
import { replay } from './replay';

const ROOT = path.resolve(__dirname, '..');
const UCDP = readFileSync(path.join(ROOT, 'data-sets/ucdp-mali/events.csv'), 'utf8');
const DAY_MS = 86_400_000;

/** 2020–2021 only: train on 2020-04 to 2021-06, test on 2021-07 to 2021-12. */
const slice = readEvents(UCDP, 7).events.filter((e) => e.observedAt < '2022-01-01');
const options = {
  ...DEFAULTS,
  split: { trainFrom: '2020-01-01', testFrom: '2021-07-01', testTo: '2021-12-31' },
  routes: [],
  search: false,
};

describe('readers', () => {
  it('reads the UCDP file: every row, as the ACLED classes, known lagDays after it happened', () => {
    const { events, skipped, format } = readEvents(UCDP, 7);
    expect(format).toBe('ucdp');
    expect(skipped.count).toBe(0);
    expect(events).toHaveLength(UCDP.trim().split('\n').length - 1);
    const e = events[0]!;
    expect(e).toMatchObject({ observedAt: '2024-02-04T00:00:00.000Z', knownAt: '2024-02-11T00:00:00.000Z', fatalities: 1 });
    expect(e).toMatchObject({ category: 'attack', subcategory: 'attack-on-civilians', targets: ['civilians'] });
    expect(e.geometry).toEqual({ type: 'Point', coordinates: [-3.635473, 16.781477] });
  });

  it('reads an ACLED export through the service parser', () => {
    const text = readFileSync(path.join(ROOT, 'tests/fixtures/feeds/acled/synthetic-west-africa.csv'), 'utf8');
    expect(detectFormat(text)).toBe('acled');
    const { events } = readEvents(text, 3);
    expect(events.length).toBeGreaterThan(5);
    for (const e of events) expect(Date.parse(e.knownAt) - Date.parse(e.observedAt)).toBe(3 * DAY_MS);
  });

  it('reads the GeoJSON of POST /v1/ingest/geojson, and names what it cannot read', () => {
    const some = slice.slice(0, 3).map(({ id: _i, tenantId: _t, knownAt: _k, processedAt: _p, ...e }) => e);
    const text = JSON.stringify(eventsToFeatureCollection(some));
    const read = readEvents(text, 7);
    expect(read.format).toBe('geojson');
    expect(read.events.map((e) => e.knownAt)).toEqual(slice.slice(0, 3).map((e) => e.knownAt));
    expect(() => detectFormat('a,b\n1,2\n')).toThrow(/unknown event file/);
  });
});

describe('runBacktest on a slice (2020–2021)', () => {
  const result = runBacktest(slice, options);
  const sites = result.samples.filter((s) => s.subjectType === 'site');

  it('scores every cell at every monthly step with every model version', () => {
    expect(result.steps[0]).toBe('2020-04-01');
    expect(result.steps[result.steps.length - 1]).toBe('2021-12-01');
    expect(sites).toHaveLength(result.cells.length * result.steps.length);
    expect(result.cells.length).toBeGreaterThan(50);
    for (const s of sites.slice(0, 50)) expect(Object.keys(s.scores).sort()).toEqual(['1.0.0', '1.1.0']);
  });

  it('reports on the test steps only, with calibration from the training steps', () => {
    const set = result.sites;
    expect(set.trainN + set.testN).toBe(sites.length);
    expect(set.testN).toBe(result.cells.length * 6);
    const climatology = set.results.find((r) => r.name.startsWith('climatology'))!;
    expect(climatology.test.auc).toBe(0.5);
    expect(climatology.test.brierSkill).toBe(0);
    const test = sites.filter((s) => s.step >= '2021-07-01');
    for (const v of ['1.0.0', '1.1.0']) {
      const r = set.results.find((x) => x.name === `model ${v}`)!;
      expect(r.test.auc).toBe(
        rocAuc(
          test.map((s) => s.scores[v]!),
          test.map((s) => s.outcome),
        ),
      );
      expect(r.test.auc).toBeGreaterThan(0.6);
      expect(r.reliability.reduce((n, b) => n + b.n, 0)).toBe(test.length);
    }
  });

  it('never looks ahead: a step scores the same without any event observed after it', () => {
    const step = new Date('2021-03-01T00:00:00Z');
    const common = { to: step, country: 'ML', advisoryLevel: 4 as const, gridBefore: new Date('2021-07-01T00:00:00Z') };
    const full = replay(slice, [MODEL_V1, MODEL_V1_1], { ...common, from: step });
    const past = slice.filter((e) => Date.parse(e.observedAt) < step.getTime());
    const cut = replay(past, [MODEL_V1, MODEL_V1_1], { ...common, from: step, gridBefore: common.gridBefore });
    // The grid is chosen from events before the test period, so it must be given the same events: compare by cell.
    const byCell = new Map(cut.samples.map((s) => [s.subjectId, s]));
    let compared = 0;
    for (const s of full.samples) {
      const other = byCell.get(s.subjectId);
      if (other === undefined) continue;
      expect(other.scores).toEqual(s.scores);
      expect(other.recentCount).toBe(s.recentCount);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
    // And what happened next is only the outcome: some cells at this step did see an event.
    expect(full.samples.some((s) => s.outcome)).toBe(true);
  });
});
