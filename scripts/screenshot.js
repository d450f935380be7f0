#!/usr/bin/env node
// @ts-check
/* global document, window */
/**
 * Screenshots of demo pages, to look at what we build: starts the dev portal and Vite, opens each
 * page in headless Chromium (desktop and narrow), waits for the elements to settle, writes PNGs.
 *
 *   node scripts/screenshot.js [page …]    (default: demo/index.html)   → .screenshots/*.png
 *   node scripts/screenshot.js 'docs/builder.html#map'   the builder's map preview (see ACTIONS)
 */
import { mkdirSync, existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startDemo } from './harness.js';

const pages = process.argv.slice(2).length ? process.argv.slice(2) : ['demo/index.html'];
const executablePath = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
if (!executablePath) {
  console.error('No Chromium found: run `apt-get install -y chromium` or set CHROME_PATH.');
  process.exit(1);
}
/**
 * Pages that need a few steps before their picture: `docs/builder.html#map` is the builder with a
 * dataset picked (ZIP codes) and its map preview shown.
 * @type {Record<string, (page: import('playwright-core').Page) => Promise<void>>}
 */
const ACTIONS = {
  'docs/builder.html#map': async (page) => {
    const builder = page.locator('ode-builder');
    await builder.locator('#search').fill('zip');
    await builder.locator('input[name="dataset"][value="zipcodes-us"]').click({ timeout: 20000 });
    await builder.locator('input[name="view"][value="map"]').click({ timeout: 20000 });
    // the preview's map (in the builder's shadow root) drawn and no longer busy
    await page
      .waitForFunction(
        () => {
          const m = /** @type {any} */ (
            document.querySelector('ode-builder')?.shadowRoot?.querySelector('ode-map')
          );
          return !!m?.map?.loaded() && !m.hasAttribute('aria-busy');
        },
        null,
        { timeout: 30000 },
      )
      .catch(() => console.warn('the builder map preview did not settle in 30 s'));
    await page.waitForTimeout(500);
  },
};
mkdirSync('.screenshots', { recursive: true });
const demo = await startDemo();
const { portal, base } = demo;
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-background-networking'],
});
try {
  for (const p of pages) {
    for (const [label, width, scheme] of /** @type {const} */ ([
      ['desktop', 1280, 'light'],
      ['narrow', 375, 'light'],
      ['dark', 1280, 'dark'],
    ])) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      // a page URL may name the dev portal: embed.html?el=table&domain=%ODE_PORTAL%&dataset=…
      await page.goto(base + p.replaceAll('%ODE_PORTAL%', encodeURIComponent(portal.url)));
      await page.waitForTimeout(2500);
      await ACTIONS[p]?.(page);
      // maps load maplibre when they near the viewport: bring each into view and wait until drawn
      await page.evaluate(async () => {
        for (const m of /** @type {any[]} */ ([...document.querySelectorAll('ode-map')])) {
          m.scrollIntoView();
          for (let i = 0; i < 300 && !(m.map?.loaded() && !m.hasAttribute('aria-busy')); i++)
            await new Promise((r) => setTimeout(r, 50));
        }
        window.scrollTo(0, 0);
        await new Promise((r) => setTimeout(r, 1000));
      });
      const file = `.screenshots/${p.replace(/\?.*/, '').replace(/[/.#]/g, '_')}-${label}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file, errors.length ? `console errors: ${errors.join(' | ')}` : '');
      await page.close();
    }
  }
} finally {
  await browser.close();
  await demo.close();
}
