import { expect, fixture, html } from '@open-wc/testing';
import '../src/core/define-dataset.js';
import '../src/kpi/define.js';
import '../src/date-range/define.js';
import type { OdeDateRange } from '../src/date-range/ode-date-range.js';
import type { OdeDataset } from '../src/core/ode-dataset.js';
import type { OdeKpi } from '../src/kpi/ode-kpi.js';
import { addDays, addMonths, dayOf, parsePresets, presetRange, today } from '../src/date-range/days.js';
import { portalUrl, shadowText, until } from './helpers.js';

async function records(dataset: string, params: Record<string, string | string[]>) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) p.append(k, x);
  return (await fetch(`${portalUrl()}/api/explore/v2.1/catalog/datasets/${dataset}/records?${p}`)).json();
}

const input = (el: OdeDateRange, which: 'from' | 'to') =>
  el.shadowRoot!.querySelector<HTMLInputElement>(`input[part="${which}"]`)!;
const ready = (el: OdeDateRange) =>
  until(() => !el.hasAttribute('aria-busy') && !!input(el, 'from')?.min, 'the data’s span');
/** What a visitor does: pick a day in the native input. */
function pick(el: OdeDateRange, which: 'from' | 'to', day: string) {
  const i = input(el, which);
  i.value = day;
  i.dispatchEvent(new Event('change', { bubbles: true }));
}
const kpiValue = (k: OdeKpi) =>
  k.hasAttribute('aria-busy')
    ? undefined
    : k.shadowRoot?.querySelector('[part="value"]:not(.stale)')?.textContent?.trim();

describe('<ode-date-range>', () => {
  it('1–28 Feb 2001 in the flights dataset: the count(*) KPI equals the portal’s count for that range', async () => {
    const febr = await records('flights', {
      select: 'count(*) as n',
      limit: '1',
      where: ["date >= date'2001-02-01'", "date < date'2001-03-01'"],
    });
    const total = await records('flights', { select: 'count(*) as n', limit: '1' });
    const ds = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="flights">
        <ode-date-range field="date"></ode-date-range>
        <ode-kpi></ode-kpi>
      </ode-dataset>`,
    );
    const range = ds.querySelector('ode-date-range')!;
    const kpi = ds.querySelector('ode-kpi')!;
    const nf = new Intl.NumberFormat('en');
    await until(() => kpiValue(kpi) === nf.format(total.results[0].n), 'the whole count');
    await ready(range);
    pick(range, 'from', '2001-02-01');
    pick(range, 'to', '2001-02-28');
    await until(() => kpiValue(kpi) === nf.format(febr.results[0].n), 'the February count');
    expect(febr.results[0].n).to.be.greaterThan(0).and.lessThan(total.results[0].n);
    // one clause in the shared query, reflected on the attributes
    const ranges = Object.values(ds.source!.query.ranges);
    expect(ranges).to.deep.equal([{ field: 'date', from: '2001-02-01', to: '2001-02-28' }]);
    expect(range.getAttribute('from')).to.equal('2001-02-01');
    expect(range.getAttribute('to')).to.equal('2001-02-28');
    await expect(range).to.be.accessible();
    // clearing removes the clause
    range.shadowRoot!.querySelector<HTMLButtonElement>('[part="clear"]')!.click();
    await until(() => kpiValue(kpi) === nf.format(total.results[0].n), 'the whole count again');
    expect(ds.source!.query.ranges).to.deep.equal({});
    expect(range.hasAttribute('from')).to.equal(false);
    expect(range.shadowRoot!.activeElement).to.equal(input(range, 'from'));
  });

  it('reads the days in its time zone, set on the shared query so the views count the same days', async () => {
    const zone = 'America/New_York';
    const expected = await records('flights', {
      select: 'count(*) as n',
      limit: '1',
      where: ["date >= date'2001-02-01'", "date < date'2001-02-02'"],
      timezone: zone,
    });
    const utc = await records('flights', {
      select: 'count(*) as n',
      limit: '1',
      where: ["date >= date'2001-02-01'", "date < date'2001-02-02'"],
    });
    // the zone matters for these days (else the test would prove nothing)
    expect(expected.results[0].n).not.to.equal(utc.results[0].n);
    const ds = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="flights">
        <ode-date-range field="date" from="2001-02-01" to="2001-02-01" timezone=${zone}></ode-date-range>
        <ode-kpi></ode-kpi>
      </ode-dataset>`,
    );
    const kpi = ds.querySelector('ode-kpi')!;
    const nf = new Intl.NumberFormat('en');
    await until(() => kpiValue(kpi) === nf.format(expected.results[0].n), 'the count of 1 Feb in New York');
    expect(ds.source!.query.timezone).to.equal(zone);
    expect(ds.timezone).to.equal(zone);
  });

  it('bounds the inputs by the data’s first and last day, and reports them with ode-load', async () => {
    const span = await records('seattle-weather', { select: 'min(date) as lo, max(date) as hi', limit: '1' });
    const el = document.createElement('ode-date-range');
    el.setAttribute('domain', portalUrl());
    el.setAttribute('dataset', 'seattle-weather');
    const loaded = new Promise<CustomEvent>((r) =>
      el.addEventListener('ode-load', (e) => r(e as CustomEvent)),
    );
    document.body.append(el);
    try {
      await el.updateComplete;
      expect(el.getAttribute('aria-busy')).to.equal('true');
      await expect(el).to.be.accessible();
      const { detail } = await loaded;
      expect(detail).to.deep.equal({ min: dayOf(span.results[0].lo), max: dayOf(span.results[0].hi) });
      await ready(el);
      // the default field is the dataset's first date field, its label the legend
      expect(el.shadowRoot!.querySelector('legend')!.textContent!.trim()).to.equal('Date');
      expect(input(el, 'from').min).to.equal(detail.min);
      expect(input(el, 'to').max).to.equal(detail.max);
      // a day typed past the data is brought back to its last day
      pick(el, 'to', '2999-01-01');
      await el.updateComplete;
      expect(el.to).to.equal(detail.max);
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('sets the range declaratively with from/to, in French, and presets end on the data’s last day', async () => {
    const ds = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="seattle-weather" lang="fr">
        <ode-date-range from="2013-01-01" to="2013-12-31" presets="7d,3m,year,all"></ode-date-range>
        <ode-kpi></ode-kpi>
      </ode-dataset>`,
    );
    const el = ds.querySelector('ode-date-range')!;
    const kpi = ds.querySelector('ode-kpi')!;
    const year = await records('seattle-weather', {
      select: 'count(*) as n',
      limit: '1',
      where: "date >= date'2013-01-01' AND date < date'2014-01-01'",
    });
    await until(() => kpiValue(kpi) === new Intl.NumberFormat('fr').format(year.results[0].n), '2013 count');
    await ready(el);
    expect(shadowText(el)).to.contain('Du');
    expect(shadowText(el)).to.contain('Au');
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="preset"]')];
    expect(buttons.map((b) => b.textContent!.trim())).to.deep.equal([
      '7 derniers jours',
      '3 derniers mois',
      '2015',
      'Toutes les dates',
    ]);
    buttons[0].click();
    await el.updateComplete;
    expect([el.from, el.to]).to.deep.equal(['2015-12-25', '2015-12-31']);
    expect(buttons[0].getAttribute('aria-pressed')).to.equal('true');
    buttons[3].click();
    await el.updateComplete;
    expect(ds.source!.query.ranges).to.deep.equal({});
    await expect(el).to.be.accessible();
  });

  it('refuses days in the wrong order, a text field and a bad attribute, in place', async () => {
    const el = await fixture<OdeDateRange>(
      html`<ode-date-range domain=${portalUrl()} dataset="seattle-weather"></ode-date-range>`,
    );
    await ready(el);
    pick(el, 'from', '2014-05-01');
    pick(el, 'to', '2014-04-01');
    await el.updateComplete;
    // (the native input's min keeps a picker from it; typed text can still do it)
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('must not be after');
    expect(input(el, 'to').getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();

    const text = await fixture<OdeDateRange>(
      html`<ode-date-range domain=${portalUrl()} dataset="seattle-weather" field="weather"></ode-date-range>`,
    );
    await until(() => !!text.shadowRoot!.querySelector('[part~="error"]'), 'error');
    expect(shadowText(text)).to.contain('"weather" is a text field');
    await expect(text).to.be.accessible();

    const bad = await fixture<OdeDateRange>(
      html`<ode-date-range
        domain=${portalUrl()}
        dataset="seattle-weather"
        from="01/02/2001"
      ></ode-date-range>`,
    );
    expect(shadowText(bad)).to.contain('Attribute "from"');
  });

  it('never puts a range that cannot be right into the shared query: the other views keep working', async () => {
    const ds = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="seattle-weather">
        <ode-date-range field="weather" from="2014-01-01"></ode-date-range>
        <ode-date-range from="2014-13-45"></ode-date-range>
        <ode-kpi></ode-kpi>
      </ode-dataset>`,
    );
    const [text, bad] = [...ds.querySelectorAll('ode-date-range')];
    const kpi = ds.querySelector('ode-kpi')!;
    await until(() => !!text.shadowRoot!.querySelector('[part~="error"]'), 'the text field refused');
    expect(shadowText(bad)).to.contain('Attribute "from"');
    await until(() => !!kpiValue(kpi), 'the figure');
    expect(ds.source!.query.ranges).to.deep.equal({});
    expect(kpi.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
  });

  it('takes its range out of the shared query when it leaves the page', async () => {
    const ds = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="seattle-weather">
        <ode-date-range field="date" from="2014-01-01"></ode-date-range>
      </ode-dataset>`,
    );
    const el = ds.querySelector('ode-date-range')!;
    await until(() => Object.keys(ds.source!.query.ranges).length === 1, 'the range written');
    el.remove();
    expect(ds.source!.query.ranges).to.deep.equal({});
    ds.append(el);
    await until(() => Object.keys(ds.source!.query.ranges).length === 1, 'written again');
  });
});

describe('<ode-date-range> days', () => {
  it('reads presets and turns them into whole-day ranges', () => {
    expect(parsePresets('7d, 3m,year,ALL')).to.deep.equal([
      { kind: 'days', n: 7 },
      { kind: 'months', n: 3 },
      { kind: 'year' },
      { kind: 'all' },
    ]);
    expect(parsePresets('week')).to.be.a('string');
    expect(presetRange({ kind: 'days', n: 7 }, '2001-03-03')).to.deep.equal({
      from: '2001-02-25',
      to: '2001-03-03',
    });
    expect(presetRange({ kind: 'months', n: 1 }, '2001-03-31')).to.deep.equal({
      from: '2001-03-01',
      to: '2001-03-31',
    });
    expect(presetRange({ kind: 'year' }, '2001-06-30', '2001-01-01')).to.deep.equal({
      from: '2001-01-01',
      to: '2001-06-30',
    });
    expect(presetRange({ kind: 'days', n: 30 }, '2001-01-10', '2001-01-01').from).to.equal('2001-01-01');
    expect(presetRange({ kind: 'all' }, '2001-01-10')).to.deep.equal({});
    expect(addMonths('2001-03-31', -1)).to.equal('2001-02-28');
    expect(addDays('2000-02-28', 1)).to.equal('2000-02-29');
  });

  it('reads the day a portal wrote, and today in a zone', () => {
    expect(dayOf('2001-02-28T23:30:00-05:00')).to.equal('2001-02-28');
    expect(dayOf('2001-02-30')).to.equal(undefined);
    expect(dayOf(null)).to.equal(undefined);
    const late = new Date('2001-02-28T23:30:00Z');
    expect(today('UTC', late)).to.equal('2001-02-28');
    expect(today('Europe/Paris', late)).to.equal('2001-03-01');
  });
});
