// @ts-check
/* global document, customElements, window, HTMLElement -- page.evaluate / waitForFunction callbacks run in the browser */
/**
 * What `npm pack` ships (issue 7) and that both builds work: the npm build (dist/, ES modules with lit,
 * chart.js and maplibre-gl left to the app's bundler), the CDN build (dist/cdn/, one script tag, no
 * bundler), their types and the manifest, nothing else. Runs `npm run build` first (≈ 20 s); the only
 * node test that writes dist/ (scripts/embed.test.js builds the CDN into a temporary folder).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromiumPath, serveStatic } from './static-server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'pipe' });
/** @type {{ files: { path: string }[] }[]} */
const [pack] = JSON.parse(
  execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
);
const files = pack.files.map((f) => f.path);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** Every file under dist/, relative to the repository. */
const built = readdirSync(join(root, 'dist'), { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile())
  .map((d) => relative(root, join(d.parentPath, d.name)));
const npmJs = built.filter(
  (f) => f.endsWith('.js') && !f.startsWith('dist/cdn/') && !f.startsWith('dist/types/'),
);
/** The elements with a class module and a define module (package.json "exports"). */
const ELEMENTS = {
  attribution: 'ode-attribution',
  dataset: 'ode-dataset',
  table: 'ode-table',
  search: 'ode-search',
  facets: 'ode-facets',
  filters: 'ode-filters',
  chart: 'ode-chart',
  series: 'ode-series',
  map: 'ode-map',
  kpi: 'ode-kpi',
  records: 'ode-records',
  'date-range': 'ode-date-range',
};

test('npm pack holds the builds, their types and the manifest, and nothing of the repository', () => {
  const outside = files.filter(
    (f) => !/^(dist\/|custom-elements\.json$|package\.json$|README\.md$|LICENSE)/.test(f),
  );
  assert.deepEqual(outside, []);
  for (const f of [
    'dist/index.js',
    'dist/table/ode-table.js',
    'dist/table/define.js',
    'dist/types/index.d.ts',
    'dist/cdn/ode.js',
    'dist/cdn/consent.js',
    'dist/cdn/embed.html',
    'custom-elements.json',
  ])
    assert.ok(files.includes(f), `${f} is not packed`);
  // the world outline, inlined from node_modules, must not sit in a node_modules/ folder (npm drops those)
  assert.ok(files.includes('dist/vendor/world-atlas/land-110m.json.js'));
  assert.ok(!files.some((f) => /(^|\/)(src|test|dev-portal|bench|demo|scratch|node_modules)\//.test(f)));
  assert.equal(pkg.customElements, 'custom-elements.json');
});

test('source maps: ours only, and every map a file points to is packed', () => {
  // chart.js's and maplibre-gl's maps (3.2 MB) are third-party code every `npm i` would download
  const vendorMaps = files.filter((f) => /^dist\/cdn\/chunks\/(maplibre|chartjs)-.*\.map$/.test(f));
  assert.deepEqual(vendorMaps, []);
  for (const f of files.filter((p) => p.endsWith('.js'))) {
    const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(root, f), 'utf8'))?.[1];
    if (ref) assert.ok(files.includes(join(dirname(f), ref)), `${f} points to ${ref}, which is not packed`);
  }
  assert.ok(
    files.includes('dist/cdn/ode.js.map') || files.some((f) => /^dist\/cdn\/chunks\/lit-.*\.map$/.test(f)),
  );
});

test('every exports entry is packed and resolves by the package name, with its types', () => {
  for (const [key, target] of Object.entries(pkg.exports)) {
    const paths =
      typeof target === 'string' ? [target] : Object.values(/** @type {Record<string, string>} */ (target));
    for (const p of paths)
      assert.ok(files.includes(p.replace(/^\.\//, '')), `exports["${key}"] → ${p} is not packed`);
    // a self-reference resolves through "exports" exactly as an app's resolver does
    const resolved = fileURLToPath(import.meta.resolve(`${pkg.name}${key.slice(1)}`));
    const expected = typeof target === 'string' ? target : target.default;
    assert.equal(relative(root, resolved), expected.replace(/^\.\//, ''));
  }
  for (const el of Object.keys(ELEMENTS)) {
    assert.ok(pkg.exports[`./${el}`], `no class module entry for ${el}`);
    assert.ok(pkg.exports[`./${el}/define.js`], `no define module entry for ${el}`);
  }
  for (const e of [
    './consent',
    './consent/presets',
    './consent/validate',
    './cdn/ode.js',
    './cdn/embed.html',
  ])
    assert.ok(pkg.exports[e], `no exports entry ${e}`);
});

test('sideEffects lists the define modules, the index and the CDN files, and no class module', () => {
  const side = /** @type {string[]} */ (pkg.sideEffects);
  const glob = (/** @type {string} */ g) =>
    new RegExp(
      `^${g
        .replace(/^\.\//, '')
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '(?:.*/)?')
        .replace(/\*\*/g, '.*')
        .replace(/\*/g, '[^/]*')}$`,
    );
  const isSide = (/** @type {string} */ f) => side.some((g) => glob(g).test(f));
  for (const f of [
    'dist/index.js',
    'dist/table/define.js',
    'dist/consent/define-banner.js',
    'dist/cdn/ode.js',
  ])
    assert.ok(isSide(f), `${f} defines elements but is not in sideEffects`);
  for (const f of npmJs.filter((p) => /\/ode-[\w-]+\.js$/.test(p)))
    assert.ok(!isSide(f), `class module ${f} is marked as having side effects`);
  // and the class modules really define nothing at import (checked in Chromium below)
  for (const f of npmJs.filter((p) => !isSide(p)))
    assert.ok(
      !/customElements\.define\(/.test(readFileSync(join(root, f), 'utf8')),
      `${f} defines an element`,
    );
});

test('decorators are compiled: no raw @property( or accessor in the output', () => {
  for (const f of files.filter((p) => p.endsWith('.js'))) {
    const code = readFileSync(join(root, f), 'utf8');
    assert.ok(!/@(property|state|query|customElement)\(/.test(code), `${f} holds a raw decorator`);
    assert.ok(!/\baccessor\s+[#\w]+\s*[;=]/.test(code), `${f} holds an accessor field`);
  }
});

test('the npm build leaves lit, chart.js and maplibre-gl to the app: bare imports, no copy inside', () => {
  const EXTERNAL =
    /^(lit(\/.*)?|@lit\/[\w-]+(\/.*)?|chart\.js(\/.*)?|maplibre-gl|dompurify|topojson-client)$/;
  /** @type {Set<string>} */
  const bare = new Set();
  for (const f of npmJs) {
    const code = readFileSync(join(root, f), 'utf8');
    // import statements only, not examples in doc comments
    const statements = code.replace(/\/\*[\s\S]*?\*\//g, '');
    // import and export statements, and dynamic imports (not a `from` that ends some string)
    const specs = [
      ...statements.matchAll(
        /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["']([^"']+)["']/g,
      ),
      ...statements.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
    ];
    for (const [, spec] of specs) if (!spec.startsWith('.')) bare.add(spec);
    // lit's own code (lit-html's template marker, ReactiveElement), chart.js, maplibre: never inlined
    assert.ok(!/lit\$\d+\$|_\$litElement\$\s*=|class\s+\w*ReactiveElement\b/.test(code), `${f} holds lit`);
    assert.ok(
      !/function setRTLTextPlugin|class DatasetController/.test(code),
      `${f} holds a vendored library`,
    );
  }
  for (const spec of bare) assert.match(spec, EXTERNAL, `unexpected bare import ${spec}`);
  for (const spec of ['lit', 'chart.js', 'maplibre-gl', 'topojson-client', '@lit/context'])
    assert.ok(bare.has(spec), `${spec} is not a bare import of the npm build`);
  for (const spec of bare) {
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    assert.ok(pkg.dependencies[name], `${name} is imported but not a dependency`);
  }
});

/**
 * Runs `fn` with a Chromium page on a static server of `dir` (+ `pages`) and a dev portal.
 * @param {{ dir: string, pages: (portal: string) => Record<string, string> }} site
 * @param {(tab: import('playwright-core').Page, base: string, errors: string[]) => Promise<void>} fn
 */
async function inChromium(site, fn) {
  const { chromium } = await import('playwright-core');
  const { createPortal } = await import('../dev-portal/server.js');
  const portal = await createPortal({ port: 0, only: ['seattle-weather', 'earthquakes'] });
  const server = await serveStatic({ dir: site.dir, pages: site.pages(portal.url) });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  try {
    const tab = await browser.newPage({ viewport: { width: 1000, height: 2000 } });
    /** @type {string[]} */
    const errors = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    await fn(tab, server.url, errors);
  } finally {
    await browser.close();
    await server.close();
    await portal.close();
  }
}

test('npm build: class modules define nothing; their define modules do', async () => {
  // an app's bundler (esbuild here) resolves the bare imports from node_modules
  const classes = Object.entries(ELEMENTS).map(([el]) => pkg.exports[`./${el}`].default);
  const bundle = async (/** @type {string} */ code) =>
    (
      await esbuild.build({
        stdin: { contents: code, resolveDir: root, loader: 'js' },
        bundle: true,
        format: 'esm',
        write: false,
        logLevel: 'silent',
      })
    ).outputFiles[0].text;
  const importAll = classes.map((p, i) => `import * as c${i} from '${p}';`).join('\n');
  const page = await bundle(
    `${importAll}\nwindow.classes = [${classes.map((_, i) => `...Object.values(c${i})`).join(', ')}];`,
  );
  const define = await bundle(`import '${pkg.exports['./table/define.js'].default}';`);
  await inChromium(
    {
      dir: join(root, 'dist'),
      pages: () => ({
        '/': '<!doctype html><html lang="en"><head><script type="module" src="/classes.js"></script></head></html>',
        '/classes.js': page,
        '/define.js': define,
      }),
    },
    async (tab, base, errors) => {
      await tab.goto(`${base}/`);
      await tab.waitForFunction(() => Array.isArray(/** @type {any} */ (window).classes));
      const tags = Object.values(ELEMENTS);
      const state = await tab.evaluate(
        (tags) => ({
          defined: tags.filter((t) => customElements.get(t)),
          classes: /** @type {any} */ (window).classes.filter(
            (/** @type {unknown} */ c) => typeof c === 'function' && c.prototype instanceof HTMLElement,
          ).length,
        }),
        tags,
      );
      assert.deepEqual(state.defined, [], 'a class module defined elements');
      // an app may register a class under its own name
      const own = await tab.evaluate(() => {
        const cls = /** @type {any} */ (window).classes.find((/** @type {any} */ c) => c.name === 'OdeTable');
        customElements.define('my-table', cls);
        return document.createElement('my-table') instanceof cls;
      });
      assert.ok(own, 'OdeTable registered under another name');
      assert.ok(state.classes >= tags.length, `only ${state.classes} element classes exported`);
      await tab.addScriptTag({ url: '/define.js', type: 'module' });
      await tab.waitForFunction(() => !!customElements.get('ode-table'));
      assert.ok(await tab.evaluate(() => !!customElements.get('ode-attribution')));
      assert.deepEqual(errors, []);
    },
  );
});

test('the CDN build works from one script tag in a plain page, no bundler: table rows, a chart, a map', async () => {
  await inChromium(
    {
      dir: join(root, 'dist/cdn'),
      pages: (portal) => ({
        '/': `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="module" src="/ode.js"></script></head><body>
<ode-table domain="${portal}" dataset="seattle-weather" fields="date,weather"></ode-table>
<ode-chart domain="${portal}" dataset="seattle-weather" x="weather"></ode-chart>
<ode-map domain="${portal}" dataset="earthquakes"></ode-map>
</body></html>`,
      }),
    },
    async (tab, base, errors) => {
      await tab.goto(`${base}/`);
      await tab.waitForFunction(
        () => document.querySelector('ode-table')?.shadowRoot?.querySelectorAll('tbody tr td').length,
        null,
        { timeout: 30000 },
      );
      await tab.waitForFunction(() => performance.getEntriesByName('ode:chart:drawn').length > 0, null, {
        timeout: 30000,
      });
      // the map loads maplibre (and its worker) from next to the build, then draws on its canvas
      await tab.waitForFunction(
        () => !!document.querySelector('ode-map')?.shadowRoot?.querySelector('canvas'),
        null,
        { timeout: 60000 },
      );
      assert.deepEqual(errors, []);
    },
  );
});
