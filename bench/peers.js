#!/usr/bin/env node
// @ts-check
/**
 * Side by side with Opendatasoft's own SDK (`@opendatasoft/visualizations` fed by
 * `@opendatasoft/api-client`, their documented pattern): the same views, the same dev portal (80 ms
 * latency), CPU ×4, one esbuild for both, a fresh browser context per load, variants alternating.
 *
 * Variants: `peer` (their SDK, bundled per view), `npm` (our element's define module bundled per view,
 * as an app's bundler does with the package, with the compile hint docs/chart.md gives apps on the chunk
 * holding chart.js), `cdn` (our `dist/cdn/ode.js`, one script tag; built if missing or older than
 * src/). Views: a bar chart of the top 10 origins of the 3 M flights (10 bars), a line of flights per
 * month, a 20-row communes table, an earthquakes point map, and five bar charts of five datasets.
 *
 * "Painted" is the first animation frame where the view's data is visible, timed when that frame's work
 * starts on the main thread (bench/peers/probe.js, the same for every variant). Per view and variant: JS
 * gz downloaded before painted, requests before painted (data / others), navigation → painted, last data
 * answer → painted, long-task total before painted. Medians of RUNS (default 5) with [min–max]. Writes
 * `peers` into bench/results.json.
 *
 * Environment: RUNS, LATENCY (default 80), CPU (throttling rate, default 4; CPU=1 gives profiles whose
 * samples are not stretched by throttling pauses), VIEWS and VARIANTS (comma lists), CHROME_PATH, HINT=0 (npm and
 * base builds without the compile hint); BASE=dir adds the variant `base` (the npm build of another
 * checkout, for a before/after in one run); BENCH_DEBUG=1 prints each load's timeline (our performance
 * marks, responses, long tasks, painted); BENCH_TRACE=dir writes a Chromium trace of each load there
 * (BENCH_CATS=a,b adds trace categories), BENCH_PROFILE=dir a JavaScript CPU profile (BENCH_MINIFY=0:
 * unminified builds, for readable profiles).
 */
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { createPortal } from '../dev-portal/server.js';
import { serveStatic, chromiumPath } from '../scripts/static-server.js';
import { patchWorker } from '../scripts/maplibre-worker-patch.js';
import { esbuildMinifyLiterals } from '../scripts/minify-literals.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);
const LATENCY = Number(process.env.LATENCY ?? 80);

/**
 * The views. `ours` is the page body with our elements; `define` the modules an npm app imports for it;
 * `expect` what the probe looks for.
 * @type {Record<string, { title: string, ours: string, define: string[], expect: { kind: string, count?: number, text?: string } }>}
 */
const VIEWS = {
  bar: {
    title: 'bar: top 10 origins of 3M flights',
    ours: `<ode-chart dataset="flights" type="column" x="origin" order="y desc" limit="10"></ode-chart>`,
    define: ['src/chart/define.ts'],
    expect: { kind: 'chart' },
  },
  line: {
    title: 'line: 3M flights per month',
    ours: `<ode-chart dataset="flights" type="line" x="date" time-bucket="month"></ode-chart>`,
    define: ['src/chart/define.ts'],
    expect: { kind: 'chart' },
  },
  table: {
    title: 'table: communes-france, 20 rows',
    ours: `<ode-table dataset="communes-france" fields="nom,code,population"></ode-table>`,
    define: ['src/table/define.ts'],
    expect: { kind: 'table' },
  },
  map: {
    title: 'map: earthquakes, points',
    ours: `<ode-map dataset="earthquakes" style="--ode-map-point:#ff00ff"></ode-map>`,
    define: ['src/map/define.ts'],
    expect: { kind: 'map' },
  },
  five: {
    title: 'five bar charts, five datasets',
    ours: [
      ['flights', 'origin'],
      ['airports', 'state'],
      ['communes-france', 'nom_region'],
      ['earthquakes', 'mag_type'],
      ['seattle-weather', 'weather'],
    ]
      .map(
        ([d, x]) => `<ode-chart dataset="${d}" type="column" x="${x}" order="y desc" limit="10"></ode-chart>`,
      )
      .join('\n'),
    define: ['src/chart/define.ts'],
    expect: { kind: 'chart', count: 5 },
  },
};
const chosen = (process.env.VIEWS ?? Object.keys(VIEWS).join(',')).split(',').filter((v) => v in VIEWS);
// BASE=dir adds the variant `base`: the npm build of another checkout (a git worktree of main, say),
// to measure a change against the code it changes, alternating in the same run
const BASE = process.env.BASE;
const VARIANTS = (process.env.VARIANTS ?? (BASE ? 'peer,base,npm,cdn' : 'peer,npm,cdn'))
  .split(',')
  .filter((x) => ['peer', 'npm', 'cdn'].includes(x) || (x === 'base' && BASE));

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

// ---------------------------------------------------------------------------------------------
// Builds

const out = mkdtempSync(join(tmpdir(), 'ode-bench-peers-'));
/** One esbuild for both: ES2022, minified, code-split (lazy chunks stay lazy). */
const build = (/** @type {Record<string, string>} */ entryPoints, /** @type {string} */ dir) =>
  esbuild.build({
    entryPoints,
    bundle: true,
    minify: process.env.BENCH_MINIFY !== '0',
    format: 'esm',
    target: 'es2022',
    splitting: true,
    outdir: join(out, dir),
    plugins: [esbuildMinifyLiterals()],
    loader: { '.json': 'json', '.css': 'css' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
    metafile: true,
  });

const peerEntries = Object.fromEntries(chosen.map((v) => [v, join(root, 'bench/peers/peer-views.js')]));
await build(peerEntries, 'peer');
/**
 * Our define modules of each view, from the checkout at `from`, bundled as an app of that one page
 * does: one build per view, as the peer's views are (a build of every view at once would split them
 * into chunks shared between views: 11 script requests for the bar chart instead of 2, and figures
 * that depend on which views a run measures).
 */
async function buildOurs(/** @type {string} */ from, /** @type {string} */ dir) {
  for (const v of chosen) {
    const file = join(out, `${dir}-${v}.js`);
    writeFileSync(file, VIEWS[v].define.map((d) => `import ${JSON.stringify(join(from, d))};`).join('\n'));
    const { metafile } = await build({ [v]: file }, dir);
    // V8's compile hint on the chunk holding chart.js, as docs/chart.md tells apps to add it (the CDN
    // build has it); HINT=0 leaves it out, for a before/after
    if (process.env.HINT !== '0')
      for (const [chunk, output] of Object.entries(metafile.outputs))
        if (Object.keys(output.inputs).some((i) => i.includes('node_modules/chart.js/')))
          writeFileSync(
            resolve(chunk),
            `//# allFunctionsCalledOnLoad\n${readFileSync(resolve(chunk), 'utf8')}`,
          );
  }
  // maplibre's worker next to the chunks, with our patch, as our docs tell apps to ship it
  writeFileSync(
    join(out, dir, 'maplibre-gl-worker.mjs'),
    patchWorker(readFileSync(join(root, 'node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs'), 'utf8')),
  );
}
await buildOurs(root, 'npm');
if (BASE) await buildOurs(BASE, 'base');
/** The newest modification time of the files under `dir` (0 when it is missing). */
const newest = (/** @type {string} */ dir) =>
  existsSync(dir)
    ? Math.max(
        0,
        ...readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs),
      )
    : 0;
const cdnEntry = join(root, 'dist/cdn/ode.js');
// a dist/cdn older than the sources (or the build's config) would measure old code
const stale =
  !existsSync(cdnEntry) ||
  Math.max(newest(join(root, 'src')), statSync(join(root, 'vite.cdn.config.ts')).mtimeMs) >
    statSync(cdnEntry).mtimeMs;
if (stale) {
  console.log('bench/peers: building dist/cdn (vite build -c vite.cdn.config.ts), older than src/…');
  execFileSync('npx', ['vite', 'build', '-c', 'vite.cdn.config.ts', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
  });
}
// served from the same folder as the other builds, as a site self-hosting dist/cdn/ does
cpSync(join(root, 'dist/cdn'), join(out, 'cdn'), { recursive: true });

// ---------------------------------------------------------------------------------------------
// Servers: the portal, and the pages from another origin (cross-origin, as in production)

const portal = await createPortal({ port: 0, latency: LATENCY });
const probe = readFileSync(join(root, 'bench/peers/probe.js'), 'utf8');
const firstName = await (
  await fetch(`${portal.url}/api/explore/v2.1/catalog/datasets/communes-france/records?select=nom&limit=1`)
).json();
VIEWS.table.expect.text = String(firstName.results[0].nom);

/** @type {Record<string, string>} */
const pages = {};
for (const v of chosen) {
  const head = (/** @type {string} */ variant) =>
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="ode-domain" content="${portal.url}">` +
    `<style>body{font-family:system-ui;margin:1rem;max-width:1100px} .view{margin-bottom:1rem}</style>` +
    `<script>window.__benchExpect=${JSON.stringify(VIEWS[v].expect)};window.BENCH=${JSON.stringify({ portal: portal.url, view: v })};</script>` +
    (variant === 'peer' && existsSync(join(out, 'peer', `${v}.css`))
      ? `<link rel="stylesheet" href="/peer/${v}.css">`
      : '');
  pages[`/peer-${v}.html`] =
    `${head('peer')}<script type="module" src="/peer/${v}.js"></script></head><body></body></html>`;
  pages[`/npm-${v}.html`] =
    `${head('npm')}<script type="module" src="/npm/${v}.js"></script></head><body>${VIEWS[v].ours}</body></html>`;
  pages[`/base-${v}.html`] =
    `${head('npm')}<script type="module" src="/base/${v}.js"></script></head><body>${VIEWS[v].ours}</body></html>`;
  pages[`/cdn-${v}.html`] =
    `${head('cdn')}<script type="module" src="/cdn/ode.js"></script></head><body>${VIEWS[v].ours}</body></html>`;
}
const builds = await serveStatic({ dir: out, pages });

/** gzip size of each JS file served, by URL path. */
const gzCache = new Map();
function gzOf(/** @type {string} */ url) {
  if (!gzCache.has(url)) {
    const file = join(out, decodeURIComponent(new URL(url).pathname));
    gzCache.set(url, existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).length : 0);
  }
  return gzCache.get(url);
}

// ---------------------------------------------------------------------------------------------
// Loads

const browser = await chromium.launch({
  executablePath: chromiumPath(),
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});

/** The trace categories of DevTools' performance panel, what BENCH_CATS adds to. */
const TIMELINE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'toplevel',
  'blink.user_timing',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
];

/**
 * One load of one page in a fresh context: the probe's painted time and what happened before it.
 * @param {string} variant
 * @param {string} view
 */
let traced = 0;
async function load(variant, view) {
  if (process.env.BENCH_DEBUG) console.log('load', variant, view);
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  await context.addInitScript(probe);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.CPU ?? 4) });
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // BENCH_TRACE=dir: a Chromium trace of each load (for chrome://tracing or Perfetto)
  const trace = process.env.BENCH_TRACE
    ? join(process.env.BENCH_TRACE, `${variant}-${view}-${++traced}.json`)
    : undefined;
  // BENCH_CATS=a,b: more trace categories (e.g. fonts,disabled-by-default-v8.compile)
  const extraCategories = (process.env.BENCH_CATS ?? '').split(',').filter(Boolean);
  if (trace)
    await browser.startTracing(page, {
      path: trace,
      screenshots: false,
      ...(extraCategories.length ? { categories: [...TIMELINE_CATEGORIES, ...extraCategories] } : {}),
    });
  // BENCH_PROFILE=dir: a JavaScript CPU profile of each load (.cpuprofile, for DevTools)
  const profile = process.env.BENCH_PROFILE
    ? join(process.env.BENCH_PROFILE, `${variant}-${view}-${++traced}.cpuprofile`)
    : undefined;
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.goto(`${builds.url}/${variant}-${view}.html`);
  // Wait for the probe's promise over the DevTools protocol. Not page.waitForFunction: it evaluates
  // Playwright's injected script (~330 kB, 80-110 ms at CPU x4) in the page at the load event, and on
  // our pages that lands between the data answer and the painted frame, a cost no visitor pays.
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  try {
    await Promise.race([
      cdp.send('Runtime.evaluate', { expression: 'window.__bench.done', awaitPromise: true }),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('not painted in 60 s')), 60000))),
    ]);
  } catch {
    if (process.env.BENCH_DEBUG) await page.screenshot({ path: `/tmp/peers-${variant}-${view}.png` });
    await context.close();
    return { failed: true, errors };
  } finally {
    clearTimeout(timer);
  }
  const r = await page.evaluate(() => {
    const b = /** @type {any} */ (window).__bench;
    const res = /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'));
    const before = res.filter((e) => e.startTime < b.painted);
    const data = before.filter((e) => e.name.includes('/api/explore/'));
    return {
      painted: b.painted,
      lastAnswer: Math.max(0, ...data.map((e) => e.responseEnd).filter((t) => t <= b.painted)),
      frameTime: b.frameTime,
      dataRequests: data.length,
      otherRequests: before.length - data.length,
      scripts: before.filter((e) => /\.m?js(\?|$)/.test(e.name)).map((e) => e.name),
      // BENCH_DEBUG: what happened when, up to painted (and just after: a frame's time is when it began) (our marks, the answers, the scripts, long tasks)
      timeline: [
        ...performance
          .getEntriesByType('mark')
          .map((e) => [e.startTime, e.name])
          .concat(
            performance
              .getEntriesByType('measure')
              .map((e) => [e.startTime, `${e.name} ${e.duration.toFixed(0)} ms`]),
          ),
        ...res.map((e) => [e.responseEnd, `loaded ${e.name.replace(/^https?:\/\/[^/]+/, '').slice(0, 90)}`]),
        ...b.longTasks.map((/** @type {number[]} */ [s, d]) => [s, `long task ${d.toFixed(0)} ms`]),
        [b.painted, 'PAINTED'],
        [b.frameTime, 'painted frame asked for'],
      ]
        .filter(([t]) => Number(t) <= b.painted + 300)
        .sort((x, y) => Number(x[0]) - Number(y[0]))
        .map(([t, what]) => `${Number(t).toFixed(0).padStart(6)} ${what}`),
      longTasks: b.longTasks
        .filter((/** @type {number[]} */ [s]) => s < b.painted)
        .reduce((/** @type {number} */ a, /** @type {number[]} */ [, d]) => a + d, 0),
    };
  });
  if (trace) await browser.stopTracing();
  if (profile) writeFileSync(profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  await context.close();
  if (process.env.BENCH_DEBUG) console.log(r.timeline.join('\n'));
  return {
    ...r,
    jsGz: r.scripts.reduce((a, url) => a + gzOf(url), 0),
    answerToPainted: r.painted - r.lastAnswer,
    answerToFrameTime: r.frameTime - r.lastAnswer,
    errors,
  };
}

/** @type {Record<string, Record<string, any[]>>} */
const samples = {};
for (const v of chosen) {
  samples[v] = Object.fromEntries(VARIANTS.map((x) => [x, []]));
  // one warm-up load per variant (disk cache of the server, JIT of the portal's queries), not counted
  for (const x of VARIANTS) await load(x, v);
  for (let i = 0; i < RUNS; i++) {
    // alternate the order, so that no variant always runs right after another
    const order = i % 2 ? [...VARIANTS].reverse() : VARIANTS;
    for (const x of order) samples[v][x].push(await load(x, v));
  }
}
const browserVersion = `Chromium ${browser.version()}`;
await browser.close();
await builds.close();
await portal.close();
rmSync(out, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
// Report

const spread = (/** @type {number[]} */ xs) =>
  `${median(xs).toFixed(0)} [${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]`;
/** @type {Record<string, any>} */
const report = {
  date: new Date().toISOString(),
  browser: browserVersion,
  runs: RUNS,
  latencyMs: LATENCY,
  cpuThrottle: 4,
  views: {},
};
const lines = [
  '| view | variant | JS gz | requests (data + other) | nav → painted ms | answer → painted ms | long tasks ms | nav → painted ours/peer |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const v of chosen) {
  report.views[v] = { title: VIEWS[v].title };
  // NaN when the peer was not run (VARIANTS=npm,cdn): no ratio then
  const peerMedian = median((samples[v].peer ?? []).filter((s) => !s.failed).map((s) => s.painted));
  for (const x of VARIANTS) {
    const ok = samples[v][x].filter((s) => !s.failed);
    const failed = samples[v][x].length - ok.length;
    const painted = ok.map((s) => s.painted);
    const figures = {
      failed,
      errors: [...new Set(samples[v][x].flatMap((s) => s.errors))].slice(0, 3),
      jsGzKb: median(ok.map((s) => s.jsGz)) / 1000,
      dataRequests: median(ok.map((s) => s.dataRequests)),
      otherRequests: median(ok.map((s) => s.otherRequests)),
      navToPaintedMs: median(painted),
      navToPaintedRange: [Math.min(...painted), Math.max(...painted)],
      answerToPaintedMs: median(ok.map((s) => s.answerToPainted)),
      answerToPaintedRange: [
        Math.min(...ok.map((s) => s.answerToPainted)),
        Math.max(...ok.map((s) => s.answerToPainted)),
      ],
      // the same from the painted frame's own timestamp (the probe's figure before 2026-12-07)
      answerToFrameTimeMs: median(ok.map((s) => s.answerToFrameTime)),
      longTasksMs: median(ok.map((s) => s.longTasks)),
      ratioToPeer: x === 'peer' ? 1 : median(painted) / peerMedian,
    };
    report.views[v][x] = figures;
    lines.push(
      `| ${VIEWS[v].title} | ${x} | ${figures.jsGzKb.toFixed(1)} kB | ${figures.dataRequests} + ${figures.otherRequests} | ${ok.length ? spread(painted) : 'failed'}${failed ? ` (${failed} failed)` : ''} | ${ok.length ? spread(ok.map((s) => s.answerToPainted)) : '–'} | ${figures.longTasksMs.toFixed(0)} | ${x === 'peer' ? '' : `${figures.ratioToPeer.toFixed(2)}×`} |`,
    );
  }
}
lines.push(
  '',
  `answer → the painted frame's own timestamp (when it was asked for; may precede the answer's handling): ${chosen
    .map(
      (v) =>
        `${v} ${VARIANTS.map((x) => `${x} ${report.views[v][x].answerToFrameTimeMs?.toFixed(0)}`).join(' / ')}`,
    )
    .join('; ')}`,
);
if (report.views.five && report.views.bar) {
  for (const x of VARIANTS) {
    const perChart = report.views.five[x]?.navToPaintedMs / report.views.bar[x]?.navToPaintedMs;
    report.views.five[x].vsOneChart = perChart;
  }
  lines.push(
    '',
    `five charts / one chart, nav → painted: ${VARIANTS.map((x) => `${x} ${report.views.five[x].vsOneChart.toFixed(2)}×`).join(', ')}`,
  );
}
console.log(
  `\nSide by side with @opendatasoft/visualizations + api-client (latency ${LATENCY} ms, CPU ×4, median of ${RUNS} [min–max])\n`,
);
console.log(lines.join('\n'));

// a before/after run (BASE) is an experiment: the recorded figures stay those of the three variants
const resultsFile = join(root, 'bench/results.json');
if (BASE) console.log('\nBASE set: bench/results.json left as it was');
else {
  const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
  results.peers = report;
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}
