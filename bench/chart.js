#!/usr/bin/env node
// @ts-check
/**
 * Chart figures (issue 4), run by `npm run bench` after bench/run.js: sizes of the chart's chunks
 * (a code-split build, as an app or the CDN build loads them), then `<ode-chart>` in headless Chromium
 * against the dev portal (--latency 80, page on another origin, CPU ×4, median of RUNS runs).
 * Adds a `chart` key to bench/results.json.
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { createPortal } from '../dev-portal/server.js';
import { esbuildMinifyLiterals } from '../scripts/minify-literals.js';

// BENCH_BROWSER: bench/run.js measured the table in that engine; the chart's figures are Chromium's (CDP)
if (process.env.BENCH_BROWSER) process.exit(0);

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);
const LATENCY = Number(process.env.LATENCY ?? 80);
const CYCLES = Number(process.env.CHART_CYCLES ?? 1000);
const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const kb = (/** @type {number} */ n) => `${(n / 1000).toFixed(1)} kB`;
/** @type {[string, string, string, string][]} */
const table = [];
const row = (
  /** @type {string} */ metric,
  /** @type {unknown} */ value,
  /** @type {string} */ target,
  /** @type {boolean | undefined} */ ok,
) => table.push([metric, String(value), target, ok === undefined ? '' : ok ? 'ok' : 'MISS']);
/** @type {Record<string, unknown>} */
const results = {};

// 1. Sizes: the full build split as a browser loads it -------------------------------------------
const out = mkdtempSync(join(tmpdir(), 'ode-bench-chart-'));
const build = await esbuild.build({
  entryPoints: { ode: join(root, 'src/index.ts') },
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outdir: out,
  metafile: true,
  legalComments: 'none',
  // as `npm run build` does: CSS and HTML in Lit templates minified
  plugins: [esbuildMinifyLiterals()],
});
const outputs = Object.entries(build.metafile.outputs).filter(([f]) => f.endsWith('.js'));
const gz = (/** @type {string} */ f) => gzipSync(readFileSync(f), { level: 9 }).length;
const entryFile = outputs.find(([, o]) => o.entryPoint?.endsWith('src/index.ts'))?.[0] ?? '';
/** Files the entry loads before any dynamic import. */
const initial = new Set([entryFile]);
for (let grew = true; grew;) {
  grew = false;
  for (const [f, o] of outputs)
    if (initial.has(f))
      for (const imp of o.imports)
        if (imp.kind === 'import-statement' && !initial.has(imp.path)) {
          initial.add(imp.path);
          grew = true;
        }
}
const hasChartJs = (/** @type {string} */ f) =>
  Object.keys(build.metafile.outputs[f]?.inputs ?? {}).some((i) => i.includes('node_modules/chart.js'));
const lazyChart = outputs.filter(([f]) => !initial.has(f) && hasChartJs(f)).map(([f]) => f);
const chartInInitial = [...initial].some(hasChartJs);
const lazyGz = lazyChart.reduce((s, f) => s + gz(f), 0);
// the element's own code (src/chart/*, without chart.js), inside the initial chunk
const elementBytes = Object.entries(build.metafile.outputs[entryFile]?.inputs ?? {})
  .filter(([i]) => i.includes('src/chart/'))
  .reduce((s, [, v]) => s + v.bytesInOutput, 0);
const entryMin = readFileSync(entryFile).length;
const elementGz = Math.round((gz(entryFile) * elementBytes) / entryMin);
results.sizes = {
  initialGz: [...initial].reduce((s, f) => s + gz(f), 0),
  lazyChartGz: lazyGz,
  lazyChartFiles: lazyChart.map((f) => basename(f)),
  elementGzApprox: elementGz,
  chartJsInInitialChunk: chartInInitial,
};
row('chart.js in the initial chunk of the full build', chartInInitial ? 'yes' : 'no', 'no', !chartInInitial);
row('lazy chart chunk (chart.js + drawing code), gz', kb(lazyGz), '', undefined);
row(
  'chart chunk + element (element share of the entry, prorated), gz',
  kb(lazyGz + elementGz),
  '≤ 62 kB',
  lazyGz + elementGz <= 62000,
);

// the floor: chart.js alone with bar, line and pie registered (no code of ours, no area, scatter,
// doughnut or decimation), what any chart.js-based element of these types downloads at least
const floor = await esbuild.build({
  stdin: {
    contents: `import { Chart, BarController, LineController, PieController, BarElement, LineElement,
      PointElement, ArcElement, CategoryScale, LinearScale } from 'chart.js';
    Chart.register(BarController, LineController, PieController, BarElement, LineElement, PointElement,
      ArcElement, CategoryScale, LinearScale);
    export { Chart };`,
    resolveDir: root,
  },
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  write: false,
  legalComments: 'none',
});
const floorGz = gzipSync(floor.outputFiles[0].contents, { level: 9 }).length;
/** @type {any} */ (results.sizes).chartJsFloorGz = floorGz;
row('  chart.js alone, bar + line + pie registered (the floor), gz', kb(floorGz), '', undefined);

// 2. In the browser ---------------------------------------------------------------------------
const executablePath = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
if (!executablePath) {
  console.error('No Chromium: apt-get install -y chromium, or set CHROME_PATH.');
  process.exit(1);
}
let seen = { grouped: 0, metadata: 0, other: 0 };
const portal = await createPortal({
  port: 0,
  latency: LATENCY,
  only: ['flights', 'seattle-weather'],
  log: (line) => {
    if (line.includes('/records') && line.includes('group_by')) seen.grouped++;
    else if (/catalog\/datasets\/[^/?]+(\?| |$)/.test(line)) seen.metadata++;
    else seen.other++;
  },
});
const pages = {
  flights: `<ode-chart dataset="flights" type="line" x="date" time-bucket="month"></ode-chart>`,
  points: `<ode-chart dataset="flights" type="line" x="date" time-bucket="hour" limit="2000"></ode-chart>`,
  bars: `<ode-chart dataset="flights" type="column" x="date" time-bucket="hour" limit="2000"></ode-chart>`,
  empty: `<p>No chart here.</p><ode-table dataset="seattle-weather"></ode-table>`,
  cycles: `<div id="holder"><ode-chart dataset="seattle-weather" x="weather"></ode-chart></div>`,
};
const server = http.createServer((req, res) => {
  const name = (req.url ?? '/').slice(1);
  const file = join(out, name);
  if (name.endsWith('.js') && existsSync(file)) {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(readFileSync(file));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="ode-domain" content="${portal.url}">
<script>window.__ode = { cls: 0 }; new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__ode.cls += e.value; }).observe({ type: 'layout-shift', buffered: true });</script>
<script type="module" src="/${basename(entryFile)}"></script></head><body style="font-family:system-ui;margin:1rem;max-width:60rem">${pages[/** @type {keyof typeof pages} */ (name)] ?? ''}</body></html>`);
});
await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking'],
});

/** @param {string} name */
async function open(name) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  /** @type {string[]} */
  const scripts = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
  seen = { grouped: 0, metadata: 0, other: 0 };
  await page.goto(`${origin}/${name}`);
  return { context, page, scripts };
}
/** @param {import('playwright-core').Page} page */
const drawn = (page) =>
  page.waitForFunction(() => performance.getEntriesByName('ode:chart:drawn').length > 0, null, {
    timeout: 60000,
  });

{
  const times = [];
  const grouped = [];
  const metadata = [];
  const cls = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await open('flights');
    await drawn(page);
    times.push(
      await page.evaluate(
        () =>
          performance.getEntriesByName('ode:chart:drawn')[0].startTime -
          performance.getEntriesByName('ode:chart:connected')[0].startTime,
      ),
    );
    await page.waitForTimeout(300);
    grouped.push(seen.grouped);
    metadata.push(seen.metadata);
    // resizing: the chart follows its container; nothing around it moves
    await page.setViewportSize({ width: 700, height: 800 });
    await page.waitForTimeout(300);
    cls.push(await page.evaluate(() => /** @type {any} */ (window).__ode.cls));
    await context.close();
  }
  results.flights = { connectToDrawnMs: median(times), times, grouped, metadata, cls };
  row('flights chart (3M rows): grouped requests', Math.max(...grouped), '1', Math.max(...grouped) === 1);
  row('flights chart: metadata requests', Math.max(...metadata), '1 (shared)', Math.max(...metadata) <= 1);
  row('flights chart: connect → chart drawn (median)', `${median(times).toFixed(0)} ms`, '', undefined);
  row('layout shift, load + resize (max)', Math.max(...cls).toFixed(3), '0', Math.max(...cls) === 0);
}

for (const [name, what] of [
  ['points', 'line'],
  ['bars', 'column'],
]) {
  /** the draw on the answer: an update of the warm-up chart when one was built, else a new chart */
  const renders = [];
  /**
   * the page's first chart built, hidden, on 200 placeholder values while the answer is on its way
   * (a background task, only before the answer): NaN when the answer came first
   */
  const warms = [];
  /** navigation → the answer drawn: what the visitor waits for, warm-up or not */
  const navToDrawn = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await open(name);
    await drawn(page);
    const m = await page.evaluate(() => ({
      render: performance.getEntriesByName('ode:chart:render')[0].duration,
      warm: performance.getEntriesByName('ode:chart:warm')[0]?.duration ?? NaN,
      drawn: performance.getEntriesByName('ode:chart:drawn')[0].startTime,
    }));
    renders.push(m.render);
    warms.push(m.warm);
    navToDrawn.push(m.drawn);
    await context.close();
  }
  const warmed = warms.filter((w) => !Number.isNaN(w));
  /** @type {any} */ (results)[`render_${name}`] = {
    medianMs: median(renders),
    renders,
    warms,
    navToDrawnMs: median(navToDrawn),
    navToDrawn,
  };
  row(
    `  ${what}: navigation → 2,000 points drawn (median)`,
    `${median(navToDrawn).toFixed(0)} ms`,
    '',
    undefined,
  );
  row(
    `  ${what}: warm-up chart (200 placeholders) before the answer`,
    `${warmed.length}/${RUNS} runs${warmed.length ? `, ${median(warmed).toFixed(1)} ms` : ''}`,
    '',
    undefined,
  );
  row(
    `draw 2,000 points on the answer (${what}, CPU ×4, median)`,
    `${median(renders).toFixed(1)} ms`,
    '≤ 50 ms',
    median(renders) <= 50,
  );
}

{
  const { context, page, scripts } = await open('empty');
  await page.waitForTimeout(2500);
  const chartScripts = scripts.filter((u) => lazyChart.some((f) => u.endsWith(basename(f))));
  results.noChartPage = { chartScripts };
  row('chart.js requests on a page without a chart', chartScripts.length, '0', chartScripts.length === 0);
  await context.close();
}

{
  const { context, page } = await open('cycles');
  await drawn(page);
  const left = await page.evaluate(async (n) => {
    const holder = /** @type {HTMLElement} */ (document.getElementById('holder'));
    const el = /** @type {HTMLElement & { updateComplete: Promise<unknown> }} */ (holder.firstElementChild);
    const before = await /** @type {any} */ (customElements.get('ode-chart')).liveCharts();
    for (let i = 0; i < n; i++) {
      el.remove();
      holder.append(el);
      await el.updateComplete;
    }
    el.remove();
    await new Promise((r) => setTimeout(r, 50));
    return { before, after: await /** @type {any} */ (customElements.get('ode-chart')).liveCharts() };
  }, CYCLES);
  results.cycles = { cycles: CYCLES, ...left };
  row(`chart instances after ${CYCLES} attach/detach cycles`, left.after, '0', left.after === 0);
  await context.close();
}

await browser.close();
server.close();
await portal.close();

const file = join(root, 'bench/results.json');
const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
all.chart = results;
writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
const w = [0, 1, 2].map((i) =>
  Math.max(...table.map((r) => r[i].length), ['metric', 'measured', 'target'][i].length),
);
console.log(`\n<ode-chart> (${RUNS} runs, latency ${LATENCY} ms, CPU ×4)`);
console.log(`${'metric'.padEnd(w[0])}  ${'measured'.padEnd(w[1])}  ${'target'.padEnd(w[2])}`);
for (const r of table)
  console.log(`${r[0].padEnd(w[0])}  ${r[1].padEnd(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`);
