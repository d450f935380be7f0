import { expect, fixture, html } from '@open-wc/testing';
import '../src/chart/define.js';
import '../src/map/define.js';
import type { OdeMap } from '../src/map/ode-map.js';
import { noUncaught, portalUrl, shadowText, until } from './helpers.js';

/** The next download of `path` from the test server fails with a 404 (see web-test-runner.config.js). */
const failOnce = (path: string) => fetch(`/__ode-fail-once?path=${encodeURIComponent(path)}`);

const retryButton = (el: Element) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry"]');

/**
 * Click Retry: the engine is imported again. Browsers that keep a failed module download (Chromium's
 * field-trial testing config used by the test runner turns ModuleMapDoNotCacheFailedFetch off; Chrome's
 * default is on) fail again at once and show the same message; the others draw. Both without an
 * uncaught error. That Retry draws is tested end to end in scripts/embed.test.js, in a Chromium with
 * its defaults.
 */
async function retried(el: Element, drawn: () => boolean): Promise<void> {
  let failedAgain = false;
  el.addEventListener('ode-error', () => (failedAgain = true), { once: true });
  retryButton(el)!.click();
  await until(() => drawn() || failedAgain, 'drawn, or the message again', 30000);
  if (drawn()) expect(retryButton(el)).to.equal(null);
  else {
    await until(() => !!retryButton(el), 'Retry again');
    expect(shadowText(el)).to.contain('could not be loaded');
  }
}

// first in this file's page: neither engine has been imported yet
describe('lazy engines that fail to download', () => {
  it('chart: "could not be loaded" with Retry, and Retry draws the chart', async () => {
    await noUncaught(async () => {
      await failOnce('/src/chart/engine.ts');
      const el = await fixture(
        html`<ode-chart domain=${portalUrl()} dataset="seattle-weather" x="weather" type="bar"></ode-chart>`,
      );
      await until(() => !!retryButton(el), 'the error with Retry', 15000);
      expect(shadowText(el)).to.contain('The chart engine could not be loaded.');
      await expect(el).to.be.accessible();
      await retried(el, () => performance.getEntriesByName('ode:chart:drawn').length > 0);
    });
  });

  it('map: "could not be loaded" with Retry, and Retry draws the map', async () => {
    await noUncaught(async () => {
      await failOnce('/src/map/engine.ts');
      const el = await fixture<OdeMap>(
        html`<ode-map domain=${portalUrl()} dataset="earthquakes" style="--ode-map-height: 200px"></ode-map>`,
      );
      await until(() => !!retryButton(el), 'the error with Retry', 15000);
      expect(shadowText(el)).to.contain('The map engine could not be loaded.');
      await expect(el).to.be.accessible();
      await retried(el, () => !!el.map && el.map.loaded());
    });
  });
});
