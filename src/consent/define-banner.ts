import { define } from './base.js';
import { OdeConsentBanner } from './ode-consent-banner.js';

define('ode-consent-banner', OdeConsentBanner);

declare global {
  interface HTMLElementTagNameMap {
    'ode-consent-banner': OdeConsentBanner;
  }
}

export { OdeConsentBanner };
