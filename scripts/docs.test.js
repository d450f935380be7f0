// @ts-check
/* global document, window, requestAnimationFrame */
/**
 * The docs site, as a visitor gets it: every page of `npm start`'s docs (dev portal + Vite dev server)
 * loads in Chromium with no console error and no failed request, has one `<h1>`, renders its live
 * examples (a table gets rows, a chart draws, a notice names its licence), has no broken link to another
 * docs page and no axe violation; the reference lists every attribute of every element in the manifest;
 * `npm run build:docs` emits every page. A wrong page here is a wrong instruction to a user.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createPortal } from '../dev-portal/server.js';
import { startDemo } from './harness.js';
import { docsPages, ensureManifest, manifestElements, renderPage } from './vite-docs.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const executablePath = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** @type {Awaited<ReturnType<typeof startDemo>>['portal']} */
let portal;
/** @type {Awaited<ReturnType<typeof startDemo>>} */
let demo;
/** @type {import('playwright-core').Browser} */
let browser;
let base = '';

before(async () => {
  demo = await startDemo();
  ({ portal, base } = demo);
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

/**
 * Opens a docs page; returns the page and the problems seen while it loaded and settled.
 * @param {string} name
 * @param {{ width?: number }} [options]
 */
async function open(name, { width = 1280 } = {}) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  /** @type {string[]} */
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('requestfailed', (r) => {
    // a map aborts the request of a view the visitor has left: that is no failure
    if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? ''))
      problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(`${base}docs/${name}.html`, { waitUntil: 'load' });
  return { page, problems };
}

/**
 * Waits until every element of the live examples is settled (loaded or failed), brings maps into view
 * so they load, and returns what each one shows.
 * @param {import('playwright-core').Page} page
 */
function examplesSettled(page) {
  return page.evaluate(async () => {
    const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
    const results = [...document.querySelectorAll('[data-example-result]')];
    /** @type {{ tag: string, ok: boolean, what: string }[]} */
    const out = [];
    for (const result of results) {
      for (const el of /** @type {any[]} */ ([...result.querySelectorAll('*')])) {
        const tag = el.localName;
        if (!tag.startsWith('ode-') || !el.shadowRoot) continue;
        if (tag === 'ode-map') el.scrollIntoView();
        const check = () => {
          const sr = el.shadowRoot;
          const error = sr.querySelector('[part~="error"]');
          if (error) return { ok: false, what: `error: ${error.textContent.trim().slice(0, 200)}` };
          if (tag === 'ode-table') {
            const rows = sr.querySelectorAll('[part~="row"]').length;
            return rows > 0 ? { ok: true, what: `${rows} rows` } : undefined;
          }
          if (tag === 'ode-chart') {
            const canvas = sr.querySelector('canvas');
            return canvas && !el.loading && el.model ? { ok: true, what: 'drawn' } : undefined;
          }
          if (tag === 'ode-map')
            return el.map?.loaded() && !el.hasAttribute('aria-busy')
              ? { ok: true, what: 'drawn' }
              : undefined;
          if (tag === 'ode-attribution') {
            return /Licen[cs]e/i.test(sr.textContent) ? { ok: true, what: 'licence named' } : undefined;
          }
          if (tag === 'ode-facets') {
            return sr.querySelectorAll('button, input').length > 0 ? { ok: true, what: 'facets' } : undefined;
          }
          return { ok: true, what: 'rendered' };
        };
        let seen;
        for (let i = 0; i < 300 && !(seen = check()); i++) await sleep(50);
        out.push({ tag, ...(seen ?? { ok: false, what: 'did not settle in 15 s' }) });
      }
    }
    window.scrollTo(0, 0);
    return { count: results.length, elements: out };
  });
}

/** @param {import('playwright-core').Page} page */
async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map(
      (/** @type {any} */ v) =>
        `${v.id} (${v.impact}): ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).join(' | ')}`,
    );
  });
}

test('every docs page loads cleanly, renders its examples, links only to real pages and is axe-clean', async (t) => {
  const pages = [...docsPages(root).keys()];
  for (const name of pages) {
    if (name === 'builder') continue; // the builder page has its own tests
    await t.test(name, async () => {
      const { page, problems } = await open(name);
      try {
        const h1 = await page.locator('h1').count();
        assert.equal(h1, 1, `${name}: ${h1} <h1>`);
        const examples = await examplesSettled(page);
        for (const e of examples.elements) assert.ok(e.ok, `${name}: <${e.tag}> ${e.what}`);
        if (examples.count) assert.ok(examples.elements.length > 0, `${name}: examples rendered no element`);
        const links = await page.evaluate(() =>
          [...document.querySelectorAll('a[href]')].map((a) => /** @type {HTMLAnchorElement} */ (a).href),
        );
        for (const href of links) {
          const url = new URL(href);
          if (url.origin !== new URL(base).origin || !url.pathname.startsWith('/docs/')) continue;
          const target = /^\/docs\/([\w-]+)\.html$/.exec(url.pathname)?.[1];
          assert.ok(
            url.pathname === '/docs/' ||
              (target && pages.includes(target)) ||
              existsSync(join(root, url.pathname)),
            `${name}: broken link ${url.pathname}`,
          );
        }
        // the names in a table's first column (attributes, placeholders, tokens) are read whole: none
        // broken inside its code span ("{{field.sub}" over "}"), at this width and on a phone's
        const brokenNames = () =>
          page.evaluate(() =>
            [...document.querySelectorAll('td:first-child code')]
              .filter((c) => c.getClientRects().length > 1)
              .map((c) => c.textContent),
          );
        assert.deepEqual(await brokenNames(), [], `${name}: names broken in a table's first column`);
        const violations = await axe(page);
        assert.deepEqual(violations, [], `${name}: axe violations`);
        // the dark palette too (contrast of the page and of the elements' dark tokens)
        await page.emulateMedia({ colorScheme: 'dark' });
        assert.deepEqual(await axe(page), [], `${name}: axe violations in dark mode`);
        // narrow screens: nothing wider than the viewport (tables and code scroll in their own box)
        await page.setViewportSize({ width: 360, height: 800 });
        const overflow = await page.evaluate(async () => {
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll('body *')].filter((e) => {
            const r = e.getBoundingClientRect();
            return (
              r.width > 0 && r.right > width + 1 && !e.closest('.table-wrap, pre, [data-example-result] *')
            );
          });
          return {
            scroll: document.documentElement.scrollWidth,
            width,
            wide: wide.slice(0, 3).map((e) => e.outerHTML.slice(0, 120)),
          };
        });
        assert.ok(
          overflow.scroll <= overflow.width,
          `${name}: wider than 360 px: ${JSON.stringify(overflow)}`,
        );
        assert.deepEqual(
          await brokenNames(),
          [],
          `${name}: names broken in a table's first column at 360 px`,
        );
        assert.deepEqual(problems, [], `${name}: console errors or failed requests`);
      } finally {
        await page.close();
      }
    });
  }
  for (const expected of [
    'index',
    'getting-started',
    'reference',
    'cms',
    'frameworks',
    'theming',
    'accessibility',
    'consent-for-tenants',
    'licences',
    'performance',
    'chart',
    'map',
  ]) {
    assert.ok(pages.includes(expected), `docs page "${expected}" is missing`);
  }
});

test('the reference lists every attribute, event, part and custom property of every element', async () => {
  const elements = manifestElements(ensureManifest(root));
  assert.ok(elements.length >= 12, `${elements.length} elements in the manifest`);
  const { page, problems } = await open('reference');
  try {
    const listed = await page.evaluate(() => {
      /** @type {Record<string, Record<string, string[]>>} */
      const out = {};
      for (const section of document.querySelectorAll('section.element')) {
        out[section.id] = {};
        for (const table of section.querySelectorAll('table[data-ref]')) {
          out[section.id][/** @type {HTMLElement} */ (table).dataset.ref ?? ''] = [
            ...table.querySelectorAll('tbody th[scope="row"]'),
          ].map((th) => th.textContent?.trim() ?? '');
        }
      }
      return out;
    });
    for (const el of elements) {
      const section = listed[el.tagName];
      assert.ok(section, `<${el.tagName}> has no section`);
      for (const [key, ref] of /** @type {const} */ ([
        ['attributes', 'attributes'],
        ['events', 'events'],
        ['cssParts', 'parts'],
        ['cssProperties', 'css-properties'],
      ])) {
        for (const item of el[key] ?? []) {
          assert.ok(section[ref]?.includes(item.name), `<${el.tagName}> ${ref}: "${item.name}" not listed`);
        }
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});

test('the Portal field points every example at another portal, and is remembered', async () => {
  // a second dev portal stands for "another portal": same datasets, another origin
  const other = await createPortal({ port: 0, only: ['communes-france'] });
  const { page } = await open('index');
  try {
    await page.fill('#portal-input', other.url);
    await page.click('#portal-form button[type="submit"]');
    await page.waitForFunction(
      (url) => document.querySelector('meta[name="ode-domain"]')?.getAttribute('content') === url,
      other.url,
    );
    const settled = await examplesSettled(page);
    assert.ok(
      settled.elements.every((e) => e.ok),
      JSON.stringify(settled.elements),
    );
    await page.reload();
    assert.equal(await page.inputValue('#portal-input'), other.url, 'the choice is not remembered');
    // a value that is no portal is refused with a message, and nothing changes
    await page.fill('#portal-input', 'not a portal!');
    await page.click('#portal-form button[type="submit"]');
    assert.equal(await page.getAttribute('#portal-input', 'aria-invalid'), 'true');
    assert.match((await page.textContent('#portal-help')) ?? '', /not a portal domain/);
    await page.click('#portal-reset');
    assert.equal(await page.inputValue('#portal-input'), portal.url);
  } finally {
    await page.close();
    await other.close();
  }
});

test('npm run build:docs emits every page, and the built site works from static files', async () => {
  const out = mkdtempSync(join(tmpdir(), 'ode-site-'));
  /** @type {import('node:http').Server | undefined} */
  let server;
  try {
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--mode',
        'docs',
        '--outDir',
        out,
        '--emptyOutDir',
        '--logLevel',
        'error',
      ],
      // the static site's Portal field starts at ODE_DOCS_PORTAL (here the test's dev portal)
      { cwd: root, stdio: 'pipe', env: { ...process.env, ODE_DOCS_PORTAL: portal.url } },
    );
    for (const name of docsPages(root).keys()) {
      const file = join(out, 'docs', `${name}.html`);
      assert.ok(existsSync(file), `site/docs/${name}.html was not emitted`);
      const html = readFileSync(file, 'utf8');
      assert.match(html, /<h1[\s>]/, `${name}.html has no <h1>`);
      assert.match(
        html,
        /<script type="module" crossorigin src="\.\.\/assets\/[^"]+\.js">/,
        `${name}.html: no script`,
      );
      assert.match(
        html,
        /<link rel="stylesheet" crossorigin href="\.\.\/assets\/[^"]+\.css">/,
        `${name}.html: no CSS`,
      );
      assert.doesNotMatch(html, /%ODE_PORTAL%/);
    }
    assert.ok(existsSync(join(out, 'docs/themes/dsfr.css')), 'the DSFR-like theme was not copied');
    if (existsSync(join(root, 'embed.html')))
      assert.ok(existsSync(join(out, 'embed.html')), 'embed.html not built');
    // the built files, served as they would be by any static host, under a sub-path
    server = createHttpServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/sub\//, '/');
      const file = join(out, normalize(path));
      if (!file.startsWith(out) || !existsSync(file) || !statSync(file).isFile())
        return res.writeHead(404).end();
      const type = {
        '.html': 'text/html',
        '.js': 'text/javascript',
        '.mjs': 'text/javascript',
        '.css': 'text/css',
      };
      res.writeHead(200, {
        'Content-Type': type[/** @type {keyof typeof type} */ (extname(file))] ?? 'application/octet-stream',
      });
      res.end(readFileSync(file));
    });
    await new Promise((r) => server?.listen(0, '127.0.0.1', () => r(undefined)));
    const address = /** @type {import('node:net').AddressInfo} */ (server.address());
    for (const name of ['theming', 'map']) {
      const page = await browser.newPage();
      /** @type {string[]} */
      const problems = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e}`));
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
      try {
        await page.goto(`http://127.0.0.1:${address.port}/sub/docs/${name}.html`);
        const examples = await examplesSettled(page);
        assert.ok(examples.elements.length > 0, `${name}: no example rendered`);
        for (const e of examples.elements) assert.ok(e.ok, `built ${name}: <${e.tag}> ${e.what}`);
        assert.deepEqual(problems, [], `built ${name}`);
      } finally {
        await page.close();
      }
    }
  } finally {
    server?.close();
    rmSync(out, { recursive: true, force: true });
  }
});

test('getting started names every entry of the package and every element of the CDN script', () => {
  const guide = readFileSync(join(root, 'docs', 'getting-started.md'), 'utf8').replace(/\s+/g, ' ');
  const exportsOf = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports);
  const entries = /Entries: (.*?)\. `custom-elements\.json`/.exec(guide)?.[1] ?? '';
  const defines = exportsOf.flatMap((e) => /^\.\/([\w-]+)\/define\.js$/.exec(e)?.[1] ?? []);
  const consent = exportsOf.filter((e) => e.startsWith('./consent')).map((e) => e.slice(2));
  for (const name of [...defines, ...consent])
    assert.ok(entries.includes(`\`${name}\``), `getting started: entry "${name}" not named`);
  const cdn = /That one script defines every data element: (.*?)\. chart\.js/.exec(guide)?.[1] ?? '';
  const tags = manifestElements(ensureManifest(root))
    .map((/** @type {any} */ e) => String(e.tagName))
    // the consent suite is its own script
    .filter((t) => !t.startsWith('ode-consent') && t !== 'ode-cookie-declaration' && t !== 'ode-builder');
  assert.ok(tags.length > 10, 'elements in the manifest');
  for (const tag of tags) assert.ok(cdn.includes(`<${tag}>`), `getting started: <${tag}> not named`);
});

test('guides link the builder and the embed page once they exist, and pin the CDN to this version', () => {
  const pages = docsPages(root);
  const cms = renderPage(root, 'cms') ?? '';
  for (const name of ['builder', 'embed']) {
    const linked = cms.includes(`href="./${name}.html"`) || cms.includes(`href="${name}.html"`);
    assert.equal(linked, pages.has(name), `cms: link to ${name}.html ${linked ? 'present' : 'missing'}`);
  }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const name of pages.keys()) {
    const file = ['md', 'html'].map((ext) => join(root, 'docs', `${name}.${ext}`)).find((f) => existsSync(f));
    if (!file) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(
      /cdn\.jsdelivr\.net\/npm\/open-data-elements@([^/]+)\//g,
    )) {
      assert.equal(m[1], version, `${name}: CDN URL pinned to ${m[1]}, package.json says ${version}`);
    }
  }
});

test('every attribute that the docs put on an element in HTML snippets is one the manifest knows', () => {
  const known = new Map(
    manifestElements(ensureManifest(root)).map((e) => [
      e.tagName,
      new Set((e.attributes ?? []).map((/** @type {{ name: string }} */ a) => a.name)),
    ]),
  );
  const global = new Set(['id', 'lang', 'class', 'style', 'slot', 'hidden', 'title', 'dir']);
  /** @type {string[]} */
  const wrong = [];
  for (const name of docsPages(root).keys()) {
    const file = ['md', 'html'].map((ext) => join(root, 'docs', `${name}.${ext}`)).find((f) => existsSync(f));
    if (!file) continue;
    const text = readFileSync(file, 'utf8');
    const blocks = file.endsWith('.md')
      ? [...text.matchAll(/```html[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1])
      : [...text.matchAll(/<template data-example-source>([\s\S]*?)<\/template>/g)].map((m) => m[1]);
    for (const block of blocks) {
      for (const [, tag, attrs] of block.matchAll(/<(ode-[a-z-]+)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)) {
        const names = known.get(tag);
        if (!names) {
          wrong.push(`${name}: <${tag}> is no element`);
          continue;
        }
        for (const [, attr] of attrs.matchAll(/\s+([^\s=>]+)(?:="[^"]*")?/g)) {
          if (!names.has(attr) && !global.has(attr)) wrong.push(`${name}: <${tag} ${attr}> is no attribute`);
        }
      }
    }
  }
  assert.deepEqual(wrong, []);
});
