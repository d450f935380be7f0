import { LazyElement, type LazyView } from './base.js';
import { baseStyles } from './consent.styles.js';

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
export class OdeCookieDeclaration extends LazyElement<OdeCookieDeclaration> {
  static override styles = baseStyles;

  // the table's code loads with the element (only the cookie-charter page pays for it)
  protected override loadView(): Promise<LazyView<OdeCookieDeclaration>> {
    return import('./declaration-table.js');
  }
}
