/**
 * The cookie-consent suite: defines `<ode-consent-banner>`, `<ode-consent-button>`, `<ode-consent-gate>`
 * and `<ode-cookie-declaration>`, and exports the JS API (`consent.get / set / whenGranted / reset`).
 * The preferences dialog and the cookie table load on first use (no request to show the banner).
 * Audience-tool presets (Matomo, GA4, Piano) are a separate entry: `src/consent/presets.ts`; the precise
 * configuration validator too (`src/consent/validate.ts`, loaded by the banner only for an invalid config).
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
export { addMonths, choiceExpiry, audienceExpiry, remainingAudienceMs, AUDIENCE_MAX_DAYS } from './dates.js';
export { activateAll } from './activate.js';
