import { OdeBuilder } from './ode-builder.js';

if (!customElements.get('ode-builder')) customElements.define('ode-builder', OdeBuilder);

declare global {
  interface HTMLElementTagNameMap {
    'ode-builder': OdeBuilder;
  }
}

export { OdeBuilder };
