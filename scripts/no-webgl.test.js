// @ts-check
/* global document, window, MouseEvent -- page.evaluate / waitForFunction callbacks run in the browser */
/**
 * `<ode-map>` in a browser that cannot draw maps: Chromium started with `--disable-3d-apis` (no WebGL
 * context at all), against the dev portal and the Vite dev server (scripts/harness.js). The map says so
 * in place, in English and in French, keeps its "view as list" (which lists the records) and the
 * dataset's attribution, downloads nothing of maplibre-gl, and raises no uncaught error or unhandled
 * rejection; axe finds nothing. Screenshot: .screenshots/map-no-webgl.png.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, serveStatic } from './static-server.js';
import { root, startDemo } from './harness.js';

/** @type {Awaited<ReturnType<typeof startDemo>> | undefined} */
let demo;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
/** @type {Awaited<ReturnType<typeof serveStatic>> | undefined} */
let statics;

before(async () => {
  demo = await startDemo({ only: ['earthquakes'] });
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--disable-3d-apis', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await statics?.close();
  await demo?.close();
});

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

test('no WebGL: the map says so in place, keeps its list and attribution, and throws nothing', async () => {
  assert.ok(demo && browser);
  const page = await browser.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  /** @type {string[]} */
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  // the page from a plain server; the modules from the Vite dev server (a page on the loopback address,
  // as the portal is: Chromium lets it fetch from there)
  statics = await serveStatic({
    dir: join(root, 'scripts'),
    pages: {
      '/no-webgl.html': `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Maps without WebGL</title></head>
<body><main>
<h1>Maps without WebGL</h1>
<ode-map id="en" domain="${demo.portal.url}" dataset="earthquakes" popup-fields="title,mag"></ode-map>
<ode-map id="fr" lang="fr" domain="${demo.portal.url}" dataset="earthquakes"></ode-map>
</main>
<script>
  window.__unhandled = [];
  addEventListener('unhandledrejection', (e) => window.__unhandled.push(String(e.reason)));
  addEventListener('error', (e) => window.__unhandled.push(String(e.message)));
</script>
<script type="module" src="${demo.base}src/map/define.ts"></script>
</body></html>`,
    },
  });
  const url = `${statics.url}/no-webgl.html`;
  await page.goto(url);
  assert.equal(
    await page.evaluate(() => !!document.createElement('canvas').getContext('webgl2')),
    false,
    'this Chromium has no WebGL2 (--disable-3d-apis)',
  );
  const text = (/** @type {string} */ id) =>
    page.evaluate(
      (id) => document.getElementById(id)?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '',
      id,
    );
  await page.waitForFunction(() => {
    const sr = document.getElementById('en')?.shadowRoot;
    return /cannot draw the map/.test(sr?.textContent ?? '') && !!sr?.querySelector('.tools button');
  });
  await page.waitForFunction(() =>
    /ne peut pas dessiner la carte/.test(document.getElementById('fr')?.shadowRoot?.textContent ?? ''),
  );
  // the data is shown (the count arrived): no longer busy
  await page.waitForFunction(() =>
    [...document.querySelectorAll('ode-map')].every((m) => !m.hasAttribute('aria-busy')),
  );
  assert.match(await text('en'), /This browser cannot draw the map/);
  assert.match(await text('fr'), /Voir sous forme de liste/);
  const state = await page.evaluate(() => {
    const el = /** @type {any} */ (document.getElementById('en'));
    const sr = el.shadowRoot;
    return {
      map: el.map,
      canvas: !!sr.querySelector('canvas'),
      attribution: sr.querySelector('ode-attribution')?.shadowRoot?.textContent ?? '',
      status: sr.querySelector('[role="status"]')?.textContent ?? '',
    };
  });
  assert.equal(state.map, undefined, 'no maplibre map');
  assert.equal(state.canvas, false);
  assert.match(state.attribution, /earthquake/i, 'the attribution names the dataset');
  assert.match(state.status, /list/);

  // the list: the first records of the dataset (no visible area without a map), with the popup fields
  await page.evaluate(() =>
    document
      .getElementById('en')
      ?.shadowRoot?.querySelector('.tools button')
      ?.dispatchEvent(new MouseEvent('click')),
  );
  await page.waitForFunction(
    () => (document.getElementById('en')?.shadowRoot?.querySelectorAll('[part="list"] li').length ?? 0) > 0,
  );
  const list = await page.evaluate(() => {
    const sr = /** @type {ShadowRoot} */ (document.getElementById('en')?.shadowRoot);
    return {
      items: sr.querySelectorAll('[part="list"] li').length,
      status: sr.querySelector('[part="list"] [role="status"]')?.textContent?.replace(/\s+/g, ' ').trim(),
      buttons: sr.querySelectorAll('[part="list"] li button').length,
    };
  });
  const portal = await (
    await fetch(`${demo.portal.url}/api/explore/v2.1/catalog/datasets/earthquakes/records?limit=0`)
  ).json();
  assert.equal(list.items, Math.min(100, portal.total_count));
  assert.match(
    list.status ?? '',
    new RegExp(`^${new Intl.NumberFormat('en').format(portal.total_count)} records`),
  );
  assert.equal(list.buttons, 0, 'no "show on the map" without a map');

  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map(
      (/** @type {any} */ v) =>
        `${v.id}: ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`,
    );
  });
  assert.deepEqual(violations, [], 'axe');

  mkdirSync(join(root, '.screenshots'), { recursive: true });
  await page.screenshot({ path: join(root, '.screenshots', 'map-no-webgl.png'), fullPage: true });
  assert.deepEqual(errors, [], 'no uncaught error');
  assert.deepEqual(
    await page.evaluate(() => /** @type {any} */ (window).__unhandled),
    [],
    'no unhandled rejection',
  );
  assert.deepEqual(
    requested.filter((u) => u.includes('maplibre-gl')),
    [],
    'maplibre-gl is not downloaded where it cannot draw',
  );
  await page.close();
});
