/**
 * One page as a portal would build it — a table, a chart, a map and the consent banner — in whichever
 * engine runs this file (the suite runs in Chromium, Firefox and WebKit: see web-test-runner.config.js).
 * Each element shows its data, painted, and the banner is usable, with no uncaught error on the page.
 */
import { expect } from '@open-wc/testing';
import '../src/index.js';
import { consent } from '../src/consent/index.js';
import type { OdeChart } from '../src/chart/ode-chart.js';
import type { OdeMap } from '../src/map/ode-map.js';
import type { OdeTable } from '../src/table/ode-table.js';
import { clearCookies, cookieNamesNow, tenantConfig } from './consent/helpers.js';
import { portalUrl, until } from './helpers.js';

/** Distinct colours, and pixels that are not blank (transparent), in a canvas's current image. */
function inkOf(source: HTMLCanvasElement): { colours: number; painted: number } {
  const copy = document.createElement('canvas');
  copy.width = source.width;
  copy.height = source.height;
  const ctx = copy.getContext('2d')!;
  ctx.drawImage(source, 0, 0);
  const px = ctx.getImageData(0, 0, copy.width, copy.height).data;
  const colours = new Set<number>();
  let painted = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] === 0) continue;
    painted++;
    colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
  }
  return { colours: colours.size, painted };
}

describe('a page with a table, a chart, a map and the consent banner, in this engine', () => {
  before(clearCookies);
  after(clearCookies);

  it('shows rows, a painted chart, a drawn map and a usable banner, with no uncaught error', async function () {
    this.timeout(90000);
    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(`${e.message} (${e.filename}:${e.lineno})`);
    const onRejection = (e: PromiseRejectionEvent) => errors.push(`unhandled rejection: ${String(e.reason)}`);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);

    const config = tenantConfig({ cookieName: 'engines-consent' });
    const page = document.createElement('main');
    page.lang = 'en';
    page.innerHTML = `
      <ode-consent-banner><script type="application/json">${JSON.stringify(config)}</script></ode-consent-banner>
      <ode-table domain="${portalUrl()}" dataset="airports" fields="iata,name,city"></ode-table>
      <ode-chart domain="${portalUrl()}" dataset="seattle-weather" type="column" x="weather"></ode-chart>
      <ode-map domain="${portalUrl()}" dataset="airports" style="--ode-map-height: 300px"></ode-map>`;
    document.body.append(page);
    try {
      const table = page.querySelector<OdeTable>('ode-table')!;
      const chart = page.querySelector<OdeChart>('ode-chart')!;
      const map = page.querySelector<OdeMap>('ode-map')!;
      const banner = page.querySelector('ode-consent-banner')!;

      // the table: the portal's first rows, as text
      const expected = await (
        await fetch(`${portalUrl()}/api/explore/v2.1/catalog/datasets/airports/records?select=iata&limit=1`)
      ).json();
      await until(
        () => !!table.shadowRoot?.querySelector('tbody tr[part~="row"]:not(.placeholder)'),
        'table rows',
        20000,
      );
      const firstRow = table.shadowRoot!.querySelector('tbody tr[part~="row"]:not(.placeholder)')!;
      expect(firstRow.textContent).to.contain(expected.results[0].iata);

      // the chart: its canvas painted, in more than one colour (bars, axes, text)
      await until(
        () => chart.shadowRoot?.querySelector('.plot-box')?.getAttribute('aria-busy') === 'false',
        'chart settled',
        20000,
      );
      const plot = chart.shadowRoot!.querySelector('canvas')!;
      await until(() => plot.width > 0 && inkOf(plot).painted > 500, 'chart pixels', 20000);
      expect(inkOf(plot).colours).to.be.greaterThan(2);

      // the map: maplibre started (WebGL, its worker), drew its style and data, and its canvas has an
      // image (read in the frame that drew it: WebGL clears it once shown)
      map.scrollIntoView();
      await until(() => !!map.map, 'the maplibre map', 30000);
      const m = map.map!;
      // idle, with the records' points drawn (the world outline alone is land and water, two colours)
      await until(
        () =>
          m.loaded() &&
          m.isStyleLoaded() === true &&
          m.queryRenderedFeatures().some((f) => f.source === 'ode-data'),
        'map idle with its points',
        30000,
      );
      const drawn = await new Promise<{ colours: number; painted: number }>((resolve) => {
        m.once('render', () => resolve(inkOf(m.getCanvas())));
        m.triggerRepaint();
      });
      expect(drawn.painted).to.be.greaterThan(1000);
      expect(drawn.colours, 'land, water, points, their anti-aliased edges').to.be.greaterThan(10);

      // the banner: shown, and "Accept all" stores the choice in the consent cookie
      await consent.ready;
      const accept = await new Promise<HTMLButtonElement>((resolve, reject) => {
        const start = performance.now();
        const look = () => {
          const b = [...(banner.shadowRoot?.querySelectorAll('button') ?? [])].find(
            (x) => x.textContent?.trim() === 'Accept all',
          );
          if (b) resolve(b);
          else if (performance.now() - start > 10000) reject(new Error('no "Accept all" button'));
          else requestAnimationFrame(look);
        };
        look();
      });
      expect(banner.shadowRoot!.querySelector('[part=banner]')).to.exist;
      expect(cookieNamesNow(), 'no consent cookie before a choice').not.to.include('engines-consent');
      accept.click();
      await until(() => cookieNamesNow().includes('engines-consent'), 'the consent cookie');
      expect(consent.get('analytics')).to.equal(true);
      expect(consent.record?.src).to.equal('accept-all');
      await until(() => !banner.shadowRoot!.querySelector('[part=banner]'), 'banner closed');

      await expect(page).to.be.accessible();
      expect(errors).to.deep.equal([]);
    } finally {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      page.remove();
    }
  });
});
