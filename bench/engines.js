#!/usr/bin/env node
// @ts-check
/**
 * The table's figures in one engine, so that the three can be put side by side:
 * `BENCH_BROWSER=chromium|firefox|webkit npm run bench` (bench/run.js hands over to this file).
 *
 * Same set-up as bench/run.js — a minified build served from another origin than the dev portal
 * (--latency 80), a new browser context (WebKit: a new WebDriver session) per run, median of RUNS —
 * except the CPU: only Chromium can be throttled (CDP), so here no engine is, Chromium included, and the
 * figures compare with each other, not with run.js's. Absolute times depend on the machine; the ratios
 * between engines are the point.
 *
 * Figures: first rows of a table (cold page, and a second table once the code is warm), the jump to
 * row 9,950 of 3 million flights (until its rows are shown), then 20 steps of 400 px scrolled one per
 * frame: the longest frame meanwhile, and the <tr> left in the DOM. Writes bench/engines-results.json
 * (one key per engine).
 *
 * Engines: Chromium over CDP (playwright-core), Firefox over WebDriver BiDi (puppeteer-core), WebKit
 * (WebKitGTK's MiniBrowser) over WebDriver (webdriverio + WebKitWebDriver); see scripts/engines.js.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { createPortal } from '../dev-portal/server.js';
import { esbuildMinifyLiterals } from '../scripts/minify-literals.js';
import {
  chromiumPath,
  ensureDisplay,
  firefoxPath,
  selectedEngines,
  startWebKitDriver,
  stopAll,
  webkitCapabilities,
} from '../scripts/engines.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);
const LATENCY = Number(process.env.LATENCY ?? 80);
const [engine, ...more] = selectedEngines(process.env.BENCH_BROWSER);
if (more.length) throw new Error('BENCH_BROWSER: one engine at a time (chromium, firefox or webkit).');
const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

// ---------------------------------------------------------------------------------------------
// The page, built and served as bench/run.js does

const out = mkdtempSync(join(tmpdir(), 'ode-bench-engines-'));
await esbuild.build({
  entryPoints: { ode: join(root, 'src/index.ts') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outdir: out,
  plugins: [esbuildMinifyLiterals()],
  splitting: true,
});
const portal = await createPortal({ port: 0, latency: LATENCY });
const pages = {
  first: `<ode-table dataset="communes-france" fields="nom,code,population"></ode-table>`,
  flights: `<ode-table dataset="flights"></ode-table>`,
};
const pageServer = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  // the code is fetched and compiled anew on every page, in every engine
  if (/^\/[\w.-]+\.js$/.test(url.pathname) && existsSync(join(out, url.pathname.slice(1)))) {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end(readFileSync(join(out, url.pathname.slice(1))));
    return;
  }
  const name = /** @type {keyof typeof pages} */ (url.pathname.slice(1));
  if (!(name in pages)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="ode-domain" content="${portal.url}">
<script type="module" src="/ode.js"></script></head><body style="font-family:system-ui;margin:1rem">${pages[name]}</body></html>`);
});
await new Promise((r) => pageServer.listen(0, '127.0.0.1', () => r(undefined)));
const pageOrigin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (pageServer.address()).port}`;

// ---------------------------------------------------------------------------------------------
// One driver per engine: open a page in a fresh context, run a function in it, close

/**
 * @typedef {{
 *   evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => Promise<R>,
 *   close: () => Promise<void>,
 * }} Page
 * @typedef {{ version: string, open: (url: string) => Promise<Page>, quit: () => Promise<void> }} Driver
 */

const VIEWPORT = { width: 1200, height: 800 };

/** @returns {Promise<Driver>} */
async function chromiumDriver() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: await chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  return {
    version: `Chromium ${browser.version()}`,
    async open(url) {
      const context = await browser.newContext({ viewport: VIEWPORT });
      const page = await context.newPage();
      await page.goto(url);
      return {
        evaluate: (fn, arg) => page.evaluate(/** @type {any} */ (fn), arg),
        close: () => context.close(),
      };
    },
    quit: () => browser.close(),
  };
}

/** @returns {Promise<Driver>} */
async function firefoxDriver() {
  const puppeteer = await import('puppeteer-core');
  await ensureDisplay();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
  });
  return {
    version: (await browser.version()).replace(/^firefox\//i, 'Firefox '),
    async open(url) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(VIEWPORT);
      await page.goto(url);
      return {
        evaluate: (fn, arg) => page.evaluate(/** @type {any} */ (fn), arg),
        close: () => context.close(),
      };
    },
    quit: () => browser.close(),
  };
}

/** @returns {Promise<Driver>} */
async function webkitDriver() {
  const { remote } = await import('webdriverio');
  const { port, miniBrowser } = await startWebKitDriver();
  const session = () =>
    remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      capabilities: /** @type {any} */ (webkitCapabilities(miniBrowser)),
    });
  const first = await session();
  const version = `WebKitGTK ${first.capabilities.browserVersion}`;
  await first.deleteSession();
  return {
    version,
    async open(url) {
      // a new session is a new MiniBrowser: nothing cached from the previous run
      const b = await session();
      // the window, chrome included: its page ends up near 1200 × 800
      await b.setWindowSize(VIEWPORT.width, VIEWPORT.height + 38);
      await b.url(url);
      return {
        evaluate: (fn, arg) => /** @type {any} */ (b.execute(/** @type {any} */ (fn), arg)),
        close: () => b.deleteSession(),
      };
    },
    quit: async () => stopAll(),
  };
}

const driver = await { chromium: chromiumDriver, firefox: firefoxDriver, webkit: webkitDriver }[engine]();

// ---------------------------------------------------------------------------------------------
// In-page measurements (plain functions: each driver sends their source to the page)

/**
 * Time from the n-th table's `ode:table:connected` mark to its `ode:table:first-rows` mark (set by the
 * element once its rows are painted), as in bench/run.js; waits on a PerformanceObserver, not by polling.
 * @param {[number, string]} arg the table's rank and part of its records URL
 */
const firstRows = ([n, recordsPath]) =>
  new Promise((resolve) => {
    const done = () => {
      const m = performance.getEntriesByName('ode:table:first-rows');
      const c = performance.getEntriesByName('ode:table:connected');
      if (m.length < n || c.length < n) return false;
      const t0 = c[n - 1].startTime;
      const rec = /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'))
        .filter((e) => e.name.includes(recordsPath) && e.startTime >= t0)
        .at(0);
      resolve({
        total: m[n - 1].startTime - t0,
        request: rec && rec.responseEnd > 0 ? rec.responseEnd - rec.startTime : NaN,
      });
      return true;
    };
    if (done()) return;
    const o = new PerformanceObserver(() => done() && o.disconnect());
    o.observe({ type: 'mark' });
    setTimeout(() => resolve({ total: NaN, request: NaN }), 20000);
  });

/** Once the first table is done (attribution shown, two idle frames), a second one, of another dataset. */
const addWarmTable = () =>
  new Promise((resolve) => {
    const attributed = () =>
      document
        .querySelector('ode-table')
        ?.shadowRoot?.querySelector('ode-attribution')
        ?.shadowRoot?.querySelector('[part~="attribution"]');
    const start = performance.now();
    const wait = () => {
      if (!attributed() && performance.now() - start < 20000) return setTimeout(wait, 20);
      requestAnimationFrame(() =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            const t = document.createElement('ode-table');
            t.setAttribute('dataset', 'airports');
            t.setAttribute('fields', 'iata,name,city');
            document.body.append(t);
            resolve(true);
          }, 50),
        ),
      );
    };
    wait();
  });

/**
 * flights: rows shown, then the jump to row 9,950 (until its row is filled), then 20 steps of 400 px
 * up, one per frame, as a wheel would: the longest frame meanwhile and until the rows are filled
 * again, and the <tr> in the DOM.
 */
const jumpAndScroll = () =>
  new Promise((resolve, reject) => {
    const table = /** @type {any} */ (document.querySelector('ode-table'));
    const rows = () => [...table.shadowRoot.querySelectorAll('tbody tr[part~="row"]:not(.placeholder)')];
    const waitFor = (/** @type {() => boolean} */ ok, /** @type {string} */ what) =>
      new Promise((res, rej) => {
        const start = performance.now();
        const check = () => {
          if (ok()) res(performance.now());
          else if (performance.now() - start > 20000) rej(new Error(`timed out: ${what}`));
          else setTimeout(check, 5);
        };
        check();
      });
    (async () => {
      await waitFor(() => !!table?.shadowRoot && rows().length > 0, 'first rows');
      await new Promise((r) => setTimeout(r, 200));
      const t0 = performance.now();
      table.scrollToRow(9950);
      const shown = /** @type {number} */ (
        await waitFor(() => rows().some((r) => r.getAttribute('aria-rowindex') === '9952'), 'row 9,950')
      );
      await new Promise((r) => setTimeout(r, 200));
      const scroller = table.shadowRoot.querySelector('.scroller');
      let last = await new Promise((r) => requestAnimationFrame(r));
      /** @type {number[]} */
      const frames = [];
      for (let k = 0; k < 20; k++) {
        scroller.scrollTop -= 400;
        const now = /** @type {number} */ (await new Promise((r) => requestAnimationFrame(r)));
        frames.push(Math.round(now - last));
        last = now;
      }
      const longest = Math.max(...frames);
      // the row now at the top (aria-rowindex counts the header row and from 1)
      const top = Math.floor(scroller.scrollTop / table.rowHeight) + 2;
      const stop = performance.now();
      const filled = /** @type {number} */ (
        await waitFor(
          () => rows().some((r) => Number(r.getAttribute('aria-rowindex')) === top),
          'rows after scrolling',
        )
      );
      return {
        jumpMs: shown - t0,
        longestFrameMs: longest,
        frames,
        filledAfterScrollMs: filled - stop,
        tr: table.shadowRoot.querySelectorAll('tr').length,
      };
    })().then(resolve, reject);
  });

// ---------------------------------------------------------------------------------------------

/** @type {{total: number, request: number}[]} */
const cold = [];
/** @type {{total: number, request: number}[]} */
const warm = [];
/** @type {{jumpMs: number, longestFrameMs: number, frames: number[], filledAfterScrollMs: number, tr: number}[]} */
const flights = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const page = await driver.open(`${pageOrigin}/first`);
    cold.push(/** @type {any} */ (await page.evaluate(firstRows, [1, 'communes-france/records'])));
    await page.evaluate(addWarmTable, undefined);
    warm.push(/** @type {any} */ (await page.evaluate(firstRows, [2, 'airports/records'])));
    await page.close();
  }
  for (let i = 0; i < RUNS; i++) {
    const page = await driver.open(`${pageOrigin}/flights`);
    flights.push(/** @type {any} */ (await page.evaluate(jumpAndScroll, undefined)));
    await page.close();
  }
} finally {
  await driver.quit();
  pageServer.close();
  await portal.close();
  rmSync(out, { recursive: true, force: true });
}

const ms = (/** @type {number[]} */ xs) =>
  `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
const figures = {
  firstRowsMs: median(cold.map((x) => x.total)),
  firstRowsWarmMs: median(warm.map((x) => x.total)),
  recordsRequestMs: median(cold.map((x) => x.request)),
  jumpTo9950Ms: median(flights.map((x) => x.jumpMs)),
  scrollLongestFrameMs: median(flights.map((x) => x.longestFrameMs)),
  scrollFilledMs: median(flights.map((x) => x.filledAfterScrollMs)),
  trInDom: Math.max(...flights.map((x) => x.tr)),
};
const file = join(root, 'bench/engines-results.json');
const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
all[engine] = {
  date: new Date().toISOString(),
  browser: driver.version,
  runs: RUNS,
  latencyMs: LATENCY,
  cpuThrottle: 1,
  ...figures,
  details: { cold, warm, flights },
};
writeFileSync(file, JSON.stringify(all, null, 2) + '\n');

const rows = [
  ['table: first rows, cold page (median, range)', ms(cold.map((x) => x.total))],
  ['  of which the records request (latency + portal)', ms(cold.map((x) => x.request))],
  ['table: first rows, code warm', ms(warm.map((x) => x.total))],
  ['flights: jump to row 9,950 until shown', ms(flights.map((x) => x.jumpMs))],
  ['flights: longest frame, 20 × 400 px scrolled', ms(flights.map((x) => x.longestFrameMs))],
  ['flights: rows filled after the scroll', ms(flights.map((x) => x.filledAfterScrollMs))],
  ['flights: <tr> in the DOM', String(figures.trInDom)],
];
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`${driver.version}: ${RUNS} runs, latency ${LATENCY} ms, no CPU throttling\n`);
for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
console.log('\n(details in bench/engines-results.json)');
