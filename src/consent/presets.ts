import { trusted } from './activate.js';
import { AUDIENCE_MAX_DAYS, DAY_MS, remainingAudienceMs } from './dates.js';

/** The date arithmetic, for tenants' own integrations. */
export { addMonths, choiceExpiry, audienceExpiry, remainingAudienceMs, AUDIENCE_MAX_DAYS } from './dates.js';
import { consent, type ConsentStore } from './store.js';

/**
 * Integration presets for audience tools. Each one enforces the tenants' promise that an audience
 * identifier lives at most 13 months — 390 days from its **first** deposit, never extended — and wires
 * the tool to the consent store. Call them before the tool's own script runs.
 */

interface PresetOptions {
  /** Purpose id in the consent configuration. Default `analytics`. */
  purpose?: string;
  store?: ConsentStore;
}

type Queue = unknown[][];
type W = {
  _paq?: Queue;
  dataLayer?: unknown[];
  _pac?: Record<string, unknown>;
  pa?: { privacy: { setMode(mode: string): void } };
};

/** After the configuration loads, check the preset agrees with it (a mismatch is a compliance bug). */
function check(store: ConsentStore, purpose: string, exempt: boolean, tool: string): void {
  void store.ready.then(() => {
    const p = store.config?.purposes.find((x) => x.id === purpose);
    if (!p) console.error(`ode-consent ${tool} preset: purpose "${purpose}" is not in the configuration.`);
    else if (p.exempt !== exempt)
      console.error(
        `ode-consent ${tool} preset: purpose "${purpose}" is ${p.exempt ? '' : 'not '}exempt in the configuration but the preset says the opposite.`,
      );
  });
}

/** Run `fn(granted)` on every change of `purpose`. */
function follow(store: ConsentStore, purpose: string, fn: (granted: boolean) => void): void {
  document.addEventListener('ode-consent-change', ({ detail }) => {
    if (detail.granted.includes(purpose)) fn(true);
    if (detail.withdrawn.includes(purpose)) fn(false);
  });
  void store.whenGranted(purpose).then(
    () => fn(true),
    () => {},
  );
}

/**
 * Matomo. `exempt: true` (Matomo's consent-exempt configuration, CNIL-listed): the visitor cookie's
 * timeout is recomputed on every page view as 390 days from its creation, so it is never extended.
 * `exempt: false`: Matomo waits (`requireConsent`) and tracks only while the purpose is granted
 * (`setConsentGiven` per page view — our cookie remembers the choice, not Matomo's).
 */
export function matomoPreset({
  purpose = 'analytics',
  store = consent,
  exempt = false,
}: PresetOptions & { exempt?: boolean } = {}): void {
  const paq = ((window as W)._paq ??= []);
  paq.push([
    function (this: { getVisitorInfo(): string[]; setVisitorCookieTimeout(s: number): void }) {
      const created = parseInt(this.getVisitorInfo()[2], 10) * 1000;
      this.setVisitorCookieTimeout(Math.floor(remainingAudienceMs(created || Date.now(), Date.now()) / 1000));
    },
  ]);
  check(store, purpose, exempt, 'Matomo');
  if (exempt) return;
  paq.push(['requireConsent']);
  follow(store, purpose, (on) => paq.push([on ? 'setConsentGiven' : 'forgetConsentGiven']));
}

/** Seconds an audience cookie may be given at creation (390 days). */
export const AUDIENCE_MAX_SECONDS = (AUDIENCE_MAX_DAYS * DAY_MS) / 1000;

/**
 * Google Analytics 4 with Google Consent Mode v2, basic mode: every signal denied by default, gtag.js
 * itself loaded only once the purpose is granted (no request to Google before), `cookie_expires` 390 days
 * and `cookie_update: false` so `_ga` is never extended. GA4 is never exempt from consent.
 */
export function ga4Preset({
  id,
  purpose = 'analytics',
  store = consent,
  nonce,
}: PresetOptions & { id: string; nonce?: string }): void {
  if (!/^G-[A-Z0-9]+$/.test(id))
    throw new Error(`ode-consent GA4 preset: "${id}" is not a measurement id (G-XXXXXXX).`);
  const w = window as W;
  const dl = (w.dataLayer ??= []);
  // gtag reads an Arguments object from the data layer
  const gtag = function (..._args: unknown[]) {
    // eslint-disable-next-line prefer-rest-params
    dl.push(arguments);
  };
  const denied = 'denied';
  gtag('consent', 'default', {
    ad_storage: denied,
    ad_user_data: denied,
    ad_personalization: denied,
    analytics_storage: denied,
    wait_for_update: 500,
  });
  gtag('js', new Date());
  gtag('config', id, { cookie_expires: AUDIENCE_MAX_SECONDS, cookie_update: false });
  check(store, purpose, false, 'GA4');
  let loaded = false;
  follow(store, purpose, (on) => {
    gtag('consent', 'update', { analytics_storage: on ? 'granted' : denied });
    if (on && !loaded) {
      loaded = true;
      const s = document.createElement('script');
      s.async = true;
      s.nonce = nonce ?? store.config?.nonce ?? '';
      s.src = trusted().createScriptURL(
        `https://www.googletagmanager.com/gtag/js?id=${encodeURIComponent(id)}`,
      );
      document.head.append(s);
    }
  });
}

/** Where the Piano preset remembers the first deposit of the visitor id (epoch ms), to never extend it. */
export const PIANO_FIRST_KEY = 'ode-pa-first';

/**
 * Piano Analytics (formerly AT Internet), JS SDK 6. `exempt: true` is Piano's CNIL consent-exempt mode
 * ("exempt" privacy mode: the hybrid measure that leaves out the data the CNIL deems sensitive): it is
 * the default mode, `optin` while the purpose is granted (full measure), back to `exempt` on withdrawal.
 * `exempt: false`: `optout` by default and on withdrawal (no visitor id), `optin` while granted.
 * Whenever a visitor id may exist, it (`_pcid`) gets `storageLifetimeVisitor` = the days left until 390 days
 * after its first deposit (remembered in localStorage under {@link PIANO_FIRST_KEY}), so it is never extended.
 * Call before the SDK loads: it reads `window._pac`; once loaded, modes go through `pa.privacy.setMode`.
 */
export function pianoPreset({
  purpose = 'analytics',
  store = consent,
  exempt = true,
  now = Date.now(),
}: PresetOptions & { exempt?: boolean; now?: number } = {}): void {
  const w = window as W;
  const pac = (w._pac ??= {});
  // the visitor id may exist only in exempt mode or once granted: only then is its first deposit noted
  const lifetime = () => {
    let first = Number(localStorage.getItem(PIANO_FIRST_KEY)) || now;
    // less than a day left: the old id is as good as expired, a new one starts
    if (remainingAudienceMs(first, now) < DAY_MS) first = now;
    localStorage.setItem(PIANO_FIRST_KEY, String(first));
    pac.storageLifetimeVisitor = Math.max(1, Math.floor(remainingAudienceMs(first, now) / DAY_MS));
  };
  if (exempt) lifetime();
  const off = exempt ? 'exempt' : 'optout';
  const mode = (m: string) => (w.pa ? w.pa.privacy.setMode(m) : (pac.privacyDefaultMode = m));
  mode(off);
  check(store, purpose, exempt, 'Piano');
  follow(store, purpose, (on) => {
    if (!exempt) {
      if (on) lifetime();
      else localStorage.removeItem(PIANO_FIRST_KEY);
    }
    mode(on ? 'optin' : off);
  });
}
