import { OdeSearch } from './ode-search.js';

if (!customElements.get('ode-search')) customElements.define('ode-search', OdeSearch);

declare global {
  interface HTMLElementTagNameMap {
    'ode-search': OdeSearch;
  }
}

export { OdeSearch };
