/**
 * First-party cookie and storage helpers (document.cookie and Web Storage only; no library). Deleting
 * leftovers wherever they may have been set is in forget.ts, loaded only when there is something to delete.
 */

/** The cookies this page can see, each as `[name, value]` (split at the first `=`). */
const pairs = (): string[][] => document.cookie.split(/;\s*/).map((p) => p.split(/=(.*)/));

/**
 * The values of every visible cookie named `name`. Several cookies of one name are visible when they were
 * set on different domains or paths (e.g. host-only and on a parent domain): nothing tells them apart.
 */
export const readCookies = (name: string): string[] =>
  pairs()
    .filter(([n]) => n === name)
    .map(([, v]) => v ?? '');

/** Names of the cookies this page can see. */
export const cookieNames = (): string[] =>
  pairs()
    .map(([n]) => n)
    .filter(Boolean);

/** Where a cookie is set: host-only unless `domain`, on `/` unless `path`. */
export interface CookiePlace {
  domain?: string;
  path?: string;
}

/**
 * Write a cookie: `SameSite=Lax`, `Secure` on https, `Path=/` and host-only unless told otherwise. `maxAge`
 * in seconds; 0 deletes.
 */
export function writeCookie(
  name: string,
  value: string,
  maxAge: number,
  { domain, path = '/' }: CookiePlace = {},
): void {
  document.cookie =
    `${name}=${value}; Path=${path}; Max-Age=${Math.max(0, Math.floor(maxAge))}; SameSite=Lax` +
    (domain ? `; Domain=${domain}` : '') +
    (location.protocol === 'https:' ? '; Secure' : '');
}

/** Whether `name` matches `pattern` (a trailing `*` matches a prefix). */
export const matches = (name: string, pattern: string): boolean =>
  pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;

/** The keys of `localStorage` and `sessionStorage` (none where the browser disables storage). */
export function storedKeys(): string[] {
  try {
    return [...Object.keys(localStorage), ...Object.keys(sessionStorage)];
  } catch {
    return [];
  }
}
