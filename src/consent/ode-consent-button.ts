import { LitElement, html, type TemplateResult } from './lit.js';
import { ConsentElement } from './base.js';
import { buttonStyles } from './consent.styles.js';

/**
 * @summary A permanent, focusable way back to the cookie preferences, so withdrawing is as easy as giving.
 * Put one on every page (footer, or `floating` in the bottom-left corner). It needs an
 * `<ode-consent-banner>` on the page, which holds the dialog.
 *
 * @attr floating - Fixed in the bottom-left corner of the viewport.
 * @attr lang - Interface language, else the closest `lang` of the page.
 *
 * @prop {ConsentStore} store - The store whose preferences it opens (default: the shared `consent`).
 *
 * @slot - The label (default "Gérer mes cookies" / "Manage cookies").
 *
 * @csspart button - The button.
 *
 * @cssprop --ode-consent-button-bg - Background.
 * @cssprop --ode-consent-button-fg - Text colour.
 * @cssprop --ode-color-focus - Focus ring.
 * @cssprop --ode-radius - Corner radius.
 */
export class OdeConsentButton extends ConsentElement {
  static override styles = buttonStyles;
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  static override properties = { floating: { type: Boolean, reflect: true } };
  floating = false;
  protected override render(): TemplateResult {
    return html`<button
      type="button"
      part="button"
      class="btn"
      aria-haspopup="dialog"
      @click=${() => this.store.showPreferences(this)}
    >
      <slot>${this.texts().manage}</slot>
    </button>`;
  }
}
