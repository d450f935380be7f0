/**
 * How `<ode-kpi>` writes its figure and its comparison: `Intl.NumberFormat` in the page's language
 * (French groups thousands with a narrow no-break space: "3 449 370"), in one of four styles. Pure
 * functions, unit-tested directly.
 */

/** `number` (default), `percent` (the value is a ratio: 0.25 → 25 %), `currency:EUR`, `compact` (3,4 M). */
export type FigureFormat =
  { style: 'number' } | { style: 'percent' } | { style: 'compact' } | { style: 'currency'; currency: string };

/** Read the `format` attribute; a string says what is wrong with it. */
export function parseFormat(value: string | undefined | null): FigureFormat | string {
  const v = (value ?? '').trim();
  if (!v || v === 'number') return { style: 'number' };
  if (v === 'percent' || v === 'compact') return { style: v };
  const m = /^currency:([A-Za-z]{3})$/.exec(v);
  if (m) return { style: 'currency', currency: m[1].toUpperCase() };
  return `expected number, percent, compact or currency:XXX (an ISO 4217 code such as currency:EUR), not "${v}"`;
}

/** Read the `decimals` attribute: a whole number from 0 to 10, or undefined (automatic). */
export function parseDecimals(value: string | number | undefined | null): number | undefined | string {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) return `expected a whole number from 0 to 10, not "${value}"`;
  return n;
}

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, f: FigureFormat, decimals: number | undefined, signed = false) {
  const key = `${locale}|${JSON.stringify(f)}|${decimals}|${signed}`;
  let nf = formats.get(key);
  if (!nf) {
    const o: Intl.NumberFormatOptions = {};
    if (f.style === 'percent') o.style = 'percent';
    else if (f.style === 'currency') Object.assign(o, { style: 'currency', currency: f.currency });
    else if (f.style === 'compact') o.notation = 'compact';
    if (decimals !== undefined) {
      o.minimumFractionDigits = decimals;
      o.maximumFractionDigits = decimals;
    } else if (f.style === 'number') o.maximumFractionDigits = 2;
    else if (f.style === 'percent') o.maximumFractionDigits = 1;
    if (signed) o.signDisplay = 'exceptZero';
    try {
      nf = new Intl.NumberFormat(locale, o);
    } catch {
      nf = new Intl.NumberFormat('en', o);
    }
    formats.set(key, nf);
  }
  return nf;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The figure as text: a number in the chosen style, a date (from `max(date)`) in the long date style,
 * anything else as text. Null (no value: an aggregate of no record) gives undefined.
 */
export function formatFigure(
  value: unknown,
  f: FigureFormat,
  locale: string,
  decimals?: number,
): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? numberFormat(locale, f, decimals).format(value) : undefined;
  const s = String(value);
  if (ISO_DAY.test(s) || ISO_TIME.test(s)) {
    const d = new Date(s);
    if (!Number.isNaN(d.getTime()))
      return new Intl.DateTimeFormat(locale, {
        dateStyle: 'long',
        ...(ISO_DAY.test(s) ? { timeZone: 'UTC' } : { timeStyle: 'short' }),
      }).format(d);
  }
  return s;
}

/** How the comparison is shown: the relative change (default) or the difference in the figure's unit. */
export type ChangeMode = 'percent' | 'difference';

export interface Change {
  /** `up`, `down` or `same`. */
  direction: 'up' | 'down' | 'same';
  /** Signed text: "+4,2 %", "−1 250". */
  text: string;
}

/**
 * The change from `before` to `now`, or undefined when either is not a number (or, for a relative
 * change, when `before` is 0).
 */
export function formatChange(
  now: unknown,
  before: unknown,
  mode: ChangeMode,
  f: FigureFormat,
  locale: string,
  decimals?: number,
): Change | undefined {
  if (typeof now !== 'number' || typeof before !== 'number') return undefined;
  if (!Number.isFinite(now) || !Number.isFinite(before)) return undefined;
  const delta = now - before;
  const direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'same';
  if (mode === 'percent') {
    if (before === 0) return undefined;
    const ratio = delta / Math.abs(before);
    return { direction, text: numberFormat(locale, { style: 'percent' }, decimals, true).format(ratio) };
  }
  return { direction, text: numberFormat(locale, f, decimals, true).format(delta) };
}
