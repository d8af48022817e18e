import 'leaflet/dist/leaflet.css';
// geoman's styles go with the page's (esbuild does not link a lazily loaded chunk's CSS).
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import './styles.css';
import { Api, ApiError } from './api';
import { byId, fill, h } from './dom';
import { Drawer } from './drawer';
import { fmtTime } from './format';
import { ListView } from './list';
import { MapView } from './map';
import type { Page, RouteDoc, ScoreView, SiteDoc, Subject } from './types';
import { WhatIfPanel } from './whatif';

/** Session storage only: the key dies with the tab, never reaches local storage or a URL (docs/map.md). */
const KEY_SLOT = 'minerisk.apiKey';
const DEFAULT_POLL_S = 15;

function pollSeconds(): number {
  const n = Number(new URLSearchParams(location.search).get('poll'));
  return Number.isFinite(n) && n >= 1 && n <= 300 ? n : DEFAULT_POLL_S;
}

const status = byId('status');
const banner = byId('banner');

function showBanner(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) return; // the prompt says it
  const dismiss = h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss' }, '×');
  dismiss.addEventListener('click', () => (banner.hidden = true));
  fill(banner, h('span', {}, err instanceof Error ? err.message : String(err)), dismiss);
  banner.hidden = false;
}

function subjectOfScore(s: ScoreView): string {
  return `${s.subject.type}:${s.subject.id}`;
}

function changedScore(a: ScoreView | null, b: ScoreView | null): boolean {
  if (!a || !b) return a !== b;
  return (
    a.score !== b.score ||
    a.level !== b.level ||
    a.computedAt !== b.computedAt ||
    (a.supplyScore ?? null) !== (b.supplyScore ?? null)
  );
}

/** The signed-in page: loads the portfolio, draws it, keeps it fresh. */
class OperationsMap {
  private readonly subjects = new Map<string, Subject>();
  private etag: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly map: MapView;
  private readonly list: ListView;
  private readonly drawer: Drawer;
  private readonly whatIf: WhatIfPanel;
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    if (!this.drawer.current && this.whatIf.isOpen) this.whatIf.close();
    else this.closeDrawer();
  };

  constructor(private readonly api: Api) {
    const select = (key: string) => this.select(key, 'list');
    this.map = new MapView(byId('map'), { select: (key) => this.select(key, 'map') });
    this.list = new ListView(
      byId<HTMLUListElement>('list'),
      byId('list-count'),
      byId<HTMLFieldSetElement>('level-filter'),
      byId<HTMLInputElement>('search'),
      byId<HTMLSelectElement>('sort'),
      { select },
    );
    this.drawer = new Drawer(byId('drawer'), api, { close: () => this.closeDrawer(), select, onError: showBanner });
    this.whatIf = new WhatIfPanel(byId('whatif'), this.map.map, api, {
      select,
      routes: () => [...this.subjects.values()].filter((s) => s.type === 'route').sort((a, b) => a.name.localeCompare(b.name)),
      onError: showBanner,
    });
    const toggle = byId('whatif-toggle');
    toggle.hidden = false;
    toggle.addEventListener('click', () => (this.whatIf.isOpen ? this.whatIf.close() : this.openWhatIf()));
    document.addEventListener('keydown', this.onKey);
  }

  private openWhatIf(): void {
    this.closeDrawer();
    this.whatIf.open();
  }

  async start(): Promise<void> {
    status.textContent = 'Loading the portfolio…';
    status.classList.add('busy');
    const basemap = this.map
      .loadBasemap()
      .catch((err: unknown) => showBanner(new Error(`The basemap did not load: ${String(err)}`)));
    const [sites, routes, [scores, etag]] = await Promise.all([
      this.api.all<SiteDoc>('/v1/sites'),
      this.api.all<RouteDoc>('/v1/routes'),
      this.api.request<Page<ScoreView>>('GET', '/v1/scores?limit=500').then(async (first) => {
        return [await this.api.all<ScoreView>('/v1/scores', first.body!), first.etag] as const;
      }),
    ]);
    performance.mark('minerisk:fetched');
    this.etag = etag;
    this.setPortfolio(sites, routes, scores);
    this.draw(new Set());
    performance.mark('minerisk:drawn');
    await basemap;
    performance.mark('minerisk:basemap');
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    performance.mark('minerisk:rendered');
    document.documentElement.dataset.rendered = 'full';
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    document.removeEventListener('keydown', this.onKey);
  }

  private setPortfolio(sites: SiteDoc[], routes: RouteDoc[], scores: ScoreView[]): void {
    const byKey = new Map(scores.map((s) => [subjectOfScore(s), s]));
    this.subjects.clear();
    for (const site of sites) {
      const key = `site:${site.id}`;
      this.subjects.set(key, { key, type: 'site', id: site.id, name: site.name, site, score: byKey.get(key) ?? null });
    }
    for (const route of routes) {
      const key = `route:${route.id}`;
      this.subjects.set(key, { key, type: 'route', id: route.id, name: route.name, route, score: byKey.get(key) ?? null });
    }
  }

  private draw(changed: Set<string>): void {
    const all = [...this.subjects.values()];
    const empty = all.length === 0;
    byId('empty').hidden = !empty;
    byId('list').hidden = empty;
    this.map.render(all);
    performance.mark('minerisk:map-layers');
    this.list.setSubjects(all, changed);
    performance.mark('minerisk:list');
    const sites = all.filter((s) => s.type === 'site').length;
    status.classList.remove('busy');
    status.textContent = `${sites} ${sites === 1 ? 'site' : 'sites'} · ${all.length - sites} ${all.length - sites === 1 ? 'route' : 'routes'} · updated ${fmtTime(new Date().toISOString())}`;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.poll(), pollSeconds() * 1000);
  }

  /** `GET /v1/scores` with If-None-Match: a 304 costs nothing; a change re-reads and flashes the changed rows. */
  private async poll(): Promise<void> {
    try {
      const first = await this.api.request<Page<ScoreView>>('GET', '/v1/scores?limit=500', { etag: this.etag });
      if (first.status === 304) {
        status.dataset.checked = new Date().toISOString();
        return;
      }
      const scores = await this.api.all<ScoreView>('/v1/scores', first.body!);
      this.etag = first.etag;
      const byKey = new Map(scores.map((s) => [subjectOfScore(s), s]));
      const unknown = [...byKey.keys()].some((k) => !this.subjects.has(k));
      const before = new Map([...this.subjects].map(([k, s]) => [k, s.score]));
      if (unknown) {
        const [sites, routes] = await Promise.all([this.api.all<SiteDoc>('/v1/sites'), this.api.all<RouteDoc>('/v1/routes')]);
        this.setPortfolio(sites, routes, scores);
      } else for (const [k, s] of this.subjects) s.score = byKey.get(k) ?? s.score;
      const changed = new Set<string>();
      for (const [k, s] of this.subjects) if (before.has(k) && changedScore(before.get(k) ?? null, s.score)) changed.add(k);
      this.draw(changed);
      const open = this.drawer.current;
      if (open && changed.has(open)) void this.drawer.show(this.subjects.get(open)!, true);
      if (open && !this.subjects.has(open)) this.closeDrawer();
      banner.hidden = true;
    } catch (err) {
      showBanner(err);
    } finally {
      this.schedule();
    }
  }

  private select(key: string, from: 'list' | 'map'): void {
    const s = this.subjects.get(key);
    if (!s) return;
    this.map.select(key, from === 'list');
    this.list.select(key);
    byId('whatif').hidden = true;
    void this.drawer.show(s);
  }

  private closeDrawer(): void {
    const was = this.drawer.current;
    this.drawer.close();
    this.map.select(null);
    this.list.select(null);
    if (was) (document.querySelector(`#list li[data-key="${CSS.escape(was)}"]`) as HTMLElement | null)?.focus();
  }
}

let current: OperationsMap | null = null;

function showLogin(message?: string): void {
  current?.stop();
  current = null;
  byId('app').hidden = true;
  byId('signout').hidden = true;
  byId('whatif-toggle').hidden = true;
  byId('login').hidden = false;
  status.textContent = '';
  const err = byId('login-error');
  err.hidden = !message;
  err.textContent = message ?? '';
  byId<HTMLInputElement>('key-input').focus();
}

function expired(detail: string): void {
  sessionStorage.removeItem(KEY_SLOT);
  showLogin(`Your key is no longer accepted (${detail}) — it may have expired or been revoked. Enter a key again.`);
}

async function open(key: string): Promise<void> {
  byId('login').hidden = true;
  byId('app').hidden = false;
  byId('signout').hidden = false;
  current = new OperationsMap(new Api(key, expired));
  try {
    await current.start();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) {
      status.classList.remove('busy');
      status.textContent = 'The portfolio could not be loaded.';
      showBanner(err);
    }
  }
}

byId('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = byId<HTMLInputElement>('key-input');
  const key = input.value.trim();
  const err = byId('login-error');
  err.hidden = true;
  status.textContent = 'Checking the key…';
  new Api(key)
    .request('GET', '/v1/scores?limit=1')
    .then(() => {
      sessionStorage.setItem(KEY_SLOT, key);
      input.value = '';
      void open(key);
    })
    .catch((e: unknown) => {
      status.textContent = '';
      const words =
        e instanceof ApiError && e.status === 401
          ? `That key was not accepted: ${e.message} Check that you copied all of it.`
          : e instanceof Error
            ? e.message
            : String(e);
      err.textContent = words;
      err.hidden = false;
    });
});

byId('signout').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_SLOT);
  location.reload();
});

const saved = sessionStorage.getItem(KEY_SLOT);
if (saved) void open(saved);
else showLogin();
