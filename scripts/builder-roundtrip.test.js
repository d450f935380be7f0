// @ts-check
/* global document, window */
/**
 * The builder's round trip, end to end: drive `docs/builder.html` (Vite dev server + dev portal) in
 * Chromium to write a table, a chart and a map snippet, paste each snippet into a blank HTML page that loads
 * a locally built CDN file (instead of jsDelivr), open it, and check it shows the same view as the
 * builder's preview; the same for the iframe code, through the repo's `embed.html`.
 * Screenshots of each step of use go to `.screenshots/builder-*.png`.
 *
 *   node --test scripts/builder-roundtrip.test.js
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startDemo } from './harness.js';
import { serveStatic } from './static-server.js';

const root = resolve(import.meta.dirname, '..');
const executablePath = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
const JSDELIVR = /https:\/\/cdn\.jsdelivr\.net\/npm\/open-data-elements@[^/"]+\/dist\/cdn\//g;

/** @type {string} */ let cdnDir;
/** @type {string} */ let cdnFile;
/** @type {Awaited<ReturnType<typeof startDemo>>} */ let demo;
/** @type {string} */ let viteBase;
/** @type {Awaited<ReturnType<typeof serveStatic>>} */ let statics;
/** @type {string} */ let staticBase;
/** @type {import('playwright-core').Browser} */ let browser;
/** Pages written by the tests, served by the static server. */
/** @type {Record<string, string>} */
const pages = {};

/** The CDN file: built into a temp dir (never dist/, which the package test writes). */
function buildCdn() {
  cdnDir = mkdtempSync(join(tmpdir(), 'ode-builder-cdn-'));
  const args = [
    'vite',
    'build',
    '-c',
    join(root, 'vite.cdn.config.ts'),
    '--outDir',
    cdnDir,
    '--logLevel',
    'warn',
  ];
  execFileSync('npx', args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const find = (/** @type {string} */ dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        const hit = find(p);
        if (hit) return hit;
      } else if (name === 'ode.js') return p;
    }
    return undefined;
  };
  const file = find(cdnDir);
  assert.ok(file, 'the build wrote an ode.js');
  cdnFile = file.slice(cdnDir.length + 1);
}

before(async () => {
  assert.ok(executablePath, 'Chromium at /usr/bin/chromium or CHROME_PATH');
  buildCdn();
  demo = await startDemo();
  viteBase = demo.base;
  statics = await serveStatic({ dir: cdnDir, pages });
  staticBase = `${statics.url}/`;
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking'],
  });
  await warmUp();
});

/**
 * On a cold cache Vite discovers the lazily imported dependencies (chart.js, the map's) when a page first
 * asks for them, optimises them and reloads the page: a test page reloading midway loses its state. One
 * pass through every view first lets that happen here.
 */
async function warmUp() {
  const page = await browser.newPage();
  try {
    await page.goto(`${viteBase}docs/builder.html`);
    const b = page.locator('ode-builder');
    await b.locator('input[name="dataset"][value="airports"]').check({ timeout: 30000 });
    for (const view of ['chart', 'map', 'table']) {
      await b.locator(`input[name="view"][value="${view}"]`).check({ timeout: 30000 });
      await page.waitForTimeout(1500);
    }
    await page.waitForLoadState('networkidle');
  } catch {
    /* a reload during the warm-up is what it is for */
  } finally {
    await page.close();
  }
}

after(async () => {
  await browser?.close();
  await statics?.close();
  await demo?.close();
  if (cdnDir) rmSync(cdnDir, { recursive: true, force: true });
});

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe violations of the whole page (the docs layout around the builder included), as short strings. */
async function axe(/** @type {import('playwright-core').Page} */ page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map(
      (/** @type {any} */ v) =>
        `${v.id}: ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(', ')}`,
    );
  });
}

/** Screenshots of a step, desktop or narrow. */
async function shot(/** @type {import('playwright-core').Page} */ page, /** @type {string} */ name) {
  mkdirSync(join(root, '.screenshots'), { recursive: true });
  await page.screenshot({ path: join(root, '.screenshots', `builder-${name}.png`), fullPage: true });
}

/** Open the builder and pick a dataset by searching for it. */
async function openBuilder(/** @type {string} */ search, /** @type {string} */ datasetId, width = 1280) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors = /** @type {string[]} */ ([]);
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${viteBase}docs/builder.html`);
  const b = page.locator('ode-builder');
  await b.locator('input[name="dataset"]').first().waitFor();
  await b.locator('#search').fill(search);
  const radio = b.locator(`input[name="dataset"][value="${datasetId}"]`);
  // the search is debounced: wait for it to start, then to settle
  await page.waitForTimeout(400);
  await b.locator('#search-status[aria-busy="false"]').waitFor();
  await radio.check();
  await b.locator('input[name="view"]').first().waitFor();
  return { page, b, errors };
}

/** Wait for a table (in a page or the builder's preview) to show rows, and read its headers and rows. */
async function readTable(
  /** @type {import('playwright-core').Page | import('playwright-core').Frame} */ page,
  /** @type {string} */ where,
) {
  return page.evaluate(async (where) => {
    const host = where === 'preview' ? document.querySelector('ode-builder')?.shadowRoot : document;
    const started = performance.now();
    for (;;) {
      const t = host?.querySelector('ode-table');
      const table = t?.shadowRoot?.querySelector('table');
      const rows = [...(t?.shadowRoot?.querySelectorAll('tbody tr[part~="row"]:not(.placeholder)') ?? [])];
      const attribution = !!t?.shadowRoot?.querySelector('ode-attribution');
      if (table?.getAttribute('aria-busy') === 'false' && rows.length && attribution) {
        return {
          headers: [...table.querySelectorAll('thead th')].map((th) =>
            th.textContent?.replace(/[▲▼↕]/g, '').trim(),
          ),
          rows: rows
            .slice(0, 5)
            .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())),
          count: t?.shadowRoot?.querySelector('[part="count"]')?.textContent?.trim(),
          attribution,
        };
      }
      if (performance.now() - started > 15000) throw new Error(`no table rows in ${where}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }, where);
}

/** Wait for a chart to be drawn, and read its categories, values and whether its canvas has ink. */
async function readChart(
  /** @type {import('playwright-core').Page | import('playwright-core').Frame} */ page,
  /** @type {string} */ where,
) {
  return page.evaluate(async (where) => {
    const host = where === 'preview' ? document.querySelector('ode-builder')?.shadowRoot : document;
    const started = performance.now();
    for (;;) {
      const c = /** @type {any} */ (host?.querySelector('ode-chart'));
      const canvas = c?.shadowRoot?.querySelector('canvas');
      // drawn, and settled: the same model for 600 ms (an option just changed redraws it)
      const model = c?.model;
      if (model && !c.loading && c.chart && canvas && canvas.width > 0) {
        await new Promise((r) => setTimeout(r, 600));
        if (c.model !== model || c.loading) continue;
        const ctx = canvas.getContext('2d');
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
        return {
          categories: c.model.categories.map((/** @type {any} */ k) => String(k.raw)),
          values: c.model.series.map((/** @type {any} */ s) => s.values),
          type: c.getAttribute('type'),
          ink,
          plotName: c.shadowRoot.querySelector('[part="plot"]')?.getAttribute('aria-label'),
        };
      }
      if (performance.now() - started > 15000) throw new Error(`no chart drawn in ${where}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }, where);
}

/** Wait for a map to draw its data (no longer busy), and count the records its data source holds. */
async function readMap(/** @type {import('playwright-core').Page} */ page, /** @type {string} */ where) {
  return page.evaluate(async (where) => {
    const host = where === 'preview' ? document.querySelector('ode-builder')?.shadowRoot : document;
    const started = performance.now();
    for (;;) {
      const m = /** @type {any} */ (host?.querySelector('ode-map'));
      m?.scrollIntoView();
      const map = m?.map;
      const data = map?.getStyle()?.sources['ode-data']?.data;
      if (map?.loaded() && !m.hasAttribute('aria-busy') && data) {
        // the export's URL (maplibre's worker, patched as our builds ship it, keeps what it loaded) or
        // its features (the worker that Vite's dev server serves posts them back)
        const features =
          typeof data === 'string' ? (await (await fetch(data)).json()).features : data.features;
        return {
          total: features.length,
          popupFields: m.getAttribute('popup-fields'),
          canvas: !!m.shadowRoot.querySelector('canvas'),
          height: m.getBoundingClientRect().height,
        };
      }
      if (performance.now() - started > 20000) throw new Error(`no map loaded in ${where}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }, where);
}

/** A blank page holding the snippet, with the jsDelivr base replaced by the local CDN build. */
function pageFor(/** @type {string} */ name, /** @type {string} */ snippet, cdn = true) {
  const local = snippet.replace(JSDELIVR, `${staticBase}${cdnFile.replace(/ode\.js$/, '')}`);
  if (cdn) assert.notEqual(local, snippet, 'the snippet loads the CDN script from jsDelivr');
  pages[`/${name}.html`] =
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${name}</title></head>\n<body>\n${local}\n</body></html>\n`;
  return `${staticBase}${name}.html`;
}

async function openPasted(/** @type {string} */ url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = /** @type {string[]} */ ([]);
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  return { page, errors };
}

test('a table snippet, pasted into a blank page with the CDN script, shows the same columns and rows', async () => {
  const { page, b, errors } = await openBuilder('airports', 'airports');
  await shot(page, '1-picked');
  await b.locator('input[name="view"][value="table"]').check();
  // keep three columns, put "state" first: keyboard only (Space toggles, the move buttons reorder)
  const keep = ['iata', 'name', 'state'];
  for (const name of await b
    .locator('ol.columns li')
    .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-field')))) {
    const box = b.locator(`ol.columns li[data-field="${name}"] input[type="checkbox"]`);
    if ((await box.isChecked()) !== keep.includes(String(name))) {
      await box.focus();
      await page.keyboard.press('Space');
    }
  }
  for (let i = 0; i < 2; i++) {
    const stateUp = b.locator('ol.columns li[data-field="state"] button[aria-label$="up"]');
    await stateUp.focus();
    await page.keyboard.press('Enter');
  }
  const snippet = await b.locator('#code-snippet').inputValue();
  assert.match(
    snippet,
    /<ode-table domain="http:\/\/127\.0\.0\.1:\d+" dataset="airports" fields="state,iata,name"><\/ode-table>/,
  );
  const preview = await readTable(page, 'preview');
  await shot(page, '2-table');
  assert.deepEqual(await axe(page), [], 'the builder page with a table preview is axe-clean');
  assert.deepEqual(errors, []);

  const pasted = await openPasted(pageFor('table', snippet));
  const got = await readTable(pasted.page, 'page');
  assert.deepEqual(got.headers, preview.headers);
  assert.equal(got.headers.length, 3);
  assert.deepEqual(got.rows, preview.rows);
  assert.equal(got.count, preview.count);
  assert.ok(got.attribution, 'the attribution is shown');
  assert.deepEqual(pasted.errors, []);
  await pasted.page.close();
  await page.close();
});

test('a chart snippet, pasted into a blank page, draws the same categories and values', async () => {
  const { page, b, errors } = await openBuilder('weather', 'seattle-weather');
  await b.locator('input[name="view"][value="chart"]').check();
  await b.locator('#chart-type').selectOption('column');
  await b.locator('#chart-x').selectOption('weather');
  await b.locator('#chart-agg').selectOption('avg');
  await b.locator('#chart-y').selectOption('temp_max');
  await b.locator('#chart-limit').fill('4');
  const snippet = await b.locator('#code-snippet').inputValue();
  assert.match(
    snippet,
    /<ode-chart domain="[^"]+" dataset="seattle-weather" type="column" x="weather" y="avg\(temp_max\)" limit="4"><\/ode-chart>/,
  );
  const preview = await readChart(page, 'preview');
  await shot(page, '3-chart');
  assert.equal(preview.categories.length, 4);
  assert.deepEqual(errors, []);

  const pasted = await openPasted(pageFor('chart', snippet));
  const got = await readChart(pasted.page, 'page');
  assert.deepEqual(got.categories, preview.categories);
  assert.deepEqual(got.values, preview.values);
  assert.equal(got.plotName, preview.plotName);
  assert.ok(got.ink > 1000, `the canvas is drawn (${got.ink} inked pixels)`);
  assert.deepEqual(pasted.errors, []);
  await pasted.page.close();

  // a date x: a time bucket, counted
  await b.locator('#chart-x').selectOption('date');
  await b.locator('#chart-bucket').selectOption('month');
  await b.locator('#chart-agg').selectOption('count');
  await b.locator('#chart-limit').fill('');
  const byMonth = await b.locator('#code-snippet').inputValue();
  assert.match(byMonth, /x="date" time-bucket="month" y="count\(\*\)"><\/ode-chart>/);
  const p2 = await readChart(page, 'preview');
  const pasted2 = await openPasted(pageFor('chart-month', byMonth));
  const got2 = await readChart(pasted2.page, 'page');
  assert.equal(got2.categories.length, 48);
  assert.deepEqual(got2.categories, p2.categories);
  assert.deepEqual(got2.values, p2.values);
  assert.deepEqual(pasted2.errors, []);
  await pasted2.page.close();
  await page.close();
});

test('a map snippet, pasted into a blank page, maps the same records', async () => {
  const { page, b, errors } = await openBuilder('airports', 'airports');
  await b.locator('input[name="view"][value="map"]').check();
  await b.locator('#map-mode').selectOption('points');
  const snippet = await b.locator('#code-snippet').inputValue();
  assert.match(
    snippet,
    /<ode-map domain="[^"]+" dataset="airports" mode="points" popup-fields="iata,name"><\/ode-map>/,
  );
  const preview = await readMap(page, 'preview');
  await shot(page, '4-map');
  assert.deepEqual(await axe(page), [], 'the builder page with a map preview is axe-clean');
  assert.deepEqual(errors, []);
  const pasted = await openPasted(pageFor('map', snippet));
  const got = await readMap(pasted.page, 'page').catch((e) => {
    throw new Error(`${e.message}; page errors: ${pasted.errors.join(' | ')}`);
  });
  assert.equal(got.total, preview.total);
  assert.ok(got.total > 0);
  assert.equal(got.popupFields, 'iata,name');
  assert.ok(got.canvas && got.height > 100, 'the map is drawn');
  assert.deepEqual(pasted.errors, []);
  await pasted.page.close();
  await page.close();
});

test('narrow screens: every step stacks and stays usable', async () => {
  const { page, b } = await openBuilder('weather', 'seattle-weather', 375);
  await b.locator('input[name="view"][value="chart"]').check();
  await readChart(page, 'preview');
  await shot(page, '5-narrow-chart');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px too wide)`);
  await page.close();
});

test('the iframe code, pasted into a blank page, shows the view', async () => {
  const { page, b } = await openBuilder('weather', 'seattle-weather');
  await b.locator('input[name="view"][value="table"]').check();
  const code = await b.locator('#code-iframe').inputValue();
  // the builder's embed base is the dev server: the frame loads the repo's embed.html there
  assert.match(
    code,
    new RegExp(`src="${viteBase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}embed\\.html\\?el=table&amp;`),
  );
  const preview = await readTable(page, 'preview');
  const pasted = await openPasted(pageFor('iframe-table', code, false));
  const frame = await (await pasted.page.waitForSelector('iframe')).contentFrame();
  assert.ok(frame);
  await frame.waitForSelector('ode-table');
  const got = await readTable(frame, 'page');
  assert.deepEqual(got.headers, preview.headers);
  assert.deepEqual(got.rows, preview.rows);
  // the resize listener gave the frame its content's height
  await pasted.page.waitForFunction(() => {
    const f = document.querySelector('iframe');
    return !!f && f.style.height !== '' && f.style.height !== '520px';
  });
  assert.deepEqual(pasted.errors, []);
  await pasted.page.close();

  // a chart: the frame draws the preview's categories and values
  await b.locator('input[name="view"][value="chart"]').check();
  await b.locator('#chart-x').selectOption('weather');
  await b.locator('#chart-agg').selectOption('max');
  await b.locator('#chart-y').selectOption('wind');
  const chartCode = await b.locator('#code-iframe').inputValue();
  const chartPreview = await readChart(page, 'preview');
  const pastedChart = await openPasted(pageFor('iframe-chart', chartCode, false));
  const chartFrame = await (await pastedChart.page.waitForSelector('iframe')).contentFrame();
  assert.ok(chartFrame);
  await chartFrame.waitForSelector('ode-chart');
  const gotChart = await readChart(chartFrame, 'page');
  assert.deepEqual(gotChart.categories, chartPreview.categories);
  assert.deepEqual(gotChart.values, chartPreview.values);
  assert.ok(gotChart.ink > 1000, 'the chart is drawn in the frame');
  assert.deepEqual(pastedChart.errors, []);
  await pastedChart.page.close();
  await page.close();
});
