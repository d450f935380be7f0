import { facetValue, field, inBbox } from '../api/odsql.js';
import { readBbox, readFacetValue } from './query-clauses.js';
import type { DateRange, SharedQuery } from './source.js';

/**
 * The shared query of an `<ode-dataset url-sync>` in the page address, and back. Keys are prefixed by
 * the dataset element's id, so several datasets share one address:
 *
 * | key | value | e.g. |
 * |---|---|---|
 * | `<id>.q` | the full-text search | `communes.q=saint` |
 * | `<id>.refine` | `field:value`, repeated | `communes.refine=nom_region:Bretagne` |
 * | `<id>.exclude` | `field:value`, repeated | `communes.exclude=zone:drom` |
 * | `<id>.sort` | `field ASC` / `field DESC`, comma-separated | `communes.sort=population DESC` |
 * | `<id>.range.<owner>` | `field:from..to` (days, either may be empty) | `weather.range.select-date=date:2012-01-01..2012-01-31` |
 * | `<id>.viewport.<owner>` | `field:west,south,east,north` (with `url-sync="viewport"`) | `trees.viewport.ode-map-1=geo:2.2,48.8,2.4,48.9` |
 *
 * Everything read back is checked: field names must be names, values become quoted literals (a refine is
 * a value, never an expression), dates must be calendar days, numbers finite. What fails is skipped with a
 * warning, never thrown.
 */

/** The parts of the shared query an address carries. */
export type UrlQuery = Pick<SharedQuery, 'q' | 'refine' | 'exclude' | 'orderBy' | 'ranges' | 'extra'>;

export interface UrlOptions {
  /** Also carry map viewports (`url-sync="viewport"`). */
  viewport?: boolean;
}

export interface UrlRead {
  /** The query the address holds for this dataset (empty parts when absent). */
  query: UrlQuery;
  /** Whether the address holds any key of this dataset. */
  found: boolean;
  /** What was skipped, and why (for console warnings). */
  warnings: string[];
}

/** Longest search text accepted from an address. */
const MAX_TEXT = 1000;
const NAME = /^[A-Za-z0-9_]+$/;
const FACET_NAME = /^[A-Za-z0-9_.]+$/;
const OWNER = /^[A-Za-z0-9_-]+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SORT = /^[A-Za-z0-9_]+( (asc|desc))?(, ?[A-Za-z0-9_]+( (asc|desc))?)*$/i;

const isOurs = (key: string, id: string) => key.startsWith(`${id}.`);

/** The address's parameters with this dataset's keys replaced by `query` (other keys kept, in order). */
export function writeUrlQuery(
  params: URLSearchParams,
  id: string,
  query: UrlQuery,
  options: UrlOptions = {},
): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of params) if (!isOurs(k, id)) out.append(k, v);
  const p = (key: string, value: string) => out.append(`${id}.${key}`, value);
  if (query.q?.trim()) p('q', query.q.trim());
  for (const kind of ['refine', 'exclude'] as const) {
    for (const entry of query[kind] ?? []) {
      const f = readFacetValue(entry);
      if (f && FACET_NAME.test(f.name)) p(kind, `${f.name}:${f.value}`);
    }
  }
  // written without the backquotes of keyword names (`date` DESC → date DESC); read back through field()
  const sort = query.orderBy?.replace(/`/g, '').trim();
  if (sort && SORT.test(sort)) p('sort', sort);
  for (const [owner, r] of Object.entries(query.ranges ?? {})) {
    if (OWNER.test(owner) && NAME.test(r.field) && (r.from || r.to))
      p(`range.${owner}`, `${r.field}:${r.from ?? ''}..${r.to ?? ''}`);
  }
  if (options.viewport) {
    for (const [owner, expression] of Object.entries(query.extra ?? {})) {
      const b = readBbox(expression);
      if (b && OWNER.test(owner))
        p(`viewport.${owner}`, `${b.field}:${b.west},${b.south},${b.east},${b.north}`);
    }
  }
  return out;
}

/** The query this dataset's keys of the address hold, checked. */
export function readUrlQuery(params: URLSearchParams, id: string, options: UrlOptions = {}): UrlRead {
  const query: UrlQuery = { refine: [], exclude: [], ranges: {}, extra: {} };
  const warnings: string[] = [];
  let found = false;
  const skip = (key: string, value: string, why: string) =>
    warnings.push(`address key "${key}=${value}" ignored: ${why}.`);
  for (const [key, value] of params) {
    if (!isOurs(key, id)) continue;
    found = true;
    const name = key.slice(id.length + 1);
    const dot = name.indexOf('.');
    const kind = dot < 0 ? name : name.slice(0, dot);
    const owner = dot < 0 ? undefined : name.slice(dot + 1);
    if ((kind === 'range' || kind === 'viewport') !== (owner !== undefined)) {
      skip(key, value, 'unknown key');
      continue;
    }
    if (owner !== undefined && !OWNER.test(owner)) {
      skip(key, value, 'bad owner name');
      continue;
    }
    switch (kind) {
      case 'q': {
        const text = value.trim();
        if (text.length > MAX_TEXT) skip(key, value.slice(0, 40), 'search text too long');
        else if (text) query.q = text;
        break;
      }
      case 'refine':
      case 'exclude': {
        const i = value.indexOf(':');
        const f = value.slice(0, i);
        if (i <= 0 || !FACET_NAME.test(f)) {
          skip(key, value, 'expected field:value');
          break;
        }
        // the value is written as a quoted literal: text, never an expression
        const entry = facetValue(f, value.slice(i + 1));
        if (!query[kind].includes(entry)) query[kind].push(entry);
        break;
      }
      case 'sort': {
        const text = value.trim();
        if (!SORT.test(text)) {
          skip(key, value, 'expected field ASC or field DESC');
          break;
        }
        // each name as an ODSQL field (keywords backquoted), each direction upper-case
        query.orderBy = text
          .split(',')
          .map((part) => {
            const [n, dir] = part.trim().split(' ');
            return dir ? `${field(n)} ${dir.toUpperCase()}` : field(n);
          })
          .join(', ');
        break;
      }
      case 'range': {
        const range = readRange(value);
        if (!range) skip(key, value, 'expected field:YYYY-MM-DD..YYYY-MM-DD');
        else query.ranges[owner!] = range;
        break;
      }
      case 'viewport': {
        if (!options.viewport) {
          skip(key, value, 'viewport not synchronised (url-sync="viewport")');
          break;
        }
        const b = readViewport(value);
        if (!b) skip(key, value, 'expected field:west,south,east,north');
        else query.extra[owner!] = inBbox(b.field, b.west, b.south, b.east, b.north);
        break;
      }
      default:
        skip(key, value, 'unknown key');
    }
  }
  return { query, found, warnings };
}

function realDay(day: string): boolean {
  if (!DAY.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

function readRange(value: string): DateRange | undefined {
  const m = /^([A-Za-z0-9_]+):([0-9-]*)\.\.([0-9-]*)$/.exec(value.trim());
  if (!m) return undefined;
  const [, f, from, to] = m;
  if (!from && !to) return undefined;
  if ((from && !realDay(from)) || (to && !realDay(to))) return undefined;
  if (from && to && from > to) return undefined;
  return { field: f, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function readViewport(value: string) {
  const m = /^([A-Za-z0-9_]+):([^,]+),([^,]+),([^,]+),([^,]+)$/.exec(value.trim());
  if (!m) return undefined;
  const [west, south, east, north] = [m[2], m[3], m[4], m[5]].map((s) => (s.trim() ? Number(s) : NaN));
  if (![west, south, east, north].every(Number.isFinite)) return undefined;
  if (south < -90 || north > 90 || south > north || west < -540 || east > 540) return undefined;
  return { field: m[1], west, south, east, north };
}

/**
 * How a change of the query goes into the browser's history: a new entry for what the visitor did
 * (so Back undoes it), the current entry replaced while they type a search or move a map (one entry for
 * the whole typing, not one per letter).
 */
export function historyMode(
  changed: readonly (keyof SharedQuery)[],
  previous: readonly (keyof SharedQuery)[] | undefined,
): 'push' | 'replace' {
  const typing = (keys: readonly (keyof SharedQuery)[]) => keys.length > 0 && keys.every((k) => k === 'q');
  if (changed.length > 0 && changed.every((k) => k === 'extra')) return 'replace';
  if (typing(changed) && previous && typing(previous)) return 'replace';
  return 'push';
}
