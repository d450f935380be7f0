import { expect, fixture, html } from '@open-wc/testing';
import { portalUrl, until } from './helpers.js';

/*
 * A page of its own (each test file gets one): the formats are made once per page, so a format made
 * by an earlier test would hide one made by the elements.
 */

/** Counts the Intl number and date formats made from now on. */
function countIntlFormats(): { made: () => number; restore: () => void } {
  const originals = { NumberFormat: Intl.NumberFormat, DateTimeFormat: Intl.DateTimeFormat };
  let made = 0;
  const counting = <T extends object>(ctor: T) =>
    new Proxy(ctor, {
      construct(target, args) {
        made++;
        return Reflect.construct(target as new (...a: unknown[]) => object, args);
      },
      apply(target, self, args) {
        made++;
        return Reflect.apply(target as (...a: unknown[]) => unknown, self, args);
      },
    });
  Intl.NumberFormat = counting(originals.NumberFormat);
  Intl.DateTimeFormat = counting(originals.DateTimeFormat);
  return {
    made: () => made,
    restore: () => Object.assign(Intl, originals),
  };
}

describe('a French page with data', () => {
  it('paints a chart, a chart of months, a table and their source notices without making an Intl format', async () => {
    const counter = countIntlFormats();
    try {
      await import('../src/index.js');
      const page = await fixture<HTMLElement>(
        html`<div lang="fr">
          <ode-chart
            domain=${portalUrl()}
            dataset="communes-france"
            x="nom_region"
            y="sum(population)"
            order="y desc"
            limit="5"
          ></ode-chart>
          <ode-chart
            class="months"
            domain=${portalUrl()}
            dataset="seattle-weather"
            type="line"
            x="date"
            time-bucket="month"
          ></ode-chart>
          <ode-table domain=${portalUrl()} dataset="communes-france"></ode-table>
        </div>`,
      );
      const chart = page.querySelector('ode-chart')!;
      const months = page.querySelector('ode-chart.months')!;
      const table = page.querySelector('ode-table')!;
      await until(
        () =>
          [chart, months].every((el) => !!el.shadowRoot?.querySelector('.plot-box[aria-busy="false"]')) &&
          !!table.shadowRoot?.querySelector('tbody tr td') &&
          [chart, table].every((el) =>
            /\d{4}/.test(el.shadowRoot?.querySelector('ode-attribution')?.shadowRoot?.textContent ?? ''),
          ),
        'chart, table and notices',
        20000,
      );
      // numbers were written: the table's population cells, grouped the French way
      expect(table.shadowRoot!.textContent).to.match(/\d\u202f\d{3}/);
      // months were written: the chart's summary names its first and last month, the French way
      const plot = months.shadowRoot!.querySelector('[part="plot"]')!;
      expect(plot.getAttribute('aria-label')).to.match(/de janv\. 2012 à déc\. 2015/);
      expect(counter.made(), 'Intl formats made').to.equal(0);
    } finally {
      counter.restore();
    }
  });
});
