import { LitElement, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { closestLang, uiLang } from '../core/lang.js';
import { declarationStyles } from './consent.styles.js';
import { consent, type ConsentStore } from './store.js';
import { textsFor } from './texts.js';

/**
 * @summary The cookie table of the tenant's cookie charter (name, purpose, duration, set by, third party),
 * rendered from the same configuration that drives the banner and the blocking, so it cannot drift from
 * what the page does. Its first row is the consent cookie itself.
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
export class OdeCookieDeclaration extends LitElement {
  static override styles = declarationStyles;

  @property({ attribute: false }) store: ConsentStore = consent;
  @state() private locale = 'en';
  private readonly refresh = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    this.locale = closestLang(this);
    this.store.addEventListener('update', this.refresh);
    void import('./declaration-table.js').then((m) => {
      this.table = m;
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.store.removeEventListener('update', this.refresh);
  }

  private table?: typeof import('./declaration-table.js');

  protected override render(): TemplateResult | typeof nothing {
    const c = this.store.config;
    // the table's code loads with the element (only the cookie-charter page pays for it)
    if (!c || !this.table) return nothing;
    const lang = uiLang(this.locale);
    return this.table.renderDeclaration(c, textsFor(lang, c), lang);
  }
}
