// @ts-check
/* global document, window -- page.evaluate / waitForFunction callbacks run in the browser */
/**
 * Consent on a shared parent domain, over https, in Chromium: two tenants as sibling subdomains,
 * `ville.portal.test` and `autre.portal.test`, both mapped to 127.0.0.1 (`--host-resolver-rules`), served
 * by an https server with a self-signed certificate made for the test by openssl (accepted by this browser
 * only: `--ignore-certificate-errors`). The consent entry is bundled by esbuild as the CDN would serve it.
 *
 * - a valid accept-all record planted by `autre` on `Domain=portal.test` is not honoured on `ville`
 *   (banner shown, no gated request, no activated script);
 * - after refusing, a reload stays refused; `consent.reset()` also removes the planted cookie;
 * - `ville`'s own host-only record of the previous version (unprefixed name) is migrated once to
 *   `__Host-eu-consent`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import https from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumPath } from './static-server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Ville's configuration: analytics (a tracker script and a gated image from autre) and video. */
const CONFIG = {
  policyVersion: '2026-12',
  privacyPolicyUrl: '/politique',
  controller: { name: 'Ville' },
  purposes: [
    {
      id: 'analytics',
      title: 'Statistiques',
      vendors: [{ name: 'Autre', url: 'https://autre.portal.test/', thirdParty: true }],
      cookies: [{ name: '_ga', duration: 390, provider: 'Google' }],
    },
    { id: 'video', title: 'Vidéos', vendors: [{ name: 'YouTube', thirdParty: true }] },
  ],
};

let dir = '';
/** @type {https.Server} */ let server;
let port = 0;
/** Requests for the gated image, as `host/path`. */
const gated = /** @type {string[]} */ ([]);
/** @type {import('playwright-core').Browser} */ let browser;

/** The pages, by path (the same on both hosts). */
const pages = {
  // ville: the banner, a gated image from autre and a tracker script, both for "analytics"
  '/': () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ville</title></head><body>
<ode-consent-banner><script type="application/json">${JSON.stringify(CONFIG)}</script></ode-consent-banner>
<main><h1>Ville</h1>
<template data-ode-purpose="analytics"><img alt="" src="https://autre.portal.test:${port}/gated.gif"></template>
<script type="text/plain" data-ode-purpose="analytics">window.trackerRan = true;</script></main>
<script type="module">import { consent } from '/consent.js'; window.consent = consent;</script>
</body></html>`,
  // autre: plants a valid accept-all record for ville's configuration on the parent domain
  '/plant':
    () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Autre</title></head><body>
<script type="module">
import { ConsentStore } from '/consent.js';
const store = new ConsentStore();
await store.configure(${JSON.stringify(CONFIG)});
const record = store.acceptAll();
const value = encodeURIComponent(JSON.stringify(record));
document.cookie = 'eu-consent=' + value + '; Domain=portal.test; Path=/; Secure; SameSite=Lax; Max-Age=86400';
// a parent domain cannot set the prefixed name: the browser refuses it
document.cookie = '__Host-eu-consent=' + value + '; Domain=portal.test; Path=/; Secure; Max-Age=86400';
window.planted = true;
</script></body></html>`,
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ode-consent-https-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=portal.test',
      '-addext',
      'subjectAltName=DNS:*.portal.test,DNS:portal.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const bundle = await esbuild.build({
    entryPoints: [join(root, 'src/consent/index.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    outdir: dir,
    splitting: true,
    logLevel: 'silent',
  });
  /** @type {Record<string, string>} */
  const files = {};
  for (const f of bundle.outputFiles)
    files[`/${f.path.slice(dir.length + 1).replace('index.js', 'consent.js')}`] = f.text;
  server = https.createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (req, res) => {
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      if (path === '/gated.gif') {
        gated.push(`${req.headers.host}${path}`);
        res.writeHead(200, { 'content-type': 'image/gif' });
        return res.end(GIF);
      }
      const page = pages[/** @type {keyof typeof pages} */ (path)];
      if (page) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(page());
      }
      if (files[path] !== undefined) {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(files[path]);
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    },
  );
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--host-resolver-rules=MAP *.portal.test 127.0.0.1',
      // the certificate made above, for this test's browser only
      '--ignore-certificate-errors',
    ],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(() => r(undefined)) : r(undefined)));
  rmSync(dir, { recursive: true, force: true });
});

const ville = () => `https://ville.portal.test:${port}/`;
const autre = () => `https://autre.portal.test:${port}/plant`;

/** Ville's page once its banner is configured: whether the banner shows, and what is granted. */
async function villeState(/** @type {import('playwright-core').Page} */ page) {
  await page.waitForFunction(() => !!(/** @type {any} */ (window).consent?.config), null, { timeout: 15000 });
  await page.evaluate(
    () => /** @type {any} */ (document.querySelector('ode-consent-banner'))?.updateComplete,
  );
  return page.evaluate(() => ({
    banner: !!document.querySelector('ode-consent-banner')?.shadowRoot?.querySelector('[part=banner]'),
    analytics: /** @type {any} */ (window).consent.get('analytics'),
    trackerRan: /** @type {any} */ (window).trackerRan === true,
    active: document.querySelectorAll('[data-ode-active]').length,
    cookieName: /** @type {any} */ (window).consent.cookieName,
    src: /** @type {any} */ (window).consent.record?.src ?? null,
  }));
}

/** The cookies of the context named `name`, with the domain they were set on. */
async function cookies(
  /** @type {import('playwright-core').BrowserContext} */ context,
  /** @type {string} */ name,
) {
  return (await context.cookies(ville())).filter((c) => c.name === name).map((c) => c.domain);
}

test('a record planted by a sibling on the parent domain is not honoured; refusing sticks; reset removes it', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(autre());
    await page.waitForFunction(() => /** @type {any} */ (window).planted === true);
    assert.deepEqual(await cookies(context, 'eu-consent'), ['.portal.test'], 'autre planted its record');
    assert.deepEqual(await cookies(context, '__Host-eu-consent'), [], 'no parent domain can set __Host-');

    gated.length = 0;
    await page.goto(ville());
    const first = await villeState(page);
    assert.equal(first.banner, true, 'the banner asks');
    assert.equal(first.analytics, false);
    assert.equal(first.trackerRan, false, 'no tracker ran');
    assert.equal(first.active, 0, 'no gated markup active');
    assert.equal(first.cookieName, '__Host-eu-consent');
    await page.waitForTimeout(300);
    assert.deepEqual(gated, [], 'no gated request');

    // "Refuse all", then a reload: still refused, and the banner does not come back
    await page.locator('ode-consent-banner button', { hasText: 'Refuse all' }).click();
    await page.reload();
    const again = await villeState(page);
    assert.deepEqual(
      { banner: again.banner, analytics: again.analytics, trackerRan: again.trackerRan, src: again.src },
      { banner: false, analytics: false, trackerRan: false, src: 'refuse-all' },
    );
    assert.deepEqual(await cookies(context, '__Host-eu-consent'), ['ville.portal.test'], 'host-only');
    assert.deepEqual(gated, []);

    // reset() forgets ville's choice and removes the planted record too
    await page.evaluate(() => /** @type {any} */ (window).consent.reset());
    await page.waitForTimeout(200);
    assert.deepEqual(await cookies(context, '__Host-eu-consent'), []);
    assert.deepEqual(await cookies(context, 'eu-consent'), [], 'the planted record is gone');
  } finally {
    await context.close();
  }
});

test("ville's own host-only record of the previous version is migrated once to __Host-eu-consent", async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // a record ville stored under the unprefixed name (previous version): accept analytics
    await page.goto(ville());
    await villeState(page);
    await page.evaluate(() => {
      const record = /** @type {any} */ (window).consent.set({ analytics: true, video: false }, 'prefs');
      const value = encodeURIComponent(JSON.stringify(record));
      document.cookie = '__Host-eu-consent=; Path=/; Secure; Max-Age=0';
      document.cookie = `eu-consent=${value}; Path=/; Secure; SameSite=Lax; Max-Age=86400`;
    });
    assert.deepEqual(await cookies(context, 'eu-consent'), ['ville.portal.test']);
    gated.length = 0;
    await page.reload();
    const state = await villeState(page);
    assert.equal(state.banner, false, 'the stored choice holds');
    assert.equal(state.analytics, true);
    await page.waitForFunction(() => /** @type {any} */ (window).trackerRan === true);
    assert.deepEqual(await cookies(context, '__Host-eu-consent'), ['ville.portal.test'], 'migrated');
    assert.deepEqual(await cookies(context, 'eu-consent'), [], 'the old name is deleted');
  } finally {
    await context.close();
  }
});
