import { expect } from '@open-wc/testing';
import { portalUrl, until } from './helpers.js';

type Page = Window & { problems: string[]; ready?: boolean };

/** A page enforcing Trusted Types (its CSP names the policies allowed), in an iframe of this origin. */
async function strictPage(): Promise<{ frame: HTMLIFrameElement; win: Page }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 800px; height: 600px';
  frame.src = '/test/pages/trusted-types.html';
  document.body.append(frame);
  await until(() => !!(frame.contentWindow as Page | null)?.ready, 'the strict page', 20000);
  return { frame, win: frame.contentWindow as Page };
}

describe('under Content-Security-Policy: require-trusted-types-for', () => {
  it('table, chart and map work with only named policies', async function () {
    if (!('trustedTypes' in window)) this.skip();
    this.timeout(60000);
    const { frame, win } = await strictPage();
    try {
      const doc = frame.contentDocument!;
      // the page does enforce: a string in innerHTML is refused
      let refused = false;
      try {
        doc.createElement('div').innerHTML = '<b>x</b>';
      } catch {
        refused = true;
      }
      expect(refused, 'the page enforces Trusted Types').to.equal(true);
      await new Promise((r) => setTimeout(r, 100));
      win.problems.length = 0;
      const wrap = doc.createElement('div');
      const d = portalUrl();
      // no innerHTML: this page refuses strings there
      for (const [tag, attrs] of [
        ['ode-map', { dataset: 'airports', domain: d, style: '--ode-map-height: 200px' }],
        ['ode-chart', { dataset: 'airports', domain: d, x: 'state', type: 'bar', limit: '5' }],
        ['ode-table', { dataset: 'airports', domain: d, 'page-size': '3' }],
      ] as const) {
        const el = doc.createElement(tag);
        for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
        wrap.append(el);
      }
      doc.body.append(wrap);
      const [map, chart, table] = [...wrap.children] as (HTMLElement & {
        map?: { loaded(): boolean };
      })[];
      await until(() => !!table.shadowRoot?.querySelector('tbody tr'), 'table rows', 20000);
      await until(
        () =>
          !!chart.shadowRoot?.querySelector('canvas') &&
          !chart.shadowRoot?.querySelector('[aria-busy="true"]'),
        'chart',
        20000,
      );
      await until(() => !!map.map && map.map.loaded(), 'map drawn', 30000).catch((e) => {
        throw new Error(`${e}: ${win.problems.join('\n')}`);
      });
      // the basemap's attribution, built without an HTML string reaching the DOM
      await until(
        () =>
          /Natural Earth/.test(map.shadowRoot?.querySelector('.maplibregl-ctrl-attrib')?.textContent ?? ''),
        'the basemap attribution',
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(win.problems).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
