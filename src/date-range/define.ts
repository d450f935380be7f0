import { OdeDateRange } from './ode-date-range.js';

if (!customElements.get('ode-date-range')) customElements.define('ode-date-range', OdeDateRange);

declare global {
  interface HTMLElementTagNameMap {
    'ode-date-range': OdeDateRange;
  }
}

export { OdeDateRange };
