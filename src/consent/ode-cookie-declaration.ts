import { adoptStyles, nothing, type TemplateResult } from 'lit';
import { ConsentElement } from './base.js';
import { baseStyles } from './consent.styles.js';
import { kit } from './texts.js';

/**
 * @summary The cookie table of the tenant's cookie charter (name, purpose, duration, set by, third party),
 * rendered from the same configuration that drives the banner and the blocking, so it cannot drift from
 * what the page does. Its first row is the consent cookie itself. The table appears once the configuration
 * and its code are loaded: on a page with content after it, give the element a `min-height` to avoid a shift.
 *
 * @attr lang - Interface language, else the closest `lang` of the page.
 *
 * @prop {ConsentStore} store - The store whose configuration it shows (default: the shared `consent`).
 *
 * @csspart table - The table.
 *
 * @cssprop --ode-color-border - Cell borders.
 * @cssprop --ode-font-size-small - Text size.
 */
export class OdeCookieDeclaration extends ConsentElement {
  static override styles = baseStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    void import('./declaration-table.js').then((m) => {
      this.table = m;
      adoptStyles(this.renderRoot as ShadowRoot, [...baseStyles, m.declarationStyles]);
      this.requestUpdate();
    });
  }

  private table?: typeof import('./declaration-table.js');

  protected override render(): TemplateResult | typeof nothing {
    const c = this.store.config;
    // the table's code loads with the element (only the cookie-charter page pays for it)
    if (!c || !this.table) return nothing;
    return this.table.renderDeclaration(c, this.texts(this.table.DECLARATION_TEXTS), this.ui, kit);
  }
}
