import { OdeConsentButton } from './ode-consent-button.js';

if (!customElements.get('ode-consent-button')) customElements.define('ode-consent-button', OdeConsentButton);

declare global {
  interface HTMLElementTagNameMap {
    'ode-consent-button': OdeConsentButton;
  }
}

export { OdeConsentButton };
