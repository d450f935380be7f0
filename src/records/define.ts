// the notice after the cards is an <ode-attribution>: defined with it
import '../attribution/define.js';
import { OdeRecords } from './ode-records.js';

if (!customElements.get('ode-records')) customElements.define('ode-records', OdeRecords);

declare global {
  interface HTMLElementTagNameMap {
    'ode-records': OdeRecords;
  }
}

export { OdeRecords };
