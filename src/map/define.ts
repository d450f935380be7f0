// the licence-and-source notice inside the map is an <ode-attribution>: defined with it
import '../attribution/define.js';
import { OdeMap } from './ode-map.js';

if (!customElements.get('ode-map')) customElements.define('ode-map', OdeMap);

declare global {
  interface HTMLElementTagNameMap {
    'ode-map': OdeMap;
  }
}

export { OdeMap };
