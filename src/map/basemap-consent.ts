/**
 * Whether a third-party basemap must wait for consent. `<ode-map basemap="osm">` without `consent-purpose`
 * on a page with an `<ode-consent-banner>` must not fail open (tiles requested from a third party before
 * any choice): it waits for the purpose the consent configuration declares for the basemap's host (a
 * vendor whose `url` is on that host or a parent of it), or stays on the offline outline when none does,
 * and tells the page author once in the console.
 *
 * The consent suite is not imported: the banner element on the page is asked for its store, so the map's
 * bundle does not carry the consent code.
 */

/** What the map reads of the banner's consent store (a plain contract, see src/consent/store.ts). */
interface ConsentStoreView {
  ready: Promise<void>;
  config?: { purposes: { id: string; vendors: { url?: string }[] }[] };
}

/** What the basemap waits for: `purpose`, or nothing it could ever be granted (undefined). */
export interface BasemapConsent {
  purpose?: string;
}

/** The host of a basemap URL (tile template or style), or '' when it cannot be read. */
function hostOf(url: string): string {
  try {
    return new URL(url.replace(/[{}]/g, ''), document.baseURI).hostname;
  } catch {
    return '';
  }
}

/** What the console was already told, so that it says each thing once per page. */
const warned = new Set<string>();
const warnOnce = (host: string, message: string) => {
  if (warned.has(host + message)) return;
  warned.add(host + message);
  console.warn(
    `<ode-map>: the basemap from ${host} is a third party and this page has a consent banner: ${message}`,
  );
};

/**
 * What a basemap at `url` waits for: the `declared` purpose (`consent-purpose`) when there is one;
 * nothing (undefined) for a basemap on this site's host or on a page without a consent banner; else the
 * purpose found for its host in the banner's configuration, or `{}` (wait for ever, placeholder shown).
 */
export async function basemapConsent(url: string, declared?: string): Promise<BasemapConsent | undefined> {
  if (declared) return { purpose: declared };
  const host = hostOf(url);
  if (!host || host === location.hostname) return undefined;
  if (document.readyState === 'loading')
    await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
  const banner = document.querySelector('ode-consent-banner');
  if (!banner) return undefined;
  await customElements.whenDefined('ode-consent-banner');
  const store = (banner as Element & { store?: ConsentStoreView }).store;
  await store?.ready;
  const on = (vendorUrl?: string) => {
    const vendor = hostOf(vendorUrl ?? '').replace(/^www\./, '');
    return !!vendor && (host === vendor || host.endsWith(`.${vendor}`));
  };
  const purpose = store?.config?.purposes.find((p) => p.vendors.some((v) => on(v.url)))?.id;
  warnOnce(
    host,
    purpose
      ? `it waits for the purpose "${purpose}" declared for that host; say so with consent-purpose="${purpose}".`
      : `no purpose of the consent configuration has a vendor on that host, so it stays off. Declare one (a vendor with "url": "https://${host}/") and set consent-purpose.`,
  );
  return { purpose };
}
