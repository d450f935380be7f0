/**
 * Language of an element: its closest `lang` attribute (crossing shadow roots), else the document's,
 * else English. Strings exist in French and English; numbers and dates follow the full tag via Intl.
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
  return longDate(locale).format(d);
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
