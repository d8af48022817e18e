import L from 'leaflet';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import { h } from './dom';
import { fmt1 } from './format';
import { segmentLines, routeLines } from './geometry';
import { colourOf, LEVEL_RANGES, LEVELS, levelOf } from './levels';
import type { Subject } from './types';

interface Drawn {
  subject: Subject;
  layers: L.Path[];
  /** Route segments drawn (a route's segments of one level share one canvas path). */
  segments: number;
  /** The site's core marker or the route's casing: what gets the selection outline. */
  main: L.Path;
}

export interface MapHandlers {
  select(key: string): void;
}

function tooltipOf(s: Subject): HTMLElement {
  const score = s.score;
  return h(
    'div',
    { class: 'tip' },
    h('strong', {}, s.name),
    h('br'),
    score ? `${fmt1(score.score)} · ${score.level}` : 'not scored yet',
    s.score?.supplyScore !== undefined && s.score?.supplyScore !== null
      ? ` · supply ${fmt1(s.score.supplyScore)} ${levelOf(s.score.supplyScore)}`
      : null,
  );
}

/**
 * The map pane (docs/map.md "Map"): Natural Earth borders as the basemap, sites as circle markers filled
 * with their level's colour and ringed with their supply level's, routes as their ≈25 km segments, each in
 * its own score's colour, all on canvas (one <canvas>, not a DOM node per feature).
 */
export class MapView {
  readonly map: L.Map;
  private readonly overlay: L.Canvas;
  private readonly drawn = new Map<string, Drawn>();
  private readonly group = L.layerGroup();
  private selected: string | null = null;
  private fitted = false;
  private userMoved = false;
  /** A subject chosen in the list: the map keeps it in view, centred, until the person moves the map. */
  private focused: string | null = null;
  private portfolio: L.LatLngBounds | null = null;
  private readonly counts: HTMLElement = h('p', { class: 'legend-counts', id: 'drawn-counts' });

  constructor(
    private readonly el: HTMLElement,
    private readonly handlers: MapHandlers,
  ) {
    this.overlay = L.canvas({ tolerance: 6 });
    this.map = L.map(el, {
      preferCanvas: true,
      renderer: this.overlay,
      worldCopyJump: true,
      minZoom: 2,
      maxZoom: 12,
      zoomSnap: 0.25,
      attributionControl: true,
    }).setView([12, -5], 5);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution('Borders: Natural Earth (public domain) · Leaflet');
    this.map.createPane('basemap').classList.add('basemap-pane');
    this.group.addTo(this.map);
    this.addLegend();
    // The drawer opens as a column beside the map: Leaflet must learn its new size, and until the person
    // moves the map themselves the whole portfolio stays in view.
    const moved = () => {
      this.userMoved = true;
      this.focused = null;
    };
    this.map.on('dragstart', moved);
    el.addEventListener('wheel', moved, { passive: true });
    el.addEventListener('dblclick', moved);
    this.map.zoomControl.getContainer()?.addEventListener('click', moved);
    new ResizeObserver(() => {
      if (this.focused) {
        this.map.invalidateSize({ pan: false });
        this.focus(this.focused);
      } else if (!this.userMoved && this.portfolio?.isValid()) {
        this.map.invalidateSize({ pan: false });
        this.fitView(this.portfolio);
      } else {
        this.map.invalidateSize({ pan: true, animate: false });
        this.keepSelectedInView();
      }
    }).observe(el);
  }

  /** Country borders from the bundled world-atlas TopoJSON (served by this service, no tiles). */
  async loadBasemap(): Promise<void> {
    const res = await fetch('/assets/countries-50m.json', { credentials: 'omit' });
    if (!res.ok) throw new Error(`basemap: ${res.status}`);
    const topo = (await res.json()) as Topology<{ countries: GeometryCollection }>;
    const countries = feature(topo, topo.objects.countries);
    // Its own canvas in its own pane: redrawing the portfolio does not repaint the borders.
    const renderer = L.canvas({ pane: 'basemap', padding: 0.5 });
    // (Leaflet passes the GeoJSON layer's options, renderer included, to each path it makes.)
    const options = {
      pane: 'basemap',
      renderer,
      interactive: false,
      style: { color: '#8a8f98', weight: 0.8, fillColor: '#f4f1ea', fillOpacity: 1 },
    };
    L.geoJSON(countries, options as L.GeoJSONOptions).addTo(this.map);
  }

  private addLegend(): void {
    const legend = new L.Control({ position: 'bottomright' });
    legend.onAdd = () => {
      const box = h(
        'details',
        { class: 'legend', open: true },
        h('summary', {}, 'Legend'),
        h(
          'ul',
          { 'aria-label': 'Risk levels' },
          ...LEVELS.map((l) =>
            h(
              'li',
              {},
              h('span', { class: `swatch lvl-${l}`, 'aria-hidden': 'true' }),
              h('span', { class: 'word' }, l),
              ` ${LEVEL_RANGES[l]}`,
            ),
          ),
          h(
            'li',
            {},
            h('span', { class: 'swatch lvl-none', 'aria-hidden': 'true' }),
            h('span', { class: 'word' }, 'not scored yet'),
          ),
        ),
        h('p', {}, h('span', { class: 'key-site', 'aria-hidden': 'true' }), ' site: fill location, ring supply'),
        h('p', {}, h('span', { class: 'key-route', 'aria-hidden': 'true' }), ' route: ≈25 km segments'),
        this.counts,
      );
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    legend.addTo(this.map);
  }

  /**
   * Draws (or redraws) every subject; fits the view to the portfolio the first time, before any layer is
   * on the map, so nothing is projected twice.
   */
  render(subjects: Subject[]): { sites: number; segments: number } {
    this.drawn.clear();
    let sites = 0;
    let segments = 0;
    let routes = 0;
    const bounds = L.latLngBounds([]);
    const all: L.Path[] = [];
    // Routes first, sites last: a site's marker is drawn (and hit) above the lines that pass by it.
    const ordered = [...subjects.filter((s) => s.type === 'route'), ...subjects.filter((s) => s.type === 'site')];
    for (const s of ordered) {
      const d = s.type === 'site' ? this.siteLayers(s) : this.routeLayers(s);
      if (!d) continue;
      this.drawn.set(s.key, d);
      if (s.type === 'site') sites++;
      else {
        routes++;
        segments += d.segments;
      }
      const select = () => this.handlers.select(s.key);
      for (const layer of d.layers) {
        all.push(layer);
        layer.on('click', select);
      }
      // The tooltip is made on the first hover: a thousand unused ones would slow the first render.
      const hover = (e: L.LeafletMouseEvent) => {
        for (const layer of d.layers) layer.off('mouseover', hover);
        d.main.bindTooltip(() => tooltipOf(s), { sticky: s.type === 'route', direction: 'top' }).openTooltip(e.latlng);
      };
      for (const layer of d.layers) layer.on('mouseover', hover);
      if (s.type === 'site') bounds.extend((d.main as L.CircleMarker).getLatLng());
      else bounds.extend((d.main as L.Polyline).getBounds());
    }
    this.portfolio = bounds;
    if (!this.fitted && bounds.isValid()) {
      this.fitView(bounds);
      this.fitted = true;
    }
    this.group.clearLayers();
    for (const layer of all) this.group.addLayer(layer);
    if (this.selected) this.highlight(this.selected, true);
    this.el.dataset.sitesDrawn = String(sites);
    this.el.dataset.routesDrawn = String(routes);
    this.el.dataset.segmentsDrawn = String(segments);
    this.counts.textContent = `On the map: ${sites} ${sites === 1 ? 'site' : 'sites'}, ${routes} ${routes === 1 ? 'route' : 'routes'} in ${segments} segments`;
    return { sites, segments };
  }

  private keepSelectedInView(): void {
    const d = this.selected ? this.drawn.get(this.selected) : undefined;
    if (d?.subject.type !== 'site') return;
    const at = (d.main as L.CircleMarker).getLatLng();
    if (!this.map.getBounds().contains(at)) this.map.panTo(at, { animate: false });
  }

  private fitView(bounds: L.LatLngBounds): void {
    this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 8, animate: false });
  }

  private siteLayers(s: Subject): Drawn | null {
    if (!s.site) return null;
    const [lon, lat] = s.site.location.coordinates;
    const at = L.latLng(lat, lon);
    const supply = s.score?.supplyScore;
    const layers: L.Path[] = [];
    if (supply !== undefined && supply !== null) {
      // The ring: a dark outline under the supply level's colour, so a pale level still shows.
      layers.push(L.circleMarker(at, { radius: 11, color: '#333', weight: 6, fill: false, interactive: false }));
      layers.push(L.circleMarker(at, { radius: 11, color: colourOf(supply), weight: 4, fill: false }));
    }
    const main = L.circleMarker(at, {
      radius: 7,
      color: '#333',
      weight: 1.5,
      fillColor: colourOf(s.score?.score),
      fillOpacity: 1,
    });
    layers.push(main);
    return { subject: s, layers, main, segments: 0 };
  }

  private routeLayers(s: Subject): Drawn | null {
    if (!s.route) return null;
    const segs = s.score?.segments ?? [];
    const lines = segmentLines(s.route.geometry, segs);
    // The casing follows the segments' own great-circle cuts, so a long straight leg (an air route) has
    // its coloured segments on top of it rather than beside it.
    const casing = L.polyline(segs.length ? lines : routeLines(s.route.geometry), { color: '#3b3b3b', weight: 7, opacity: 0.85 });
    // One multi-line per level: each segment keeps its own colour, the canvas strokes five paths at most.
    const byLevel = new Map<string, [number, number][][]>();
    segs.forEach((seg, i) => {
      const colour = colourOf(seg.score);
      const list = byLevel.get(colour) ?? [];
      list.push(lines[i]!);
      byLevel.set(colour, list);
    });
    const layers: L.Path[] = [casing];
    for (const [colour, group] of byLevel)
      layers.push(L.polyline(group, { color: colour, weight: 4, opacity: 1, lineCap: 'butt' }));
    return { subject: s, layers, main: casing, segments: segs.length };
  }

  private highlight(key: string, on: boolean): void {
    const d = this.drawn.get(key);
    if (!d) return;
    if (d.subject.type === 'site') {
      (d.main as L.CircleMarker).setRadius(on ? 10 : 7);
      d.main.setStyle({ color: on ? '#1565c0' : '#333', weight: on ? 3 : 1.5 });
    } else {
      d.main.setStyle({ color: on ? '#1565c0' : '#3b3b3b', weight: on ? 11 : 7 });
    }
    if (on) for (const l of d.layers) l.bringToFront();
  }

  select(key: string | null, pan = false): void {
    if (this.selected) this.highlight(this.selected, false);
    this.selected = key;
    this.focused = pan ? key : null;
    // A subject chosen in the list moves the map: from then on the view is the person's, not the portfolio's.
    if (pan) this.userMoved = true;
    if (!key) return;
    this.highlight(key, true);
    if (pan) this.focus(key);
  }

  private focus(key: string): void {
    const d = this.drawn.get(key);
    if (!d) return;
    if (d.subject.type === 'site') this.map.panTo((d.main as L.CircleMarker).getLatLng(), { animate: false });
    else this.map.fitBounds((d.main as L.Polyline).getBounds(), { padding: [40, 40], maxZoom: 8, animate: false });
  }
}
