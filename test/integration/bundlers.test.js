// @ts-check
/* global document, window -- page.evaluate / waitForFunction callbacks run in the browser */
/**
 * The package as an app gets it: `npm pack` (its `prepack` builds dist/), the tarball installed into a
 * throwaway app, that app built by Vite, webpack 5 and esbuild with their defaults, each build served
 * and opened in Chromium: a table shows rows, a map loads its data, no request fails, no console error.
 * Then `dist/cdn/` self-hosted on a second origin, as docs/self-hosting.md says.
 *
 * `npm run test:integration` (also run by `.ci/run`; ≈ 2–3 min: one build, one install from npm's
 * cache, three app builds). The bundlers are this repository's devDependencies, run on the app folder;
 * the app's own node_modules come from the tarball (`npm install ./open-data-elements-x.y.z.tgz`).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath, serveStatic } from '../../scripts/static-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'ode-bundlers-'));
const app = join(tmp, 'app');
/** Seconds each step took, printed at the end (the report's figures). */
const timings = /** @type {Record<string, number>} */ ({});
/** @template T @param {string} name @param {() => T | Promise<T>} fn @returns {Promise<T>} */
const timed = async (name, fn) => {
  const t0 = performance.now();
  const result = await fn();
  timings[name] = Math.round((performance.now() - t0) / 100) / 10;
  return result;
};

/** The app's page: a table and a map; the portal's URL comes from `?portal=` (a dev portal on a free port). */
const INDEX = (/** @type {string} */ script) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>App</title><link rel="icon" href="data:,"></head>
<body>
<ode-table dataset="seattle-weather" fields="date,weather" page-size="5"></ode-table>
<ode-map dataset="earthquakes"></ode-map>
<script>
  const portal = new URLSearchParams(location.search).get('portal');
  for (const el of document.querySelectorAll('ode-table, ode-map')) el.setAttribute('domain', portal);
</script>
${script}
</body>
</html>
`;
const MAIN = `import 'open-data-elements/table/define.js';
import 'open-data-elements/map/define.js';
`;

/** @type {{ files: { path: string }[], filename: string }} */
let pack;

before(async () => {
  // a real `npm pack`: prepack runs the build, as on a fresh clone
  pack = await timed('npm pack (prepack build)', () => {
    const out = execFileSync(npm, ['pack', '--json', '--pack-destination', tmp], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // the build's own output (prepack) comes first on stdout, the JSON answer last
    return JSON.parse(out.slice(out.search(/^\[$/m)))[0];
  });
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writeFileSync(join(app, 'src/main.js'), MAIN);
  await timed('npm install of the tarball', () =>
    execFileSync(
      npm,
      ['install', join(tmp, pack.filename), '--no-audit', '--no-fund', '--prefer-offline', '--no-save'],
      { cwd: app, stdio: 'pipe' },
    ),
  );
});

after(() => {
  console.log('durations (s):', JSON.stringify(timings));
  if (process.env.ODE_KEEP_APP) console.log('the app stays in', tmp);
  else rmSync(tmp, { recursive: true, force: true });
});

test('npm pack holds dist/ and every exports target, and the worker the map names', () => {
  const files = new Set(pack.files.map((f) => f.path));
  assert.ok(
    [...files].some((f) => f.startsWith('dist/')),
    'no dist/ in the package',
  );
  for (const [key, target] of Object.entries(pkg.exports)) {
    const paths =
      typeof target === 'string' ? [target] : Object.values(/** @type {Record<string, string>} */ (target));
    for (const p of paths)
      assert.ok(files.has(p.replace(/^\.\//, '')), `exports["${key}"] → ${p} is not packed`);
  }
  assert.ok(files.has('dist/map/maplibre-gl-worker.mjs'));
  assert.ok(files.has('dist/map/worker-url.js'));
});

/**
 * Serves `dir` with a dev portal, opens `/?portal=…` in Chromium, and returns what went wrong.
 * @param {string} dir
 * @param {(tab: import('playwright-core').Page) => Promise<void>} check
 */
async function openApp(dir, check) {
  const { chromium } = await import('playwright-core');
  const { createPortal } = await import('../../dev-portal/server.js');
  const portal = await createPortal({ port: 0, only: ['seattle-weather', 'earthquakes'] });
  const server = await serveStatic({ dir });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  /** @type {string[]} */
  const problems = [];
  try {
    const tab = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    tab.on('pageerror', (e) => problems.push(`page error: ${e}`));
    tab.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    tab.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
    tab.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
    await tab.goto(`${server.url}/index.html?portal=${encodeURIComponent(portal.url)}`);
    try {
      await check(tab);
    } catch (e) {
      const shadow = await tab.evaluate(() =>
        [...document.querySelectorAll('ode-table, ode-map')].map((el) => el.shadowRoot?.textContent?.trim()),
      );
      throw new Error(
        `${e}\nwhat went wrong: ${problems.join('\n')}\nthe elements say: ${shadow.join(' / ')}`,
        { cause: e },
      );
    }
  } finally {
    await browser.close();
    await server.close();
    await portal.close();
  }
  return problems;
}

/** A table with rows, and a map whose data reached maplibre's worker and came back as features. */
async function tableAndMap(/** @type {import('playwright-core').Page} */ tab) {
  await tab.waitForFunction(
    () => (document.querySelector('ode-table')?.shadowRoot?.querySelectorAll('tbody tr').length ?? 0) > 0,
    null,
    { timeout: 30000 },
  );
  await tab.waitForFunction(
    () => {
      // the element's public read-only maplibre map
      const map = /** @type {any} */ (document.querySelector('ode-map'))?.map;
      return !!map && map.isSourceLoaded('ode-data') && map.querySourceFeatures('ode-data').length > 0;
    },
    null,
    { timeout: 60000 },
  );
}

test('a Vite app (no configuration) shows a table and a working map', async () => {
  writeFileSync(join(app, 'index.html'), INDEX('<script type="module" src="/src/main.js"></script>'));
  const { build } = await import('vite');
  await timed('vite build', () =>
    build({ root: app, logLevel: 'warn', build: { outDir: join(tmp, 'out-vite') } }),
  );
  const problems = await timed('vite app in Chromium', () => openApp(join(tmp, 'out-vite'), tableAndMap));
  assert.deepEqual(problems, []);
});

/** The Vite plugin docs/chart.md gives apps: V8's compile hint on the chunk that holds chart.js. */
const chartCompileHint = {
  name: 'chart-compile-hint',
  generateBundle(/** @type {unknown} */ _options, /** @type {Record<string, any>} */ bundle) {
    for (const file of Object.values(bundle))
      if (
        file.type === 'chunk' &&
        file.moduleIds.some((/** @type {string} */ id) => id.includes('/node_modules/chart.js/'))
      )
        file.code = `//# allFunctionsCalledOnLoad\n${file.code}`;
  },
};

test("a Vite app with docs/chart.md's compile hint: the chunk holding chart.js opens with it", async () => {
  const page = join(app, 'chart');
  mkdirSync(page, { recursive: true });
  writeFileSync(
    join(page, 'index.html'),
    '<script type="module" src="./main.js"></script><ode-chart></ode-chart>',
  );
  writeFileSync(join(page, 'main.js'), "import 'open-data-elements/chart/define.js';\n");
  const out = join(tmp, 'out-vite-chart');
  const { build } = await import('vite');
  await timed('vite build (chart, compile hint)', () =>
    build({
      root: page,
      logLevel: 'warn',
      plugins: [chartCompileHint],
      build: { outDir: out },
    }),
  );
  const scripts = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js'));
  const text = (/** @type {string} */ f) => readFileSync(join(out, 'assets', f), 'utf8');
  // chart.js's own option names survive minification
  const withChartJs = scripts.filter((f) => text(f).includes('drawOnChartArea'));
  assert.equal(withChartJs.length, 1, `one chunk holds chart.js: ${scripts.join(', ')}`);
  assert.ok(text(withChartJs[0]).startsWith('//# allFunctionsCalledOnLoad\n'), 'the hint opens that chunk');
  for (const f of scripts.filter((x) => x !== withChartJs[0]))
    assert.ok(!text(f).includes('allFunctionsCalledOnLoad'), `no hint on ${f}`);
});

test('a webpack 5 app (no configuration) shows a table and a working map', async () => {
  const { default: webpack } = await import('webpack');
  const out = join(tmp, 'out-webpack');
  await timed('webpack build', async () => {
    // webpack's defaults: entry ./src/index.js → named here, production mode, output dist/main.js
    const compiler = webpack({
      context: app,
      mode: 'production',
      entry: './src/main.js',
      output: { path: out },
      // minimizing off only keeps the test fast (terser on maplibre): how files are found is the same
      optimization: { minimize: false },
    });
    const stats = await new Promise((resolve, reject) =>
      compiler.run((err, s) => (err ? reject(err) : compiler.close(() => resolve(s)))),
    );
    assert.ok(!stats?.hasErrors(), stats?.toString('errors-only'));
  });
  writeFileSync(join(out, 'index.html'), INDEX('<script defer src="main.js"></script>'));
  const problems = await timed('webpack app in Chromium', () => openApp(out, tableAndMap));
  assert.deepEqual(problems, []);
});

test('an esbuild app: the map names its worker next to the bundle; copied there, the map works', async () => {
  const esbuild = await import('esbuild');
  const out = join(tmp, 'out-esbuild');
  await timed('esbuild build', () =>
    esbuild.build({
      absWorkingDir: app,
      entryPoints: ['src/main.js'],
      bundle: true,
      format: 'esm',
      splitting: true,
      outdir: out,
      logLevel: 'warning',
    }),
  );
  writeFileSync(join(out, 'index.html'), INDEX('<script type="module" src="main.js"></script>'));
  // esbuild does not copy files named by new URL(…, import.meta.url): without the copy step, a message
  const missing = await openApp(out, async (tab) => {
    await tab.waitForFunction(
      () =>
        /worker could not be loaded/.test(document.querySelector('ode-map')?.shadowRoot?.textContent ?? ''),
      null,
      { timeout: 60000 },
    );
    const text = await tab.evaluate(() => document.querySelector('ode-map')?.shadowRoot?.textContent ?? '');
    assert.match(text, /docs\/map\.md#bundlers/);
  });
  assert.ok(
    missing.some((p) => /maplibre-gl-worker\.mjs/.test(p)),
    'the missing worker was not the problem',
  );
  // the one step docs/map.md#bundlers gives for esbuild
  copyFileSync(
    join(app, 'node_modules/open-data-elements/dist/map/maplibre-gl-worker.mjs'),
    join(out, 'maplibre-gl-worker.mjs'),
  );
  const problems = await timed('esbuild app in Chromium', () => openApp(out, tableAndMap));
  assert.deepEqual(problems, []);
});

test('dist/cdn/ self-hosted on another origin: a chart from a plain HTML page, with the CORS header', async () => {
  const cdnDir = join(app, 'node_modules/open-data-elements/dist/cdn');
  // the chunk holding chart.js opens with V8's compile hint (docs/chart.md#performance), and only it
  const chunks = readdirSync(join(cdnDir, 'chunks')).filter((f) => f.endsWith('.js'));
  const hinted = chunks.filter((f) =>
    readFileSync(join(cdnDir, 'chunks', f), 'utf8').startsWith('//# allFunctionsCalledOnLoad\n'),
  );
  assert.deepEqual(
    hinted,
    chunks.filter((f) => f.startsWith('chartjs-')),
  );
  assert.equal(hinted.length, 1);
  const page = (/** @type {string} */ cdn, /** @type {string} */ portal) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="${cdn}/ode.js"></script></head>
<body><ode-chart domain="${portal}" dataset="seattle-weather" x="weather"></ode-chart></body></html>`;
  const { chromium } = await import('playwright-core');
  const { createPortal } = await import('../../dev-portal/server.js');
  const portal = await createPortal({ port: 0, only: ['seattle-weather'] });
  // the second origin: what docs/self-hosting.md asks of the server
  const cors = await serveStatic({
    dir: cdnDir,
    headers: () => ({
      'access-control-allow-origin': '*',
      'cache-control': 'public, max-age=31536000, immutable',
    }),
  });
  const bare = await serveStatic({ dir: cdnDir });
  const pages = await serveStatic({
    dir: tmp,
    pages: { '/with.html': page(cors.url, portal.url), '/without.html': page(bare.url, portal.url) },
  });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  try {
    const tab = await browser.newPage();
    /** @type {string[]} */
    const problems = [];
    tab.on('pageerror', (e) => problems.push(String(e)));
    tab.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    tab.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    await tab.goto(`${pages.url}/with.html`);
    await tab.waitForFunction(() => performance.getEntriesByName('ode:chart:drawn').length > 0, null, {
      timeout: 30000,
    });
    assert.deepEqual(problems, []);
    // the same files without the header: the browser refuses the module script
    const other = await browser.newPage();
    const refused = other.waitForEvent('console', {
      predicate: (m) => m.type() === 'error' && /CORS|Access-Control-Allow-Origin/i.test(m.text()),
      timeout: 20000,
    });
    await other.goto(`${pages.url}/without.html`);
    await refused;
    assert.ok(!(await other.evaluate(() => !!window.customElements.get('ode-chart'))));
  } finally {
    await browser.close();
    await Promise.all([cors.close(), bare.close(), pages.close(), portal.close()]);
  }
});
