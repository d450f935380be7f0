import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DatasetSource, QueryChangeDetail, SharedQuery } from '../core/source.js';
import { warnOnce } from '../core/error-view.js';
import { uiLang, type UiLang } from '../core/lang.js';
import type { ChartModel, ChartSpec } from './spec.js';
import {
  clearSelection,
  ownQuery,
  selectedCategories,
  selectedSeries,
  selectorFor,
  toggleCategory,
  toggleSeries,
  type Selector,
} from './selection.js';

const STRINGS = {
  en: {
    selected: (label: string) => `Filter: ${label}`,
    unselected: (label: string) => `Filter removed: ${label}`,
    cleared: 'Selection cleared.',
    selection: (labels: string) => `Selected: ${labels}.`,
    mark: 'selected',
    keysHint: 'Enter or Space filters the other views on the value read; Escape clears the selection.',
    cannot: (why: string) => `filter-on-click is ignored: ${why}`,
    expression: 'x is an expression, not a field name.',
    numericRange: 'numeric ranges (x-step) cannot be selected; use categories or a time-bucket.',
  },
  fr: {
    selected: (label: string) => `Filtre : ${label}`,
    unselected: (label: string) => `Filtre retiré : ${label}`,
    cleared: 'Sélection effacée.',
    selection: (labels: string) => `Sélection : ${labels}.`,
    mark: 'sélectionné',
    keysHint: 'Entrée ou Espace filtre les autres vues sur la valeur lue ; Échap efface la sélection.',
    cannot: (why: string) => `filter-on-click est ignoré : ${why}`,
    expression: 'x est une expression, pas un nom de champ.',
    numericRange:
      'les intervalles numériques (x-step) ne se sélectionnent pas ; utilisez des catégories ou un time-bucket.',
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };
export type SelectionStrings = Widen<(typeof STRINGS)['en']>;
export const selectionStrings = (lang: UiLang): SelectionStrings => STRINGS[lang] as SelectionStrings;

/** What the chart tells the controller about itself. */
export interface SelectionView {
  /** The `filter-on-click` attribute. */
  enabled: boolean;
  source?: DatasetSource;
  spec?: ChartSpec;
  model?: ChartModel;
  locale: string;
  /** The words of category `i`, as the axis and the table show them. */
  label(i: number): string;
  /** How the chart names the series of an empty value (not selectable). */
  noValue: string;
  /** Say something to screen-reader users (the chart's polite live region). */
  announce(text: string): void;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * `filter-on-click` of `<ode-chart>`: a category chosen with the mouse, or with Enter/Space while the
 * arrow keys read it, becomes a filter of the dataset's shared query (see selection.ts); a second time
 * removes it; Escape clears the chart's own selection. The chart asks its data without its own selection
 * (`query()`), so it keeps every category and draws the selected ones highlighted (`selected()`).
 */
export class ChartSelection implements ReactiveController {
  readonly #host: Host;
  readonly #view: () => SelectionView;
  /** The chart's own query (without its selection) its data was asked with, to tell a selection from a filter. */
  #asked?: string;

  constructor(host: Host, view: () => SelectionView) {
    this.#host = host;
    this.#view = view;
    host.addController(this);
  }

  hostConnected(): void {}

  get #t(): SelectionStrings {
    return selectionStrings(uiLang(this.#view().locale));
  }

  /** Whether a field of the chart's dataset is disjunctive (its refines OR-ed: several can be chosen). */
  #disjunctive(name: string | undefined): boolean {
    const f = this.#view().source?.metadata?.fields?.find((x) => x.name === name);
    const a = f?.annotations ?? {};
    return 'disjunctive' in a && a.disjunctive !== false;
  }

  /** How this chart selects, or undefined (off, not configured yet, or impossible: warned once). */
  get selector(): Selector | undefined {
    const v = this.#view();
    if (!v.enabled || !v.spec) return undefined;
    const sel = selectorFor(v.spec, this.#disjunctive(v.spec.x));
    if (typeof sel === 'string') {
      const t = this.#t;
      warnOnce(this.#host, t.cannot(sel === 'expression' ? t.expression : t.numericRange));
      return undefined;
    }
    return sel;
  }

  /** The shared query as this chart asks it (without its own selection); remembered. */
  query(source: DatasetSource): SharedQuery {
    const sel = this.selector;
    const q = sel ? ownQuery(source.query, sel) : source.query;
    this.#asked = key(q);
    return q;
  }

  /**
   * Whether a change of the shared query changed only this chart's selection: the chart then redraws
   * its highlight without asking the portal again.
   */
  onlySelection(detail: QueryChangeDetail | undefined): boolean {
    const v = this.#view();
    const sel = this.selector;
    if (!sel || !detail || !v.source || detail.query !== v.source.query || this.#asked === undefined)
      return false;
    return key(ownQuery(detail.query, sel)) === this.#asked;
  }

  /** The selected categories (for drawing), or undefined when none is. */
  selected(): boolean[] | undefined {
    const v = this.#view();
    const sel = this.selector;
    if (!sel || !v.source || !v.model) return undefined;
    return selectedCategories(v.source.query, sel, v.model);
  }

  /** The selected series of a series-by chart (for drawing), or undefined when none is. */
  selectedSeries(): boolean[] | undefined {
    const v = this.#view();
    const sel = this.selector;
    if (!sel || !v.source || !v.model) return undefined;
    return selectedSeries(v.source.query, sel, v.model, v.noValue);
  }

  /** The selection in words, for the plot's accessible name ('' when none). */
  describe(): string {
    const v = this.#view();
    const categories = (this.selected() ?? []).flatMap((on, i) => (on ? [v.label(i)] : []));
    const series = (this.selectedSeries() ?? []).flatMap((on, k) => (on ? [v.model!.series[k].label] : []));
    const labels = [...categories, ...series];
    return labels.length ? this.#t.selection(labels.join(', ')) : '';
  }

  /** Select or unselect series `k` of a series-by chart (a click on one of its items). */
  toggleSeries(k: number): boolean {
    const v = this.#view();
    const sel = this.selector;
    if (!sel || !v.source || !v.model) return false;
    const change = toggleSeries(
      v.source.query,
      sel,
      v.model,
      k,
      v.noValue,
      this.#disjunctive(sel.seriesField),
    );
    if (!change) return false;
    v.source.update(change.patch);
    const t = this.#t;
    v.announce(change.on ? t.selected(change.value) : t.unselected(change.value));
    return true;
  }

  /** Select or unselect category `i` (a click, Enter or Space). Returns whether anything changed. */
  toggle(i: number): boolean {
    const v = this.#view();
    const sel = this.selector;
    if (!sel || !v.source || !v.model || i < 0) return false;
    const change = toggleCategory(v.source.query, sel, v.model, i);
    if (!change) return false;
    v.source.update(change.patch);
    const t = this.#t;
    v.announce(change.on ? t.selected(v.label(i)) : t.unselected(v.label(i)));
    return true;
  }

  /** Clear this chart's own selection (Escape). Returns whether there was one. */
  clear(): boolean {
    const v = this.#view();
    const sel = this.selector;
    if (!sel || !v.source || (!this.selected() && !this.selectedSeries())) return false;
    v.source.update(clearSelection(v.source.query, sel));
    v.announce(this.#t.cleared);
    return true;
  }
}

/** What identifies the data of a query for a chart (the sort of a table does not change it). */
function key(q: SharedQuery): string {
  return JSON.stringify({ ...q, orderBy: undefined });
}
