// the licence-and-source notice inside the table is an <ode-attribution>: defined with it
import '../attribution/define.js';
import { OdeTable } from './ode-table.js';

if (!customElements.get('ode-table')) customElements.define('ode-table', OdeTable);

declare global {
  interface HTMLElementTagNameMap {
    'ode-table': OdeTable;
  }
}

export { OdeTable };
