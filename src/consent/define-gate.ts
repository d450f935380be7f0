import { define } from './base.js';
import { OdeConsentGate } from './ode-consent-gate.js';

define('ode-consent-gate', OdeConsentGate);

declare global {
  interface HTMLElementTagNameMap {
    'ode-consent-gate': OdeConsentGate;
  }
}

export { OdeConsentGate };
