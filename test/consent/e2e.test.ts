/**
 * End to end, with the real entry point and the page's shared store: nothing subject to consent is stored,
 * read or requested before a positive choice. A "third party" is this test server under another host name
 * (127.0.0.1 vs localhost), so the requests gated content makes after consent are real and observable.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { consent } from '../../src/consent/index.js';
import { until } from '../helpers.js';
import { clearCookies, cookieNamesNow, tenantConfig } from './helpers.js';

const thirdHost = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
const third = `${location.protocol}//${thirdHost}:${location.port}`;

/** Every resource the page requests from now on. */
function watchRequests(): { urls: () => string[]; hosts: () => string[]; stop: () => void } {
  const urls: string[] = [];
  const po = new PerformanceObserver((list) => list.getEntries().forEach((e) => urls.push(e.name)));
  po.observe({ type: 'resource', buffered: false });
  return {
    urls: () => [...urls, ...po.takeRecords().map((e) => e.name)],
    hosts: () => [...urls, ...po.takeRecords().map((e) => e.name)].map((u) => new URL(u).hostname),
    stop: () => po.disconnect(),
  };
}

describe('nothing before consent (end to end)', () => {
  before(clearCookies);
  after(clearCookies);

  it('no non-exempt cookie, no third-party request, no gated markup active until the visitor accepts', async () => {
    const requests = watchRequests();
    let shift = 0;
    const shifts = new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        shift += (e as unknown as { value: number }).value;
      }
    });
    const config = tenantConfig({ cookieName: 'eu-consent' });
    const page = document.createElement('main');
    page.innerHTML = `
      <a href="#top">first link of the page</a>
      <template data-ode-purpose="video"><img class="gated-video" alt="" src="${third}/__consent-e2e/video.gif"></template>
      <ode-consent-gate purpose="social" style="--ode-consent-gate-min-height: 14rem"><template><img class="gated-social" alt="" src="${third}/__consent-e2e/social.gif"></template></ode-consent-gate>
      <ode-consent-button></ode-consent-button>
      <ode-cookie-declaration></ode-cookie-declaration>`;
    // a tracker script, created the way a page parser would (so it could run once activated)
    const tracker = document.createElement('script');
    tracker.type = 'text/plain';
    tracker.dataset.odePurpose = 'analytics';
    tracker.text = `document.cookie = '_ga=GA1.1.42; Path=/; Max-Age=33696000'; window.__trackerRan = true;`;
    page.append(tracker);
    const bannerEl = document.createElement('ode-consent-banner');
    const json = document.createElement('script');
    json.type = 'application/json';
    json.textContent = JSON.stringify(config);
    bannerEl.append(json);
    document.body.prepend(bannerEl);
    document.body.append(page);
    // from here on the banner (fixed) and the gate placeholder (in its reserved height) appear: nothing moves.
    // (The cookie table grows where it stands, last here; a page with content after it reserves its height.)
    await new Promise(requestAnimationFrame);
    shifts.observe({ type: 'layout-shift' });
    try {
      await consent.ready;
      await bannerEl.updateComplete;
      const region = bannerEl.shadowRoot!.querySelector('[part=banner]');
      expect(region, 'banner shown').to.exist;
      // let anything that would load, load
      await new Promise((r) => setTimeout(r, 300));

      expect(document.cookie, 'no cookie at all before a choice').to.equal('');
      expect(
        requests.hosts().filter((h) => h !== location.hostname),
        'third-party requests',
      ).to.deep.equal([]);
      expect(document.querySelector('.gated-video, .gated-social')?.outerHTML ?? null).to.equal(null);
      expect((window as unknown as { __trackerRan?: boolean }).__trackerRan).to.equal(undefined);
      expect(document.querySelector('[data-ode-active]')?.outerHTML ?? null).to.equal(null);
      expect(shift, 'layout shift while the banner and placeholders appear').to.equal(0);
      // showing the banner for a valid configuration loaded neither the validator, its messages nor the dialog
      expect(requests.urls().filter((u) => /\/(validate|messages|prefs)\.ts/.test(u))).to.deep.equal([]);
      // the gate and the declaration are there, from the same configuration
      await until(
        () => !!document.querySelector('ode-consent-gate')!.shadowRoot!.querySelector('[part=placeholder]'),
        'the gate placeholder (its view loads with the first gate)',
      );
      // the declaration's view loads with the first declaration, apart from the gate's
      const declared = () =>
        document.querySelector('ode-cookie-declaration')!.shadowRoot!.querySelectorAll('tbody tr');
      await until(() => declared().length > 0, 'the cookie declaration (its view loads with the first one)');
      expect(declared()).to.have.length(5);

      // keyboard only: Tab reaches the banner's buttons (it comes first in the page), Enter accepts
      (document.activeElement as HTMLElement | null)?.blur();
      let guard = 0;
      while (bannerEl.shadowRoot!.activeElement?.textContent?.trim() !== 'Accept all' && guard++ < 10)
        await sendKeys({ press: 'Tab' });
      expect(bannerEl.shadowRoot!.activeElement?.textContent?.trim()).to.equal('Accept all');
      await sendKeys({ press: 'Enter' });

      await until(() => requests.hosts().includes(thirdHost), 'third-party requests after consent');
      expect(document.querySelector('.gated-video')).to.exist;
      expect(document.querySelector('.gated-social')).to.exist;
      expect((window as unknown as { __trackerRan?: boolean }).__trackerRan).to.equal(true);
      expect(cookieNamesNow().sort()).to.deep.equal(['_ga', 'eu-consent']);
      expect(consent.record?.src).to.equal('accept-all');
      // markup a CMS block adds later is activated too
      page.insertAdjacentHTML(
        'beforeend',
        '<template data-ode-purpose="video"><b class="late-video">late</b></template>',
      );
      await until(() => !!document.querySelector('.late-video'), 'late template activated');

      // withdrawal from the permanent button: cookies deleted, gated content unloaded
      const manage = document.querySelector('ode-consent-button')!.shadowRoot!.querySelector('button')!;
      manage.click();
      await until(
        () => !!bannerEl.shadowRoot!.querySelector<HTMLDialogElement>('dialog')?.open,
        'dialog open',
      );
      const refuse = [
        ...bannerEl.shadowRoot!.querySelectorAll<HTMLButtonElement>('dialog [part=actions] button'),
      ].find((b) => b.textContent?.trim() === 'Refuse all')!;
      refuse.click();
      await new Promise((r) => setTimeout(r, 0));
      expect(cookieNamesNow()).to.deep.equal(['eu-consent']);
      expect(document.querySelector('.gated-video, .gated-social')?.outerHTML ?? null).to.equal(null);
    } finally {
      requests.stop();
      shifts.disconnect();
      bannerEl.remove();
      page.remove();
    }
  });
});
