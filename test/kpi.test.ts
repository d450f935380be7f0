import { expect, fixture, html } from '@open-wc/testing';
import '../src/core/define-dataset.js';
import '../src/kpi/define.js';
import type { OdeKpi } from '../src/kpi/ode-kpi.js';
import type { OdeDataset } from '../src/core/ode-dataset.js';
import { formatChange, formatFigure, parseFormat, type FigureFormat } from '../src/kpi/figure.js';
import { aggregateProblem, filterProblem, orderProblem } from '../src/core/odsql-check.js';
import { portalUrl, shadowText, until } from './helpers.js';

const BRETAGNE = "nom_region = 'Bretagne'";
const BIG = 'population > 10000';

/** The portal's own answer for an aggregate, asked directly. */
async function aggregate(dataset: string, expr: string, ...where: string[]): Promise<unknown> {
  const p = new URLSearchParams({ select: `${expr} as v`, limit: '1' });
  for (const w of where) p.append('where', w);
  const res = await fetch(`${portalUrl()}/api/explore/v2.1/catalog/datasets/${dataset}/records?${p}`);
  return (await res.json()).results[0].v;
}

/** The next event of this type fired by the element itself (not by the notice inside it). */
const own = (el: Element, type: string) =>
  new Promise<CustomEvent>((resolve) =>
    el.addEventListener(type, function listen(e) {
      if (e.composedPath()[0] !== el) return;
      el.removeEventListener(type, listen);
      resolve(e as CustomEvent);
    }),
  );

const valueText = (el: Element) =>
  el.shadowRoot?.querySelector('[part~="value"]:not(.stale)')?.textContent?.replace(/\s+$/g, '').trim();
const shown = (el: OdeKpi) =>
  until(() => !!valueText(el) && !el.hasAttribute('aria-busy'), 'the figure shown');
const failed = (el: Element) => until(() => !!el.shadowRoot?.querySelector('[part~="error"]'), 'error');

describe('<ode-kpi>', () => {
  it('shows the portal’s sum grouped as French numbers are, with its label and source line', async () => {
    const expected = (await aggregate('communes-france', 'sum(population)', BRETAGNE)) as number;
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="fr">
        <ode-kpi
          domain=${portalUrl()}
          dataset="communes-france"
          value="sum(population)"
          where=${BRETAGNE}
          label="Population de la Bretagne"
          unit="habitants"
        ></ode-kpi>
      </div>`,
    );
    const el = wrapper.querySelector('ode-kpi')!;
    await shown(el);
    const figure = new Intl.NumberFormat('fr').format(expected);
    // French groups thousands with a narrow no-break space (U+202F): "3 449 370"
    expect(figure).to.contain('\u202f');
    expect(valueText(el)).to.equal(`${figure}\u00a0habitants`);
    expect(el.shadowRoot!.querySelector('[part="label"]')!.textContent).to.equal('Population de la Bretagne');
    const notice = el.shadowRoot!.querySelector('ode-attribution')!;
    expect(notice, 'source line').to.exist;
    expect(notice.hasAttribute('compact')).to.equal(true);
    await until(() => !!notice.shadowRoot?.querySelector('[part~="attribution"]'), 'notice loaded');
    await expect(el).to.be.accessible();
  });

  it('follows its <ode-dataset>: the dataset’s where, AND-ed with its own', async () => {
    const wrapper = await fixture<OdeDataset>(
      html`<ode-dataset domain=${portalUrl()} dataset="communes-france" where=${BRETAGNE}>
        <ode-kpi></ode-kpi>
        <ode-kpi value="sum(population)" where=${BIG}></ode-kpi>
      </ode-dataset>`,
    );
    const [count, big] = [...wrapper.querySelectorAll('ode-kpi')];
    await shown(count);
    await shown(big);
    const nf = new Intl.NumberFormat('en');
    expect(valueText(count)).to.equal(
      nf.format((await aggregate('communes-france', 'count(*)', BRETAGNE)) as number),
    );
    expect(count.shadowRoot!.querySelector('[part="label"]')!.textContent).to.equal('Number of records');
    expect(valueText(big)).to.equal(
      nf.format((await aggregate('communes-france', 'sum(population)', BRETAGNE, BIG)) as number),
    );
    // the dataset's filter changes: the figure follows
    const other = "nom_region = 'Normandie'";
    const next = own(count, 'ode-load');
    wrapper.where = other;
    const { detail } = await next;
    const expected = (await aggregate('communes-france', 'count(*)', other)) as number;
    expect(detail.value).to.equal(expected);
    await shown(count);
    expect(valueText(count)).to.equal(nf.format(expected));
  });

  it('follows an <ode-dataset> named by source="id" elsewhere on the page', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div>
        <ode-dataset
          id="kpi-source"
          domain=${portalUrl()}
          dataset="communes-france"
          where=${BRETAGNE}
        ></ode-dataset>
        <section><ode-kpi source="kpi-source"></ode-kpi></section>
      </div>`,
    );
    const el = wrapper.querySelector('ode-kpi')!;
    await shown(el);
    const expected = (await aggregate('communes-france', 'count(*)', BRETAGNE)) as number;
    expect(valueText(el)).to.equal(new Intl.NumberFormat('en').format(expected));
  });

  it('stands beside the other figures of a flex row, its source line wrapped to its width', async () => {
    const row = await fixture<HTMLDivElement>(
      html`<div style="display: flex; gap: 2rem; flex-wrap: wrap; width: 700px">
        <ode-kpi domain=${portalUrl()} dataset="flights" label="Flights"></ode-kpi>
        <ode-kpi
          domain=${portalUrl()}
          dataset="flights"
          value="avg(delay)"
          unit="min"
          label="Delay"
        ></ode-kpi>
        <ode-kpi domain=${portalUrl()} dataset="flights" where=${'delay > 15'} label="Late"></ode-kpi>
      </div>`,
    );
    const figures = [...row.querySelectorAll<OdeKpi>('ode-kpi')];
    await Promise.all(figures.map(shown));
    await until(
      () => figures.every((f) => !!f.shadowRoot!.querySelector('ode-attribution')?.shadowRoot?.textContent),
      'the source lines',
    );
    // the long source line ("US flight delays … License Terms Not Explicitly Specified") made each
    // figure as wide as the row, one under the other
    const boxes = figures.map((f) => f.getBoundingClientRect());
    expect(new Set(boxes.map((b) => Math.round(b.top))).size, 'figures on one line').to.equal(1);
    for (const [i, f] of figures.entries()) {
      expect(boxes[i].width, 'at least 12rem').to.be.at.least(192);
      const notice = f.shadowRoot!.querySelector('ode-attribution')!.getBoundingClientRect();
      expect(notice.right, 'the source line within its figure').to.be.at.most(boxes[i].right + 0.5);
    }
    // alone in a block, a figure and its source line take the width they are given
    const alone = await fixture<OdeKpi>(
      html`<ode-kpi domain=${portalUrl()} dataset="flights" style="width: 600px"></ode-kpi>`,
    );
    await shown(alone);
    await until(
      () => !!alone.shadowRoot!.querySelector('ode-attribution')?.shadowRoot?.textContent,
      'notice',
    );
    expect(alone.shadowRoot!.querySelector('ode-attribution')!.getBoundingClientRect().width).to.equal(600);
    await expect(figures[0]).to.be.accessible();
  });

  it('compares with a second figure asked at the same time: signed change, arrow and words', async () => {
    const now = (await aggregate('communes-france', 'sum(population)', BRETAGNE)) as number;
    const before = (await aggregate(
      'communes-france',
      'sum(population)',
      "nom_region = 'Normandie'",
    )) as number;
    const el = document.createElement('ode-kpi');
    el.setAttribute('domain', portalUrl());
    el.setAttribute('dataset', 'communes-france');
    el.setAttribute('value', 'sum(population)');
    el.setAttribute('where', BRETAGNE);
    el.setAttribute('compare-where', "nom_region = 'Normandie'");
    el.setAttribute('compare-label', 'la Normandie');
    el.setAttribute('lang', 'fr');
    const loaded = own(el, 'ode-load');
    document.body.append(el);
    try {
      const { detail } = await loaded;
      expect(detail).to.deep.equal({ value: now, compareValue: before });
      await shown(el);
      const line = el.shadowRoot!.querySelector('[part="comparison"]')!;
      const change = new Intl.NumberFormat('fr', {
        style: 'percent',
        maximumFractionDigits: 1,
        signDisplay: 'exceptZero',
      }).format((now - before) / before);
      const direction = now > before ? 'en hausse' : 'en baisse';
      const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
      expect(fold(line.textContent!)).to.equal(
        fold(`${now > before ? '▲' : '▼'} ${direction} ${change} par rapport à la Normandie`),
      );
      expect(line.querySelector('.arrow')!.getAttribute('aria-hidden')).to.equal('true');
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('is busy while loading, then shows "no record matches" for an empty selection', async () => {
    const el = await fixture<OdeKpi>(
      html`<ode-kpi
        domain=${portalUrl()}
        dataset="communes-france"
        value="sum(population)"
        where="nom_region = 'Atlantis'"
      ></ode-kpi>`,
    );
    expect(el.getAttribute('aria-busy')).to.equal('true');
    expect(el.matches(':state(loading)')).to.equal(true);
    expect(shadowText(el)).to.contain('Loading');
    await expect(el).to.be.accessible();
    await shown(el);
    expect(valueText(el)).to.equal('— no value');
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.equal('No record matches.');
    await expect(el).to.be.accessible();
  });

  it('shows the portal’s error for an aggregate it refuses, with ode-error', async () => {
    const el = document.createElement('ode-kpi');
    el.setAttribute('domain', portalUrl());
    el.setAttribute('dataset', 'communes-france');
    el.setAttribute('value', 'sum(nom)');
    const error = own(el, 'ode-error');
    document.body.append(el);
    try {
      const { detail } = await error;
      await failed(el).catch((e) => {
        throw new Error(`${e.message}: ${shadowText(el)}`);
      });
      expect(shadowText(el)).to.contain(detail.error.message);
      expect(shadowText(el)).to.contain('400');
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('refuses a value that is not one aggregate, in place and in the console, without a request', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    const requests: string[] = [];
    const observer = new PerformanceObserver((list) =>
      requests.push(
        ...list
          .getEntries()
          .map((e) => e.name)
          .filter((n) => n.includes('/records')),
      ),
    );
    observer.observe({ type: 'resource' });
    try {
      const el = await fixture<OdeKpi>(
        html`<ode-kpi domain=${portalUrl()} dataset="seattle-weather" value="count(*), weather"></ode-kpi>`,
      );
      await failed(el);
      expect(shadowText(el)).to.contain('Attribute "value"');
      expect(shadowText(el)).to.contain('one expression');
      expect(warnings.some((w) => w.includes('<ode-kpi>') && w.includes('"value"'))).to.equal(true);
      await expect(el).to.be.accessible();
      el.setAttribute('value', 'avg(temp_max)');
      el.setAttribute('format', 'money');
      await failed(el);
      expect(shadowText(el)).to.contain('Attribute "format"');
      await new Promise((r) => setTimeout(r, 100));
      expect(requests).to.deep.equal([]);
      el.removeAttribute('format');
      await shown(el);
    } finally {
      console.warn = original;
      observer.disconnect();
    }
  });
});

describe('<ode-kpi> figures', () => {
  const fmt = (s: string) => parseFormat(s) as FigureFormat;
  it('formats numbers, percent, currency and compact for the locale', () => {
    expect(formatFigure(3449370, fmt('number'), 'fr')).to.equal('3\u202f449\u202f370');
    expect(formatFigure(3449370, fmt('number'), 'en')).to.equal('3,449,370');
    expect(formatFigure(3449370, fmt('compact'), 'fr')).to.equal('3,4\u00a0M');
    expect(formatFigure(0.0425, fmt('percent'), 'fr')).to.equal('4,3\u00a0%');
    expect(formatFigure(0.0425, fmt('percent'), 'en', 2)).to.equal('4.25%');
    expect(formatFigure(1234.5, fmt('currency:EUR'), 'fr')).to.equal('1\u202f234,50\u00a0€');
    expect(formatFigure(2.5, fmt('number'), 'en', 0)).to.equal('3');
    expect(formatFigure('2001-06-30', fmt('number'), 'en')).to.equal('June 30, 2001');
    expect(formatFigure(null, fmt('number'), 'en')).to.equal(undefined);
  });

  it('reads the format attribute and names a wrong one', () => {
    expect(parseFormat(undefined)).to.deep.equal({ style: 'number' });
    expect(parseFormat('currency:usd')).to.deep.equal({ style: 'currency', currency: 'USD' });
    expect(parseFormat('euros')).to.be.a('string').and.contain('currency:EUR');
  });

  it('writes signed changes, relative or absolute', () => {
    const n = fmt('number');
    expect(formatChange(110, 100, 'percent', n, 'en')).to.deep.equal({ direction: 'up', text: '+10%' });
    expect(formatChange(90, 100, 'difference', n, 'en')).to.deep.equal({ direction: 'down', text: '-10' });
    expect(formatChange(100, 100, 'percent', n, 'en')?.direction).to.equal('same');
    expect(formatChange(100, 0, 'percent', n, 'en')).to.equal(undefined);
    expect(formatChange(null, 100, 'percent', n, 'en')).to.equal(undefined);
  });

  it('accepts one aggregate and refuses lists, aliases, unbalanced text and plain fields', () => {
    for (const ok of ['count(*)', 'sum(population)', 'sum(a) / sum(b)', 'max(`date`)', 'count(*) '])
      expect(aggregateProblem(ok), ok).to.equal(undefined);
    expect(aggregateProblem('count(*), secret')).to.contain('one expression');
    expect(aggregateProblem('count(*) as x')).to.contain('as');
    expect(aggregateProblem('sum(population')).to.contain('not closed');
    expect(aggregateProblem('population')).to.contain('aggregate');
    expect(aggregateProblem('"count(" || x')).to.contain('aggregate');
    expect(filterProblem("nom = 'a)'")).to.equal(undefined);
    expect(filterProblem("nom = 'a")).to.contain('not closed');
    expect(orderProblem('code')).to.equal(undefined);
    expect(orderProblem('population desc, `date` asc')).to.equal(undefined);
    expect(orderProblem('code; drop')).to.be.a('string');
  });
});
