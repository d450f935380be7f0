import { OdeConsentBanner } from './ode-consent-banner.js';

if (!customElements.get('ode-consent-banner')) customElements.define('ode-consent-banner', OdeConsentBanner);

declare global {
  interface HTMLElementTagNameMap {
    'ode-consent-banner': OdeConsentBanner;
  }
}

export { OdeConsentBanner };
