import { expect, fixture } from '@open-wc/testing';
import { render } from 'lit';
import { EngineLoadError, lazyImport } from '../src/core/lazy.js';
import { errorView } from '../src/core/error-view.js';
import { strings } from '../src/core/strings.js';

describe('lazy engines', () => {
  it('imports again after a failed download, counting the failures', async () => {
    let calls = 0;
    const outcomes = [false, false, true];
    const load = lazyImport(async () => {
      if (!outcomes[calls++]) throw new TypeError('Failed to fetch dynamically imported module');
      return 'engine';
    });
    expect(load.failures).to.equal(0);
    await load().catch(() => undefined);
    expect(load.failures).to.equal(1);
    await load().catch(() => undefined);
    expect(load.failures).to.equal(2);
    expect(await load()).to.equal('engine');
    // a download that worked is kept: no import again
    expect(await load()).to.equal('engine');
    expect(calls).to.equal(3);
  });

  it('offers Retry after a first failure, and to reload the page once Retry failed too', async () => {
    const t = strings('en');
    const box = await fixture<HTMLDivElement>(document.createElement('div'));
    let retried = 0;
    const show = (again: boolean) => {
      const e = new EngineLoadError(t.chartEngineFailed, new TypeError('x'), again);
      render(
        errorView(e, t, 'en', () => retried++),
        box,
      );
    };
    show(false);
    expect(box.textContent).to.contain('The chart engine could not be loaded.');
    expect(box.textContent).not.to.contain('reloading the page');
    box.querySelector<HTMLButtonElement>('[part~="retry"]')!.click();
    expect(retried).to.equal(1);
    expect(box.querySelector('[part~="reload"]')).to.equal(null);
    await expect(box).to.be.accessible();
    show(true);
    expect(box.textContent).to.contain('It failed again: reloading the page may help.');
    expect(box.querySelector('[part~="retry"]'), 'no Retry that cannot work').to.equal(null);
    expect(box.querySelector('[part~="reload"]')!.textContent).to.equal('Reload the page');
    await expect(box).to.be.accessible();
  });
});
