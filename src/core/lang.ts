/**
 * Language of an element: its closest `lang` attribute (crossing shadow roots), else the document's,
 * else English. Strings exist in French and English; numbers and dates follow the full tag (Intl, or
 * our own writing of the same text for a few tags: see ./number-format.ts).
 */
export type UiLang = 'fr' | 'en';

export function closestLang(el: Element): string {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element) {
      const l = node.getAttribute('lang');
      if (l) return l;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang || navigator.language || 'en';
}

export function uiLang(locale: string): UiLang {
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Format an ISO date or datetime for people, in `locale`; undefined when absent or unreadable. */
export function formatDate(iso: string | null | undefined, locale: string): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  return ownDate(d, locale, 'long') ?? longDate(locale).format(d);
}

const ENGLISH_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const ENGLISH_SHORT_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
const FRENCH_SHORT_MONTHS = [
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
const american = (d: Date) => `${ENGLISH_MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
const british = (d: Date) => `${d.getUTCDate()} ${ENGLISH_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
const french = (d: Date) => `${d.getUTCDate()} ${FRENCH_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

/** How a few locales write a date in the three styles we write ourselves (see OWN_DATES). */
interface OwnDates {
  /** `dateStyle: 'long'`: "December 7, 2026". */
  long: (d: Date) => string;
  /** `dateStyle: 'medium'`: "Dec 7, 2026". */
  medium?: (d: Date) => string;
  /** `{ month: 'short', year: 'numeric' }`: "Dec 2026". */
  monthYear?: (d: Date) => string;
}
const AMERICAN: OwnDates = {
  long: american,
  medium: (d) => `${ENGLISH_SHORT_MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`,
  monthYear: (d) => `${ENGLISH_SHORT_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
};
const FRENCH: OwnDates = {
  long: french,
  medium: (d) => `${d.getUTCDate()} ${FRENCH_SHORT_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
  monthYear: (d) => `${FRENCH_SHORT_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
};

/**
 * Dates of the languages our strings speak, in the styles the elements show (a notice's long date, a
 * chart's months and days), written as Intl writes them (test/formats.test.ts compares them in each
 * engine) without Intl: a page's first Intl format loads the engine's locale data (~100 ms at CPU ×4),
 * paid otherwise on every page with data, and by a chart of months after its answer has arrived.
 * British English writes only its long date here (its short September differs between ICU versions).
 * Four-digit years only: Intl writes others its own way (no padding, eras).
 */
const OWN_DATES = new Map<string, OwnDates>([
  ['en', AMERICAN],
  ['en-US', AMERICAN],
  ['en-GB', { long: british }],
  ['fr', FRENCH],
  ['fr-FR', FRENCH],
]);

/** A UTC date in one of our own styles, or undefined where Intl has to write it. */
export function ownDate(d: Date, locale: string, style: keyof OwnDates): string | undefined {
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) return undefined;
  return OWN_DATES.get(locale)?.[style]?.(d);
}

/** The long-date format of each locale, made once (every notice renders its date on each update). */
const longDates = new Map<string, Intl.DateTimeFormat>();
function longDate(locale: string): Intl.DateTimeFormat {
  let f = longDates.get(locale);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    } catch {
      // a malformed lang attribute
      f = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });
    }
    longDates.set(locale, f);
  }
  return f;
}
