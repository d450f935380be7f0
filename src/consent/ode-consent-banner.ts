import { adoptStyles, html, nothing, type PropertyValues, type TemplateResult } from './lit.js';
import { ConsentElement } from './base.js';
import { ConsentConfigError, type ConsentConfig } from './config.js';
import { bannerStyles } from './consent.styles.js';
import type { ConsentSource } from './store.js';
import { choiceButtons, fill, kit, tx, type Choice } from './texts.js';

/** The fragment that opens the preferences. */
export const HASH = '#ode-consent';

/**
 * @summary The first layer of the cookie-consent suite, and its preferences dialog. A non-modal region
 * fixed at the bottom of the viewport (it never blocks the page, and the page's scroll padding keeps focused
 * elements visible above it) with the purposes, the controller, the number of partners (their list one click
 * away), the privacy-policy link and three buttons of identical element, size and style: accept all, refuse
 * all, customise. "Continue without accepting" records a refusal. The preferences are a native modal
 * `<dialog>` with one choice per purpose (none pre-selected), the partners and cookies of each, and the same
 * accept-all / refuse-all pair. Shown only while no valid choice is stored.
 *
 * Any link to `#ode-consent` on the page (`<a href="#ode-consent">Cookies</a>`, e.g. in the footer) opens the
 * preferences, and so does arriving on a URL ending in `#ode-consent`.
 *
 * Configure it (see docs/consent-for-tenants.md) with a `<script type="application/json">` child, a `src`
 * URL, or the `config` property. A wrong configuration is shown in place, with every problem named.
 *
 * @attr src - URL of the JSON configuration (one request; an inline child costs none).
 * @attr receipt-endpoint - URL receiving a receipt of each choice by `sendBeacon` (overrides `receiptEndpoint`).
 * @attr nonce - CSP nonce for activated scripts that carry none (overrides `nonce`; read through the
 *   `nonce` property, since browsers hide the attribute).
 * @attr reload-on-withdraw - Reload the page after a withdrawal, so scripts already running stop.
 * @attr lang - Interface language (`fr` or `en`), else the closest `lang` of the page.
 *
 * @prop {object} config - The configuration object (instead of `src` or the inline child).
 * @prop {ConsentStore} store - The store it drives (default: the page's shared `consent`).
 *
 * @fires ode-consent-change - On `document`, after every change; `detail: { record, granted, withdrawn }`.
 * @fires ode-consent-withdrawn - On `document`, when purposes are withdrawn; `detail.purposes`.
 * @fires ode-error - The configuration could not be loaded or is invalid; `detail.error` says why.
 *
 * @csspart banner - The first-layer region.
 * @csspart actions - Each row of choice buttons.
 * @csspart button - Every choice button (accept all, refuse all, customise, save).
 * @csspart close - The "Continue without accepting" control.
 * @csspart dialog - The preferences dialog.
 * @csspart purpose - One purpose's fieldset in the dialog.
 * @csspart error - The configuration error box.
 *
 * @cssprop --ode-consent-button-bg - Background of the choice buttons (one for all of them).
 * @cssprop --ode-consent-button-fg - Text colour of the choice buttons.
 * @cssprop --ode-consent-max-width - Width of the banner's content.
 * @cssprop --ode-consent-z-index - Stacking order of the banner.
 * @cssprop --ode-color-text - Text colour.
 * @cssprop --ode-color-surface - Background.
 * @cssprop --ode-color-border - Borders.
 * @cssprop --ode-color-link - Links.
 * @cssprop --ode-color-focus - Focus ring.
 * @cssprop --ode-color-danger - Error border.
 * @cssprop --ode-radius - Corner radius.
 * @cssprop --ode-font-family - Font.
 */
export class OdeConsentBanner extends ConsentElement {
  static override styles = bannerStyles;

  static override properties = {
    src: {},
    receiptEndpoint: { attribute: 'receipt-endpoint' },
    reloadOnWithdraw: { type: Boolean, attribute: 'reload-on-withdraw' },
    config: { attribute: false },
    error: { state: true },
  };
  src?: string;
  receiptEndpoint?: string;
  reloadOnWithdraw = false;
  config?: object;

  private error?: string[];
  /** @internal Where focus returns when the dialog closes. */
  opener?: Element | null;
  #prefs?: typeof import('./prefs.js');
  #messages?: typeof import('./messages.js');
  readonly #onWithdrawn = () => this.reloadOnWithdraw && location.reload();
  /** A click on any `<a href="#ode-consent">` (also inside shadow roots) opens the preferences. */
  readonly #onLink = (e: MouseEvent) => {
    const a = e.composedPath().find((n) => n instanceof HTMLAnchorElement && n.getAttribute('href') === HASH);
    if (a) {
      e.preventDefault();
      void this.open(a as Element);
    }
  };
  #scrollObserver = new ResizeObserver(([e]) => {
    document.documentElement.style.scrollPaddingBottom = e ? `${e.borderBoxSize[0].blockSize}px` : '';
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.store.lang = this.ui;
    this.store.ui = (opener) => this.open(opener);
    document.addEventListener('ode-consent-withdrawn', this.#onWithdrawn);
    document.addEventListener('click', this.#onLink);
    if (document.readyState === 'loading')
      document.addEventListener('DOMContentLoaded', () => this.load(), { once: true });
    else queueMicrotask(() => this.load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('ode-consent-withdrawn', this.#onWithdrawn);
    document.removeEventListener('click', this.#onLink);
    if (this.store.ui) this.store.ui = undefined;
    this.#scrollObserver.disconnect();
    document.documentElement.style.scrollPaddingBottom = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.hasUpdated && (changed.has('config') || changed.has('src'))) void this.load();
  }

  /** Load and apply the configuration (property, `src` or inline JSON child). */
  async load(): Promise<void> {
    let input: unknown = this.config;
    const src = this.src;
    try {
      if (!input && src) {
        const res = await fetch(src, { credentials: 'same-origin' });
        if (!res.ok) throw ['src', 'http', [src, res.status]];
        input = await res.json().catch((e: Error) => {
          throw ['src', 'json', [src, e.message]];
        });
      }
      if (!input) {
        const script = this.querySelector('script[type="application/json"]');
        if (!script) throw ['', 'none'];
        try {
          input = JSON.parse(script.textContent ?? '');
        } catch (e) {
          throw ['', 'inline', (e as Error).message];
        }
      }
      const extra: Partial<ConsentConfig> = {};
      if (this.receiptEndpoint) extra.receiptEndpoint = this.receiptEndpoint;
      if (this.nonce) extra.nonce = this.nonce;
      await this.store.configure(typeof input === 'object' ? { ...input, ...extra } : input);
      this.error = undefined;
      if (location.hash === HASH) void this.open();
    } catch (e) {
      // the error path loads its messages and view (a valid configuration never does)
      this.#messages = await import('./messages.js');
      this.error = this.#messages.fail(this, e, ConsentConfigError);
    }
  }

  /**
   * Open the preferences dialog (its code is loaded on first use, so showing the banner costs no request);
   * focus goes back to `opener` (or the element focused before) on close.
   */
  async open(opener?: Element | null): Promise<void> {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!this.store.config) return;
    if (!this.#prefs) {
      this.#prefs = await import('./prefs.js');
      adoptStyles(this.renderRoot as ShadowRoot, [...bannerStyles, this.#prefs.prefsStyles]);
    }
    return this.#prefs.show(this, opener ?? active);
  }

  /** @internal Record a choice made with one of the buttons, and close the dialog. */
  choose(kind: Choice, choices?: Record<string, boolean>): void {
    if (kind === 'accept-all') this.store.acceptAll();
    else if (choices) this.store.set(choices, 'prefs');
    else if (kind !== 'dismiss') this.store.refuseAll(kind as ConsentSource); // 'refuse-all' or 'close'
    this.renderRoot.querySelector('dialog')?.close();
  }

  protected override updated(): void {
    const region = this.renderRoot.querySelector('.banner');
    this.#scrollObserver.disconnect();
    // watched from the next frame: this update may run while another element's ResizeObserver
    // delivers, where a new target is left undelivered and the browser reports an error on the page
    if (region) requestAnimationFrame(() => region.isConnected && this.#scrollObserver.observe(region));
    else document.documentElement.style.scrollPaddingBottom = '';
  }

  protected override render(): TemplateResult {
    const lang = this.ui;
    const c = this.store.config;
    const t = this.texts(this.#prefs?.PREFS_TEXTS);
    if (this.error) return this.#messages!.errorView(this.error, lang);
    if (!c) return html``;
    const needed = c.purposes.filter((p) => !p.exempt);
    const vendors = new Set(c.purposes.flatMap((p) => p.vendors.map((v) => v.name)));
    const customise = (e: Event) => this.open(e.currentTarget as Element);
    return html`${
      this.store.needsChoice
        ? html`<section
            part="banner"
            class="banner"
            role="region"
            aria-labelledby="banner-title"
            lang=${lang}
          >
            <div class="inner">
              <button type="button" part="close" class="link close" @click=${() => this.choose('close')}>
                ${t.continueWithout}
              </button>
              <h2 id="banner-title">${t.bannerTitle}</h2>
              <p>
                ${fill(t.bannerText, {
                  controller: c.controller.name,
                  purposes: needed.map((p) => tx(p.title, lang)).join(', '),
                })}
              </p>
              <p>
                ${fill(t.thirdParties, { n: vendors.size })}
                ${
                  vendors.size
                    ? html`—
                        <button type="button" class="link" aria-haspopup="dialog" @click=${customise}>
                          ${t.seeThirdParties}
                        </button>`
                    : nothing
                }
                · <a href=${c.privacyPolicyUrl}>${t.policy}</a>
              </p>
              ${choiceButtons(
                t,
                (k) => this.choose(k),
                html`<button
                  type="button"
                  part="button"
                  class="btn"
                  aria-haspopup="dialog"
                  @click=${customise}
                >
                  ${t.customise}
                </button>`,
              )}
            </div>
          </section>`
        : nothing
    }
    ${this.#prefs?.dialog(this, c, t, kit) ?? nothing}`;
  }
}
