import { adoptStyles, html, nothing, type PropertyValues, type TemplateResult } from './lit.js';
import { ConsentElement } from './base.js';
import { ConsentConfigError, type ConsentConfig, type Problem } from './config.js';
import { bannerStyles } from './consent.styles.js';
import type { ConsentPreferencesDetail, ConsentSource } from './store.js';
import { choiceButtons, fill, kit, tx, type Choice } from './texts.js';

/** The fragment that opens the preferences. */
export const HASH = '#ode-consent';

/**
 * @summary The first layer of the cookie-consent suite, and its preferences dialog. A non-modal region
 * fixed at the bottom of the viewport, at most 40 % of its height with its three buttons always in view (it
 * never blocks the page; the page's scroll padding and extra room at its end keep focused elements visible
 * above it, and focus returns to the page after a choice) with the purposes, the controller, the number of partners (their list one click
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
  /** Where focus returns when the dialog closes. */
  #opener: Element | null = null;
  /** The last element focused on the page outside the banner: where focus returns after a choice. */
  #lastOutside: Element | null = null;
  /** The page's own inline `padding-bottom` on `<html>`, while the banner adds its height to it. */
  #pagePadding?: string;
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
  /** `consent.showPreferences()` (the button, a gate) asks for the dialog. */
  readonly #onAsk = (e: CustomEvent<ConsentPreferencesDetail>) => {
    if (e.detail.store !== this.store) return;
    e.preventDefault();
    void this.open(e.detail.opener);
  };
  /** Remember the last element focused outside the banner: where focus returns after a choice. */
  readonly #onFocus = (e: FocusEvent) => {
    const target = e.composedPath()[0];
    if (target instanceof Element && !e.composedPath().includes(this)) this.#lastOutside = target;
  };
  /** The frame that will give the page room for the banner's new height. */
  #roomFrame = 0;
  // the page is changed in the next frame, not while observers deliver: a map or chart on the page
  // resized by it (a scroll bar appearing) would be left undelivered, an error the browser reports
  #scrollObserver = new ResizeObserver(([e]) => {
    const height = e ? e.borderBoxSize[0].blockSize : 0;
    cancelAnimationFrame(this.#roomFrame);
    this.#roomFrame = requestAnimationFrame(() => this.#makeRoom(height));
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.store.lang = this.ui;
    document.addEventListener('ode-consent-withdrawn', this.#onWithdrawn);
    document.addEventListener('ode-consent-preferences', this.#onAsk);
    document.addEventListener('click', this.#onLink);
    document.addEventListener('focusin', this.#onFocus);
    if (document.readyState === 'loading')
      document.addEventListener('DOMContentLoaded', () => this.load(), { once: true });
    else queueMicrotask(() => this.load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('ode-consent-withdrawn', this.#onWithdrawn);
    document.removeEventListener('ode-consent-preferences', this.#onAsk);
    document.removeEventListener('click', this.#onLink);
    document.removeEventListener('focusin', this.#onFocus);
    this.#scrollObserver.disconnect();
    this.#makeRoom(0);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.hasUpdated && (changed.has('config') || changed.has('src'))) void this.load();
  }

  /** A problem met while loading, as a {@link ConsentConfigError} (its messages load for that case only). */
  async #problem(problem: Problem): Promise<ConsentConfigError> {
    this.#messages ??= await import('./messages.js');
    return new ConsentConfigError(this.#messages.explain([problem]), [problem]);
  }

  /** Load and apply the configuration (property, `src` or inline JSON child). */
  async load(): Promise<void> {
    let input: unknown = this.config;
    const src = this.src;
    try {
      if (!input && src) {
        const res = await fetch(src, { credentials: 'same-origin' });
        if (!res.ok) throw await this.#problem({ path: 'src', code: 'http', value: [src, res.status] });
        input = await res.json().catch(async (e: Error) => {
          throw await this.#problem({ path: 'src', code: 'json', value: [src, e.message] });
        });
      }
      if (!input) {
        const script = this.querySelector('script[type="application/json"]');
        if (!script) throw await this.#problem({ path: '', code: 'none' });
        try {
          input = JSON.parse(script.textContent ?? '');
        } catch (e) {
          throw await this.#problem({ path: '', code: 'inline', value: (e as Error).message });
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
      this.#messages ??= await import('./messages.js');
      this.error = this.#messages.fail(this, e, this.ui);
    }
  }

  #region(): Element | null {
    return this.renderRoot.querySelector('.banner');
  }

  #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
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
    if (this.#dialog()?.open) return;
    this.#opener = opener ?? active;
    this.requestUpdate();
    await this.updateComplete;
    const d = this.#dialog();
    if (d && !d.open) this.#prefs.open(d, this.store);
  }

  /** @internal Record a choice made with one of the buttons, close the dialog, and give focus back to the page. */
  choose(kind: Choice, choices?: Record<string, boolean>): void {
    const hadFocus = document.activeElement === this;
    if (kind === 'accept-all') this.store.acceptAll();
    else if (choices) this.store.set(choices, 'prefs');
    else if (kind !== 'dismiss') this.store.refuseAll(kind as ConsentSource); // 'refuse-all' or 'close'
    const d = this.#dialog();
    // the dialog's close event gives focus back to its opener
    if (d?.open) d.close();
    else if (hadFocus) void this.updateComplete.then(() => this.#restoreFocus(this.#lastOutside));
  }

  /**
   * Focus the first of `candidates` still on the page and visible, else the page's main landmark: never
   * `<body>` once the banner or the dialog that had focus is gone.
   */
  #restoreFocus(...candidates: (Element | null)[]): void {
    const main = document.querySelector<HTMLElement>('main, [role="main"]');
    const target = [...candidates, main].find(
      (el): el is HTMLElement =>
        el instanceof HTMLElement && el.isConnected && el.checkVisibility?.() !== false,
    );
    if (target === main && main && !main.hasAttribute('tabindex')) main.tabIndex = -1;
    target?.focus();
  }

  /**
   * While the banner is shown, the page scrolls `height` pixels further (its own bottom padding kept) and
   * its scroll padding keeps focused elements above the banner; 0 gives the page back.
   */
  #makeRoom(height: number): void {
    cancelAnimationFrame(this.#roomFrame);
    const html = document.documentElement.style;
    if (height && this.#pagePadding === undefined) this.#pagePadding = html.paddingBottom;
    if (height) {
      html.paddingBottom = `calc(${this.#pagePadding || '0px'} + ${height}px)`;
      html.scrollPaddingBottom = `${height}px`;
    } else if (this.#pagePadding !== undefined) {
      html.paddingBottom = this.#pagePadding;
      html.scrollPaddingBottom = '';
      this.#pagePadding = undefined;
    }
  }

  protected override updated(): void {
    const region = this.#region();
    this.#scrollObserver.disconnect();
    // watched from the next frame: this update may run while another element's ResizeObserver
    // delivers, where a new target is left undelivered and the browser reports an error on the page
    if (region) requestAnimationFrame(() => region.isConnected && this.#scrollObserver.observe(region));
    else this.#makeRoom(0);
  }

  protected override render(): TemplateResult {
    const lang = this.ui;
    const c = this.store.config;
    const t = this.texts(this.#prefs?.PREFS_TEXTS);
    if (this.error) return this.#messages!.errorView(this.error, lang);
    if (!c) return html``;
    const needed = c.purposes.filter((p) => !p.exempt);
    // partners are third parties: the controller's own tools are not counted
    const partners = new Set(
      c.purposes.flatMap((p) => p.vendors.filter((v) => v.thirdParty).map((v) => v.name)),
    );
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
              <div class="text">
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
                  ${fill(t.thirdParties, { n: partners.size })}
                  ${
                    partners.size
                      ? html`—
                          <button type="button" class="link" aria-haspopup="dialog" @click=${customise}>
                            ${t.seeThirdParties}
                          </button>`
                      : nothing
                  }
                  · <a href=${c.privacyPolicyUrl}>${t.policy}</a>
                </p>
              </div>
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
    ${
      this.#prefs?.dialog({
        store: this.store,
        config: c,
        texts: t,
        lang,
        kit,
        choose: (kind, choices) => this.choose(kind, choices),
        // the opener, else where focus was before the banner, else the page's button
        closed: () =>
          this.#restoreFocus(this.#opener, this.#lastOutside, document.querySelector('ode-consent-button')),
      }) ?? nothing
    }`;
  }
}
