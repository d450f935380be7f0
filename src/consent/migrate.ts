/**
 * Records of earlier versions, loaded only when one may be there: on https, this site's own record stored
 * under the configured name before the `__Host-` prefix (read only if the browser can tell it is host-only,
 * never one a parent domain set), and records of the first format (one decision time for every purpose).
 * It imports nothing, so that it shares no chunk with the entry.
 */

/** How many cookies named `name` this page sees. */
const visible = (name: string): number =>
  document.cookie.split(/;\s*/).filter((c) => c.startsWith(`${name}=`)).length;

/**
 * The value of the host-only cookie `name`, from the Cookie Store API (the only way a page can tell a
 * host-only cookie from one a parent domain set), or undefined where the browser has no such API.
 */
async function hostOnlyCookie(name: string): Promise<string | undefined> {
  type Item = { value: string; domain: string | null };
  const store = (globalThis as { cookieStore?: { get(name: string): Promise<Item | null> } }).cookieStore;
  const item = await store?.get(name).catch(() => null);
  return item && item.domain === null && visible(name) === 1 ? item.value : undefined;
}

/** A first-format record: one time `t` for every purpose's decision (1 granted, 0 refused). */
interface FirstFormat {
  v: 1;
  t: number;
  p: Record<string, unknown>;
}

/**
 * The stored record `raw` in today's format (URI-encoded JSON); when `raw` is undefined, this site's own
 * record stored under the unprefixed `name`. Whatever is not a record of ours is passed on unchanged for
 * the store to refuse.
 */
export async function migrate(raw: string | undefined, name: string): Promise<string | undefined> {
  const value = raw ?? (await hostOnlyCookie(name));
  try {
    const r = JSON.parse(decodeURIComponent(value!)) as FirstFormat;
    if (r?.v !== 1 || typeof r.p !== 'object' || !r.p) return value;
    const p = Object.fromEntries(Object.entries(r.p).map(([id, g]) => [id, { g, t: r.t }]));
    return encodeURIComponent(JSON.stringify({ ...r, v: 2, p }));
  } catch {
    return value;
  }
}
