import { OdeFilters } from './ode-filters.js';

if (!customElements.get('ode-filters')) customElements.define('ode-filters', OdeFilters);

declare global {
  interface HTMLElementTagNameMap {
    'ode-filters': OdeFilters;
  }
}

export { OdeFilters };
