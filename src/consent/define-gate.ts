import { OdeConsentGate } from './ode-consent-gate.js';

if (!customElements.get('ode-consent-gate')) customElements.define('ode-consent-gate', OdeConsentGate);

declare global {
  interface HTMLElementTagNameMap {
    'ode-consent-gate': OdeConsentGate;
  }
}

export { OdeConsentGate };
