import L from 'leaflet';
import type { Api } from './api';
import { fill, h } from './dom';
import { fmt1, fmtShare, fmtTime } from './format';
import type { Polygonal, Subject, WhatIfResult } from './types';

export interface WhatIfHandlers {
  select(key: string): void;
  routes(): Subject[];
  onError(err: unknown): void;
}

type Shape = 'Rectangle' | 'Polygon';

/**
 * The what-if panel (docs/map.md "What-if"): close routes chosen from a list or crossing an area drawn
 * on the map (leaflet-geoman), and read `POST /v1/what-if`: the sites that would stock out, soonest
 * first, with days and the safest alternatives. Nothing is stored by the API.
 */
export class WhatIfPanel {
  private area: L.Polygon | null = null;
  private readonly chosen = new Set<string>();
  private readonly results = h('div', { class: 'whatif-results', 'aria-live': 'polite', id: 'whatif-results' });
  private readonly areaStatus = h('p', { class: 'muted', id: 'whatif-area-status' }, 'No area drawn.');
  private readonly duration = h('input', { type: 'number', id: 'whatif-days', min: 1, max: 365, value: 30, required: true });

  constructor(
    private readonly el: HTMLElement,
    private readonly map: L.Map,
    private readonly api: Api,
    private readonly handlers: WhatIfHandlers,
  ) {
    this.map.on('pm:create', (e) => {
      const layer = (e as unknown as { layer: L.Polygon }).layer;
      this.area?.remove();
      this.area = layer;
      layer.setStyle({ color: '#1565c0', weight: 2, dashArray: '6 4', fillOpacity: 0.08 });
      layer.pm.disable();
      const n = (layer.getLatLngs()[0] as L.LatLng[]).length;
      this.areaStatus.textContent = `Area drawn (${n} corners): routes crossing it are closed.`;
    });
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  open(): void {
    this.el.hidden = false;
    this.renderForm();
  }

  close(): void {
    this.map.pm?.disableDraw();
    this.el.hidden = true;
  }

  /** leaflet-geoman loads when an area is first drawn: the first render does not pay for it. */
  private async draw(shape: Shape): Promise<void> {
    if (!this.map.pm) {
      await import('./geoman');
      // Maps made before the plugin loaded get their `pm` handler here.
      const PM = (L as unknown as { PM: { Map: new (m: L.Map) => L.PM.PMMap } }).PM;
      this.map.pm = new PM.Map(this.map);
    }
    this.map.pm.setGlobalOptions({ snappable: false, allowSelfIntersection: false });
    this.map.pm.disableDraw();
    this.map.pm.enableDraw(shape, { snappable: false, continueDrawing: false });
    this.areaStatus.textContent =
      shape === 'Rectangle'
        ? 'Click one corner on the map, then the opposite corner.'
        : 'Click each corner on the map; click the first one again to finish.';
  }

  private clearArea(): void {
    this.area?.remove();
    this.area = null;
    this.areaStatus.textContent = 'No area drawn.';
  }

  private renderForm(): void {
    const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close what-if' }, '×');
    close.addEventListener('click', () => this.close());
    const routes = this.handlers.routes();
    const boxes = routes.map((r) => {
      const box = h('input', { type: 'checkbox', value: r.id, id: `close-${r.id}`, checked: this.chosen.has(r.id) });
      box.addEventListener('change', () => (box.checked ? this.chosen.add(r.id) : this.chosen.delete(r.id)));
      return h(
        'label',
        { for: `close-${r.id}`, class: 'route-choice' },
        box,
        h('span', { class: `swatch lvl-${r.score?.level ?? 'none'}`, 'aria-hidden': 'true' }),
        r.name,
        h('span', { class: 'muted' }, r.score ? ` ${fmt1(r.score.score)} ${r.score.level}` : ''),
      );
    });
    const rect = h('button', { type: 'button', id: 'draw-rectangle' }, 'Draw a rectangle');
    rect.addEventListener('click', () => void this.draw('Rectangle').catch(this.handlers.onError));
    const poly = h('button', { type: 'button', id: 'draw-polygon' }, 'Draw a polygon');
    poly.addEventListener('click', () => void this.draw('Polygon').catch(this.handlers.onError));
    const clear = h('button', { type: 'button', id: 'clear-area' }, 'Clear');
    clear.addEventListener('click', () => this.clearArea());
    const run = h('button', { type: 'submit', class: 'primary', id: 'whatif-run' }, 'Run what-if');
    const form = h(
      'form',
      { class: 'whatif-form' },
      h(
        'fieldset',
        {},
        h('legend', {}, 'Close these routes'),
        routes.length ? h('div', { class: 'route-choices' }, ...boxes) : h('p', { class: 'muted' }, 'No routes.'),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, '…or every route crossing an area'),
        h('div', { class: 'buttons' }, rect, poly, clear),
        this.areaStatus,
      ),
      h('p', {}, h('label', { for: 'whatif-days' }, 'For how many days '), this.duration),
      run,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run();
    });
    fill(
      this.el,
      h(
        'header',
        { class: 'drawer-head' },
        close,
        h('h2', {}, 'What-if: close routes'),
        h('p', { class: 'muted' }, 'Which sites would run out of an input, and when, if these routes closed? Nothing is stored.'),
      ),
      form,
      this.results,
    );
  }

  private async run(): Promise<void> {
    const body: { closeRoutes?: string[]; closeArea?: Polygonal; durationDays: number } = {
      durationDays: Math.min(365, Math.max(1, Math.round(Number(this.duration.value) || 30))),
    };
    if (this.chosen.size) body.closeRoutes = [...this.chosen];
    if (this.area) body.closeArea = this.area.toGeoJSON().geometry as Polygonal;
    fill(this.results, h('p', { class: 'loading' }, 'Running…'));
    try {
      const r = await this.api.post<WhatIfResult>('/v1/what-if', body);
      this.renderResult(r, body.durationDays);
    } catch (err) {
      fill(this.results, h('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err)));
      this.handlers.onError(err);
    }
  }

  private renderResult(r: WhatIfResult, days: number): void {
    const siteButton = (id: string, name: string) => {
      const b = h('button', { type: 'button', class: 'link' }, name);
      b.addEventListener('click', () => this.handlers.select(`site:${id}`));
      return b;
    };
    fill(
      this.results,
      h(
        'p',
        { class: 'summary', id: 'whatif-summary' },
        `${r.summary.sitesAffected} ${r.summary.sitesAffected === 1 ? 'site' : 'sites'} affected, ${r.summary.sitesStockingOut} stock out within ${days} days.`,
      ),
      h('p', { class: 'muted' }, `as of ${fmtTime(r.asOf)}`),
      h('h3', {}, 'Closed routes'),
      r.closedRoutes.length
        ? h(
            'ul',
            { class: 'closed-routes' },
            ...r.closedRoutes.map((c) => h('li', {}, h('strong', {}, c.name), ` — ${c.reason}, ${fmt1(c.kmClosed)} km closed`)),
          )
        : h('p', { class: 'muted' }, 'No route closed.'),
      h('h3', {}, 'Affected sites, soonest stock-out first'),
      r.sites.length
        ? h(
            'ol',
            { class: 'affected-sites', id: 'affected-sites' },
            ...r.sites.map((s) =>
              h(
                'li',
                { 'data-site-id': s.site.id },
                siteButton(s.site.id, s.site.name),
                h(
                  'ul',
                  {},
                  ...s.inputs.map((i) =>
                    h(
                      'li',
                      { class: i.stockoutWithinDuration ? 'stockout' : '' },
                      h('strong', {}, i.input),
                      `: loses ${fmtShare(i.lost)}, alternatives absorb ${fmtShare(i.absorbed)}, net ${fmtShare(i.net)}; `,
                      i.daysToStockout === null
                        ? 'no stock-out'
                        : h(
                            'strong',
                            {},
                            `stock-out in ${fmt1(i.daysToStockout)} days${i.stockoutWithinDuration ? ` (within ${days})` : ''}`,
                          ),
                      ` of ${i.bufferDays} days of buffer.`,
                      i.alternatives.length
                        ? h(
                            'span',
                            { class: 'alternatives' },
                            ' Alternatives: ',
                            ...i.alternatives.flatMap((a, k) => [
                              k ? '; ' : '',
                              h(
                                'span',
                                { class: `chip lvl-${a.level}` },
                                `${a.name} ${fmt1(a.score)} ${a.level}, spare ${fmtShare(a.spare)}`,
                              ),
                            ]),
                          )
                        : ' No alternative with spare capacity.',
                    ),
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted', id: 'affected-sites' }, 'No site with a supply plan depends on these routes.'),
    );
  }
}
