import { OdeChart } from './ode-chart.js';
export { OdeSeries } from './define-series.js';

if (!customElements.get('ode-chart')) customElements.define('ode-chart', OdeChart);

declare global {
  interface HTMLElementTagNameMap {
    'ode-chart': OdeChart;
  }
}

export { OdeChart };
