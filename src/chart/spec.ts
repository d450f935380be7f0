/**
 * The chart's pure logic: reading attributes into a spec (with precise errors), writing the one
 * grouped `records` request per dataset, and turning the portal's grouped answers into the categories
 * and series that are drawn, listed in the table view and exported as CSV. No DOM, no chart.js:
 * unit-tested directly.
 */
import { field } from '../api/odsql.js';
import { asText } from '../core/text.js';

export const CHART_TYPES = ['bar', 'column', 'line', 'area', 'pie', 'doughnut', 'scatter'] as const;
export type ChartType = (typeof CHART_TYPES)[number];
export const TIME_BUCKETS = ['year', 'quarter', 'month', 'week', 'day', 'hour'] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];
/** The `order` attribute: `x asc`, `x desc`, `y asc` or `y desc`. */
export type ChartOrder = `${'x' | 'y'} ${'asc' | 'desc'}`;
/** The Explore API answers at most 20,000 groups per request. */
export const MAX_GROUPS = 20_000;

export class ChartSpecError extends Error {
  override name = 'ChartSpecError';
}

export interface SeriesSpec {
  /** An ODSQL aggregate: `count(*)`, `sum(f)`, `avg(f)`, `percentile(f, 90)`… */
  y: string;
  label?: string;
  /** A series may be drawn differently from the chart (`line` over `column`…). */
  type?: ChartType;
  axis: 'left' | 'right';
  /** Which dataset: '' for the chart's own, else a key the element resolves. */
  sourceKey: string;
  /** The x field in another dataset, when it is named differently there. */
  x?: string;
}

export interface ChartSpec {
  type: ChartType;
  /** A field name or an ODSQL expression. */
  x: string;
  timeBucket?: TimeBucket | 'auto';
  /** Equal-width numeric buckets: `range(x, step)`. */
  xStep?: number;
  seriesBy?: string;
  seriesLimit?: number;
  seriesOther: boolean;
  order?: { by: 'x' | 'y'; dir: 'asc' | 'desc' };
  limit?: number;
  stacked: boolean;
  series: SeriesSpec[];
}

export interface ChartAttributes {
  type?: string | null;
  x?: string | null;
  y?: string | null;
  label?: string | null;
  timeBucket?: string | null;
  xStep?: string | number | null;
  seriesBy?: string | null;
  seriesLimit?: string | number | null;
  seriesOther?: boolean;
  order?: string | null;
  limit?: string | number | null;
  stacked?: boolean;
}

export interface SeriesAttributes {
  y?: string | null;
  label?: string | null;
  type?: string | null;
  axis?: string | null;
  x?: string | null;
  sourceKey: string;
}

const isIdentifier = (s: string) => /^[A-Za-z0-9_]+$/.test(s);

function positiveInt(name: string, v: string | number | null | undefined, max: number): number | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new ChartSpecError(`"${name}" must be a whole number from 1 to ${max}, not "${v}".`);
  return n;
}

function oneOf<T extends string>(name: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v))
    throw new ChartSpecError(`"${name}" must be one of ${allowed.join(', ')}, not "${v}".`);
  return v as T;
}

/** Read the chart's attributes and its `<ode-series>` children; throws a ChartSpecError naming the bad one. */
export function readSpec(a: ChartAttributes, children: SeriesAttributes[] = []): ChartSpec {
  const type = oneOf('type', (a.type || 'column').trim().toLowerCase(), CHART_TYPES);
  const x = (a.x ?? '').trim();
  if (!x) throw new ChartSpecError('"x" is missing: name a field or an ODSQL expression to group by.');
  let timeBucket: ChartSpec['timeBucket'];
  if (a.timeBucket)
    timeBucket = oneOf('time-bucket', a.timeBucket.trim(), [...TIME_BUCKETS, 'auto' as const]);
  let xStep: number | undefined;
  if (a.xStep !== null && a.xStep !== undefined && a.xStep !== '') {
    xStep = Number(a.xStep);
    if (!Number.isFinite(xStep) || xStep <= 0)
      throw new ChartSpecError(`"x-step" must be a positive number, not "${a.xStep}".`);
    if (timeBucket)
      throw new ChartSpecError('Use either "time-bucket" (dates) or "x-step" (numbers), not both.');
  }
  if ((timeBucket || xStep) && !isIdentifier(x))
    throw new ChartSpecError(
      `"${timeBucket ? 'time-bucket' : 'x-step'}" needs "x" to be a field name, not "${x}".`,
    );
  const seriesBy = a.seriesBy?.trim() || undefined;
  if (seriesBy && !isIdentifier(seriesBy))
    throw new ChartSpecError(`"series-by" must be a field name, not "${seriesBy}".`);
  let order: ChartSpec['order'];
  if (a.order && a.order.trim()) {
    const m = /^(x|y)(?:\s+(asc|desc))?$/i.exec(a.order.trim());
    if (!m)
      throw new ChartSpecError(`"order" must be "x asc", "x desc", "y asc" or "y desc", not "${a.order}".`);
    order = { by: m[1].toLowerCase() as 'x' | 'y', dir: (m[2]?.toLowerCase() ?? 'asc') as 'asc' | 'desc' };
  }
  const series: SeriesSpec[] = children.length
    ? children.map((c, i) => {
        const y = (c.y ?? '').trim();
        if (!y)
          throw new ChartSpecError(
            `<ode-series> number ${i + 1} has no "y" (an aggregate such as count(*)).`,
          );
        return {
          y,
          label: c.label?.trim() || undefined,
          type: c.type ? oneOf('type', c.type.trim().toLowerCase(), CHART_TYPES) : undefined,
          axis: c.axis ? oneOf('axis', c.axis.trim().toLowerCase(), ['left', 'right'] as const) : 'left',
          sourceKey: c.sourceKey,
          ...(c.x?.trim() ? { x: seriesX(c.x.trim(), i, !!(timeBucket || xStep)) } : {}),
        };
      })
    : [
        {
          y: (a.y ?? '').trim() || 'count(*)',
          label: a.label?.trim() || undefined,
          axis: 'left',
          sourceKey: '',
        },
      ];
  if (seriesBy && series.length > 1)
    throw new ChartSpecError('"series-by" splits one "y" into series: use it without <ode-series>.');
  if ((type === 'pie' || type === 'doughnut') && (series.length > 1 || seriesBy))
    throw new ChartSpecError(
      `A ${type} chart shows one series: remove "series-by" or the extra <ode-series>.`,
    );
  const spec: ChartSpec = {
    type,
    x,
    timeBucket,
    xStep,
    seriesBy,
    seriesLimit: positiveInt('series-limit', a.seriesLimit, 100),
    seriesOther: !!a.seriesOther,
    order,
    limit: positiveInt('limit', a.limit, MAX_GROUPS),
    stacked: !!a.stacked,
    series,
  };
  if (spec.seriesOther && !spec.seriesLimit)
    throw new ChartSpecError('"series-other" groups the series past "series-limit": set "series-limit" too.');
  if (spec.seriesOther && !isAdditive(series[0].y))
    throw new ChartSpecError(
      `"series-other" adds up the series it groups, which "${series[0].y}" cannot be (use count or sum).`,
    );
  return spec;
}

function seriesX(x: string, i: number, bucketed: boolean): string {
  if (bucketed && !isIdentifier(x))
    throw new ChartSpecError(
      `<ode-series> number ${i + 1}: "x" must be a field name to be bucketed, not "${x}".`,
    );
  return x;
}

/** Aggregates whose group values add up to the value of the union (so an "Other" series is exact). */
export function isAdditive(y: string): boolean {
  return /^\s*(count\s*\(\s*(\*|[A-Za-z0-9_]+)\s*\)|sum\s*\(\s*[A-Za-z0-9_]+\s*\))\s*$/i.test(y);
}

const BUCKET_UNIT: Record<TimeBucket, string> = {
  year: 'y',
  quarter: 'q',
  month: 'M',
  week: 'w',
  day: 'd',
  hour: 'h',
};

/** The ODSQL `group_by` expression of the x axis. */
export function xExpression(spec: ChartSpec, bucket?: TimeBucket, name = spec.x): string {
  const x = isIdentifier(name) ? field(name) : name;
  if (bucket) return `range(${x}, 1 ${BUCKET_UNIT[bucket]})`;
  if (spec.xStep) return `range(${x}, ${spec.xStep})`;
  return x;
}

/** What the x axis is: time buckets, numeric ranges, or categories. */
export function xKind(spec: ChartSpec): 'time' | 'range' | 'category' {
  return spec.timeBucket ? 'time' : spec.xStep ? 'range' : 'category';
}

export interface GroupRequest {
  sourceKey: string;
  /** Index in spec.series of each `s<i>` column. */
  series: number[];
  select: string;
  groupBy: string;
  orderBy: string;
  limit: number;
}

/**
 * One grouped request per dataset: every series of that dataset is a column of the same answer
 * (`avg(temp_max) as s0, avg(temp_min) as s1`), so a chart costs one request per dataset.
 */
export function groupRequests(spec: ChartSpec, bucket?: TimeBucket): GroupRequest[] {
  const bySource = new Map<string, number[]>();
  spec.series.forEach((s, i) => bySource.set(s.sourceKey, [...(bySource.get(s.sourceKey) ?? []), i]));
  const order = defaultOrder(spec);
  const out: GroupRequest[] = [];
  let first = true;
  for (const [sourceKey, idx] of bySource) {
    // another dataset may name the x field differently: <ode-series x="…">
    const xExpr = xExpression(spec, bucket, spec.series.find((s, i) => idx.includes(i) && s.x)?.x ?? spec.x);
    const groupBy = spec.seriesBy ? `${xExpr} as x, ${field(spec.seriesBy)} as s` : `${xExpr} as x`;
    // the other datasets follow the first one's categories: order them by x, and take them all
    const byY = order.by === 'y' && first;
    const orderBy = byY
      ? `${spec.series[idx[0]].y} ${order.dir}`
      : `${xExpr} ${order.by === 'x' ? order.dir : 'asc'}`;
    // with series-by the server limit would count (x, series) pairs: take all, cut categories here
    const limit = first && !spec.seriesBy && spec.limit ? spec.limit : MAX_GROUPS;
    out.push({
      sourceKey,
      series: idx,
      select: idx.map((i) => `${spec.series[i].y} as s${i}`).join(', '),
      groupBy,
      orderBy,
      limit,
    });
    first = false;
  }
  return out;
}

/** Time and numeric ranges read left to right; categories rank by value. */
export function defaultOrder(spec: ChartSpec): { by: 'x' | 'y'; dir: 'asc' | 'desc' } {
  if (spec.order) return spec.order;
  return xKind(spec) === 'category' && spec.type !== 'scatter'
    ? { by: 'y', dir: 'desc' }
    : { by: 'x', dir: 'asc' };
}

/** The request that finds a date field's span, for `time-bucket="auto"`. */
export function spanSelect(spec: ChartSpec): string {
  const x = field(spec.x);
  return `min(${x}) as lo, max(${x}) as hi`;
}

/** The bucket for a span: the finest that keeps the chart readable (about 120 points at most). */
export function autoBucket(lo: string | null | undefined, hi: string | null | undefined): TimeBucket {
  const a = parseInstant(lo);
  const b = parseInstant(hi);
  if (a === undefined || b === undefined) return 'month';
  const days = (b - a) / 86_400_000;
  if (days <= 5) return 'hour';
  if (days <= 120) return 'day';
  if (days <= 2 * 366) return 'week';
  if (days <= 10 * 366) return 'month';
  if (days <= 30 * 366) return 'quarter';
  return 'year';
}

function parseInstant(v: string | null | undefined): number | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The start of a time bucket as a wall-clock instant (UTC fields = the portal's wall clock in the
 * request time zone). Accepts what portals write for a bucket: a date, a datetime with an offset, or
 * a range such as `[2020-01-01T00:00:00Z, 2020-02-01T00:00:00Z[`.
 */
export function bucketStart(key: unknown): number | undefined {
  if (typeof key === 'number' && Number.isInteger(key) && key > 0 && key < 10_000) return Date.UTC(key, 0, 1);
  if (typeof key !== 'string') return undefined;
  const m = /(\d{4})-(\d{2})(?:-(\d{2}))?(?:[T ](\d{2}):(\d{2}))?/.exec(key);
  if (!m) return undefined;
  return Date.UTC(+m[1], +m[2] - 1, m[3] ? +m[3] : 1, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0);
}

/** The next bucket after `ms` (calendar arithmetic in UTC fields: no DST, no month overflow). */
export function nextBucket(ms: number, bucket: TimeBucket): number {
  const d = new Date(ms);
  const [y, mo, day, h] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()];
  switch (bucket) {
    case 'year':
      return Date.UTC(y + 1, 0, 1);
    case 'quarter':
      return Date.UTC(y, mo + 3, 1);
    case 'month':
      return Date.UTC(y, mo + 1, 1);
    case 'week':
      return Date.UTC(y, mo, day + 7);
    case 'day':
      return Date.UTC(y, mo, day + 1);
    case 'hour':
      return Date.UTC(y, mo, day, h + 1);
  }
}

/** Numeric range keys as the portal writes them: `[0, 499]`, `[0.0, 2.5[`, `[40, *]`. */
export function parseRange(key: unknown): { lo?: number; hi?: number; hiIncluded: boolean } | undefined {
  if (typeof key !== 'string') return undefined;
  const m = /^\[\s*(\*|[-+0-9.eE]+)\s*,\s*(\*|[-+0-9.eE]+)\s*([[\]])$/.exec(key.trim());
  if (!m) return undefined;
  const num = (s: string) => (s === '*' ? undefined : Number(s));
  const lo = num(m[1]);
  const hi = num(m[2]);
  if ((lo !== undefined && Number.isNaN(lo)) || (hi !== undefined && Number.isNaN(hi))) return undefined;
  return { lo, hi, hiIncluded: m[3] === ']' };
}

export interface Category {
  /** Stable identity used to align series: the bucket start, the range text, or the value. */
  id: string;
  /** The raw key as the portal sent it (for CSV). */
  raw: unknown;
  /** Bucket start (time axes). */
  ms?: number;
  /** The numeric value (numeric x, for scatter). */
  num?: number;
}

export interface ModelSeries {
  label: string;
  values: (number | null)[];
  type?: ChartType;
  axis: 'left' | 'right';
  /** The "Other" series of series-by. */
  other?: boolean;
}

export interface ChartModel {
  kind: 'time' | 'range' | 'category';
  bucket?: TimeBucket;
  categories: Category[];
  series: ModelSeries[];
  /** The first request came back with as many groups as one request can hold. */
  truncated: boolean;
}

type Row = Record<string, unknown>;

function categoryOf(raw: unknown, kind: ChartModel['kind']): Category {
  if (kind === 'time') {
    const ms = bucketStart(raw);
    if (ms !== undefined) return { id: `t${ms}`, raw, ms };
  }
  if (raw === null || raw === undefined) return { id: 'null', raw: null };
  if (typeof raw === 'object') return { id: `j${JSON.stringify(raw)}`, raw };
  const num = typeof raw === 'number' ? raw : undefined;
  return { id: `${typeof raw}:${String(raw)}`, raw, num };
}

/**
 * Turn the grouped answers (one per request, same order as `groupRequests`) into the drawn model.
 * `seriesLabel(i)` names series i when it has no label. Values are the portal's numbers, never
 * re-aggregated, except the "Other" series of `series-other`, which adds up additive aggregates.
 */
export function buildModel(
  spec: ChartSpec,
  requests: GroupRequest[],
  answers: Row[][],
  seriesLabel: (i: number) => string,
  bucket?: TimeBucket,
): ChartModel {
  const kind = xKind(spec);
  const order = defaultOrder(spec);
  const cats = new Map<string, Category>();
  const add = (raw: unknown) => {
    const c = categoryOf(raw, kind);
    if (!cats.has(c.id)) cats.set(c.id, c);
    return c.id;
  };
  const truncated =
    answers[0]?.length >= (requests[0]?.limit ?? MAX_GROUPS) && requests[0]?.limit === MAX_GROUPS;

  if (spec.seriesBy) {
    // one request, (x, s) pairs: one series per s value, top N by total, the rest as "Other"
    const rows = answers[0] ?? [];
    const bySeries = new Map<string, { raw: unknown; values: Map<string, number | null>; total: number }>();
    for (const r of rows) {
      const id = add(r.x);
      const sKey = r.s === null || r.s === undefined ? '\u0000null' : asText(r.s);
      let s = bySeries.get(sKey);
      if (!s) bySeries.set(sKey, (s = { raw: r.s, values: new Map(), total: 0 }));
      const v = toNumber(r.s0);
      s.values.set(id, v);
      s.total += v ?? 0;
    }
    const ranked = [...bySeries.values()];
    if (spec.seriesLimit && ranked.length > spec.seriesLimit) ranked.sort((a, b) => b.total - a.total);
    const kept = spec.seriesLimit ? ranked.slice(0, spec.seriesLimit) : ranked;
    const rest = spec.seriesLimit ? ranked.slice(spec.seriesLimit) : [];
    const ids = arrangeCategories(cats, kind, order, spec.limit, bucket);
    const series: ModelSeries[] = kept.map((s) => ({
      label: s.raw === null || s.raw === undefined ? '' : asText(s.raw),
      values: ids.map((id) => s.values.get(id) ?? null),
      type: spec.series[0].type,
      axis: 'left',
    }));
    if (spec.seriesOther && rest.length) {
      series.push({
        label: '',
        other: true,
        values: ids.map((id) => {
          let sum: number | null = null;
          for (const s of rest) {
            const v = s.values.get(id);
            if (v !== null && v !== undefined) sum = (sum ?? 0) + v;
          }
          return sum;
        }),
        axis: 'left',
      });
    }
    return { kind, bucket, categories: ids.map((id) => cats.get(id)!), series, truncated };
  }

  const valueOf = new Map<number, Map<string, number | null>>();
  requests.forEach((req, k) => {
    for (const r of answers[k] ?? []) {
      // the first dataset decides the categories; the others fill in where they match
      const c = categoryOf(r.x, kind);
      if (k === 0) add(r.x);
      else if (!cats.has(c.id)) {
        if (kind === 'category' && order.by === 'y') continue;
        add(r.x);
      }
      for (const i of req.series) {
        let m = valueOf.get(i);
        if (!m) valueOf.set(i, (m = new Map()));
        m.set(c.id, toNumber(r[`s${i}`]));
      }
    }
  });
  const ids = arrangeCategories(cats, kind, order, requests.length > 1 ? spec.limit : undefined, bucket);
  return {
    kind,
    bucket,
    categories: ids.map((id) => cats.get(id)!),
    series: spec.series.map((s, i) => ({
      label: s.label ?? seriesLabel(i),
      values: ids.map((id) => valueOf.get(i)?.get(id) ?? null),
      type: s.type,
      axis: s.axis,
    })),
    truncated,
  };
}

/** Categories in drawing order; time axes get their empty buckets back (the portal omits them). */
function arrangeCategories(
  cats: Map<string, Category>,
  kind: ChartModel['kind'],
  order: { by: 'x' | 'y'; dir: 'asc' | 'desc' },
  limit: number | undefined,
  bucket: TimeBucket | undefined,
): string[] {
  let ids = [...cats.keys()];
  if (kind === 'time' && bucket && order.by === 'x') {
    const timed = ids.filter((id) => cats.get(id)!.ms !== undefined);
    const untimed = ids.filter((id) => cats.get(id)!.ms === undefined);
    const ms = timed.map((id) => cats.get(id)!.ms!).sort((a, b) => a - b);
    const filled: string[] = [];
    if (ms.length) {
      let guard = 0;
      for (let t = ms[0]; t <= ms[ms.length - 1] && guard < MAX_GROUPS; t = nextBucket(t, bucket), guard++) {
        const id = `t${t}`;
        if (!cats.has(id)) cats.set(id, { id, raw: null, ms: t });
        filled.push(id);
      }
      // keys the calendar walk did not meet (an unexpected bucket origin) are kept, in time order
      const met = new Set(filled);
      for (const id of timed) if (!met.has(id)) filled.push(id);
      filled.sort((a, b) => cats.get(a)!.ms! - cats.get(b)!.ms!);
    }
    if (order.dir === 'desc') filled.reverse();
    ids = [...filled, ...untimed];
  } else if (kind !== 'category' && order.by === 'x') {
    // numeric ranges and numbers read in numeric order (range keys are text: a portal may sort them
    // as text, "-1" after "-0.5"); nulls go last
    const at = (id: string) => {
      const c = cats.get(id)!;
      return c.num ?? parseRange(c.raw)?.lo ?? -Infinity;
    };
    const known = ids.filter((id) => id !== 'null').sort((a, b) => at(a) - at(b));
    if (order.dir === 'desc') known.reverse();
    ids = [...known, ...ids.filter((id) => id === 'null')];
  }
  return limit ? ids.slice(0, limit) : ids;
}

function toNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** CSV of exactly what is drawn: one row per category, one column per series; text cells that a
 * spreadsheet would run as a formula are prefixed with `'`. */
export function toCsv(xTitle: string, labels: string[], model: ChartModel, seriesLabels: string[]): string {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return String(v);
    let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [[xTitle, ...seriesLabels].map(cell).join(',')];
  model.categories.forEach((_, i) =>
    lines.push([labels[i], ...model.series.map((s) => s.values[i])].map(cell).join(',')),
  );
  return lines.join('\r\n') + '\r\n';
}
