import { OdeDataset } from './ode-dataset.js';

if (!customElements.get('ode-dataset')) customElements.define('ode-dataset', OdeDataset);

declare global {
  interface HTMLElementTagNameMap {
    'ode-dataset': OdeDataset;
  }
}

export { OdeDataset };
