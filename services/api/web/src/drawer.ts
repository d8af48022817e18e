import type { Api } from './api';
import { routeProfile, sparkline } from './charts';
import { fill, h } from './dom';
import { fmt1, fmtDelta, fmtKmRange, fmtShare, fmtTime } from './format';
import { levelOf } from './levels';
import type { Assessment, Contributor, CountryAdvisory, Level, ScoreView, Subject, Supply } from './types';

const ADVISORY_WORDS: Record<number, string> = {
  1: 'level 1: exercise normal precautions',
  2: 'level 2: exercise increased caution',
  3: 'level 3: reconsider travel',
  4: 'level 4: do not travel',
};

export interface DrawerHandlers {
  close(): void;
  select(key: string): void;
  onError(err: unknown): void;
}

function levelChip(level: Level | 'none', text?: string): HTMLElement {
  return h('span', { class: `chip level-chip lvl-${level}` }, text ?? level);
}

function section(title: string, ...body: (Node | null)[]): HTMLElement {
  return h('section', { class: 'drawer-section' }, h('h3', {}, title), ...body);
}

function table(head: string[], rows: (string | Node)[][], cls = ''): HTMLElement {
  return h(
    'table',
    { class: `data ${cls}` },
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

/** Components as a stacked bar: the advisory baseline and the local component's two parts (docs/api.md). */
function componentsBar(c: ScoreView['components']): HTMLElement {
  const parts: [string, number][] = [
    ['baseline', c.baseline],
    ['incidents', c.incidents],
    ['hazards', c.hazards],
  ];
  const sum = parts.reduce((n, [, v]) => n + v, 0);
  const bar = h('div', { class: 'stack', role: 'img', 'aria-label': parts.map(([k, v]) => `${k} ${fmt1(v)}`).join(', ') });
  for (const [k, v] of parts) {
    if (v <= 0 || sum <= 0) continue;
    const part = h('span', { class: `stack-part part-${k}` });
    part.style.width = `${(v / sum) * 100}%`; // CSSOM, not a style attribute: allowed by the page's CSP
    bar.append(part);
  }
  return h(
    'div',
    {},
    bar,
    h(
      'ul',
      { class: 'stack-legend' },
      ...parts.map(([k, v]) => h('li', {}, h('span', { class: `swatch part-${k}`, 'aria-hidden': 'true' }), `${k} ${fmt1(v)}`)),
    ),
  );
}

/** docs/api.md `GET /v1/events/:id`: the fields the drawer shows. */
interface EventView {
  source: string;
  observedAt: string;
  knownAt: string;
  validTo: string | null;
  severity01: number;
  certainty01: number;
  fatalities: number;
  status: string;
  global: boolean;
  url: string | null;
}

/** Only http(s) links from a feed become links (never `javascript:` or `data:`). */
function safeLink(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function eventDetail(e: EventView): HTMLElement {
  const link = safeLink(e.url);
  const item = (k: string, v: string | Node) => [h('dt', {}, k), h('dd', {}, v)];
  return h(
    'dl',
    { class: 'event-fields' },
    ...item('source', `${e.source}${e.global ? ' (public feed)' : ' (your tenant)'}`),
    ...item('observed', fmtTime(e.observedAt)),
    ...item('known', fmtTime(e.knownAt)),
    ...item('valid to', e.validTo ? fmtTime(e.validTo) : '—'),
    ...item('severity · certainty', `${fmt1(e.severity01 * 100)}% · ${fmt1(e.certainty01 * 100)}%`),
    ...item('fatalities', String(e.fatalities)),
    ...item('status', e.status),
    ...(link ? item('source page', h('a', { href: link, rel: 'noopener noreferrer nofollow', target: '_blank' }, link)) : []),
  );
}

function countriesTable(list: CountryAdvisory[]): HTMLElement {
  if (list.length === 0) return h('p', { class: 'muted' }, 'No country (at sea).');
  return table(
    ['Country', 'Advisory'],
    list.map((c) => [
      c.code,
      c.advisoryLevel === null ? 'no advisory' : (ADVISORY_WORDS[c.advisoryLevel] ?? `level ${c.advisoryLevel}`),
    ]),
    'countries',
  );
}

/**
 * The detail drawer (docs/map.md "Detail"): score, level and asOf; components; contributors; history;
 * for a route its profile with the worst segment and its countries; for a site with a plan its inputs.
 */
export class Drawer {
  private token = 0;
  private key: string | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly api: Api,
    private readonly handlers: DrawerHandlers,
  ) {}

  get current(): string | null {
    return this.key;
  }

  close(): void {
    this.token++;
    this.key = null;
    this.el.hidden = true;
    fill(this.el);
  }

  async show(s: Subject, keepScroll = false): Promise<void> {
    const token = ++this.token;
    const scroll = keepScroll ? this.el.scrollTop : 0;
    this.key = s.key;
    this.el.hidden = false;
    if (!keepScroll) fill(this.el, this.header(s, null), h('p', { class: 'loading' }, 'Loading details…'));
    try {
      const body = s.type === 'site' ? await this.siteBody(s) : await this.routeBody(s);
      if (token !== this.token) return;
      fill(this.el, ...body);
      this.el.scrollTop = scroll;
    } catch (err) {
      if (token !== this.token) return;
      fill(
        this.el,
        this.header(s, null),
        h('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err)),
      );
      this.handlers.onError(err);
    }
  }

  private contributorsTable(list: Contributor[]): HTMLElement {
    if (list.length === 0) return h('p', { class: 'muted' }, 'No event contributes to this score now.');
    const rows = list.map((c) => {
      const title = h(
        'button',
        { type: 'button', class: 'link event-title', 'aria-expanded': 'false', title: 'Show the event' },
        c.title,
      );
      const tr = h(
        'tr',
        {},
        h('td', {}, title),
        h('td', {}, c.category),
        h('td', {}, `${fmt1(c.distanceKm)} km`),
        h('td', {}, `${fmt1(c.ageDays)} d`),
        h('td', {}, fmt1(c.contribution)),
      );
      let detail: HTMLTableRowElement | null = null;
      title.addEventListener('click', () => {
        if (detail) {
          detail.hidden = !detail.hidden;
          title.setAttribute('aria-expanded', String(!detail.hidden));
          return;
        }
        detail = h('tr', { class: 'event-detail' }, h('td', { colspan: 5 }, h('p', { class: 'loading' }, 'Loading the event…')));
        tr.after(detail);
        title.setAttribute('aria-expanded', 'true');
        const cell = detail.firstElementChild!;
        this.api
          .get<EventView>(`/v1/events/${encodeURIComponent(c.eventId)}`)
          .then((e) => fill(cell, eventDetail(e)))
          .catch((err: unknown) => fill(cell, h('p', { class: 'error' }, err instanceof Error ? err.message : String(err))));
      });
      return tr;
    });
    return h(
      'table',
      { class: 'data contributors' },
      h(
        'thead',
        {},
        h('tr', {}, ...['Event', 'Category', 'Distance', 'Age', 'Contribution'].map((c) => h('th', { scope: 'col' }, c))),
      ),
      h('tbody', {}, ...rows),
    );
  }

  private header(
    s: Subject,
    score: { score: number; level: Level; asOf: string; trend: { delta7d: number } } | null,
  ): HTMLElement {
    const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close details' }, '×');
    close.addEventListener('click', () => this.handlers.close());
    const kind =
      s.type === 'site'
        ? ['site', s.site?.commodity, s.site?.country].filter(Boolean).join(' · ')
        : ['route', s.route?.mode, s.route?.lengthKm !== undefined ? `${Math.round(s.route.lengthKm)} km` : null]
            .filter(Boolean)
            .join(' · ');
    const trend = score ? fmtDelta(score.trend.delta7d) : null;
    return h(
      'header',
      { class: 'drawer-head' },
      close,
      h('h2', { id: 'drawer-title' }, s.name),
      h('p', { class: 'muted' }, kind),
      score
        ? h(
            'p',
            { class: 'big-score' },
            h('span', { class: 'score-value' }, fmt1(score.score)),
            ' ',
            levelChip(score.level),
            h('span', { class: 'trend', title: trend!.words }, ` ${trend!.arrow} ${trend!.text} in 7 days`),
          )
        : null,
      score ? h('p', { class: 'muted' }, `as of ${fmtTime(score.asOf)}`) : null,
    );
  }

  private async history(s: Subject): Promise<HTMLElement> {
    const hist = await this.api.get<{ items: { t: string; score: number }[] }>(
      `/v1/${s.type}s/${encodeURIComponent(s.id)}/history`,
    );
    return section('History (30 days)', sparkline(hist.items));
  }

  private async siteBody(s: Subject): Promise<Node[]> {
    const id = encodeURIComponent(s.id);
    const [score, history] = await Promise.all([this.api.get<ScoreView>(`/v1/sites/${id}/score`), this.history(s)]);
    return [
      this.header(s, score),
      section('Components', componentsBar(score.components)),
      section('Contributors', this.contributorsTable(score.contributors)),
      history,
      score.supply !== undefined ? section('Supply', this.supply(score.supply, s.id)) : null,
      section('Countries', countriesTable(score.countries ?? [])),
    ].filter((n): n is HTMLElement => n !== null);
  }

  private async routeBody(s: Subject): Promise<Node[]> {
    const id = encodeURIComponent(s.id);
    const [a, score, history] = await Promise.all([
      this.api.get<Assessment>(`/v1/routes/${id}/assessment`),
      this.api.get<ScoreView>(`/v1/routes/${id}/score`),
      this.history(s),
    ]);
    const worst = a.worstSegment;
    const worstCountries = worst
      ? (a.segments.find((x) => x.fromKm === worst.fromKm && x.toKm === worst.toKm)?.countries ?? [])
      : [];
    return [
      this.header(s, a),
      section('Components', componentsBar(score.components)),
      section(
        'Along the route',
        routeProfile(a.segments, worst, a.route.lengthKm),
        worst
          ? h(
              'p',
              { class: 'worst-text' },
              'Worst segment: ',
              h('strong', {}, fmtKmRange(worst.fromKm, worst.toKm)),
              `, ${fmt1(worst.score)} `,
              levelChip(levelOf(worst.score)),
              worstCountries.length ? ` (${worstCountries.join(', ')})` : '',
            )
          : null,
        h(
          'p',
          { class: 'muted' },
          `Incidents within the buffer: ${a.incidents.last30d} in 30 days, ${a.incidents.last90d} in 90 days.`,
        ),
      ),
      section('Countries', countriesTable(a.countries)),
      section('Contributors', this.contributorsTable(a.contributors)),
      history,
    ].filter((n): n is HTMLElement => n !== null);
  }

  private supply(supply: Supply | null, siteId: string): HTMLElement {
    if (supply === null)
      return h(
        'p',
        { class: 'muted' },
        'No supply plan for this site (an admin sets one with PUT /v1/sites/',
        siteId,
        '/supply).',
      );
    return h(
      'div',
      {},
      h(
        'p',
        {},
        'Supply score ',
        h('strong', {}, fmt1(supply.score)),
        ' ',
        levelChip(supply.level),
        h('span', { class: 'muted' }, ` as of ${fmtTime(supply.asOf)}`),
      ),
      ...supply.inputs.map((input) =>
        h(
          'div',
          { class: 'supply-input' },
          h(
            'h4',
            {},
            input.input,
            h('span', { class: 'muted' }, ` · ${input.bufferDays} days of buffer · risk ${fmt1(input.risk)}`),
          ),
          input.routes.length === 0
            ? h('p', { class: 'error' }, 'No route left for this input: it counts as cut off.')
            : table(
                ['Route', 'Share', 'Max', 'Score', 'Part', 'Worst segment'],
                input.routes.map((r) => {
                  const link = h('button', { type: 'button', class: 'link' }, r.name);
                  link.addEventListener('click', () => this.handlers.select(`route:${r.routeId}`));
                  return [
                    link,
                    fmtShare(r.share),
                    fmtShare(r.maxShare),
                    fmt1(r.routeScore),
                    fmt1(r.part),
                    r.worstSegment
                      ? `${fmtKmRange(r.worstSegment.fromKm, r.worstSegment.toKm)}: ${fmt1(r.worstSegment.score)}`
                      : '–',
                  ];
                }),
                'supply-routes',
              ),
        ),
      ),
    );
  }
}
