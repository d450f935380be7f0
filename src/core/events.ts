import type { Dataset } from '../api/types.js';
import type { QueryChangeDetail } from './source.js';

/**
 * Every public event of the data elements, with its real `detail`. Every element fires through
 * `fire()`, so a listener typed by this map gets what the element sends. All bubble and cross shadow
 * roots (`composed`).
 */
export interface OdeEventDetails {
  /**
   * A view's data is shown. What arrived depends on the element:
   * - `<ode-attribution>`: `{ dataset }`, the dataset's metadata;
   * - `<ode-table>`, `<ode-map>`: `{ total }`, the number of matching records;
   * - `<ode-chart>`: `{ groups, series }`, the number of categories and of series drawn;
   * - `<ode-facets>`: `{ facets }`, the number of facet fields shown;
   * - `<ode-kpi>`: `{ value, compareValue? }`, the figure and the comparison's as the portal sent them;
   * - `<ode-records>`: `{ total, page }`, the number of matching records and the page shown (1-based);
   * - `<ode-date-range>`: `{ min, max }`, the first and last day of the data (`YYYY-MM-DD`).
   */
  'ode-load': OdeLoadDetail;
  /** A request failed; `error` is an `ApiError` (portal, network, timeout, quota, shape) or an Error. */
  'ode-error': { error: Error };
  /** The shared query of an `<ode-dataset>` changed (fired by the `<ode-dataset>`). */
  'ode-query-change': QueryChangeDetail;
}

export interface OdeLoadDetail {
  /** `<ode-attribution>`: the dataset's metadata. */
  dataset?: Dataset;
  /** `<ode-table>`, `<ode-map>`, `<ode-records>`: the number of matching records. */
  total?: number;
  /** `<ode-chart>`: the number of categories drawn. */
  groups?: number;
  /** `<ode-chart>`: the number of series drawn. */
  series?: number;
  /** `<ode-facets>`: the number of facet fields shown. */
  facets?: number;
  /**
   * `<ode-kpi>`: the figure as the portal computed it — a number, a date text (`max(date)`), or null
   * when no record matched an aggregate that has no value then (`sum`, `avg`…).
   */
  value?: number | string | null;
  /** `<ode-kpi>` with `compare-where`: the comparison figure, like `value`. */
  compareValue?: number | string | null;
  /** `<ode-records>`: the page shown, from 1. */
  page?: number;
  /** `<ode-date-range>`: the first day of the data (`YYYY-MM-DD`, in the query's time zone). */
  min?: string;
  /** `<ode-date-range>`: the last day of the data. */
  max?: string;
}

export type OdeEventName = keyof OdeEventDetails;

declare global {
  interface GlobalEventHandlersEventMap {
    'ode-load': CustomEvent<OdeLoadDetail>;
    'ode-error': CustomEvent<{ error: Error }>;
  }
}

/** Dispatch one of our events from an element: bubbling, composed, with its typed detail. */
export function fire<K extends OdeEventName>(el: Element, type: K, detail: OdeEventDetails[K]): boolean {
  return el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
