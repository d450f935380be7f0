// @ts-check
/* global document */
/**
 * The linked dashboard of docs/dashboard.html as a visitor gets it, across real page loads: a bar
 * chosen with the keyboard filters the table and writes the address; that address, opened in a new
 * tab, shows the same records; Back (a real navigation of the browser) returns to every record.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startDemo } from './harness.js';

const executablePath = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));

/** @type {Awaited<ReturnType<typeof startDemo>>} */
let demo;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  demo = await startDemo();
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking'],
  });
});
after(async () => {
  await browser?.close();
  await demo?.close();
});

/** @param {string} query */
async function portalCount(query = '') {
  const res = await fetch(
    `${demo.portal.url}/api/explore/v2.1/catalog/datasets/airports/records?limit=0${query}`,
  );
  return /** @type {{ total_count: number }} */ (await res.json()).total_count;
}

/** The table's count once its rows are shown. @param {import('playwright-core').Page} page */
function tableCount(page) {
  return page.evaluate(() => {
    const sr = document.querySelector('ode-table')?.shadowRoot;
    if (sr?.querySelector('table')?.getAttribute('aria-busy') !== 'false') return -1;
    return Number((sr.querySelector('[part~="count"]')?.textContent ?? '').replace(/\D/g, ''));
  });
}

/** The key figure (number of matching records) once shown. @param {import('playwright-core').Page} page */
function kpiCount(page) {
  return page.evaluate(() => {
    const kpi = document.querySelector('ode-kpi');
    if (kpi?.hasAttribute('aria-busy')) return -1;
    const value = kpi?.shadowRoot?.querySelector('[part~="value"]')?.textContent ?? '';
    return value ? Number(value.replace(/\D/g, '')) : -1;
  });
}

/**
 * The table and the key figure both show `expected` records.
 * @param {import('playwright-core').Page} page @param {number} expected @param {string} what
 */
async function countIs(page, expected, what) {
  for (let i = 0; i < 300; i++) {
    if ((await tableCount(page)) === expected && (await kpiCount(page)) === expected) return;
    await page.waitForTimeout(50);
  }
  assert.fail(
    `${what}: the table shows ${await tableCount(page)} records and the key figure ${await kpiCount(page)}, not ${expected}`,
  );
}

test('keyboard selection in the chart, the address in a new tab, and Back', async () => {
  const all = await portalCount();
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  const errors = /** @type {string[]} */ ([]);
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${demo.base}docs/dashboard.html`);
  await countIs(page, all, 'opened');
  await page.waitForFunction(() => {
    const chart = /** @type {any} */ (document.querySelector('ode-chart'));
    return chart?.model && chart.shadowRoot.querySelector('.plot-box')?.getAttribute('aria-busy') === 'false';
  });
  await page.evaluate(() => {
    const plot = document.querySelector('ode-chart')?.shadowRoot?.querySelector('[part="plot"]');
    /** @type {HTMLElement} */ (plot).focus();
  });
  // a category read (a new answer of the chart, on a loaded CI machine, starts the reading over)
  const reading = () =>
    page.evaluate(() => /** @type {any} */ (document.querySelector('ode-chart'))?.reader?.active >= 0);
  for (let i = 0; i < 20 && !(await reading()); i++) {
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(100);
  }
  assert.ok(await reading(), 'a category read with the arrow keys');
  await page.keyboard.press('Enter');
  await page.waitForURL(/airports\.refine=/);
  const state = new URL(page.url()).searchParams.get('airports.refine')?.replace(/^state:/, '') ?? '';
  assert.match(state, /^[A-Z]{2}$/);
  const expected = await portalCount(`&refine=${encodeURIComponent(`state:"${state}"`)}`);
  assert.ok(expected > 0 && expected < all);
  await countIs(page, expected, `filtered to ${state}`);

  // the address, opened in another tab, shows the same records and the same chip
  const other = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  await other.goto(page.url());
  await countIs(other, expected, 'reopened');
  const chips = await other.evaluate(() =>
    [
      ...(document.querySelector('ode-filters')?.shadowRoot?.querySelectorAll('[part~="chip"] .text') ?? []),
    ].map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()),
  );
  assert.deepEqual(chips, [`State: ${state}`]);
  await other.close();

  // Back: the browser's own history, every record again
  await page.goBack();
  assert.equal(new URL(page.url()).search, '');
  await countIs(page, all, 'after Back');
  assert.deepEqual(errors, []);
  await page.close();
});
