import { define } from './base.js';
import { OdeCookieDeclaration } from './ode-cookie-declaration.js';

define('ode-cookie-declaration', OdeCookieDeclaration);

declare global {
  interface HTMLElementTagNameMap {
    'ode-cookie-declaration': OdeCookieDeclaration;
  }
}

export { OdeCookieDeclaration };
