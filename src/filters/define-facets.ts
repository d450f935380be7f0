import { OdeFacets } from './ode-facets.js';

if (!customElements.get('ode-facets')) customElements.define('ode-facets', OdeFacets);

declare global {
  interface HTMLElementTagNameMap {
    'ode-facets': OdeFacets;
  }
}

export { OdeFacets };
