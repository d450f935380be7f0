import { OdeTable } from './ode-table.js';

if (!customElements.get('ode-table')) customElements.define('ode-table', OdeTable);

declare global {
  interface HTMLElementTagNameMap {
    'ode-table': OdeTable;
  }
}

export { OdeTable };
