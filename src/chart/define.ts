// the licence-and-source notice inside the chart is an <ode-attribution>: defined with it
import '../attribution/define.js';
import { OdeChart } from './ode-chart.js';
// <ode-series> children are defined with the chart (the class module itself defines nothing)
import './define-series.js';
export { OdeSeries } from './define-series.js';

if (!customElements.get('ode-chart')) customElements.define('ode-chart', OdeChart);

declare global {
  interface HTMLElementTagNameMap {
    'ode-chart': OdeChart;
  }
}

export { OdeChart };
