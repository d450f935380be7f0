/**
 * Numbers for people, in the page's locale, shared by every element (./format.ts, the chart's labels).
 *
 * A page's first `Intl.NumberFormat` or `Intl.DateTimeFormat` loads the engine's locale data: ~100 ms
 * at CPU ×4 in Chromium (25 ms on this desktop), whatever the locale, before the first number or date
 * can be written. A chart's axis and a table's cells need numbers before they can be painted, so that
 * cost fell between the portal's answer and the painted view whenever the page had no idle moment
 * before the answer. For the locales whose plain numbers are simple (a group separator every three
 * digits, a decimal mark, a hyphen-minus), the numbers are written here, rounded as Intl rounds them;
 * every other locale, and any value this code does not handle, goes to Intl. test/formats.test.ts
 * checks both give the same text, value by value, in each browser engine.
 */

/** A formatter: `Intl.NumberFormat`, or our own writer with the same output. */
export type NumberFormatter = Pick<Intl.NumberFormat, 'format'>;

interface Separators {
  group: string;
  decimal: string;
}

const COMMA_POINT: Separators = { group: ',', decimal: '.' };
/** French groups with a narrow no-break space (CLDR since 2018). */
const FRENCH: Separators = { group: '\u202f', decimal: ',' };

/** The locales written without Intl, by exact tag (en-IN, es, de-CH… group differently: Intl). */
const SEPARATORS = new Map<string, Separators>([
  ['en', COMMA_POINT],
  ['en-US', COMMA_POINT],
  ['en-GB', COMMA_POINT],
  ['fr', FRENCH],
  ['fr-FR', FRENCH],
]);

/** Whether `locale`'s numbers are written without Intl. */
export const hasOwnNumbers = (locale: string): boolean => SEPARATORS.has(locale);

/**
 * `v` rounded to at most `maxDigits` decimals and written with `sep`, or undefined where Intl must
 * write it (not finite, written with an exponent, or negative and rounded to zero: Intl writes "-0").
 * Intl rounds the shortest decimal that reads back as `v` (what `String(v)` writes), half away from
 * zero: 1.005 → "1.01" (where `toFixed` rounds the binary value: "1.00").
 */
export function writeNumber(v: number, maxDigits: number, sep: Separators): string | undefined {
  if (!Number.isFinite(v)) return undefined;
  const shortest = String(Math.abs(v));
  if (shortest.includes('e')) return undefined;
  const [whole, fraction = ''] = shortest.split('.');
  let digits = whole + fraction.slice(0, maxDigits).padEnd(maxDigits, '0');
  if (fraction.length > maxDigits && fraction[maxDigits] >= '5')
    digits = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  const intPart = digits.slice(0, digits.length - maxDigits) || '0';
  const fracPart = digits.slice(digits.length - maxDigits).replace(/0+$/, '');
  const negative = v < 0 || Object.is(v, -0);
  if (negative && /^0*$/.test(intPart + fracPart)) return undefined;
  const grouped = intPart.replace(/\B(?=(\d{3})+$)/g, sep.group);
  return `${negative ? '-' : ''}${grouped}${fracPart ? sep.decimal + fracPart : ''}`;
}

class OwnNumbers implements NumberFormatter {
  private intl?: Intl.NumberFormat;

  constructor(
    private readonly locale: string,
    private readonly maxDigits: number,
    private readonly sep: Separators,
  ) {}

  format(v: number | bigint): string {
    const own = typeof v === 'number' ? writeNumber(v, this.maxDigits, this.sep) : undefined;
    if (own !== undefined) return own;
    this.intl ??= new Intl.NumberFormat(this.locale, { maximumFractionDigits: this.maxDigits });
    return this.intl.format(v);
  }
}

const numberFormats = new Map<string, NumberFormatter>();

/**
 * The number format of `locale` with at most `maxDigits` decimals (default 6), made once per page:
 * our writer for the locales it knows, else `Intl.NumberFormat` (English for a malformed tag).
 */
export function numberFormat(locale: string, maxDigits = 6): NumberFormatter {
  const key = `${locale}|${maxDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    const sep = SEPARATORS.get(locale);
    if (sep) f = new OwnNumbers(locale, maxDigits, sep);
    else {
      try {
        f = new Intl.NumberFormat(locale, { maximumFractionDigits: maxDigits });
      } catch {
        f = new Intl.NumberFormat('en', { maximumFractionDigits: maxDigits });
      }
    }
    numberFormats.set(key, f);
  }
  return f;
}

/**
 * Makes the number format of `locale` once the page is idle — typically while a view waits for the
 * portal's answer — for the locales written with Intl, whose first format loads the locale's data.
 * Where the page is never idle first, the answer's render makes it, as before.
 */
export function prepareFormats(locale: string): void {
  if (hasOwnNumbers(locale)) return;
  const make = () => void numberFormat(locale);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(make);
  else setTimeout(make);
}
