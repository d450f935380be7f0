import { define } from './base.js';
import { OdeConsentButton } from './ode-consent-button.js';

define('ode-consent-button', OdeConsentButton);

declare global {
  interface HTMLElementTagNameMap {
    'ode-consent-button': OdeConsentButton;
  }
}

export { OdeConsentButton };
