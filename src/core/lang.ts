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
  const own = OWN_LONG_DATES.get(locale);
  // four-digit years only: Intl writes others its own way (no padding, eras)
  const year = d.getUTCFullYear();
  return own && year >= 1000 && year <= 9999 ? own(d) : longDate(locale).format(d);
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
const american = (d: Date) => `${ENGLISH_MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
const british = (d: Date) => `${d.getUTCDate()} ${ENGLISH_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
const french = (d: Date) => `${d.getUTCDate()} ${FRENCH_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

/**
 * The long date ("December 7, 2026", "7 décembre 2026") of the languages our strings speak, written
 * as Intl writes it (test/formats.test.ts compares them in each engine) without Intl: a page's first
 * Intl format loads the engine's locale data (~100 ms at CPU ×4), and a source notice's date would
 * otherwise pay it on every page with data (see ./number-format.ts). Other locales: Intl.
 */
const OWN_LONG_DATES = new Map<string, (d: Date) => string>([
  ['en', american],
  ['en-US', american],
  ['en-GB', british],
  ['fr', french],
  ['fr-FR', french],
]);

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
