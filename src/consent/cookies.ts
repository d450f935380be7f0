/** First-party cookie helpers (document.cookie only; no library). */

/** The cookies this page can see, each as `[name, value]` (split at the first `=`). */
const pairs = (): string[][] => document.cookie.split(/;\s*/).map((p) => p.split(/=(.*)/));

/** Value of cookie `name`, or undefined. */
export const readCookie = (name: string): string | undefined => pairs().find(([n]) => n === name)?.[1];

/** Names of the cookies this page can see. */
export const cookieNames = (): string[] =>
  pairs()
    .map(([n]) => n)
    .filter(Boolean);

/**
 * Write a cookie: `Path=/`, `SameSite=Lax`, `Secure` on https, host-only unless `domain` is given.
 * `maxAge` in seconds; 0 deletes.
 */
export function writeCookie(name: string, value: string, maxAge: number, domain?: string): void {
  document.cookie =
    `${name}=${value}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAge))}; SameSite=Lax` +
    (domain ? `; Domain=${domain}` : '') +
    (location.protocol === 'https:' ? '; Secure' : '');
}

/**
 * Delete every visible cookie matching `pattern` (a trailing `*` matches a prefix), host-only and on
 * `domain` and every parent of the current host, since we cannot see where a cookie was set.
 */
export function deleteCookies(pattern: string, domain?: string): void {
  const prefix = pattern.endsWith('*') ? pattern.slice(0, -1) : undefined;
  const labels = location.hostname.split('.');
  const domains = [undefined, domain, ...labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'))];
  for (const n of cookieNames())
    if (prefix === undefined ? n === pattern : n.startsWith(prefix))
      for (const d of domains) writeCookie(n, '', 0, d);
}
