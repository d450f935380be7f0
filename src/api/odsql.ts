/**
 * Safe ODSQL builders. Values are always written as quoted literals (with `\` escapes) and field
 * names as validated identifiers, so text a user types — `"`, `)`, `OR 1=1` — can never change the
 * meaning of a query. Never build ODSQL by concatenating user input; use these.
 */

/** ODSQL reserved words (reference §3.11): a field with such a name must be backquoted. */
const KEYWORDS = new Set(
  'and as asc avg by count date_format day dayofweek desc distinct equi false group hour ifnull or limit lower max millisecond min minute month not null quarter range search second select sum top true upper where year in is like'.split(
    ' ',
  ),
);

/** Thrown for a field name no ODSQL identifier can express. */
export class FieldNameError extends Error {
  override name = 'FieldNameError';
}

/** A field reference: bare when it can be, backquoted for keywords and numeric-only names. */
export function field(name: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new FieldNameError(`"${name}" is not a field name`);
  if (/^[0-9]+$/.test(name) || KEYWORDS.has(name.toLowerCase())) return `\`${name}\``;
  return name;
}

/** A string literal: double quotes, with `\` and `"` escaped. */
export function str(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export type Scalar = string | number | boolean | null;

/** A literal for any scalar; non-finite numbers are refused. */
export function literal(value: Scalar): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be written in ODSQL`);
    return String(value);
  }
  return str(value);
}

/** A date literal, e.g. `date'2020-01-31'`; only ISO-like dates are accepted. */
export function dateLiteral(iso: string): string {
  if (!/^\d{4}(-\d{2}(-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?$/.test(iso)) {
    throw new RangeError(`"${iso}" is not an ISO date`);
  }
  return `date'${iso}'`;
}

/** `f = value` */
export const eq = (name: string, value: Scalar): string =>
  value === null ? `${field(name)} is null` : `${field(name)} = ${literal(value)}`;

/** `f IN (a, b, …)`; an empty list matches nothing. */
export function inList(name: string, values: Scalar[]): string {
  if (values.length === 0) return 'false';
  return `${field(name)} IN (${values.map(literal).join(', ')})`;
}

/** `f IN [a..b]` (inclusive), with either bound optional. */
export function between(name: string, from?: number | string, to?: number | string): string {
  const lit = (v: number | string) => (typeof v === 'number' ? literal(v) : dateLiteral(v));
  if (from !== undefined && to !== undefined) return `${field(name)} IN [${lit(from)}..${lit(to)}]`;
  if (from !== undefined) return `${field(name)} >= ${lit(from)}`;
  if (to !== undefined) return `${field(name)} <= ${lit(to)}`;
  return 'true';
}

/** Full-text search over every field: each word must match. Empty text gives undefined. */
export function fullText(text: string): string | undefined {
  const t = text.trim();
  return t ? str(t) : undefined;
}

/** `in_bbox(f, lat1, lon1, lat2, lon2)` from a west/south/east/north box. */
export function inBbox(name: string, west: number, south: number, east: number, north: number): string {
  return `in_bbox(${field(name)}, ${literal(south)}, ${literal(west)}, ${literal(north)}, ${literal(east)})`;
}

/** AND of the given clauses (undefined and empty ones skipped), each parenthesised. */
export function and(...clauses: (string | undefined)[]): string | undefined {
  const kept = clauses.filter((c): c is string => !!c && c.trim() !== '');
  if (kept.length === 0) return undefined;
  return kept.length === 1 ? kept[0] : kept.map((c) => `(${c})`).join(' AND ');
}

/** A `refine`/`exclude` parameter value: `field:"value"`. */
export function facetValue(name: string, value: string): string {
  if (!/^[A-Za-z0-9_.]+$/.test(name)) throw new FieldNameError(`"${name}" is not a facet name`);
  return `${name}:${str(value)}`;
}

/** `f ASC` / `f DESC` for order_by. */
export function orderBy(name: string, direction: 'asc' | 'desc' = 'asc'): string {
  return `${field(name)} ${direction === 'desc' ? 'DESC' : 'ASC'}`;
}

/** The day after an ISO calendar date (`2001-02-28` → `2001-03-01`), in calendar arithmetic. */
export function nextDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`"${day}" is not a calendar date (YYYY-MM-DD)`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
  return d.toISOString().slice(0, 10);
}

/** A calendar date `YYYY-MM-DD` that exists, returned as is; anything else is refused. */
function validDay(day: string): string {
  const next = nextDay(day);
  const back = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  if (back !== day) throw new RangeError(`"${day}" is not a calendar date`);
  return day;
}

/**
 * Whole days from `from` to `to`, both inclusive, as half-open bounds on the field:
 * 1–28 Feb 2001 → `f >= date'2001-02-01' AND f < date'2001-03-01'` (so a datetime of 28 Feb at 23:59
 * is in). Either bound may be left out. The days are read in the query's `timezone`.
 */
export function dateRange(name: string, from?: string, to?: string): string {
  const clauses: string[] = [];
  if (from) clauses.push(`${field(name)} >= ${dateLiteral(validDay(from))}`);
  if (to) clauses.push(`${field(name)} < ${dateLiteral(nextDay(validDay(to)))}`);
  return clauses.length ? clauses.join(' AND ') : 'true';
}
