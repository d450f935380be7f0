import { expect } from '@open-wc/testing';
import { ExploreClient, isAbort } from '../src/api/client.js';
import { ApiError } from '../src/api/errors.js';
import { portalUrl, quotaPortalUrl, windowPortalUrl } from './helpers.js';

describe('ExploreClient against the dev portal', () => {
  it('shares identical requests in flight and serves repeats from its cache', async () => {
    const c = new ExploreClient(portalUrl());
    const [a, b] = await Promise.all([c.dataset('airports'), c.dataset('airports')]);
    expect(a).to.equal(b);
    expect(c.requests).to.equal(1);
    await c.dataset('airports');
    expect(c.requests).to.equal(1);
    const fresh = new ExploreClient(portalUrl(), { cacheTtl: 0 });
    await fresh.dataset('airports');
    await fresh.dataset('airports');
    expect(fresh.requests).to.equal(2);
  });

  it('lets one caller abort without hurting the other, and aborts the request when nobody is left', async () => {
    const c = new ExploreClient(portalUrl(), { cacheTtl: 0 });
    const one = new AbortController();
    const p1 = c.records('flights', { limit: 5 }, one.signal);
    const p2 = c.records('flights', { limit: 5 });
    one.abort();
    const r1 = await p1.then(
      () => 'resolved',
      (e) => (isAbort(e) ? 'aborted' : String(e)),
    );
    expect(r1).to.equal('aborted');
    expect((await p2).results.length).to.equal(5);
    expect(c.requests).to.equal(1);

    const only = new AbortController();
    const p3 = c.records('flights', { limit: 6 }, only.signal);
    only.abort();
    const r3 = await p3.then(
      () => 'resolved',
      (e) => (isAbort(e) ? 'aborted' : String(e)),
    );
    expect(r3).to.equal('aborted');
  });

  it('waits for a quota reset that is near, then retries once and succeeds', async () => {
    const base = `${windowPortalUrl()}/api/explore/v2.1/catalog/datasets/seattle-weather`;
    // spend the window's quota, and make sure its reset is not about to pass before the client asks
    for (;;) {
      const res = await fetch(base);
      if (res.status !== 429) continue;
      const body = await res.json();
      const left = new Date(body.reset_time).getTime() - Date.now();
      if (left > 500) break;
      await new Promise((r) => setTimeout(r, left + 50));
    }
    const c = new ExploreClient(windowPortalUrl(), { cacheTtl: 0 });
    const t0 = performance.now();
    const ds = await c.dataset('seattle-weather');
    expect(ds.dataset_id).to.equal('seattle-weather');
    expect(c.requests).to.equal(2);
    expect(performance.now() - t0).to.be.above(200);
  });

  it('fails at once with the reset time when the quota resets far away', async () => {
    const c = new ExploreClient(quotaPortalUrl(), { cacheTtl: 0 });
    await fetch(`${quotaPortalUrl()}/api/explore/v2.1/catalog/datasets/seattle-weather`);
    const error = await c.dataset('seattle-weather').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ApiError);
    const e = error as ApiError;
    expect(e.status).to.equal(429);
    expect(e.errorCode).to.equal('10002');
    expect(e.resetAt!.getTime()).to.be.above(Date.now());
    expect(c.requests).to.equal(1);
  });

  it('warns that an API key in a public page is public', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const c = new ExploreClient(`${portalUrl()}/`, { apikey: 'secret' });
      expect(c.origin).to.equal(portalUrl());
      // the dev portal accepts and ignores keys: the request (with its preflight) still works
      expect((await c.dataset('airports')).dataset_id).to.equal('airports');
    } finally {
      console.warn = original;
    }
    expect(warnings.some((w) => w.includes('public'))).to.equal(true);
  });
});
