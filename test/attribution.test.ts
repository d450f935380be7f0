import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/attribution/define.js';
import '../src/table/define.js';
import '../src/core/define-dataset.js';
import type { OdeAttribution } from '../src/attribution/ode-attribution.js';
import type { OdeTable } from '../src/table/ode-table.js';
import { getMetadata, portalUrl, shadowText, until } from './helpers.js';

const loaded = (el: OdeAttribution) =>
  until(() => !!el.shadowRoot?.querySelector('[part~="attribution"]'), 'notice');
const failed = (el: OdeAttribution) =>
  until(() => !!el.shadowRoot?.querySelector('[part~="error"]'), 'error');

describe('<ode-attribution>', () => {
  it('shows title, publisher, licence, last update and portal link from the dataset metadata', async () => {
    const meta = (await getMetadata('communes-france')).metas.default;
    const el = await fixture<OdeAttribution>(
      html`<ode-attribution domain=${portalUrl()} dataset="communes-france"></ode-attribution>`,
    );
    await loaded(el);
    const root = el.shadowRoot!;
    const title = root.querySelector<HTMLAnchorElement>('[part="title"]')!;
    expect(title.textContent).to.equal(meta.title);
    expect(title.href).to.equal(`${portalUrl()}/explore/dataset/communes-france/`);
    const licence = root.querySelector<HTMLAnchorElement>('a[part="licence"]')!;
    expect(licence.textContent).to.equal(meta.license);
    expect(licence.href).to.equal(meta.license_url);
    expect(licence.rel).to.contain('license');
    expect(shadowText(el)).to.contain(String(meta.publisher));
    const time = root.querySelector('time')!;
    expect(time.getAttribute('datetime')).to.equal(meta.modified);
    const expected = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(String(meta.modified)),
    );
    expect(time.textContent).to.equal(expected);
    // Licence Ouverte is recognised and its required mention shown
    expect(root.querySelector('[part="notice"]')?.textContent).to.match(/source/i);
    await expect(el).to.be.accessible();
  });

  it('speaks the language of its closest lang attribute (French dates and labels)', async () => {
    const meta = (await getMetadata('communes-france')).metas.default;
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="fr">
        <ode-attribution domain=${portalUrl()} dataset="communes-france"></ode-attribution>
      </div>`,
    );
    const el = wrapper.querySelector('ode-attribution')!;
    await loaded(el);
    const frDate = new Intl.DateTimeFormat('fr', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(String(meta.modified)),
    );
    expect(el.shadowRoot!.querySelector('time')!.textContent).to.equal(frDate);
    expect(shadowText(el)).to.contain('Dernière mise à jour');
    expect(shadowText(el)).to.contain('Producteur');
  });

  it('is busy and announced while loading', async () => {
    const el = await fixture<OdeAttribution>(
      html`<ode-attribution domain=${portalUrl()} dataset="flights"></ode-attribution>`,
    );
    const status = el.shadowRoot!.querySelector('[part="status"]');
    expect(status, 'loading status').to.exist;
    expect(status!.getAttribute('aria-busy')).to.equal('true');
    expect(status!.getAttribute('role')).to.equal('status');
    await expect(el).to.be.accessible();
    await loaded(el);
  });

  it('fires ode-load with the metadata', async () => {
    const el = document.createElement('ode-attribution');
    el.domain = portalUrl();
    el.datasetId = 'seattle-weather';
    const event = oneEvent(el, 'ode-load');
    document.body.append(el);
    const { detail } = await event;
    expect(detail.dataset.dataset_id).to.equal('seattle-weather');
    el.remove();
  });

  it('shows the portal message and status for an unknown dataset, without a useless Retry', async () => {
    const el = await fixture<OdeAttribution>(
      html`<ode-attribution domain=${portalUrl()} dataset="no-such-dataset"></ode-attribution>`,
    );
    await failed(el);
    const text = shadowText(el);
    expect(text).to.contain('The requested dataset no-such-dataset does not exist.');
    expect(text).to.contain('404');
    expect(text).to.contain('NotFoundResource');
    expect(el.shadowRoot!.querySelector('[part="retry"]')?.outerHTML ?? null).to.equal(null);
    expect(el.shadowRoot!.querySelector('[role="alert"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('says once that a dataset does not exist: the view of that dataset shows the error, the notice a neutral line', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const page = await fixture<HTMLElement>(
        html`<div lang="fr">
          <ode-table domain=${portalUrl()} dataset="no-such-dataset"></ode-table>
          <ode-attribution domain=${portalUrl()} dataset="no-such-dataset"></ode-attribution>
        </div>`,
      );
      const table = page.querySelector<OdeTable>('ode-table')!;
      const el = page.querySelector<OdeAttribution>('ode-attribution')!;
      await until(() => !!el.shadowRoot?.querySelector('[part="status"]:not([aria-busy])'), 'neutral line');
      await until(() => !!table.shadowRoot?.querySelector('[part~="error"]'), 'the table error');
      expect(shadowText(el)).to.equal('Source « no-such-dataset » : non disponible.');
      expect(el.shadowRoot!.querySelector('[role="alert"], [part~="error"]')?.outerHTML ?? null).to.equal(
        null,
      );
      // one alert on the page says it, with the portal's words
      const alerts = [table, el].flatMap((x) => [...x.shadowRoot!.querySelectorAll('[role="alert"]')]);
      expect(alerts.length).to.equal(1);
      expect(alerts[0].textContent).to.contain('does not exist');
      await expect(el).to.be.accessible();
      expect(warnings.some((w) => w.includes('<ode-attribution>') && w.includes('<ode-table>'))).to.equal(
        true,
      );
    } finally {
      console.warn = original;
    }
  });

  it('keeps the whole error for a missing dataset when no view of it is on the page, or the view is on another portal', async () => {
    const page = await fixture<HTMLElement>(
      html`<div>
        <ode-dataset domain="http://127.0.0.1:9" dataset="no-such-dataset"></ode-dataset>
        <ode-attribution domain=${portalUrl()} dataset="no-such-dataset"></ode-attribution>
      </div>`,
    );
    const el = page.querySelector<OdeAttribution>('ode-attribution')!;
    await failed(el);
    expect(shadowText(el)).to.contain('The requested dataset no-such-dataset does not exist.');
    // the same dataset on the same portal, in an <ode-dataset>: that one's views tell
    const shared = await fixture<HTMLElement>(
      html`<div>
        <ode-dataset domain=${portalUrl()} dataset="no-such-dataset"><ode-table></ode-table></ode-dataset>
        <ode-attribution domain=${portalUrl()} dataset="no-such-dataset"></ode-attribution>
      </div>`,
    );
    const quiet = shared.querySelector<OdeAttribution>('ode-attribution')!;
    await until(() => shadowText(quiet).includes('not available'), 'neutral line');
  });

  it('says nothing, and takes no room, as part of a view whose own error box tells', async () => {
    class OdeTestView extends HTMLElement {
      constructor() {
        super();
        this.attachShadow({ mode: 'open' }).innerHTML =
          `<p role="alert">the view's error</p><ode-attribution domain="${portalUrl()}" dataset="no-such-dataset"></ode-attribution>`;
      }
    }
    if (!customElements.get('ode-test-view')) customElements.define('ode-test-view', OdeTestView);
    const view = await fixture<HTMLElement>(html`<ode-test-view></ode-test-view>`);
    const el = view.shadowRoot!.querySelector<OdeAttribution>('ode-attribution')!;
    await until(() => el.matches(':state(silent)'), 'silent notice');
    expect(shadowText(el)).to.equal('');
    expect(el.getBoundingClientRect().height).to.equal(0);
    // standing alone, the same notice shows the portal's error
    const alone = await fixture<OdeAttribution>(
      html`<ode-attribution domain=${portalUrl()} dataset="no-such-dataset"></ode-attribution>`,
    );
    await failed(alone);
    expect(alone.getBoundingClientRect().height).to.be.greaterThan(0);
  });

  it('explains an unreachable portal and offers Retry, which asks again', async () => {
    const el = await fixture<OdeAttribution>(
      html`<ode-attribution domain="http://127.0.0.1:9" dataset="communes-france"></ode-attribution>`,
    );
    await failed(el);
    expect(shadowText(el)).to.contain('could not be reached');
    const retry = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]');
    expect(retry).to.exist;
    await expect(el).to.be.accessible();
    // point it at the real portal and retry: the notice appears
    el.domain = portalUrl();
    await loaded(el);
    expect(shadowText(el)).to.contain('Licence');
  });

  it('names a missing or bad attribute in place and warns in the console', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const el = await fixture<OdeAttribution>(html`<ode-attribution dataset="x"></ode-attribution>`);
      await failed(el);
      expect(shadowText(el)).to.contain('"domain"');
      const bad = await fixture<OdeAttribution>(
        html`<ode-attribution domain="not a domain" dataset="x"></ode-attribution>`,
      );
      await failed(bad);
      expect(shadowText(bad)).to.contain('not a portal domain');
      const noDs = await fixture<OdeAttribution>(
        html`<ode-attribution domain=${portalUrl()}></ode-attribution>`,
      );
      await failed(noDs);
      expect(shadowText(noDs)).to.contain('"dataset"');
      await expect(noDs).to.be.accessible();
    } finally {
      console.warn = original;
    }
    expect(warnings.some((w) => w.includes('domain'))).to.equal(true);
  });

  it('takes its domain from <meta name="ode-domain"> when it has none', async () => {
    const meta = document.createElement('meta');
    meta.name = 'ode-domain';
    meta.content = portalUrl();
    document.head.append(meta);
    try {
      const el = await fixture<OdeAttribution>(html`<ode-attribution dataset="airports"></ode-attribution>`);
      await loaded(el);
      expect(el.shadowRoot!.querySelector<HTMLAnchorElement>('[part="title"]')!.href).to.equal(
        `${portalUrl()}/explore/dataset/airports/`,
      );
    } finally {
      meta.remove();
    }
  });

  it('is one line in compact mode', async () => {
    const el = await fixture<OdeAttribution>(
      html`<ode-attribution compact domain=${portalUrl()} dataset="seattle-weather"></ode-attribution>`,
    );
    await loaded(el);
    expect(el.shadowRoot!.querySelector('p.compact')).to.exist;
    expect(el.shadowRoot!.querySelector('[part="notice"]')?.outerHTML ?? null).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('keeps hostile metadata inert: no markup, no script, no javascript: link', async () => {
    const w = window as unknown as { __pwned?: number };
    w.__pwned = 0;
    const meta = (await getMetadata('hostile-values')).metas.default;
    const el = await fixture<OdeAttribution>(
      html`<ode-attribution domain=${portalUrl()} dataset="hostile-values"></ode-attribution>`,
    );
    await loaded(el);
    const root = el.shadowRoot!;
    // the title is shown as text, tags and all
    expect(root.querySelector('[part="title"]')!.textContent).to.equal(meta.title);
    expect(root.querySelector('[part="title"] b, script, img, iframe')?.outerHTML ?? null).to.equal(null);
    for (const a of root.querySelectorAll('a')) expect(a.protocol, a.href).to.match(/^https?:$/);
    expect(String(meta.license_url)).to.match(/^javascript:/i);
    await new Promise((r) => setTimeout(r, 50));
    expect(w.__pwned).to.equal(0);
  });

  it('needs no request when a parent hands it the metadata', async () => {
    const meta = await (await fetch(`${portalUrl()}/api/explore/v2.1/catalog/datasets/earthquakes`)).json();
    const before = performance.getEntriesByType('resource').length;
    const el = await fixture<OdeAttribution>(
      html`<ode-attribution domain=${portalUrl()} .metadata=${meta}></ode-attribution>`,
    );
    await loaded(el);
    expect(shadowText(el)).to.contain(meta.metas.default.title);
    expect(performance.getEntriesByType('resource').length).to.equal(before);
  });
});
