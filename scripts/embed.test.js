// @ts-check
/* global document, window -- frame.evaluate / waitForFunction callbacks run in the browser */
/**
 * The iframe embed end to end (issue 7): the built `embed.html` (CDN build, into a temporary folder so
 * it never races scripts/package.test.js over dist/), served under a strict Content-Security-Policy
 * with `frame-ancestors`, inside cross-origin iframes of a host page whose own CSP has `frame-src` and
 * which runs the listener documented in docs/embed.md. Each element renders from its URL against the
 * dev portal; unknown elements, attributes and bad values show only the error; the resize message
 * reaches the host with the frame's id; axe finds nothing in the loaded and error states.
 * Also: every attribute the embed accepts is an attribute of that element in custom-elements.json.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromiumPath, serveStatic } from './static-server.js';
import { analyzeManifest } from './harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/**
 * The CSP embed.html is served with (docs/embed.md), plus the host's frame-ancestors: Trusted Types
 * enforced, with only the named policies Lit, the map and the consent suite create.
 */
export const EMBED_CSP =
  "default-src 'self'; connect-src *; img-src * data: blob:; worker-src blob: 'self'; style-src 'self' 'unsafe-inline'; " +
  "require-trusted-types-for 'script'; trusted-types lit-html ode-maplibre ode-consent";

/** The allow-list module, compiled from TypeScript for node. */
async function loadAllowList() {
  const out = await esbuild.build({
    entryPoints: [join(root, 'src/embed/allow-list.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'neutral',
  });
  const url = `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`;
  return /** @type {typeof import('../src/embed/allow-list.ts')} */ (await import(url));
}

test('every attribute the embed accepts is an attribute of that element in custom-elements.json', async () => {
  const manifest = analyzeManifest('ode-cem-embed');
  const attrs = new Map(
    manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .filter((d) => d.tagName)
      .map((d) => [d.tagName, new Set((d.attributes ?? []).map((a) => a.name))]),
  );
  const { ALLOWED } = await loadAllowList();
  for (const [el, rule] of Object.entries(ALLOWED)) {
    const known = attrs.get(rule.tag);
    assert.ok(known, `${el}: <${rule.tag}> is not in the manifest`);
    for (const name of Object.keys(rule.attributes))
      assert.ok(known.has(name), `${el}: "${name}" is not an attribute of <${rule.tag}>`);
  }
});

/**
 * The host listener exactly as docs/embed.md documents it, with the embed server's origin in EMBED_ORIGIN.
 */
function listener() {
  const md = readFileSync(join(root, 'docs/embed.md'), 'utf8');
  const code = /<!-- embed-listener[^>]*-->\s*```js\n([\s\S]*?)```/.exec(md)?.[1];
  assert.ok(code, 'docs/embed.md has no embed-listener block');
  const replaced = code.replace(
    /const EMBED_ORIGIN = '[^']*';/,
    `const EMBED_ORIGIN = ${JSON.stringify(embedServer.url)};`,
  );
  assert.notEqual(replaced, code, 'the documented listener has no EMBED_ORIGIN constant');
  return replaced;
}

/** @type {string} */
let dir;
/** Paths of the embed's files whose next download fails (a lazy chunk that 404s once). */
const failOnce = new Set();
/** What the host server serves: the listener, and one page per test. @type {Record<string, string>} */
const hostPages = {};
/** @type {Awaited<ReturnType<typeof serveStatic>>} */
let embedServer;
/** @type {Awaited<ReturnType<typeof serveStatic>>} */
let hostServer;
/** @type {Awaited<ReturnType<typeof import('../dev-portal/server.js').createPortal>>} */
let portal;
/** @type {import('playwright-core').Browser} */
let browser;
/** Who may frame the embed (its CSP `frame-ancestors`): the host page's origin, once known. */
let frameAncestors = "'none'";
/** The host page's origin: `localhost`, while the embed is on `127.0.0.1` (so the frames are cross-origin). */
let hostOrigin = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ode-embed-'));
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '-c',
      'vite.cdn.config.ts',
      '--outDir',
      dir,
      '--emptyOutDir',
    ],
    { cwd: root, stdio: 'pipe' },
  );
  const { createPortal } = await import('../dev-portal/server.js');
  portal = await createPortal({ port: 0, only: ['seattle-weather', 'earthquakes'] });
  embedServer = await serveStatic({
    dir,
    fail: (path) => failOnce.delete(path),
    headers: () => ({ 'content-security-policy': `${EMBED_CSP}; frame-ancestors ${frameAncestors}` }),
  });
  hostPages['/host.js'] = listener();
  hostPages['/favicon.ico'] = '';
  hostServer = await serveStatic({
    dir: join(dir, 'host-serves-no-files'),
    pages: hostPages,
    headers: () => ({
      'content-security-policy': `default-src 'self'; frame-src ${embedServer.url}; script-src 'self'`,
    }),
  });
  hostOrigin = hostServer.url.replace('127.0.0.1', 'localhost');
  frameAncestors = hostOrigin;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  await embedServer?.close();
  await hostServer?.close();
  await portal?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Opens a host page framing `frames` (id → embed query string), on another origin than the embed.
 * @param {Record<string, string>} frames
 */
async function host(frames) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<script src="/host.js"></script></head><body><main>
${Object.entries(frames)
  .map(
    ([id, query]) =>
      `<iframe id="${id}" title="${id}" src="${embedServer.url}/embed.html?${query}&id=${id}" width="800" height="150"></iframe>`,
  )
  .join('\n')}
</main></body></html>`;
  // tall enough that every frame is on screen: Chromium pauses rendering (and so ResizeObserver) in
  // off-screen cross-origin frames; a real frame reports its height once scrolled near
  const tab = await browser.newPage({ viewport: { width: 900, height: 3000 } });
  /** @type {string[]} */
  const problems = [];
  tab.on('pageerror', (e) => problems.push(String(e)));
  tab.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(m.text());
  });
  // the listener records what it hears, for the assertions
  await tab.addInitScript(() => {
    /** @type {any} */ (window).heard = [];
    window.addEventListener('message', (e) => /** @type {any} */ (window).heard.push(e.data));
  });
  const path = `/host-${Object.keys(frames).join('-')}.html`;
  hostPages[path] = html;
  await tab.goto(`${hostOrigin}${path}`);
  /** @param {string} id */
  const frame = async (id) => {
    const handle = await tab.waitForSelector(`#${id}`);
    const f = await handle.contentFrame();
    if (!f) throw new Error(`no frame ${id}`);
    await f.waitForLoadState();
    return f;
  };
  return { tab, frame, problems };
}

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
/** axe in a frame (evaluate runs outside the page's CSP, as devtools do). @param {import('playwright-core').Frame} f */
async function axe(f) {
  await f.evaluate(axeSource);
  /** @type {{ id: string, nodes: unknown[] }[]} */
  const violations = await f.evaluate(
    async () =>
      (
        await /** @type {any} */ (window).axe.run(document, {
          // a frame's content is part of the host's page: an <h1> inside would break the host's outline
          rules: { 'page-has-heading-one': { enabled: false } },
        })
      ).violations,
  );
  return violations.map((v) => `${v.id} (${v.nodes.length})`);
}

test('each element renders in a cross-origin frame under a strict CSP, and the frame is resized', async () => {
  const p = encodeURIComponent(portal.url);
  const { tab, frame, problems } = await host({
    t: `el=table&domain=${p}&dataset=seattle-weather&fields=date,weather`,
    c: `el=chart&domain=${p}&dataset=seattle-weather&x=weather&type=bar`,
    m: `el=map&domain=${p}&dataset=earthquakes`,
    a: `el=attribution&domain=${p}&dataset=seattle-weather`,
  });
  try {
    const t = await frame('t');
    await t.waitForFunction(
      () => document.querySelector('ode-table')?.shadowRoot?.querySelectorAll('tbody td').length,
      null,
      { timeout: 30000 },
    );
    const c = await frame('c');
    await c.waitForFunction(() => performance.getEntriesByName('ode:chart:drawn').length > 0, null, {
      timeout: 30000,
    });
    const m = await frame('m');
    await m.waitForFunction(
      () => !!document.querySelector('ode-map')?.shadowRoot?.querySelector('canvas'),
      null,
      { timeout: 60000 },
    );
    // drawn: maplibre's workers started (through the ode-maplibre policy) and its data loaded
    await m.waitForFunction(
      () => /** @type {any} */ (document.querySelector('ode-map'))?.map?.loaded?.() === true,
      null,
      { timeout: 60000 },
    );
    const a = await frame('a');
    await a.waitForFunction(
      () => !!document.querySelector('ode-attribution')?.shadowRoot?.querySelector('[part~="attribution"]'),
      null,
      { timeout: 30000 },
    );
    // the attribution stays visible in the table's frame
    assert.ok(
      await t.evaluate(
        () => !!document.querySelector('ode-table')?.shadowRoot?.querySelector('ode-attribution'),
      ),
    );
    // every frame told the host its height; the documented listener applied the last one
    await tab
      .waitForFunction(
        () => {
          const heard = /** @type {any[]} */ (/** @type {any} */ (window).heard);
          return ['t', 'c', 'm', 'a'].every((id) =>
            heard.some((h) => h?.type === 'ode-embed:resize' && h.id === id && h.height > 0),
          );
        },
        null,
        { timeout: 15000 },
      )
      .catch(async (e) => {
        const heard = await tab.evaluate(() => JSON.stringify(/** @type {any} */ (window).heard));
        throw new Error(`${e.message}; heard: ${heard}`);
      });
    await tab.waitForTimeout(500);
    const sizes = await tab.evaluate(() =>
      ['t', 'c', 'm', 'a'].map((id) => {
        const heard = /** @type {any[]} */ (/** @type {any} */ (window).heard).filter((h) => h?.id === id);
        return {
          id,
          reported: heard.at(-1).height,
          // the frame's content box (without its default border)
          frame: /** @type {HTMLIFrameElement} */ (document.getElementById(id)).clientHeight,
        };
      }),
    );
    for (const s of sizes)
      assert.ok(Math.abs(s.reported - s.frame) <= 1, `frame ${s.id}: ${JSON.stringify(s)}`);
    assert.ok(sizes.find((s) => s.id === 't')?.reported > 150, 'the table frame grew to its content');
    for (const f of [t, c, m, a]) assert.deepEqual(await axe(f), []);
    assert.deepEqual(problems, []);
  } finally {
    await tab.close();
  }
});

test('unknown elements, unknown attributes and bad values render only the error, accessibly', async () => {
  const p = encodeURIComponent(portal.url);
  const { tab, frame } = await host({
    e1: `el=iframe&domain=${p}&dataset=seattle-weather`,
    e2: `el=table&domain=${p}&dataset=seattle-weather&onload=alert(1)`,
    e3: `el=chart&domain=${p}&dataset=seattle-weather&type=%3Cimg%20src%3Dx%3E`,
    e4: `el=chart&domain=${p}&dataset=seattle-weather&attribution=external`,
  });
  try {
    const expected = { e1: 'el', e2: 'onload', e3: 'type', e4: 'attribution' };
    for (const [id, param] of Object.entries(expected)) {
      const f = await frame(id);
      await f.waitForSelector('[role="alert"]');
      const state = await f.evaluate(() => ({
        text: document.querySelector('[role="alert"]')?.textContent ?? '',
        param: document.querySelector('[role="alert"]')?.getAttribute('data-param'),
        elements: document.querySelectorAll('main > :not(p), img').length,
      }));
      assert.equal(state.param, param, `${id}: ${state.text}`);
      assert.ok(state.text.includes(`"${param}"`), `${id}: the message names the parameter: ${state.text}`);
      assert.equal(state.elements, 0, `${id}: nothing but the error is rendered`);
      assert.deepEqual(await axe(f), [], `${id}: axe`);
    }
  } finally {
    await tab.close();
  }
});

test("a site that the embed's frame-ancestors does not list cannot frame it", async () => {
  frameAncestors = 'https://www.example.org';
  const p = encodeURIComponent(portal.url);
  const { tab } = await host({ blocked: `el=attribution&domain=${p}&dataset=seattle-weather` });
  try {
    const handle = await tab.waitForSelector('#blocked');
    await tab.waitForTimeout(1000);
    const f = await handle.contentFrame();
    const rendered = await f?.evaluate(() => !!document.querySelector('ode-attribution')).catch(() => false);
    assert.ok(!rendered, 'the embed rendered inside a frame its policy forbids');
  } finally {
    frameAncestors = hostOrigin;
    await tab.close();
  }
});

for (const [el, chunkName, query, words, drawn] of /** @type {const} */ ([
  [
    'chart',
    /^chartjs-.*\.js$/,
    'el=chart&domain=%P&dataset=seattle-weather&x=weather&type=bar',
    /The chart engine could not be loaded\./,
    () => performance.getEntriesByName('ode:chart:drawn').length > 0,
  ],
  [
    'map',
    /^maplibre-.*\.js$/,
    'el=map&domain=%P&dataset=earthquakes',
    /The map engine could not be loaded\./,
    () => /** @type {any} */ (document.querySelector('ode-map'))?.map?.loaded?.() === true,
  ],
])) {
  test(`a ${el} whose lazy chunk fails to download: the message with Retry in place; Retry, or the reload it offers, draws it`, async () => {
    const chunk = readdirSync(join(dir, 'chunks')).find((f) => chunkName.test(f));
    assert.ok(chunk, `no ${el} chunk in the build`);
    failOnce.add(`/chunks/${chunk}`);
    const { tab, frame, problems } = await host({ f: query.replace('%P', encodeURIComponent(portal.url)) });
    try {
      const f = await frame('f');
      const retry = `ode-${el} >> [part~="retry"]`;
      await f.waitForSelector(retry, { timeout: 30000 });
      assert.equal(failOnce.size, 0, 'the chunk was asked for');
      assert.match((await f.textContent(`ode-${el} >> [part~="error"]`)) ?? '', words);
      await f.click(retry);
      // Retry draws it; or, in a browser that keeps a failed module download until the page is
      // reloaded (Chromium 150), the view says so and its button reloads the page, which draws it
      const reload = `ode-${el} >> [part~="reload"]`;
      const outcome = await Promise.race([
        f.waitForFunction(drawn, null, { timeout: 60000 }).then(() => 'drawn'),
        f.waitForSelector(reload, { timeout: 60000 }).then(() => 'reload'),
      ]);
      if (outcome === 'reload') {
        assert.match(
          (await f.textContent(`ode-${el} >> [part~="error"]`)) ?? '',
          /reloading the page may help/,
        );
        assert.equal(await f.locator(retry).count(), 0, 'no Retry that cannot work');
        await f.click(reload);
        await f.waitForFunction(drawn, null, { timeout: 60000 });
      }
      assert.equal(await f.locator(retry).count(), 0);
      assert.equal(await f.locator(reload).count(), 0);
      // the failed download is the only problem: no uncaught error, no policy violation
      assert.deepEqual(
        problems.filter((m) => !/404|Failed to (fetch|load)|could not be loaded/i.test(m)),
        [],
      );
    } finally {
      await tab.close();
    }
  });
}
