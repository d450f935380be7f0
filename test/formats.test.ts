import { expect } from '@open-wc/testing';
import { numberFormat, writeNumber, hasOwnNumbers } from '../src/core/number-format.js';
import { formatDate } from '../src/core/lang.js';
import { ownShortDate } from '../src/chart/dates.js';

/**
 * Numbers and long dates of the page's language are written without Intl for a few locales (a page's
 * first Intl format loads the engine's locale data, ~100 ms at CPU ×4). Written our way or Intl's, the
 * text must be the same, in each engine: these compare them value by value.
 */
const OWN = ['en', 'en-US', 'en-GB', 'fr', 'fr-FR'];

/** A fixed spread of values: every magnitude from 1e-7 to 1e20, halves, ties, negatives. */
function values(): number[] {
  const out = [
    0,
    -0,
    1,
    -1,
    0.5,
    -0.5,
    1.5,
    2.5,
    -2.5,
    1.005,
    2.675,
    1.0049,
    0.125,
    0.0005,
    999.995,
    999999.5,
    9.995,
    1234.5678,
    -1234.5678,
    0.1 + 0.2,
    1 / 3,
    2 / 3,
    1e15 + 0.3,
    2 ** 53,
    2 ** 53 + 2,
    1e20,
    123456789.12345679,
    -0.001,
    -0.0000001,
    1.2e-7,
    5e-7,
    0.000001,
    1e21,
    -1e21,
    45.5,
    0.045,
    100,
    1000,
    10000,
    100000,
    1e6,
    12345678,
    -987654321.987,
  ];
  // a seeded spread: the same values in every run and engine
  let seed = 42;
  const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 400; i++) {
    const magnitude = 10 ** Math.floor(next() * 24 - 7);
    const v = next() * magnitude;
    out.push(i % 3 === 0 ? -v : v);
    // a tie at some decimal place (x.xx5)
    out.push(Math.round(v * 1000) / 1000 + 0.0005);
  }
  return out;
}

describe('numbers without Intl', () => {
  it('writes what Intl.NumberFormat writes, for every value and number of decimals', () => {
    const all = values();
    for (const locale of OWN) {
      expect(hasOwnNumbers(locale), locale).to.equal(true);
      for (const digits of [0, 1, 2, 3, 4, 6]) {
        const ours = numberFormat(locale, digits);
        const intl = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
        for (const v of all) expect(ours.format(v), `${locale} ${digits} ${v}`).to.equal(intl.format(v));
      }
    }
  });

  it('leaves to Intl what it does not write: exponents, infinities, negative zeros', () => {
    const sep = { group: ',', decimal: '.' };
    for (const v of [NaN, Infinity, -Infinity, 1e21, 1.2e-7, -0, -0.001])
      expect(writeNumber(v, 2, sep), String(v)).to.equal(undefined);
    expect(writeNumber(-1234.567, 2, sep)).to.equal('-1,234.57');
    expect(writeNumber(999.995, 2, sep)).to.equal('1,000');
    expect(writeNumber(0.005, 2, sep)).to.equal('0.01');
    // and formats them as Intl does
    const f = numberFormat('fr', 2);
    expect(f.format(-0)).to.equal(new Intl.NumberFormat('fr').format(-0));
    expect(f.format(Infinity)).to.equal('∞');
    expect(f.format(10n ** 22n)).to.equal(new Intl.NumberFormat('fr').format(10n ** 22n));
  });

  it('uses Intl for other locales, and English for a malformed tag', () => {
    expect(hasOwnNumbers('de')).to.equal(false);
    expect(hasOwnNumbers('en-IN')).to.equal(false);
    expect(hasOwnNumbers('constructor')).to.equal(false);
    expect(numberFormat('de', 2).format(1234.5)).to.equal('1.234,5');
    expect(numberFormat('en-IN', 0).format(1234567)).to.equal('12,34,567');
    expect(numberFormat('not a tag!', 2).format(1234.5)).to.equal('1,234.5');
  });
});

describe('long dates without Intl', () => {
  it('writes what Intl.DateTimeFormat writes (long, UTC), for every month', () => {
    for (const locale of OWN) {
      const intl = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
      for (const year of [1000, 1999, 2026, 9999])
        for (let month = 0; month < 12; month++)
          for (const day of [1, 9, 10, 28]) {
            const iso = new Date(Date.UTC(year, month, day, 23, 30)).toISOString();
            expect(formatDate(iso, locale), `${locale} ${iso}`).to.equal(intl.format(new Date(iso)));
          }
    }
  });

  it("writes a chart's months and days as Intl writes them (month + year short, medium date, UTC)", () => {
    const styles = {
      monthYear: { month: 'short', year: 'numeric' },
      medium: { dateStyle: 'medium' },
    } as const;
    let written = 0;
    for (const locale of OWN)
      for (const [style, options] of Object.entries(styles)) {
        const intl = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
        for (const year of [1000, 1999, 2026, 9999])
          for (let month = 0; month < 12; month++)
            for (const day of [1, 9, 10, 28]) {
              const d = new Date(Date.UTC(year, month, day, 23, 30));
              const own = ownShortDate(d, locale, style as keyof typeof styles);
              if (own === undefined) continue;
              written++;
              expect(own, `${locale} ${style} ${d.toISOString()}`).to.equal(intl.format(d));
            }
      }
    // en, en-US, fr, fr-FR in both styles; en-GB's short months are left to Intl
    expect(written).to.equal(4 * 2 * 4 * 12 * 4);
    expect(ownShortDate(new Date(Date.UTC(2026, 8, 1)), 'en-GB', 'monthYear')).to.equal(undefined);
    expect(ownShortDate(new Date(Date.UTC(2026, 8, 1)), 'de', 'medium')).to.equal(undefined);
    expect(ownShortDate(new Date(Date.UTC(999, 8, 1)), 'fr', 'monthYear')).to.equal(undefined);
  });

  it('leaves years outside 1000–9999 and other locales to Intl', () => {
    const intl = (locale: string, iso: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
    expect(formatDate('0999-05-01', 'fr')).to.equal(intl('fr', '0999-05-01'));
    expect(formatDate('2026-05-01', 'de')).to.equal(intl('de', '2026-05-01'));
    expect(formatDate('2026-05-01', 'de')).to.equal('1. Mai 2026');
  });
});
