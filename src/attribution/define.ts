import { OdeAttribution } from './ode-attribution.js';

if (!customElements.get('ode-attribution')) customElements.define('ode-attribution', OdeAttribution);

declare global {
  interface HTMLElementTagNameMap {
    'ode-attribution': OdeAttribution;
  }
}

export { OdeAttribution };
