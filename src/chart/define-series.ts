import { OdeSeries } from './ode-series.js';

if (!customElements.get('ode-series')) customElements.define('ode-series', OdeSeries);

declare global {
  interface HTMLElementTagNameMap {
    'ode-series': OdeSeries;
  }
}

export { OdeSeries };
