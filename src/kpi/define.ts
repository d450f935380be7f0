// the source line under the figure is an <ode-attribution>: defined with it
import '../attribution/define.js';
import { OdeKpi } from './ode-kpi.js';

if (!customElements.get('ode-kpi')) customElements.define('ode-kpi', OdeKpi);

declare global {
  interface HTMLElementTagNameMap {
    'ode-kpi': OdeKpi;
  }
}

export { OdeKpi };
