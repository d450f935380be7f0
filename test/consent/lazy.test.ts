/**
 * What loads when: the consent entry shows the banner alone; the markup-activation code, the precise
 * configuration check with its messages, and the views of the gate and the cookie table each load only when
 * a page needs them — and each element still works without a banner on the page. This file runs in its own
 * page, so nothing is loaded before its first test.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/consent/index.js';
import { activateAll } from '../../src/consent/index.js';
import { ConsentConfigError } from '../../src/consent/config.js';
import type { OdeConsentGate } from '../../src/consent/ode-consent-gate.js';
import type { OdeCookieDeclaration } from '../../src/consent/ode-cookie-declaration.js';
import { ConsentStore } from '../../src/consent/store.js';
import { until } from '../helpers.js';
import { clearCookies, configuredStore, tenantConfig } from './helpers.js';

/** Source modules of the suite the page has requested so far (the test server serves them one by one). */
const requested = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((p) => p.startsWith('/src/consent/'))
    .map((p) => p.slice('/src/consent/'.length));
/** Give a request that should not happen the time to happen (the import would start at once). */
const settle = () => new Promise((r) => setTimeout(r, 300));
const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);

describe('consent: what loads when', () => {
  beforeEach(clearCookies);
  afterEach(clearCookies);

  it('loads the activation code only once the page has gated markup, then activates it on grant', async () => {
    const store = await configuredStore();
    store.set({ video: true });
    await settle();
    expect(requested(), 'a grant with no gated markup on the page').not.to.include('activate.ts');
    const host = await fixture(html`<div></div>`);
    host.innerHTML =
      '<template data-ode-purpose="social"><b class="lazy-social">s</b></template>' +
      '<template data-ode-purpose="video"><b class="lazy-video">v</b></template>';
    // the markup is seen as it arrives: the code loads and activates what is granted, not the rest
    await until(() => !!host.querySelector('.lazy-video'), 'granted template activated');
    expect(requested()).to.include('activate.ts');
    expect(host.querySelector('.lazy-social')?.outerHTML ?? null).to.equal(null);
    // once loaded, a grant activates at once, and a withdrawal takes it out at once
    store.set({ social: true });
    expect(host.querySelector('.lazy-social')).to.exist;
    store.set({ social: false });
    expect(host.querySelector('.lazy-social')?.outerHTML ?? null).to.equal(null);
  });

  it('a valid configuration loads neither the precise check nor its messages; an invalid one loads both', async () => {
    await configuredStore();
    await settle();
    expect(requested()).not.to.include('check.ts');
    expect(requested()).not.to.include('messages.ts');
    const bad = tenantConfig({ retentionMonths: 14 });
    let error: unknown;
    await new ConsentStore().configure(bad).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(ConsentConfigError);
    expect((error as ConsentConfigError).problems).to.deep.equal([
      'retentionMonths: a whole number of months from 1 to 13 (got 14); CNIL recommends 6',
    ]);
    expect(requested()).to.include.members(['check.ts', 'messages.ts']);
  });

  it('activateAll (JS API) loads what it needs and activates markup the page observer cannot see', async () => {
    const host = await fixture(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<template data-ode-purpose="maps"><i class="in-shadow">m</i></template>';
    await activateAll(root, (p) => p === 'maps');
    expect(root.querySelector('.in-shadow')).to.exist;
  });
});

describe('consent elements without a banner on the page', () => {
  beforeEach(clearCookies);
  afterEach(clearCookies);

  it('<ode-consent-gate> loads its view, shows the placeholder, and Allow shows the content', async () => {
    const store = await configuredStore();
    const el = await fixture<OdeConsentGate>(
      html`<ode-consent-gate .store=${store} purpose="video">
        <template><p class="lazy-widget">Video</p></template>
      </ode-consent-gate>`,
    );
    expect(document.querySelector('ode-consent-banner')?.outerHTML ?? null).to.equal(null);
    await until(() => !!$(el, '[part=placeholder]'), 'placeholder');
    expect(requested()).to.include('gate-placeholder.ts');
    await expect(el).to.be.accessible();
    $(el, '[part=button]')!.click();
    await el.updateComplete;
    expect(store.get('video')).to.equal(true);
    expect(el.querySelector('.lazy-widget')?.textContent).to.equal('Video');
    await expect(el).to.be.accessible();
  });

  it('<ode-cookie-declaration> loads its table; <ode-consent-button> is there at once and says there is no dialog', async () => {
    const store = await configuredStore();
    const wrapper = await fixture(
      html`<div>
        <ode-cookie-declaration .store=${store}></ode-cookie-declaration>
        <ode-consent-button .store=${store}></ode-consent-button>
      </div>`,
    );
    const table = wrapper.querySelector<OdeCookieDeclaration>('ode-cookie-declaration')!;
    await until(() => !!$(table, 'table'), 'cookie table');
    expect(requested()).to.include('declaration-table.ts');
    expect(table.shadowRoot!.querySelectorAll('tbody tr')).to.have.length(5);
    const button = wrapper.querySelector('ode-consent-button')!;
    expect($(button, 'button')!.textContent!.trim()).to.equal('Manage cookies');
    const warned: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warned.push(args[0]);
    try {
      $(button, 'button')!.click();
    } finally {
      console.warn = warn;
    }
    expect(String(warned[0])).to.contain('no <ode-consent-banner>');
    await expect(button).to.be.accessible();
  });
});
