/**
 * `filter-on-click`: what selecting a category of a chart does to the shared query, and what the chart
 * shows selected. Pure functions, no DOM, no chart.js.
 *
 * - A category of a field (`x="nom_region"`) is a refine `nom_region:"Bretagne"`: on a disjunctive field
 *   several categories can be selected (OR-ed), on another one selecting replaces.
 * - A time bucket (`time-bucket`) is a date range of whole days, held in the shared query's `ranges`
 *   under the key `select-<field>`.
 * - In a `series-by` chart, an item of a series (a bar segment, a point) chosen with the mouse is a
 *   refine on the `series-by` field (`weather:"rain"`).
 * - The chart asks its own data without its own selection (without any refine on its x field or its
 *   series-by field, without its range), so it keeps every category and series in view, as a
 *   disjunctive facet keeps every value.
 */
import { refinedValues, toggleRefine, withoutRefinesOn } from '../core/query-clauses.js';
import type { SharedQuery } from '../core/source.js';
import { nextBucket, type Category, type ChartModel, type ChartSpec } from './spec.js';

/** How a chart selects. */
export interface Selector {
  kind: 'refine' | 'range';
  /** The field filtered on (the chart's x). */
  field: string;
  /** Several categories at once (refines of a disjunctive field, OR-ed by the portal). */
  multiple: boolean;
  /** The key of the chart's range in the shared query's `ranges`. */
  rangeKey: string;
  /** The `series-by` field, whose items are refines too. */
  seriesField?: string;
}

/** Why a chart cannot select, for its warning. */
export type SelectorProblem = 'expression' | 'numeric-range';

/** How a chart with this spec selects, or why it cannot. */
export function selectorFor(spec: ChartSpec, disjunctive: boolean): Selector | SelectorProblem {
  if (!/^[A-Za-z0-9_]+$/.test(spec.x)) return 'expression';
  if (spec.xStep) return 'numeric-range';
  const rangeKey = `select-${spec.x}`;
  const series = spec.seriesBy ? { seriesField: spec.seriesBy } : {};
  if (spec.timeBucket) return { kind: 'range', field: spec.x, multiple: false, rangeKey, ...series };
  return { kind: 'refine', field: spec.x, multiple: disjunctive, rangeKey, ...series };
}

/** The shared query as the chart asks it: without its own selection. */
export function ownQuery(q: SharedQuery, sel: Selector): SharedQuery {
  const own = sel.seriesField ? withoutRefinesOn(q, sel.seriesField) : q;
  if (sel.kind === 'range') {
    if (!(sel.rangeKey in (own.ranges ?? {}))) return own;
    const ranges = { ...own.ranges };
    delete ranges[sel.rangeKey];
    return { ...own, ranges };
  }
  return withoutRefinesOn(own, sel.field);
}

/** The text a category stands for in a refine, or undefined (an empty category cannot be refined). */
export function categoryValue(c: Category): string | undefined {
  if (c.raw === null || c.raw === undefined || typeof c.raw === 'object') return undefined;
  return String(c.raw);
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The whole days a time bucket covers (an hour bucket: its day). */
export function bucketDays(c: Category, model: ChartModel): { from: string; to: string } | undefined {
  if (c.ms === undefined || !model.bucket) return undefined;
  const end = nextBucket(c.ms, model.bucket) - 1;
  return { from: day(c.ms), to: day(Math.max(c.ms, end)) };
}

/** Which categories are selected, or undefined when none is. */
export function selectedCategories(q: SharedQuery, sel: Selector, model: ChartModel): boolean[] | undefined {
  if (sel.kind === 'range') {
    const r = q.ranges?.[sel.rangeKey];
    if (!r || r.field !== sel.field || (!r.from && !r.to)) return undefined;
    return model.categories.map((c) => {
      const d = bucketDays(c, model);
      return !!d && (!r.from || d.from >= r.from) && (!r.to || d.to <= r.to);
    });
  }
  const values = refinedValues(q, sel.field);
  if (values.size === 0) return undefined;
  return model.categories.map((c) => {
    const v = categoryValue(c);
    return v !== undefined && values.has(v);
  });
}

/**
 * Select or unselect category `i`: the change of the shared query, and whether the category is now
 * selected. Undefined when the category cannot be selected (an empty value, a bucket without a date).
 */
export function toggleCategory(
  q: SharedQuery,
  sel: Selector,
  model: ChartModel,
  i: number,
): { patch: Partial<SharedQuery>; on: boolean } | undefined {
  const c = model.categories[i];
  if (!c) return undefined;
  if (sel.kind === 'range') {
    const d = bucketDays(c, model);
    if (!d) return undefined;
    const current = q.ranges?.[sel.rangeKey];
    const ranges = { ...q.ranges };
    if (current && current.field === sel.field && current.from === d.from && current.to === d.to) {
      delete ranges[sel.rangeKey];
      return { patch: { ranges }, on: false };
    }
    ranges[sel.rangeKey] = { field: sel.field, ...d };
    return { patch: { ranges }, on: true };
  }
  const value = categoryValue(c);
  if (value === undefined) return undefined;
  const { refine, on } = toggleRefine(q, sel.field, value, sel.multiple);
  return { patch: { refine }, on };
}

/** The value series `k` stands for in a refine of the series-by field, or undefined ("Other", no value). */
export function seriesValue(model: ChartModel, k: number, noValue: string): string | undefined {
  const s = model.series[k];
  if (!s || s.other || s.label === '' || s.label === noValue) return undefined;
  return s.label;
}

/** Which series are selected (series-by charts), or undefined when none is. */
export function selectedSeries(
  q: SharedQuery,
  sel: Selector,
  model: ChartModel,
  noValue: string,
): boolean[] | undefined {
  if (!sel.seriesField) return undefined;
  const values = refinedValues(q, sel.seriesField);
  if (values.size === 0) return undefined;
  return model.series.map((_, k) => {
    const v = seriesValue(model, k, noValue);
    return v !== undefined && values.has(v);
  });
}

/** Select or unselect series `k` of a series-by chart: the change, and whether it is now selected. */
export function toggleSeries(
  q: SharedQuery,
  sel: Selector,
  model: ChartModel,
  k: number,
  noValue: string,
  disjunctive: boolean,
): { patch: Partial<SharedQuery>; on: boolean; value: string } | undefined {
  const value = seriesValue(model, k, noValue);
  if (!sel.seriesField || value === undefined) return undefined;
  const { refine, on } = toggleRefine(q, sel.seriesField, value, disjunctive);
  return { patch: { refine }, on, value };
}

/** The change that clears the chart's own selection (Escape). */
export function clearSelection(q: SharedQuery, sel: Selector): Partial<SharedQuery> {
  const own = ownQuery(q, sel);
  return sel.kind === 'range' ? { ranges: own.ranges, refine: own.refine } : { refine: own.refine };
}
