/**
 * The cookie-consent suite: defines `<ode-consent-banner>`, `<ode-consent-button>`, `<ode-consent-gate>`
 * and `<ode-cookie-declaration>`, and exports the JS API (`consent.get / set / whenGranted / reset`).
 * The preferences dialog and the cookie table load on first use (no request to show the banner).
 * Audience-tool presets (Matomo, GA4, Piano) and the 6-month / 13-month date helpers are a separate entry,
 * `src/consent/presets.ts`; the publish-time validator another, `src/consent/validate.ts`.
 */
export * from './define-banner.js';
export * from './define-button.js';
export * from './define-gate.js';
export * from './define-declaration.js';
export {
  consent,
  ConsentStore,
  type ConsentRecord,
  type ConsentReceipt,
  type ConsentSource,
  type ConsentChangeDetail,
} from './store.js';
export {
  compliant,
  configHash,
  ConsentConfigError,
  type ConsentConfig,
  type ConsentConfigInput,
  type ConsentPurpose,
  type ConsentCookie,
  type ConsentVendor,
} from './config.js';
export { activateAll } from './store.js';
