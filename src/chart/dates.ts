/**
 * A chart's month and day labels for the languages our strings speak, written as Intl writes them
 * (test/formats.test.ts compares them in each engine) without Intl: a page's first Intl format loads the
 * engine's locale data (~100 ms at CPU ×4), and a chart of months would pay it in the render after its
 * answer, for its axis and its accessible summary (see ../core/number-format.ts, ../core/lang.ts for the
 * long date). British English is left to Intl: its short September differs between ICU versions.
 */

const ENGLISH = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FRENCH = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
];

/** The two styles: `monthYear` is `{ month: 'short', year: 'numeric' }`, `medium` is `dateStyle: 'medium'`. */
export type ShortDateStyle = 'monthYear' | 'medium';

type Writer = Record<ShortDateStyle, (d: Date) => string>;

const american: Writer = {
  monthYear: (d) => `${ENGLISH[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
  medium: (d) => `${ENGLISH[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`,
};
const french: Writer = {
  monthYear: (d) => `${FRENCH[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
  medium: (d) => `${d.getUTCDate()} ${FRENCH[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
};

const WRITERS = new Map<string, Writer>([
  ['en', american],
  ['en-US', american],
  ['fr', french],
  ['fr-FR', french],
]);

/**
 * A UTC date in one of the two styles, or undefined where Intl has to write it (another locale, a year
 * outside 1000–9999, which Intl writes its own way).
 */
export function ownShortDate(d: Date, locale: string, style: ShortDateStyle): string | undefined {
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) return undefined;
  return WRITERS.get(locale)?.[style](d);
}
