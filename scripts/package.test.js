// @ts-check
/* global document -- page.waitForFunction callbacks run in the browser */
/**
 * What `npm pack` ships (issue 7): the build, its types and the manifest, nothing else; every
 * `exports` entry present; decorators compiled away. Runs `npm run build` first (≈ 15 s).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'pipe' });
/** @type {{ files: { path: string }[] }[]} */
const [pack] = JSON.parse(
  execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
);
const files = pack.files.map((f) => f.path);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('npm pack holds the build, its types and the manifest, and nothing of the repository', () => {
  const outside = files.filter(
    (f) => !/^(dist\/|custom-elements\.json$|package\.json$|README\.md$|LICENSE)/.test(f),
  );
  assert.deepEqual(outside, []);
  assert.ok(files.includes('dist/ode.js') && files.includes('custom-elements.json'));
  assert.ok(!files.some((f) => /(^|\/)(src|test|dev-portal|bench|demo|scratch)\//.test(f)));
});

test('every exports entry is in the package, with its types', () => {
  for (const [key, target] of Object.entries(pkg.exports)) {
    const paths =
      typeof target === 'string' ? [target] : Object.values(/** @type {Record<string, string>} */ (target));
    for (const p of paths)
      assert.ok(files.includes(p.replace(/^\.\//, '')), `exports["${key}"] → ${p} is not packed`);
  }
  for (const el of ['table', 'chart', 'map', 'dataset', 'search', 'facets', 'attribution'])
    assert.ok(pkg.exports[`./${el}/define.js`], `no exports entry for ${el}`);
});

test('decorators are compiled: no raw @property( or accessor in the output', () => {
  for (const f of files.filter((p) => p.endsWith('.js'))) {
    const code = readFileSync(join(root, f), 'utf8');
    assert.ok(!/@(property|state|query|customElement)\(/.test(code), `${f} holds a raw decorator`);
    assert.ok(!/\baccessor\s+[#\w]+\s*[;=]/.test(code), `${f} holds an accessor field`);
  }
});

test('the build works from one script tag in a plain page, no bundler: table rows, a chart, a map', async () => {
  const { existsSync } = await import('node:fs');
  const executablePath = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
  if (!executablePath) return assert.fail('no Chromium: apt-get install -y chromium, or set CHROME_PATH');
  const http = await import('node:http');
  const { chromium } = await import('playwright-core');
  const { createPortal } = await import('../dev-portal/server.js');
  const portal = await createPortal({ port: 0, only: ['seattle-weather', 'earthquakes'] });
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="module" src="/ode.js"></script></head><body>
<ode-table domain="${portal.url}" dataset="seattle-weather" fields="date,weather"></ode-table>
<ode-chart domain="${portal.url}" dataset="seattle-weather" x="weather"></ode-chart>
<ode-map domain="${portal.url}" dataset="earthquakes"></ode-map>
</body></html>`;
  const types = {
    '.js': 'text/javascript',
    '.mjs': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = join(root, 'dist', url.pathname);
    if (url.pathname !== '/' && file.startsWith(join(root, 'dist')) && existsSync(file)) {
      const ext = /** @type {keyof typeof types} */ (url.pathname.slice(url.pathname.lastIndexOf('.')));
      res.writeHead(200, { 'content-type': types[ext] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } else {
      res.writeHead(url.pathname === '/' ? 200 : 404, { 'content-type': 'text/html' });
      res.end(url.pathname === '/' ? page : 'not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const tab = await browser.newPage({ viewport: { width: 1000, height: 2000 } });
    /** @type {string[]} */
    const errors = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.goto(
      `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/`,
    );
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
      {
        timeout: 60000,
      },
    );
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
    await portal.close();
  }
});
