import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DatasetSource, SharedQuery } from '../core/source.js';
import type { Dataset } from '../api/types.js';
import { warnOnce } from '../core/error-view.js';
import { uiLang, type UiLang } from '../core/lang.js';
import { refinedValues, toggleRefine, withoutRefinesOn } from '../core/query-clauses.js';
import type { SelectionPaint } from './model.js';

const STRINGS = {
  en: {
    selected: (label: string) => `Filter: ${label}`,
    unselected: (label: string) => `Filter removed: ${label}`,
    cleared: 'Selection cleared.',
    filterOn: (label: string) => `Filter on ${label}`,
    noField:
      'filter-on-click needs a field to filter on: set "filter-field" (or "color-by" to a field of the dataset).',
    unknownField: (name: string) => `"filter-field" names no field of this dataset: ${name}.`,
  },
  fr: {
    selected: (label: string) => `Filtre : ${label}`,
    unselected: (label: string) => `Filtre retiré : ${label}`,
    cleared: 'Sélection effacée.',
    filterOn: (label: string) => `Filtrer sur ${label}`,
    noField:
      'filter-on-click a besoin d’un champ sur lequel filtrer : renseignez « filter-field » (ou « color-by » avec un champ du jeu de données).',
    unknownField: (name: string) => `« filter-field » ne désigne aucun champ de ce jeu de données : ${name}.`,
  },
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] };
export type MapSelectionStrings = Widen<(typeof STRINGS)['en']>;
export const mapSelectionStrings = (lang: UiLang): MapSelectionStrings =>
  STRINGS[lang] as MapSelectionStrings;

/** What the map tells the controller about itself. */
export interface MapSelectionView {
  /** The `filter-on-click` attribute. */
  enabled: boolean;
  /** The `filter-field` attribute. */
  filterField?: string;
  /** The `color-by` attribute (a field, or an aggregate such as `sum(population)`). */
  colorBy?: string;
  source?: DatasetSource;
  metadata?: Dataset;
  locale: string;
  /** Say something to screen-reader users (the map's polite live region). */
  announce(text: string): void;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * `filter-on-click` of `<ode-map>`: a feature chosen with the mouse (a point, a shape) or from the list
 * view becomes a refine of the dataset on `filter-field` (default: the `color-by` field); choosing it
 * again removes it; Escape clears the map's selection. The map asks its data without the refines on that
 * field (`query()`), so it keeps every feature in view and draws the selected ones larger and outlined.
 */
export class MapSelection implements ReactiveController {
  readonly #host: Host;
  readonly #view: () => MapSelectionView;

  constructor(host: Host, view: () => MapSelectionView) {
    this.#host = host;
    this.#view = view;
    host.addController(this);
  }

  hostConnected(): void {}

  get #t(): MapSelectionStrings {
    return mapSelectionStrings(uiLang(this.#view().locale));
  }

  /** The field selections refine, or undefined (off, metadata not there yet, or none: warned once). */
  get field(): string | undefined {
    const v = this.#view();
    if (!v.enabled || !v.metadata) return undefined;
    const fields = v.metadata.fields ?? [];
    const named = v.filterField?.trim();
    if (named) {
      if (fields.some((f) => f.name === named)) return named;
      warnOnce(this.#host, this.#t.unknownField(named));
      return undefined;
    }
    const color = v.colorBy?.trim();
    if (color && fields.some((f) => f.name === color)) return color;
    warnOnce(this.#host, this.#t.noField);
    return undefined;
  }

  #multiple(field: string): boolean {
    const a = this.#view().metadata?.fields.find((f) => f.name === field)?.annotations ?? {};
    return 'disjunctive' in a && a.disjunctive !== false;
  }

  /** The shared query as the map asks it: without the refines on its own field. */
  query(q: SharedQuery): SharedQuery {
    const field = this.field;
    return field ? withoutRefinesOn(q, field) : q;
  }

  /** The selected values (empty when none). */
  values(): Set<string> {
    const field = this.field;
    const q = this.#view().source?.query;
    return field && q ? refinedValues(q, field) : new Set();
  }

  /** The value a record or feature stands for, or undefined (no field, or an empty value). */
  valueOf(properties: Record<string, unknown> | null | undefined): string | undefined {
    const field = this.field;
    const raw = field ? properties?.[field] : undefined;
    if (raw === null || raw === undefined || raw === '' || typeof raw === 'object') return undefined;
    return String(raw);
  }

  /** Whether a record or feature is selected. */
  isSelected(properties: Record<string, unknown> | null | undefined): boolean {
    const v = this.valueOf(properties);
    return v !== undefined && this.values().has(v);
  }

  /** Select or unselect the value of a record or feature (a click, Enter on its list button). */
  toggle(properties: Record<string, unknown> | null | undefined): boolean {
    const view = this.#view();
    const field = this.field;
    const value = this.valueOf(properties);
    if (!field || value === undefined || !view.source) return false;
    const { refine, on } = toggleRefine(view.source.query, field, value, this.#multiple(field));
    view.source.update({ refine });
    view.announce(on ? this.#t.selected(value) : this.#t.unselected(value));
    return true;
  }

  /** Clear the map's selection (Escape). Returns whether there was one. */
  clear(): boolean {
    const view = this.#view();
    const field = this.field;
    if (!field || !view.source || this.values().size === 0) return false;
    view.source.update({ refine: withoutRefinesOn(view.source.query, field).refine });
    view.announce(this.#t.cleared);
    return true;
  }

  /**
   * Paint of the point and shape layers for the selection: selected features larger with a thick dark
   * outline (a cue that is not colour alone), the others faded; undefined values when nothing is selected
   * (the layers' own paint then applies).
   */
  paint(): SelectionPaint | undefined {
    const field = this.field;
    const values = [...this.values()];
    if (!field || values.length === 0) return undefined;
    // a maplibre expression: is the feature's value one of the selected ones
    const picked = ['in', ['to-string', ['get', field]], ['literal', values]];
    const pick = (on: unknown, off: unknown) => ['case', picked, on, off];
    return {
      circle: {
        'circle-radius': pick(8, 5),
        'circle-stroke-width': pick(3, 1),
        'circle-stroke-color': pick('#111111', '#ffffff'),
        'circle-opacity': pick(1, 0.35),
      },
      fill: { 'fill-opacity': pick(0.8, 0.2) },
      line: { 'line-width': pick(3, 1), 'line-color': pick('#111111', '#555555') },
    };
  }
}
