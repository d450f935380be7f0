#!/usr/bin/env node
// @ts-check
/* global document, window */
/**
 * Screenshots of demo pages, to look at what we build: starts the dev portal and Vite, opens each
 * page in headless Chromium (desktop and narrow), waits for the elements to settle, writes PNGs.
 *
 *   node scripts/screenshot.js [page …]    (default: demo/index.html)   → .screenshots/*.png
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
      const file = `.screenshots/${p.replace(/\?.*/, '').replace(/[/.]/g, '_')}-${label}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file, errors.length ? `console errors: ${errors.join(' | ')}` : '');
      await page.close();
    }
  }
} finally {
  await browser.close();
  await demo.close();
}
