/**
 * The builder's pure logic: which field may play which role, the element and attributes a state
 * stands for, the HTML snippet, the embed URL and the iframe code. No DOM, no requests: unit-tested
 * directly (test/builder-model.test.ts). Every value written into HTML goes through `escapeAttr`; every
 * value written into a URL goes through URLSearchParams.
 */
import type { DatasetField, FieldType } from '../api/types.js';
import { resolveOrigin, DomainError } from '../api/domain.js';
import { field, str } from '../api/odsql.js';
import { CHART_TYPES, TIME_BUCKETS, type ChartType } from '../chart/spec.js';

export const VIEWS = ['table', 'chart', 'map', 'kpi', 'records'] as const;
export type View = (typeof VIEWS)[number];

/** Chart types offered (scatter needs two numeric axes, which the builder does not ask for). */
export const BUILDER_CHART_TYPES = CHART_TYPES.filter((t) => t !== 'scatter') as ChartType[];
export const BUILDER_TIME_BUCKETS = ['auto', ...TIME_BUCKETS] as const;
export type BuilderTimeBucket = (typeof BUILDER_TIME_BUCKETS)[number];
export const AGGREGATES = ['sum', 'avg', 'min', 'max'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
/** Map modes offered; `shapes` only when the geographic field is a `geo_shape`. */
export const MAP_MODES = ['auto', 'points', 'clusters', 'heatmap', 'shapes'] as const;
export type BuilderMapMode = (typeof MAP_MODES)[number];
/** Highest chart `limit` the builder writes (the embed page accepts 1–1000; past that a chart is unreadable). */
export const MAX_LIMIT = 1000;

/** What a field can be used for. */
export type Role = 'column' | 'x' | 'y' | 'popup' | 'geo';

const ROLES: Record<FieldType, Role[]> = {
  text: ['column', 'x', 'popup'],
  int: ['column', 'y', 'popup'],
  double: ['column', 'y', 'popup'],
  boolean: ['column', 'popup'],
  date: ['column', 'x', 'popup'],
  datetime: ['column', 'x', 'popup'],
  geo_point_2d: ['geo'],
  geo_shape: ['geo'],
  file: ['column'],
  json_blob: [],
};

/** The roles a field type allows (an unknown type: none). */
export function rolesOf(type: string): Role[] {
  return ROLES[type as FieldType] ?? [];
}

/** The fields of a dataset that may play a role, in dataset order. */
export function fieldsFor(fields: readonly DatasetField[], role: Role): DatasetField[] {
  // a name no ODSQL identifier can express cannot be queried: never offered
  return fields.filter((f) => /^[A-Za-z0-9_]+$/.test(f.name) && rolesOf(f.type).includes(role));
}

/** Date fields are grouped by a time bucket. */
export const isDateType = (type: string): boolean => type === 'date' || type === 'datetime';

/** The views a dataset allows: a map only with a geographic field. */
export function viewsFor(fields: readonly DatasetField[]): View[] {
  return fieldsFor(fields, 'geo').length
    ? ['table', 'chart', 'map', 'kpi', 'records']
    : ['table', 'chart', 'kpi', 'records'];
}

/** The fields a date filter (`<ode-date-range>`) can filter on. */
export function dateFieldsOf(fields: readonly DatasetField[]): DatasetField[] {
  return fieldsFor(fields, 'column').filter((f) => isDateType(f.type));
}

export interface TableOptions {
  /** Field names, in column order. */
  fields: string[];
}
export interface ChartOptions {
  type: ChartType;
  x?: string;
  /** Only for a date x. */
  timeBucket?: BuilderTimeBucket;
  /** `count` or an aggregate of `yField`. */
  aggregate: 'count' | Aggregate;
  yField?: string;
  limit?: number;
}
export interface MapOptions {
  popupFields: string[];
  mode: BuilderMapMode;
  /** Written only when the dataset has several geographic fields. */
  geoField?: string;
}

export interface KpiOptions {
  /** `count` or an aggregate of `field`. */
  aggregate: 'count' | Aggregate;
  field?: string;
  /** Text above the figure ('' for the element's default). */
  label: string;
}
export interface RecordsOptions {
  /** Field names shown on each card, in order. */
  fields: string[];
  layout: 'list' | 'grid';
}

export interface BuilderState {
  /** A host (`data.example.org`) or an origin (`http://127.0.0.1:8787`). */
  domain: string;
  dataset: string;
  /** The dataset's title, for the iframe's accessible name. */
  title?: string;
  view: View;
  table: TableOptions;
  chart: ChartOptions;
  map: MapOptions;
  kpi: KpiOptions;
  records: RecordsOptions;
  /**
   * A date field to filter the view by: the snippet then wraps the view in an `<ode-dataset>` with an
   * `<ode-date-range>` (the iframe embed shows one element, so it has no date filter).
   */
  dateField?: string;
}

/** Default options of every view for a dataset's fields. */
export function defaultOptions(
  fields: readonly DatasetField[],
): Pick<BuilderState, 'table' | 'chart' | 'map' | 'kpi' | 'records'> {
  const columns = fieldsFor(fields, 'column').map((f) => f.name);
  const xs = fieldsFor(fields, 'x');
  // a date makes the most telling default chart (records over time), else the first text field
  const x = xs.find((f) => isDateType(f.type)) ?? xs[0];
  const geo = fieldsFor(fields, 'geo');
  return {
    table: { fields: columns.slice(0, 8) },
    chart: {
      type: x && isDateType(x.type) ? 'line' : 'column',
      x: x?.name,
      timeBucket: x && isDateType(x.type) ? 'auto' : undefined,
      aggregate: 'count',
      limit: x && !isDateType(x.type) ? 20 : undefined,
    },
    map: {
      popupFields: fieldsFor(fields, 'popup')
        .filter((f) => f.type === 'text')
        .slice(0, 2)
        .map((f) => f.name),
      mode: 'auto',
      geoField: geo.length > 1 ? (geo.find((f) => f.type === 'geo_point_2d') ?? geo[0]).name : undefined,
    },
    kpi: { aggregate: 'count', label: '' },
    records: { fields: columns.slice(0, 4), layout: 'grid' },
  };
}

/** The key figure's `value` attribute: `count(*)` or `sum(f)`, `avg(f)`… */
export function kpiValue(k: KpiOptions): string {
  return k.aggregate === 'count' || !k.field ? 'count(*)' : `${k.aggregate}(${field(k.field)})`;
}

/** The chart's `y` attribute: `count(*)` or `sum(f)`, `avg(f)`… (keywords backquoted: `sum(\`select\`)`). */
export function yExpression(c: ChartOptions): string {
  return c.aggregate === 'count' || !c.yField ? 'count(*)' : `${c.aggregate}(${field(c.yField)})`;
}

/** Tag name of a view's element. */
export const tagOf = (view: View): string => `ode-${view}`;

/**
 * The element's attributes for a state, in the order they are written: `domain`, `dataset`, then the
 * view's options. Values are raw (not escaped); names are the element's attribute names.
 */
export function attributesOf(s: BuilderState): [string, string][] {
  const out: [string, string][] = [
    ['domain', s.domain.trim()],
    ['dataset', s.dataset],
  ];
  if (s.view === 'table') {
    if (s.table.fields.length) out.push(['fields', s.table.fields.join(',')]);
  } else if (s.view === 'chart') {
    const c = s.chart;
    out.push(['type', c.type]);
    if (c.x) out.push(['x', c.x]);
    if (c.x && c.timeBucket) out.push(['time-bucket', c.timeBucket]);
    out.push(['y', yExpression(c)]);
    if (c.limit !== undefined) out.push(['limit', String(c.limit)]);
  } else if (s.view === 'kpi') {
    out.push(['value', kpiValue(s.kpi)]);
    if (s.kpi.label.trim()) out.push(['label', s.kpi.label.trim()]);
  } else if (s.view === 'records') {
    if (s.records.fields.length) out.push(['fields', s.records.fields.join(',')]);
    if (s.records.layout !== 'list') out.push(['layout', s.records.layout]);
  } else {
    const m = s.map;
    if (m.mode !== 'auto') out.push(['mode', m.mode]);
    if (m.geoField) out.push(['geo-field', m.geoField]);
    if (m.popupFields.length) out.push(['popup-fields', m.popupFields.join(',')]);
  }
  return out;
}

/** Escape a value for a double-quoted HTML attribute (`&`, `"`, `<`, `>`). */
export function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The public CDN folder of a version. */
export function cdnBase(version: string): string {
  return `https://cdn.jsdelivr.net/npm/open-data-elements@${encodeURIComponent(version)}/dist/cdn/`;
}

const attrsHtml = (attrs: [string, string][]) => attrs.map(([n, v]) => ` ${n}="${escapeAttr(v)}"`).join('');

/**
 * The element's markup, e.g. `<ode-table domain="…" dataset="…" fields="a,b"></ode-table>`; with a
 * date filter, the view and an `<ode-date-range>` inside an `<ode-dataset>` that names the dataset.
 */
export function elementHtml(s: BuilderState): string {
  const tag = tagOf(s.view);
  const attrs = attributesOf(s);
  if (!s.dateField) return `<${tag}${attrsHtml(attrs)}></${tag}>`;
  const [domain, dataset, ...own] = attrs;
  return (
    `<ode-dataset${attrsHtml([domain, dataset])}>\n` +
    `  <ode-date-range${attrsHtml([['field', s.dateField]])}></ode-date-range>\n` +
    `  <${tag}${attrsHtml(own)}></${tag}>\n` +
    `</ode-dataset>`
  );
}

/** The HTML snippet: the CDN script and the element. */
export function snippet(s: BuilderState, version: string, base = cdnBase(version)): string {
  return snippetWith(s, `${base}ode.js`);
}

/** The HTML snippet with a given script URL (the builder's "Script URL" field). */
export function snippetWith(s: BuilderState, scriptUrl: string): string {
  return `<script type="module" src="${escapeAttr(scriptUrl)}"></script>\n${elementHtml(s)}`;
}

/**
 * A script URL as typed: an absolute `http(s)` URL of a `.js` file (e.g. a self-hosted
 * `https://static.example.org/ode/0.1.0/ode.js`), or why it is not one.
 */
export function checkScriptUrl(input: string): { url: string } | { error: string } {
  const v = input.trim();
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return { error: 'Enter the full address of ode.js, e.g. https://static.example.org/ode/0.1.0/ode.js.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { error: `"${v}" is not an http or https address.` };
  if (!url.pathname.endsWith('.js'))
    return { error: `"${v}" does not name a script: the address ends with ode.js.` };
  return { url: url.href };
}

/**
 * The folder of the embed page that goes with a script URL: the script's own folder when it is
 * self-hosted (the CDN build holds `embed.html` next to `ode.js`), none for jsDelivr (it serves HTML as
 * text, so the embed page must come from a web host).
 */
export function embedBaseFor(scriptUrl: string): string | undefined {
  const url = new URL(scriptUrl);
  if (url.hostname === 'cdn.jsdelivr.net') return undefined;
  return new URL('./', url).href;
}

/**
 * A linked dashboard of the dataset: one `<ode-dataset url-sync>` holding a search, facets (when the
 * dataset has facet fields), the filter summary, the number of matching records (`<ode-kpi>`), the chart, the map (when it has a geographic field) and
 * the table with the builder's current options, charts and maps filtering the others on click, and one
 * shared attribution notice. `fields` are the dataset's fields.
 */
export function dashboardHtml(s: BuilderState, fields: readonly DatasetField[]): string {
  const views = viewsFor(fields).filter((v) => !viewProblem(fields, v));
  // the address keys are prefixed by the dataset element's id: letters, digits, - and _
  const id = s.dataset.replace(/[^A-Za-z0-9_-]/g, '-') || 'data';
  const own = (view: View) => attributesOf({ ...s, view }).filter(([n]) => n !== 'domain' && n !== 'dataset');
  const x = fields.find((f) => f.name === s.chart.x);
  const line = (tag: string, attrs: [string, string][], flags: string[] = []) =>
    `  <${tag}${attrs.map(([n, v]) => ` ${n}="${escapeAttr(v)}"`).join('')}${flags.map((f) => ` ${f}`).join('')}></${tag}>`;
  const facets = fields.some((f) => 'facet' in (f.annotations ?? {}) && f.annotations.facet !== false);
  const lines = [
    `<ode-dataset id="${escapeAttr(id)}" url-sync domain="${escapeAttr(s.domain.trim())}" dataset="${escapeAttr(s.dataset)}">`,
    line('ode-search', []),
    ...(facets ? [line('ode-facets', [])] : []),
    line('ode-filters', []),
  ];
  const external: [string, string] = ['attribution', 'external'];
  // the number of matching records, as a key figure that follows every filter
  lines.push(line('ode-kpi', [external]));
  if (views.includes('chart'))
    lines.push(line('ode-chart', [...own('chart'), external], ['filter-on-click']));
  if (views.includes('map')) {
    // the map filters on the chart's field when it is text (both views then select the same thing)
    const filterField: [string, string][] = x?.type === 'text' ? [['filter-field', x.name]] : [];
    lines.push(line('ode-map', [...own('map'), ...filterField, external], ['filter-on-click']));
  }
  if (views.includes('table')) lines.push(line('ode-table', [...own('table'), external]));
  // <ode-attribution> reads its own dataset (it is no view of the shared query)
  lines.push(
    line('ode-attribution', [
      ['domain', s.domain.trim()],
      ['dataset', s.dataset],
    ]),
    '</ode-dataset>',
  );
  return lines.join('\n');
}

/** The dashboard snippet: the CDN script and the linked dashboard. */
export function dashboardSnippet(
  s: BuilderState,
  fields: readonly DatasetField[],
  version: string,
  base = cdnBase(version),
): string {
  return `<script type="module" src="${escapeAttr(`${base}ode.js`)}"></script>\n${dashboardHtml(s, fields)}`;
}

/** The embed page URL for a state: `<base>embed.html?el=…&domain=…&dataset=…&<attr>=…&id=…`. */
export function embedUrl(s: BuilderState, base: string, id: string): string {
  const p = new URLSearchParams({ el: s.view });
  for (const [n, v] of attributesOf(s)) p.append(n, v);
  p.set('id', id);
  return `${base}embed.html?${p.toString()}`;
}

/**
 * A stable frame id for a state (the resize messages name it), e.g. `ode-chart-seattle-weather`: letters,
 * digits, `-` and `_`, at most 64 characters, as the embed page accepts.
 */
export function frameId(s: BuilderState): string {
  return `ode-${s.view}-${s.dataset.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 64);
}

/** Frame heights that fit each view with its attribution (the resize listener adjusts them). */
const FRAME_HEIGHT: Record<View, number> = { table: 520, chart: 460, map: 520, kpi: 180, records: 640 };

/**
 * The host page's listener (as documented in docs/embed.md): trusts only messages from the embed page's
 * origin, and sizes the very frame that sent the message, so several embeds never resize each other.
 */
export function resizeListener(embedOrigin: string): string {
  // JSON.stringify gives a JS string literal; `<` is escaped so the value cannot close the script
  const origin = JSON.stringify(embedOrigin).replace(/</g, '\\u003c');
  return `<script>
addEventListener('message', function (e) {
  var d = e.data;
  if (e.origin !== ${origin} || !d || d.type !== 'ode-embed:resize') return;
  var h = Math.min(Math.max(Number(d.height) || 0, 0), 10000);
  document.querySelectorAll('iframe').forEach(function (f) {
    if (f.contentWindow === e.source) f.style.height = Math.ceil(h) + 'px';
  });
});
</script>`;
}

/** A readable name for the iframe: "<title> (chart)". */
export function frameTitle(s: BuilderState): string {
  return `${s.title?.trim() || s.dataset} (${s.view})`;
}

/** The frame height that fits a view with its attribution (px), the fixed iframe's default. */
export const frameHeight = (view: View): number => FRAME_HEIGHT[view];

/** The `<iframe>` element alone, `height` px high. */
function iframeTag(s: BuilderState, base: string, height: number): string {
  const id = frameId(s);
  const src = embedUrl(s, base, id);
  return (
    `<iframe id="${escapeAttr(id)}" src="${escapeAttr(src)}" title="${escapeAttr(frameTitle(s))}" ` +
    `style="width: 100%; height: ${Math.round(height)}px; border: 0" loading="lazy"></iframe>`
  );
}

/** The auto-resizing iframe code: the frame and the resize listener (a `<script>`). */
export function iframeCode(s: BuilderState, base: string): string {
  return `${iframeTag(s, base, FRAME_HEIGHT[s.view])}\n${resizeListener(new URL(base).origin)}`;
}

/** The script-free iframe code, for CMSs that strip scripts: the frame alone, at a fixed height. */
export function fixedIframeCode(s: BuilderState, base: string, height = FRAME_HEIGHT[s.view]): string {
  return iframeTag(s, base, height);
}

/** A frame height as typed: whole pixels from 100 to 3000, or why not. */
export function checkHeight(input: string): { height: number } | { error: string } {
  const v = input.trim();
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 100 || n > 3000)
    return { error: `"${v}" is not a height: enter a whole number of pixels from 100 to 3000.` };
  return { height: n };
}

/** A domain as typed, checked: the origin it stands for, or why it cannot be one. */
export function checkDomain(input: string): { origin: string } | { error: string } {
  const v = input.trim();
  if (!v) return { error: 'Enter a portal domain, e.g. data.example.org.' };
  try {
    return { origin: resolveOrigin(v) };
  } catch (e) {
    if (e instanceof DomainError)
      return {
        error: `"${v}" is not a portal domain: enter a host such as data.example.org or an address such as https://data.example.org.`,
      };
    throw e;
  }
}

/** A chart limit as typed: a whole number from 1 to 1,000, or empty for none. */
export function checkLimit(input: string): { limit?: number } | { error: string } {
  const v = input.trim();
  if (!v) return { limit: undefined };
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    return { error: `The limit must be a whole number from 1 to ${MAX_LIMIT.toLocaleString('en')}.` };
  return { limit: n };
}

/** Why a view cannot be built from a dataset's fields, if it cannot. */
export function viewProblem(fields: readonly DatasetField[], view: View): string | undefined {
  if (view === 'table' && !fieldsFor(fields, 'column').length)
    return 'This dataset has no field a table can show.';
  if (view === 'chart' && !fieldsFor(fields, 'x').length)
    return 'This dataset has no text or date field to group a chart by.';
  if (view === 'records' && !fieldsFor(fields, 'column').length)
    return 'This dataset has no field a card can show.';
  if (view === 'map' && !fieldsFor(fields, 'geo').length)
    return 'This dataset has no geographic field (geo_point_2d or geo_shape): it cannot be mapped.';
  return undefined;
}

/** The catalog search's `where`: a quoted full-text `search("…")`, or nothing for an empty text. */
export function catalogWhere(text: string): string | undefined {
  const t = text.trim();
  return t ? `search(${str(t)})` : undefined;
}
