import { h, fill } from './dom';
import { fmt1, fmtDelta } from './format';
import { LEVELS, levelOf } from './levels';
import type { Level, Subject } from './types';

export type SortKey = 'score' | 'supply' | 'trend';

export interface ListHandlers {
  select(key: string): void;
}

const none = Number.NEGATIVE_INFINITY;
const SORTS: Record<SortKey, (s: Subject) => number> = {
  score: (s) => s.score?.score ?? none,
  supply: (s) => s.score?.supplyScore ?? none,
  trend: (s) => s.score?.trend.delta7d ?? none,
};

/**
 * The list pane (docs/map.md "List"): one focusable row per subject with name, level word, score, 7-day
 * trend and supply score; sorted, filtered by level and searched by name. Enter or a click selects.
 */
export class ListView {
  private subjects: Subject[] = [];
  private readonly rows = new Map<string, HTMLLIElement>();
  private selected: string | null = null;
  private sort: SortKey = 'score';
  private query = '';
  private readonly levels = new Set<Level | 'none'>([...LEVELS, 'none']);

  constructor(
    private readonly ul: HTMLUListElement,
    private readonly count: HTMLElement,
    filter: HTMLFieldSetElement,
    search: HTMLInputElement,
    sort: HTMLSelectElement,
    private readonly handlers: ListHandlers,
  ) {
    for (const l of [...LEVELS, 'none'] as const) {
      const box = h('input', { type: 'checkbox', checked: true, value: l, id: `filter-${l}` });
      box.addEventListener('change', () => {
        if (box.checked) this.levels.add(l);
        else this.levels.delete(l);
        this.render();
      });
      filter.append(
        h(
          'label',
          { for: `filter-${l}`, class: 'chip' },
          box,
          h('span', { class: `swatch lvl-${l}`, 'aria-hidden': 'true' }),
          l === 'none' ? 'not scored' : l,
        ),
      );
    }
    search.addEventListener('input', () => {
      this.query = search.value.trim().toLowerCase();
      this.render();
    });
    sort.addEventListener('change', () => {
      this.sort = sort.value as SortKey;
      this.render();
    });
    ul.addEventListener('keydown', (e) => {
      const row = (e.target as HTMLElement).closest('li');
      if (!row?.dataset.key) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.handlers.select(row.dataset.key);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
        next?.focus();
      }
    });
    ul.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest('li');
      if (row?.dataset.key) this.handlers.select(row.dataset.key);
    });
  }

  setSubjects(subjects: Subject[], changed: Set<string> = new Set()): void {
    this.subjects = subjects;
    this.render(changed);
  }

  private visible(s: Subject): boolean {
    const level = s.score?.level ?? 'none';
    if (!this.levels.has(level)) return false;
    return !this.query || s.name.toLowerCase().includes(this.query);
  }

  render(changed: Set<string> = new Set()): void {
    const key = SORTS[this.sort];
    const shown = this.subjects
      .filter((s) => this.visible(s))
      .sort((a, b) => key(b) - key(a) || (b.score?.score ?? none) - (a.score?.score ?? none) || a.name.localeCompare(b.name));
    this.rows.clear();
    fill(this.ul, ...shown.map((s) => this.row(s, changed.has(s.key))));
    this.count.textContent =
      shown.length === this.subjects.length
        ? `${shown.length} sites and routes`
        : `${shown.length} of ${this.subjects.length} shown`;
  }

  private row(s: Subject, flash: boolean): HTMLLIElement {
    const sc = s.score;
    const level = sc?.level ?? 'none';
    const trend = sc ? fmtDelta(sc.trend.delta7d) : null;
    const supply = sc?.supplyScore;
    const li = h(
      'li',
      {
        role: 'option',
        tabindex: 0,
        class: `row${flash ? ' flash' : ''}${this.selected === s.key ? ' selected' : ''}`,
        'aria-selected': this.selected === s.key ? 'true' : 'false',
        'data-key': s.key,
        'data-type': s.type,
        'data-level': level,
      },
      h('span', { class: `swatch lvl-${level}`, 'aria-hidden': 'true' }),
      h('span', { class: 'name', title: s.name }, s.name),
      h(
        'span',
        { class: 'level' },
        sc ? sc.level : 'not scored yet',
        h('span', { class: 'kind' }, s.type === 'site' ? ' · site' : ` · ${s.route?.mode ?? ''} route`),
      ),
      h('span', { class: 'score' }, sc ? fmt1(sc.score) : '–'),
      trend
        ? h(
            'span',
            { class: `trend ${sc!.trend.delta7d > 0 ? 'up' : sc!.trend.delta7d < 0 ? 'down' : 'flat'}`, title: trend.words },
            `${trend.arrow} ${trend.text}`,
          )
        : h('span', { class: 'trend' }),
      supply !== undefined && supply !== null
        ? h('span', { class: 'supply', title: `supply score, ${levelOf(supply)}` }, `supply ${fmt1(supply)} ${levelOf(supply)}`)
        : null,
    );
    if (flash) li.addEventListener('animationend', () => li.classList.remove('flash'), { once: true });
    this.rows.set(s.key, li);
    return li;
  }

  select(key: string | null): void {
    this.selected = key;
    for (const [k, row] of this.rows) {
      row.classList.toggle('selected', k === key);
      row.setAttribute('aria-selected', k === key ? 'true' : 'false');
    }
    const row = key ? this.rows.get(key) : undefined;
    row?.scrollIntoView({ block: 'nearest' });
  }
}
