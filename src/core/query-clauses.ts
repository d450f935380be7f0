import { facetValue } from '../api/odsql.js';
import type { DateRange, SharedQuery } from './source.js';

/**
 * Reading the shared query back clause by clause: for the filter summary (`<ode-filters>`), the address
 * (`url-sync`) and the views that show their own selection (`filter-on-click`). Pure functions, no DOM.
 */

/** A `refine`/`exclude` entry read back: `field:"value"` (as facetValue() writes it) or `field:value`. */
export function readFacetValue(entry: string): { name: string; value: string } | undefined {
  const i = entry.indexOf(':');
  if (i <= 0) return undefined;
  const name = entry.slice(0, i);
  let value = entry.slice(i + 1);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    value = value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return { name, value };
}

/** A visible-area filter as `inBbox()` writes it, read back; undefined for any other expression. */
export interface Bbox {
  field: string;
  west: number;
  south: number;
  east: number;
  north: number;
}

const NUMBER = '(-?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?)';
const BBOX = new RegExp(
  `^in_bbox\\(\`?([A-Za-z0-9_]+)\`?, ${NUMBER}, ${NUMBER}, ${NUMBER}, ${NUMBER}\\)$`,
  'i',
);

export function readBbox(expression: string): Bbox | undefined {
  const m = BBOX.exec(expression.trim());
  if (!m) return undefined;
  // inBbox() writes (south, west, north, east)
  const [south, west, north, east] = [m[2], m[3], m[4], m[5]].map(Number);
  if (![south, west, north, east].every(Number.isFinite)) return undefined;
  return { field: m[1], west, south, east, north };
}

/**
 * One active clause of the shared query, as the filter summary shows it:
 * - `q`: the full-text search;
 * - `refine` / `exclude`: a facet value or a selection in a view (`entry` is the query's own string);
 * - `range`: a date range, `owner` the key it is held under;
 * - `viewport`: a map's visible-area filter (`owner` the map's key);
 * - `extra`: another filter a view added (`owner` its key), shown as its expression;
 * - `where`: the page author's filter, shown read-only.
 */
export type Clause =
  | { kind: 'q'; value: string }
  | { kind: 'refine' | 'exclude'; entry: string; field: string; value: string }
  | { kind: 'range'; owner: string; range: DateRange }
  | { kind: 'viewport'; owner: string; bbox: Bbox }
  | { kind: 'extra'; owner: string; expression: string }
  | { kind: 'where'; expression: string };

/** Every active clause of a query, in a stable order: search, refines, excludes, ranges, views, where. */
export function clausesOf(q: SharedQuery): Clause[] {
  const out: Clause[] = [];
  if (q.q?.trim()) out.push({ kind: 'q', value: q.q.trim() });
  for (const kind of ['refine', 'exclude'] as const) {
    for (const entry of q[kind] ?? []) {
      const p = readFacetValue(entry);
      out.push({ kind, entry, field: p?.name ?? '', value: p?.value ?? entry });
    }
  }
  for (const [owner, range] of Object.entries(q.ranges ?? {})) {
    if (range && (range.from || range.to)) out.push({ kind: 'range', owner, range });
  }
  for (const [owner, expression] of Object.entries(q.extra ?? {})) {
    if (!expression?.trim()) continue;
    const bbox = readBbox(expression);
    out.push(bbox ? { kind: 'viewport', owner, bbox } : { kind: 'extra', owner, expression });
  }
  if (q.where?.trim()) out.push({ kind: 'where', expression: q.where.trim() });
  return out;
}

/** Whether the visitor can remove the clause (the author's `where` stays). */
export const removable = (c: Clause): boolean => c.kind !== 'where';

/** The change of the shared query that removes one clause. */
export function withoutClause(q: SharedQuery, c: Clause): Partial<SharedQuery> {
  switch (c.kind) {
    case 'q':
      return { q: undefined };
    case 'refine':
    case 'exclude':
      return { [c.kind]: q[c.kind].filter((e) => e !== c.entry) };
    case 'range': {
      const ranges = { ...q.ranges };
      delete ranges[c.owner];
      return { ranges };
    }
    case 'viewport':
    case 'extra': {
      const extra = { ...q.extra };
      delete extra[c.owner];
      return { extra };
    }
    case 'where':
      return {};
  }
}

/** The change that removes every clause the visitor can remove. */
export function withoutAll(): Partial<SharedQuery> {
  return { q: undefined, refine: [], exclude: [], ranges: {}, extra: {} };
}

// --- selections: a view's chosen values of one field, as refines --------------------------------

/** The values of `field` refined in the query (`field:"a"`, `field:b`). */
export function refinedValues(q: SharedQuery, field: string): Set<string> {
  return new Set(
    q.refine
      .map(readFacetValue)
      .filter((p) => p?.name === field)
      .map((p) => p!.value),
  );
}

/** The query without any refine on `field`: what a view selecting on that field asks (as a disjunctive facet does). */
export function withoutRefinesOn(q: SharedQuery, field: string): SharedQuery {
  const refine = q.refine.filter((r) => readFacetValue(r)?.name !== field);
  return refine.length === q.refine.length ? q : { ...q, refine };
}

/**
 * Select or unselect one value of `field`: the new refines, and whether the value is now selected.
 * `multiple` (a disjunctive field, whose refines the portal OR-s) keeps the other values; else a new
 * choice replaces them. The value is written as a quoted literal (`facetValue`).
 */
export function toggleRefine(
  q: SharedQuery,
  field: string,
  value: string,
  multiple: boolean,
): { refine: string[]; on: boolean } {
  const mine = (r: string) => readFacetValue(r)?.name === field;
  const isThis = (r: string) => mine(r) && readFacetValue(r)!.value === value;
  if (q.refine.some(isThis)) return { refine: q.refine.filter((r) => !isThis(r)), on: false };
  const kept = multiple ? q.refine : q.refine.filter((r) => !mine(r));
  return { refine: [...kept, facetValue(field, value)], on: true };
}
