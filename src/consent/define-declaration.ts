import { OdeCookieDeclaration } from './ode-cookie-declaration.js';

if (!customElements.get('ode-cookie-declaration'))
  customElements.define('ode-cookie-declaration', OdeCookieDeclaration);

declare global {
  interface HTMLElementTagNameMap {
    'ode-cookie-declaration': OdeCookieDeclaration;
  }
}

export { OdeCookieDeclaration };
