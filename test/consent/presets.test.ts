import { expect } from '@open-wc/testing';
import { PIANO_FIRST_KEY, ga4Preset, matomoPreset, pianoPreset } from '../../src/consent/presets.js';
import { ConsentStore } from '../../src/consent/store.js';
import { clearCookies, configuredStore } from './helpers.js';

type W = {
  _paq?: unknown[][];
  dataLayer?: IArguments[];
  _pac?: Record<string, unknown>;
  pa?: { privacy: { setMode(m: string): void } };
};
const w = window as unknown as W;
const DAY = 86400;

describe('audience presets', () => {
  beforeEach(() => {
    clearCookies();
    delete w._paq;
    delete w.dataLayer;
    delete w._pac;
    delete w.pa;
    localStorage.removeItem(PIANO_FIRST_KEY);
  });
  afterEach(clearCookies);

  it('Matomo (exempt): the visitor cookie ends 390 days after its creation, whatever the visit date', () => {
    matomoPreset({ exempt: true, purpose: 'audience', store: new ConsentStore() });
    const [fn] = w._paq![0] as [(this: unknown) => void];
    const now = Math.floor(Date.now() / 1000);
    for (const age of [0, 100, 389, 390, 500]) {
      let timeout = -1;
      fn.call({
        getVisitorInfo: () => ['1', 'id', String(now - age * DAY)],
        setVisitorCookieTimeout: (s: number) => (timeout = s),
      });
      expect(timeout / DAY, `cookie ${age} days old`).to.be.closeTo(Math.max(0, 390 - age), 0.01);
    }
    expect(w._paq!.some((c) => c[0] === 'requireConsent')).to.equal(false);
  });

  it('Matomo (with consent): waits for consent, then follows grants and withdrawals', async () => {
    const store = await configuredStore();
    matomoPreset({ store, purpose: 'analytics' });
    const calls = () => w._paq!.filter((c) => typeof c[0] === 'string').map((c) => c[0]);
    expect(calls()).to.deep.equal(['requireConsent']);
    store.set({ analytics: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(calls()).to.include('setConsentGiven');
    store.set({ analytics: false });
    expect(calls().at(-1)).to.equal('forgetConsentGiven');
  });

  it('GA4: consent mode v2 denied by default, 390-day non-extended cookie, gtag.js loaded only after consent', async () => {
    const store = await configuredStore({ nonce: 'n0nce' });
    const gtagSrc = 'script[src^="https://www.googletagmanager.com/gtag/js"]';
    ga4Preset({ id: 'G-TEST123', store });
    const layer = w.dataLayer!.map((a) => [...a]);
    expect(layer[0]).to.deep.equal([
      'consent',
      'default',
      {
        ad_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
        analytics_storage: 'denied',
        wait_for_update: 500,
      },
    ]);
    expect(layer[2]).to.deep.equal([
      'config',
      'G-TEST123',
      { cookie_expires: 390 * DAY, cookie_update: false },
    ]);
    await new Promise((r) => setTimeout(r, 0));
    expect(document.querySelector(gtagSrc)?.outerHTML ?? null).to.equal(null);
    // the script would request Google: catch it before it is inserted (tests stay offline)
    const seen: HTMLScriptElement[] = [];
    const append = document.head.append.bind(document.head);
    document.head.append = (...nodes: (string | Node)[]) => {
      for (const n of nodes) if (n instanceof HTMLScriptElement) seen.push(n);
    };
    try {
      store.set({ analytics: true });
      await new Promise((r) => setTimeout(r, 0));
    } finally {
      document.head.append = append;
    }
    expect(seen).to.have.length(1);
    expect(seen[0].src).to.equal('https://www.googletagmanager.com/gtag/js?id=G-TEST123');
    expect(seen[0].nonce).to.equal('n0nce');
    expect([...w.dataLayer!.at(-1)!]).to.deep.equal(['consent', 'update', { analytics_storage: 'granted' }]);
    store.set({ analytics: false });
    expect([...w.dataLayer!.at(-1)!]).to.deep.equal(['consent', 'update', { analytics_storage: 'denied' }]);
    expect(() => ga4Preset({ id: 'UA-1234', store })).to.throw(/not a measurement id/);
  });

  it('Piano (exempt): CNIL exempt mode by default, opt-in while granted, visitor id capped at 390 days from first deposit', async () => {
    const store = await configuredStore({}, Date.UTC(2026, 0, 10));
    const t0 = Date.UTC(2026, 0, 10);
    pianoPreset({ store, purpose: 'audience', exempt: true, now: t0 });
    expect(w._pac).to.deep.include({ privacyDefaultMode: 'exempt', storageLifetimeVisitor: 390 });
    expect(localStorage.getItem(PIANO_FIRST_KEY)).to.equal(String(t0));
    // a later visit: the id keeps its first-deposit date, so its lifetime shrinks, never extended
    delete w._pac;
    pianoPreset({ store, purpose: 'audience', exempt: true, now: t0 + 100 * DAY * 1000 });
    expect(w._pac!.storageLifetimeVisitor).to.equal(290);
    // past 389 days a new id starts
    delete w._pac;
    pianoPreset({ store, purpose: 'audience', exempt: true, now: t0 + 389.5 * DAY * 1000 });
    expect(w._pac!.storageLifetimeVisitor).to.equal(390);
  });

  it('Piano (with consent): opt-out and nothing stored before consent, opt-in on grant, opt-out on withdrawal', async () => {
    const store = await configuredStore();
    const modes: string[] = [];
    pianoPreset({ store, purpose: 'analytics', exempt: false });
    expect(w._pac).to.deep.equal({ privacyDefaultMode: 'optout' });
    expect(localStorage.getItem(PIANO_FIRST_KEY)).to.equal(null);
    w.pa = { privacy: { setMode: (m) => modes.push(m) } };
    store.set({ analytics: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(modes).to.include('optin');
    expect(w._pac!.storageLifetimeVisitor).to.equal(390);
    store.set({ analytics: false });
    expect(modes.at(-1)).to.equal('optout');
    expect(localStorage.getItem(PIANO_FIRST_KEY)).to.equal(null);
  });
});
