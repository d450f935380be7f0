import type { ConsentCookie } from './config.js';
import type { writeCookie as WriteCookie } from './cookies.js';

/**
 * Deleting what refused and withdrawn purposes left behind, loaded only when the page has something to
 * delete. It imports no value from the entry (`write` is the entry's `writeCookie`, handed in), so that it
 * shares no chunk with it.
 */

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

const matches = (name: string, pattern: string): boolean =>
  pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;

/**
 * Delete every visible cookie matching one of `cookies` (a trailing `*` matches a prefix) wherever it may
 * have been set, since a page cannot see where: host-only and on its declared domain and every parent of
 * the current host, on its declared path, on `/` and on every ancestor of the current path. Then every
 * `localStorage` and `sessionStorage` key matching one of `storage`.
 */
export function forget(
  cookies: Pick<ConsentCookie, 'name' | 'domain' | 'path'>[],
  storage: string[],
  write: typeof WriteCookie,
): void {
  const names = document.cookie.split(/;\s*/).map((c) => c.split('=')[0]);
  const paths = ancestorPaths();
  for (const { name: pattern, domain, path } of cookies)
    for (const name of names)
      if (matches(name, pattern))
        for (const d of [undefined, domain, ...parentDomains()])
          for (const p of new Set([...(path ? [path] : []), ...paths]))
            write(name, '', 0, { domain: d, path: p });
  for (const area of [globalThis.localStorage, globalThis.sessionStorage])
    try {
      for (const key of Object.keys(area)) if (storage.some((s) => matches(key, s))) area.removeItem(key);
    } catch {
      // storage disabled by the browser: nothing was stored
    }
}
