import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../src/index.js';
import { hostilePortalUrl, noUncaught, shadowText, until } from './helpers.js';

const alertOf = (el: Element) => el.shadowRoot?.querySelector('[role="alert"]');

describe('malformed domains', () => {
  const BAD = ['javascript:alert(1)', 'http://[bad', 'data example.org'];
  const views: [string, (d: string) => TemplateResult][] = [
    ['table', (d) => html`<ode-table domain=${d} dataset="cities"></ode-table>`],
    ['chart', (d) => html`<ode-chart domain=${d} dataset="cities" x="city"></ode-chart>`],
    ['map', (d) => html`<ode-map domain=${d} dataset="cities"></ode-map>`],
    ['facets', (d) => html`<ode-facets domain=${d} dataset="cities"></ode-facets>`],
    ['attribution', (d) => html`<ode-attribution domain=${d} dataset="cities"></ode-attribution>`],
  ];
  for (const [name, render] of views) {
    it(`${name}: the bad-attribute message for each, no uncaught error`, async () => {
      for (const domain of BAD) {
        await noUncaught(async () => {
          const el = await fixture(render(domain));
          await until(() => !!alertOf(el), `a message for ${domain}`, 5000);
          expect(shadowText(el)).to.contain(domain);
          await expect(el).to.be.accessible();
        });
      }
    });
  }
  it('ode-dataset: the views inside say the domain is bad, no uncaught error', async () => {
    for (const domain of BAD) {
      await noUncaught(async () => {
        const wrap = await fixture(
          html`<ode-dataset domain=${domain} dataset="cities"><ode-table></ode-table></ode-dataset>`,
        );
        const table = wrap.querySelector('ode-table')!;
        await until(() => !!alertOf(table), `a message for ${domain}`, 5000);
        expect(shadowText(table)).to.contain(domain);
      });
    }
  });
});

describe('field names that are not field names', () => {
  const views: [string, (d: string) => TemplateResult][] = [
    ['table', (d) => html`<ode-table domain=${d} dataset="cities" fields="city, bad name;"></ode-table>`],
    [
      'chart',
      (d) => html`<ode-chart domain=${d} dataset="cities" x="city" series-by="bad name;"></ode-chart>`,
    ],
    ['map', (d) => html`<ode-map domain=${d} dataset="cities" popup-fields="city, bad name;"></ode-map>`],
    ['facets', (d) => html`<ode-facets domain=${d} dataset="cities" fields="bad name;"></ode-facets>`],
  ];
  for (const [name, render] of views) {
    it(`${name}: a message naming the attribute, no uncaught error`, async () => {
      await noUncaught(async () => {
        const el = await fixture(render(hostilePortalUrl()));
        await until(() => !!alertOf(el), 'a message', 8000);
        expect(shadowText(el)).to.contain('bad name;');
        await expect(el).to.be.accessible();
      });
    });
  }
});
