/**
 * The number format of each locale, made once and shared by every element (./format.ts), in a module
 * of its own so that an element can have it made ahead without loading the formatting code.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();

export function numberFormat(locale: string): Intl.NumberFormat {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 })));
  return f;
}

/**
 * Makes the number format of `locale` once the page is idle — typically while a view waits for the
 * portal's answer. A page's first `Intl` object loads the locale's data (~100 ms at CPU ×4, measured in
 * Chromium), which would otherwise fall between the answer and the first painted row. Where the
 * page is never idle first, the answer's render makes it, as before.
 */
export function prepareFormats(locale: string): void {
  const make = () => void numberFormat(locale);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(make);
  else setTimeout(make);
}
