/**
 * What `embed.html` accepts from its URL (issue 7, "iframe embed"): the elements it renders and, per
 * element, the attributes it sets, each with a validator. Anything else — an unknown element, an
 * unknown parameter, an invalid value — renders nothing but an error naming the parameter.
 *
 * Left out on purpose:
 * - `attribution=external` (and any way to hide the notice): the licence and source stay visible;
 *   `full` and `compact` are allowed.
 * - `apikey`: a key in an iframe URL leaks through logs and `Referer`; embed public datasets only.
 * - `source`, `filter-viewport`: they link to other elements of the same page, and an embed has one;
 *   for the same reason no `<ode-date-range>` (it filters the other views of its `<ode-dataset>`).
 * - `consent-purpose`: an embed has no consent banner, so the basemap could never be allowed.
 * - `basemap` URLs (style or tile templates): only `offline` and the named presets, so an embed URL
 *   cannot make the frame load from an arbitrary server.
 * - ODSQL `where` / `refine`: `<ode-table>`, `<ode-chart>` and `<ode-map>` have no such attribute
 *   (filters live on `<ode-dataset>`, which an embed does not render); the `where` and
 *   `compare-where` of `<ode-kpi>` and `<ode-records>` are left out for the same reason.
 * Every allowed name is an attribute of the element in custom-elements.json (checked by
 * scripts/embed.test.js), so the list cannot drift from the elements.
 */
import { resolveOrigin } from '../api/domain.js';

/** Returns an explanation when `value` is invalid, else undefined. */
export type Validator = (value: string) => string | undefined;

const pattern =
  (re: RegExp, expected: string): Validator =>
  (v) =>
    re.test(v) ? undefined : `expected ${expected}`;

const oneOf =
  (...values: string[]): Validator =>
  (v) =>
    values.includes(v) ? undefined : `expected one of ${values.join(', ')}`;

const integer =
  (min: number, max: number): Validator =>
  (v) =>
    /^\d{1,6}$/.test(v) && +v >= min && +v <= max
      ? undefined
      : `expected a whole number from ${min} to ${max}`;

const number =
  (min: number, max: number): Validator =>
  (v) =>
    /^\d{1,9}(\.\d{1,6})?$/.test(v) && +v > min && +v <= max
      ? undefined
      : `expected a number greater than ${min}, at most ${max}`;

/** A boolean attribute: present (`stacked`, `stacked=` or `stacked=true`) or absent (`false`). */
const flag: Validator = oneOf('', 'true', 'false');

/** Plain text (set with setAttribute, so never parsed as HTML): a length limit, no control characters. */
const text =
  (max: number): Validator =>
  (v) =>
    v.length <= max && ![...v].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)
      ? undefined
      : `expected a text of at most ${max} characters`;

const FIELD = '[A-Za-z0-9_]{1,64}';
/** A field as an expression: its name, or backquoted (a field named like an ODSQL keyword: `select`). */
const REF = `(${FIELD}|\`${FIELD}\`)`;
const field = pattern(new RegExp(`^${FIELD}$`), 'a field name (letters, digits, _)');
const fieldList = pattern(
  new RegExp(`^${FIELD}(\\s*,\\s*${FIELD}){0,49}$`),
  'comma-separated field names (letters, digits, _)',
);

/** An aggregate: count(*), sum(f), avg(f), min(f), max(f), median(f), percentile(f, 90). */
const aggregate = pattern(
  new RegExp(
    `^(count\\(\\s*(\\*|${REF})\\s*\\)|(sum|avg|min|max|median|count)\\(\\s*${REF}\\s*\\)|percentile\\(\\s*${REF}\\s*,\\s*\\d{1,2}(\\.\\d{1,3})?\\s*\\))$`,
    'i',
  ),
  'an aggregate: count(*), sum(field), avg(field), min, max, median or percentile(field, 90)',
);

const domain: Validator = (v) => {
  if (!v) return 'expected a portal host (data.example.org) or origin (https://data.example.org)';
  try {
    resolveOrigin(v);
    return undefined;
  } catch {
    return 'expected a portal host (data.example.org) or origin (https://data.example.org)';
  }
};

/** Opendatasoft dataset identifiers: letters, digits, `-` and `_`. */
const dataset = pattern(
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/,
  'a dataset identifier (letters, digits, - and _)',
);

const attribution = oneOf('full', 'compact');

export interface ElementRule {
  /** The custom element rendered. */
  tag: string;
  /** Attributes that must be given. */
  required: string[];
  /** Every attribute accepted, with its validator. */
  attributes: Record<string, Validator>;
}

/** The elements an embed renders (`el=`), and what each accepts. */
export const ALLOWED: Record<string, ElementRule> = {
  table: {
    tag: 'ode-table',
    required: ['domain', 'dataset'],
    attributes: { domain, dataset, fields: fieldList, attribution, 'row-height': integer(20, 120) },
  },
  chart: {
    tag: 'ode-chart',
    required: ['domain', 'dataset'],
    attributes: {
      domain,
      dataset,
      type: oneOf('column', 'bar', 'line', 'area', 'pie', 'doughnut', 'scatter'),
      // a field or one function of a field: date, year(date)
      x: pattern(new RegExp(`^(${REF}|[A-Za-z_]{1,32}\\(\\s*${REF}\\s*\\))$`), 'a field name or fn(field)'),
      y: aggregate,
      label: text(120),
      'time-bucket': oneOf('auto', 'year', 'quarter', 'month', 'week', 'day', 'hour'),
      'x-step': number(0, 1e9),
      'series-by': field,
      'series-limit': integer(1, 50),
      'series-other': flag,
      order: oneOf('x asc', 'x desc', 'y asc', 'y desc'),
      limit: integer(1, 1000),
      stacked: flag,
      attribution,
    },
  },
  map: {
    tag: 'ode-map',
    required: ['domain', 'dataset'],
    attributes: {
      domain,
      dataset,
      mode: oneOf('auto', 'points', 'clusters', 'shapes', 'choropleth', 'heatmap'),
      'geo-field': field,
      'popup-fields': fieldList,
      'color-by': field,
      legend: flag,
      basemap: oneOf('offline', 'osm', 'ign-plan', 'openfreemap'),
      label: text(120),
      attribution,
    },
  },
  kpi: {
    tag: 'ode-kpi',
    required: ['domain', 'dataset'],
    attributes: {
      domain,
      dataset,
      // the same aggregates as a chart's y (no filter: an embed sends no ODSQL of its own)
      value: aggregate,
      label: text(120),
      format: pattern(
        /^(number|percent|compact|currency:[A-Za-z]{3})$/,
        'number, percent, compact or currency:EUR',
      ),
      unit: text(40),
      decimals: integer(0, 10),
      attribution,
    },
  },
  records: {
    tag: 'ode-records',
    required: ['domain', 'dataset'],
    // no template in an embed: each card lists the fields (set as text by the element)
    attributes: {
      domain,
      dataset,
      fields: fieldList,
      limit: integer(1, 100),
      'order-by': pattern(
        new RegExp(`^${REF}(\\s+(asc|desc))?(\\s*,\\s*${REF}(\\s+(asc|desc))?){0,4}$`, 'i'),
        'field names, each optionally followed by asc or desc',
      ),
      layout: oneOf('list', 'grid'),
      label: text(120),
      attribution,
    },
  },
  attribution: {
    tag: 'ode-attribution',
    required: ['domain', 'dataset'],
    attributes: { domain, dataset, compact: flag },
  },
};

/** URL parameters that are not element attributes. */
export const PAGE_PARAMS = {
  /** Which element (a key of ALLOWED). */
  el: 'table | chart | map | kpi | records | attribution',
  /** Sent back in every resize message, so a page with several frames can tell them apart. */
  id: 'letters, digits, - _ . :, at most 64',
  /** The page language (the elements' texts, number and date formats follow it). */
  lang: 'a language tag such as fr or en-GB',
} as const;

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

export type EmbedSpec =
  | { ok: true; tag: string; attributes: [string, string][]; id: string; lang?: string }
  | { ok: false; param: string; message: string };

/** The element and attributes an embed URL asks for, or the first parameter that is not acceptable. */
export function parseEmbed(params: URLSearchParams): EmbedSpec {
  const fail = (param: string, message: string): EmbedSpec => ({ ok: false, param, message });
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) return fail(name, `the parameter "${name}" is given more than once`);
    seen.add(name);
  }
  const el = params.get('el');
  if (el === null) return fail('el', `the parameter "el" is missing (expected ${PAGE_PARAMS.el})`);
  const rule = Object.hasOwn(ALLOWED, el) ? ALLOWED[el] : undefined;
  if (!rule) return fail('el', `"el" must be one of ${Object.keys(ALLOWED).join(', ')}`);
  const id = params.get('id') ?? '';
  if (params.has('id') && !ID.test(id)) return fail('id', `"id" is not valid: expected ${PAGE_PARAMS.id}`);
  const lang = params.get('lang') ?? undefined;
  if (lang !== undefined && !LANG.test(lang))
    return fail('lang', `"lang" is not valid: expected ${PAGE_PARAMS.lang}`);
  const attributes: [string, string][] = [];
  for (const [name, value] of params) {
    if (Object.hasOwn(PAGE_PARAMS, name)) continue;
    const validate = Object.hasOwn(rule.attributes, name) ? rule.attributes[name] : undefined;
    if (!validate)
      return fail(
        name,
        `"${name}" is not a parameter of the ${el} embed (accepted: ${Object.keys(rule.attributes).join(', ')})`,
      );
    const problem = validate(value.trim());
    if (problem) return fail(name, `"${name}" is not valid: ${problem}`);
    // a boolean attribute given as false is left out
    if (validate === flag && value.trim() === 'false') continue;
    attributes.push([name, validate === flag ? '' : value.trim()]);
  }
  for (const name of rule.required)
    if (!params.has(name)) return fail(name, `the parameter "${name}" is missing`);
  return { ok: true, tag: rule.tag, attributes, id, lang };
}
