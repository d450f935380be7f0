/** First-party cookie and storage helpers (document.cookie and Web Storage only; no library). */

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
const matches = (name: string, pattern: string): boolean =>
  pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;

/** The current host and each of its parent domains (`a.b.example.org`, `b.example.org`, `example.org`). */
function parentDomains(): string[] {
  const labels = location.hostname.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}

/** `/` and every ancestor of the current path, with and without a trailing slash (`/a`, `/a/`, `/a/b`). */
function ancestorPaths(): string[] {
  const parts = location.pathname.split('/').filter(Boolean);
  const paths = ['/'];
  for (let i = 1; i <= parts.length; i++) {
    const p = `/${parts.slice(0, i).join('/')}`;
    paths.push(p, `${p}/`);
  }
  return paths;
}

/**
 * Delete every visible cookie matching one of `cookies` (a trailing `*` matches a prefix) wherever it may
 * have been set, since a page cannot see where: host-only and on its declared domain and every parent of
 * the current host, on its declared path, on `/` and on every ancestor of the current path. Then every
 * `localStorage` and `sessionStorage` key matching one of `storage`.
 */
export function forget(cookies: ({ name: string } & CookiePlace)[], storage: string[] = []): void {
  const paths = ancestorPaths();
  for (const { name: pattern, domain, path } of cookies)
    for (const name of cookieNames())
      if (matches(name, pattern))
        for (const d of [undefined, domain, ...parentDomains()])
          for (const p of new Set([...(path ? [path] : []), ...paths]))
            writeCookie(name, '', 0, { domain: d, path: p });
  for (const area of [globalThis.localStorage, globalThis.sessionStorage])
    try {
      for (const key of Object.keys(area)) if (storage.some((s) => matches(key, s))) area.removeItem(key);
    } catch {
      // storage disabled by the browser: nothing was stored
    }
}
