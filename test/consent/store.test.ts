import { expect } from '@open-wc/testing';
import { ConsentStore, type ConsentChangeDetail } from '../../src/consent/store.js';
import { DAY_MS, choiceExpiry } from '../../src/consent/dates.js';
import { clearCookies, configuredStore, cookieNamesNow, tenantConfig, withGpc } from './helpers.js';

const T0 = Date.parse('2025-01-31T11:00:00Z');
const readRecord = (name: string) => {
  const raw = document.cookie
    .split(/;\s*/)
    .find((p) => p.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  return raw ? JSON.parse(decodeURIComponent(raw)) : undefined;
};
const events = <K extends 'ode-consent-change' | 'ode-consent-withdrawn'>(type: K) => {
  const seen: CustomEvent[] = [];
  const f = (e: Event) => seen.push(e as CustomEvent);
  document.addEventListener(type, f);
  return { seen, stop: () => document.removeEventListener(type, f) };
};

describe('consent store', () => {
  beforeEach(clearCookies);
  afterEach(clearCookies);

  it('before any choice: nothing granted except exempt purposes, and nothing written', async () => {
    const s = await configuredStore({}, T0);
    expect(s.needsChoice).to.equal(true);
    expect(s.get('analytics')).to.equal(false);
    expect(s.get('audience')).to.equal(true);
    expect(document.cookie).to.equal('');
  });

  for (const [how, act, expected] of [
    ['accept-all', (s: ConsentStore) => s.acceptAll(), { analytics: 1, social: 1, video: 1 }],
    ['refuse-all', (s: ConsentStore) => s.refuseAll(), { analytics: 0, social: 0, video: 0 }],
    ['close', (s: ConsentStore) => s.refuseAll('close'), { analytics: 0, social: 0, video: 0 }],
    [
      'prefs',
      (s: ConsentStore) => s.set({ video: true, analytics: false }, 'prefs'),
      { analytics: 0, social: 0, video: 1 },
    ],
    ['gate', (s: ConsentStore) => s.set({ social: true }, 'gate'), { analytics: 0, social: 1, video: 0 }],
  ] as const) {
    it(`records a choice from "${how}" in one host-only cookie, kept 6 calendar months`, async () => {
      const cfg = tenantConfig();
      const s = new ConsentStore();
      s.now = () => T0;
      s.lang = 'fr';
      await s.configure(cfg);
      act(s);
      const r = readRecord(cfg.cookieName!);
      const t = T0 / 1000;
      expect(r).to.deep.equal({
        v: 2,
        pv: '2026-11',
        ch: s.hash,
        t,
        x: choiceExpiry(T0) / 1000,
        // each purpose's decision with its own time
        p: Object.fromEntries(Object.entries(expected).map(([id, g]) => [id, { g, t }])),
        src: how,
        l: 'fr',
      });
      expect(new Date(r.x * 1000).toISOString()).to.equal('2025-07-31T10:00:00.000Z');
      expect(s.needsChoice).to.equal(false);
      // a new page (new store) reads it back
      const again = new ConsentStore();
      again.now = () => T0 + DAY_MS;
      await again.configure(cfg);
      expect(again.record).to.deep.equal(r);
      expect(again.get('video')).to.equal(expected.video === 1);
    });
  }

  it('asks again when the policy version or the configuration changes', async () => {
    const cfg = tenantConfig();
    const s = new ConsentStore();
    await s.configure(cfg);
    s.acceptAll();
    const v2 = new ConsentStore();
    await v2.configure({ ...cfg, policyVersion: '2027-01' });
    expect(v2.needsChoice).to.equal(true);
    expect(v2.get('analytics')).to.equal(false);
    const moreVendors = new ConsentStore();
    const cfg2 = tenantConfig({ cookieName: cfg.cookieName });
    cfg2.purposes[2].vendors!.push({ name: 'Facebook', thirdParty: true });
    await moreVendors.configure(cfg2);
    expect(moreVendors.needsChoice).to.equal(true);
    const same = new ConsentStore();
    await same.configure(cfg);
    expect(same.needsChoice).to.equal(false);
  });

  it('is never seen configured before its stored choice is read: ready, config and record come together', async () => {
    const cfg = tenantConfig();
    const first = new ConsentStore();
    await first.configure(cfg);
    first.acceptAll();
    // a second page view: its store reads the choice stored by the first
    const next = new ConsentStore();
    const ready = next.ready.then(() => [next.config?.cookieName, next.record?.p.video?.g]);
    const configuring = next.configure(cfg);
    // the configuration is not shown before the record is read (hashing the configuration is asynchronous)
    expect(next.config, 'configured before the record was read').to.equal(undefined);
    await configuring;
    expect(await ready).to.deep.equal([cfg.cookieName, 1]);
    expect(next.needsChoice).to.equal(false);
  });

  it('ready waits for a configuration on its way, not the one before it; of two overlapping, the later wins', async () => {
    const before = tenantConfig();
    const s = new ConsentStore();
    await s.configure(before);
    const after = tenantConfig();
    after.purposes[3].vendors!.push({ name: 'Tiles', url: 'https://tiles.example.org/', thirdParty: true });
    const applying = s.configure(after);
    await s.ready;
    expect(s.config?.cookieName, 'the configuration ready answers with').to.equal(after.cookieName);
    await applying;
    // two at once: the second asked is the one applied, whichever finishes last
    const third = tenantConfig();
    const fourth = tenantConfig();
    await Promise.all([s.configure(third), s.configure(fourth)]);
    expect(s.config?.cookieName).to.equal(fourth.cookieName);
  });

  it('asks again once the choice has expired, exactly at its expiry, and never extends it on page views', async () => {
    const cfg = tenantConfig();
    const s = new ConsentStore();
    s.now = () => T0;
    await s.configure(cfg);
    s.refuseAll();
    const before = document.cookie;
    const x = choiceExpiry(T0);
    const at = async (now: number) => {
      const p = new ConsentStore();
      p.now = () => now;
      await p.configure(cfg);
      return p.needsChoice;
    };
    expect(await at(x - 1)).to.equal(false);
    expect(document.cookie, 'reading did not rewrite the cookie').to.equal(before);
    expect(await at(x)).to.equal(true);
  });

  it('does not trust a record whose expiry was stretched by someone else', async () => {
    const cfg = tenantConfig();
    const s = new ConsentStore();
    s.now = () => T0;
    await s.configure(cfg);
    const r = s.acceptAll();
    const forged = { ...r, x: r.x + 365 * 86400 };
    document.cookie = `${cfg.cookieName}=${encodeURIComponent(JSON.stringify(forged))}; Path=/; Max-Age=99999999`;
    const p = new ConsentStore();
    p.now = () => T0 + DAY_MS;
    await p.configure(cfg);
    expect(p.needsChoice).to.equal(true);
    expect(p.get('analytics')).to.equal(false);
    // and garbage is no choice either
    document.cookie = `${cfg.cookieName}=%7Bnot%20json; Path=/`;
    const g = new ConsentStore();
    await g.configure(cfg);
    expect(g.needsChoice).to.equal(true);
  });

  it('honours Global Privacy Control as a recorded refusal when no choice exists; an explicit choice wins', async () => {
    const undo = withGpc();
    try {
      const cfg = tenantConfig();
      const s = new ConsentStore();
      await s.configure(cfg);
      expect(s.needsChoice).to.equal(false);
      expect(s.record?.src).to.equal('gpc');
      expect(s.get('analytics')).to.equal(false);
      s.set({ video: true }, 'prefs');
      const next = new ConsentStore();
      await next.configure(cfg);
      expect(next.record?.src).to.equal('prefs');
      expect(next.get('video')).to.equal(true);
      // a tenant may opt out of GPC handling
      const off = new ConsentStore();
      await off.configure(tenantConfig({ gpc: false }));
      expect(off.needsChoice).to.equal(true);
    } finally {
      undo();
    }
  });

  it('whenGranted resolves at once when granted, later on grant, and rejects an unknown purpose', async () => {
    const s = await configuredStore();
    let video = false;
    const p = s.whenGranted('video').then(() => (video = true));
    await s.whenGranted('audience'); // exempt: already granted
    await new Promise((r) => setTimeout(r, 10));
    expect(video).to.equal(false);
    s.set({ social: true });
    await new Promise((r) => setTimeout(r, 10));
    expect(video).to.equal(false);
    s.set({ video: true });
    await p;
    expect(video).to.equal(true);
    let error: Error | undefined;
    await s.whenGranted('nope').catch((e: Error) => (error = e));
    expect(error?.message).to.contain('unknown purpose "nope"');
    expect(() => s.set({ nope: true })).to.throw(/unknown purpose "nope"/);
  });

  it('withdrawal deletes the declared cookies of the withdrawn purpose only, and says so', async () => {
    const s = await configuredStore();
    s.set({ analytics: true, social: true });
    document.cookie = '_ga=GA1.1.123; Path=/';
    document.cookie = '_ga_ABC123=GS1.1; Path=/';
    document.cookie = 'unrelated=1; Path=/';
    const changes = events('ode-consent-change');
    const withdrawn = events('ode-consent-withdrawn');
    s.set({ analytics: false }, 'prefs');
    changes.stop();
    withdrawn.stop();
    expect(!cookieNamesNow().includes('_ga'), '_ga deleted').to.equal(true);
    expect(cookieNamesNow()).to.include('unrelated');
    expect(cookieNamesNow()).not.to.include('_ga');
    expect(cookieNamesNow()).not.to.include('_ga_ABC123');
    expect(withdrawn.seen.map((e) => e.detail.purposes)).to.deep.equal([['analytics']]);
    const d = changes.seen[0].detail as ConsentChangeDetail;
    expect(d.withdrawn).to.deep.equal(['analytics']);
    expect(d.granted).to.deep.equal([]);
    expect(s.get('social')).to.equal(true);
  });

  it('reset() forgets the choice, withdraws everything granted and deletes the consent cookie', async () => {
    const cfg = tenantConfig();
    const s = new ConsentStore();
    await s.configure(cfg);
    s.acceptAll();
    document.cookie = '_ga=1; Path=/';
    const withdrawn = events('ode-consent-withdrawn');
    s.reset();
    withdrawn.stop();
    expect(s.needsChoice).to.equal(true);
    expect(cookieNamesNow()).not.to.include(cfg.cookieName);
    expect(cookieNamesNow().length === 0, 'every cookie deleted').to.equal(true);
    expect(withdrawn.seen[0].detail.purposes).to.deep.equal(['analytics', 'social', 'video']);
  });

  it('sends a minimal receipt by sendBeacon when an endpoint is configured, and gives the same one to the user', async () => {
    const sent: [string, string][] = [];
    const original = navigator.sendBeacon;
    navigator.sendBeacon = (url: string | URL, body?: BodyInit | null) => (
      sent.push([String(url), String(body)]),
      true
    );
    try {
      const s = await configuredStore({ receiptEndpoint: '/consent-receipts' }, T0);
      s.lang = 'en';
      s.set({ video: true }, 'prefs');
      expect(sent).to.have.length(1);
      expect(sent[0][0]).to.equal('/consent-receipts');
      const body = JSON.parse(sent[0][1]);
      expect(body).to.deep.equal(s.receipt());
      expect(Object.keys(body).sort()).to.deep.equal(
        [
          'choices',
          'configHash',
          'controller',
          'decisions',
          'expires',
          'language',
          'policyVersion',
          'receiptId',
          'source',
          'time',
        ].sort(),
      );
      expect(body.receiptId).to.match(/^[0-9a-f]{24}$/);
      expect(body.receiptId).to.equal(s.record?.rid);
      expect(body).to.include({
        time: '2025-01-31T11:00:00.000Z',
        policyVersion: '2026-11',
        configHash: s.hash,
        source: 'prefs',
      });
      expect(body.choices).to.deep.equal({ audience: true, analytics: false, social: false, video: true });
      expect(body.decisions.video).to.deep.equal({
        granted: true,
        time: '2025-01-31T11:00:00.000Z',
        expires: '2025-07-31T10:00:00.000Z',
      });
      expect(JSON.stringify(body)).not.to.match(/Mozilla|userAgent|"ip"|remoteAddr/i);
      // without an endpoint: nothing sent, no receipt id stored
      const quiet = await configuredStore();
      quiet.acceptAll();
      expect(sent).to.have.length(1);
      expect(quiet.record?.rid).to.equal(undefined);
    } finally {
      navigator.sendBeacon = original;
    }
  });

  it("keeps each purpose's own decision time: analytics granted on day 0, video on day 160 → on day 190 only video holds", async () => {
    const cfg = tenantConfig();
    let now = T0;
    const clock = () => now;
    const page = async () => {
      const p = new ConsentStore();
      p.now = clock;
      await p.configure(cfg);
      return p;
    };
    (await page()).set({ analytics: true }, 'prefs');
    now = T0 + 160 * DAY_MS;
    const day160 = await page();
    expect(day160.get('analytics')).to.equal(true);
    day160.set({ video: true }, 'gate');
    // the video click did not move analytics' decision
    expect(day160.record?.p.analytics.t).to.equal(T0 / 1000);
    expect(day160.record?.p.video.t).to.equal(now / 1000);
    now = T0 + 190 * DAY_MS;
    const day190 = await page();
    expect(day190.get('analytics'), 'analytics lapsed 6 months after day 0').to.equal(false);
    expect(day190.get('video'), 'video holds until 6 months after day 160').to.equal(true);
    expect(day190.decision('analytics')).to.equal(undefined);
    expect(day190.needsChoice, 'the expired purposes are asked again').to.equal(true);
    // the cookie lives as long as its latest decision
    expect(day190.record?.x).to.equal(choiceExpiry(T0 + 160 * DAY_MS) / 1000);
    // answering again stamps only what is answered
    day190.set({ analytics: false, social: false }, 'prefs');
    expect(day190.needsChoice).to.equal(false);
    expect(day190.record?.p.video.t).to.equal((T0 + 160 * DAY_MS) / 1000);
    now = choiceExpiry(T0 + 160 * DAY_MS);
    expect((await page()).get('video')).to.equal(false);
  });

  it('a refusal deletes the declared cookies and storage of every refused purpose, whatever was stored before', async () => {
    const cfg = tenantConfig();
    cfg.purposes[1].cookies!.push({ name: '_pk_id.*', duration: 390, provider: 'Matomo' });
    cfg.purposes[1].cookies!.push({ name: '_pk_ref', duration: 180, provider: 'Matomo', path: '/stats' });
    cfg.purposes[1].storage = ['_pk_*', 'matomo_sessid'];
    const s = new ConsentStore();
    s.now = () => T0;
    await s.configure(cfg);
    // set by a script before any choice, some on other paths
    document.cookie = '_pk_id.1.abcd=x; Path=/';
    document.cookie = '_ga=GA1.1.1; Path=/';
    document.cookie = '_ga_ABC123=GS1.1; Path=/';
    const here = location.pathname.replace(/\/[^/]*$/, '') || '/';
    document.cookie = `_ga=GA1.1.2; Path=${here}`;
    localStorage.setItem('_pk_visit', '1');
    sessionStorage.setItem('matomo_sessid', '1');
    localStorage.setItem('unrelated', '1');
    expect(cookieNamesNow()).to.include('_pk_id.1.abcd');
    s.refuseAll();
    expect(
      cookieNamesNow().every((n) => !n.startsWith('_')),
      'cookies deleted',
    ).to.equal(true);
    expect(localStorage.getItem('_pk_visit')).to.equal(null);
    expect(sessionStorage.getItem('matomo_sessid')).to.equal(null);
    expect(localStorage.getItem('unrelated')).to.equal('1');
    localStorage.removeItem('unrelated');
    // a cookie put back later by a script is deleted on the next page, since the refusal holds
    document.cookie = '_ga=GA1.1.3; Path=/';
    const next = new ConsentStore();
    next.now = () => T0 + DAY_MS;
    await next.configure(cfg);
    expect(!cookieNamesNow().includes('_ga'), '_ga deleted on the next page').to.equal(true);
  });

  it('refusing after the choice expired still deletes what the old choice allowed', async () => {
    const cfg = tenantConfig();
    const s = new ConsentStore();
    s.now = () => T0;
    await s.configure(cfg);
    s.acceptAll();
    document.cookie = '_ga=GA1.1.1; Path=/';
    document.cookie = '_ga_ABC123=GS1.1; Path=/';
    const later = new ConsentStore();
    later.now = () => choiceExpiry(T0) + DAY_MS;
    await later.configure(cfg);
    expect(later.needsChoice).to.equal(true);
    later.refuseAll();
    expect(!cookieNamesNow().includes('_ga'), '_ga deleted').to.equal(true);
    expect(cookieNamesNow()).not.to.include('_ga_ABC123');
  });

  it('bounds every field of the stored record: a long language, a made-up receipt id or an unknown purpose is no choice', async () => {
    const cfg = tenantConfig();
    const s = new ConsentStore();
    s.now = () => T0;
    await s.configure(cfg);
    const good = s.acceptAll();
    const read = async (record: object) => {
      document.cookie = `${cfg.cookieName}=${encodeURIComponent(JSON.stringify(record))}; Path=/`;
      const p = new ConsentStore();
      p.now = () => T0 + DAY_MS;
      await p.configure(cfg);
      return p.record;
    };
    expect(await read(good)).to.deep.equal(good);
    expect(await read({ ...good, l: 'x'.repeat(1000) })).to.equal(null);
    expect(await read({ ...good, rid: '<script>' })).to.equal(null);
    expect(await read({ ...good, rid: 'ab'.repeat(12) })).not.to.equal(null);
    expect(await read({ ...good, p: { ...good.p, ads: { g: 1, t: good.t } } })).to.equal(null);
    expect(await read({ ...good, p: { ...good.p, video: { g: 2, t: good.t } } })).to.equal(null);
    expect(await read({ ...good, extra: 1 })).to.equal(null);
    expect(await read({ ...good, pv: 'x'.repeat(201) })).to.equal(null);
    expect(await read({ ...good, src: 'scroll' })).to.equal(null);
  });

  it('reads a record of the first format (one time for all purposes) as a decision per purpose', async () => {
    const cfg = tenantConfig();
    const s = new ConsentStore();
    s.now = () => T0;
    await s.configure(cfg);
    const x = choiceExpiry(T0) / 1000;
    const old = {
      v: 1,
      pv: '2026-11',
      ch: s.hash,
      t: T0 / 1000,
      x,
      p: { analytics: 1, social: 0, video: 0 },
      src: 'prefs',
      l: 'fr',
    };
    document.cookie = `${cfg.cookieName}=${encodeURIComponent(JSON.stringify(old))}; Path=/`;
    const p = new ConsentStore();
    p.now = () => T0 + DAY_MS;
    await p.configure(cfg);
    expect(p.get('analytics')).to.equal(true);
    expect(p.record?.p.social).to.deep.equal({ g: 0, t: T0 / 1000 });
  });

  it('trusts none of several visible consent cookies of one name (one may come from a parent domain)', async () => {
    const cfg = tenantConfig();
    const s = new ConsentStore();
    await s.configure(cfg);
    s.acceptAll();
    const real = document.cookie;
    const value = real.split('=').slice(1).join('=');
    Object.defineProperty(document, 'cookie', {
      get: () => `${cfg.cookieName}=${value}; ${cfg.cookieName}=${value}`,
      configurable: true,
    });
    try {
      const p = new ConsentStore();
      await p.configure(cfg);
      expect(p.needsChoice).to.equal(true);
      expect(p.get('analytics')).to.equal(false);
    } finally {
      delete (document as { cookie?: string }).cookie;
    }
    expect(document.cookie).to.equal(real);
  });

  it('the consent cookie is named __Host-<name> on https (no other site can set it), the configured name on http', async () => {
    const s = await configuredStore();
    expect(location.protocol).to.equal('http:');
    expect(s.cookieName).to.equal(s.config!.cookieName);
    // https is tested end to end with real sibling hosts: scripts/consent-https.test.js
  });
});
