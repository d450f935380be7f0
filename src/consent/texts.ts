import { html, type TemplateResult } from './lit.js';
import type { UiLang } from '../core/lang.js';
import type { ConsentConfig, Text } from './config.js';
import { CONSENT_TEXTS, type ConsentTexts } from './strings.js';

/**
 * Text helpers. The lazy parts (dialog, cookie table, gate placeholder) receive this module from their
 * element instead of importing it, so that it stays in the entry file rather than a shared chunk.
 */

/**
 * The interface texts in `lang`: ours (with `more`, the texts of a lazily loaded part), then the tenant's
 * overrides.
 */
export const textsFor = (lang: UiLang, config?: ConsentConfig, more?: Record<UiLang, object>): ConsentTexts =>
  ({ ...CONSENT_TEXTS[lang], ...more?.[lang], ...config?.texts?.[lang] }) as ConsentTexts;

/** Replace `{name}` placeholders. */
export const fill = (s: string, v: Record<string, string | number>): string =>
  s.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k]) : m));

/** A configured text in `lang` (falling back to the other language). */
export const tx = (t: Text | undefined, lang: UiLang): string =>
  typeof t === 'string' ? t : (t?.[lang] ?? t?.fr ?? t?.en ?? '');

/** What a choice button does. */
export type Choice = 'accept-all' | 'refuse-all' | 'close' | 'save' | 'dismiss';

/**
 * Accept all and refuse all — the same element, part, class and therefore size and style — plus `extra`
 * (Customise or Save) made the same way. Used by both layers.
 */
export const choiceButtons = (
  t: ConsentTexts,
  choose: (k: Choice) => void,
  extra?: TemplateResult,
): TemplateResult =>
  html`<div part="actions" class="actions">
    <button type="button" part="button" class="btn" @click=${() => choose('accept-all')}>
      ${t.acceptAll}
    </button>
    <button type="button" part="button" class="btn" @click=${() => choose('refuse-all')}>
      ${t.refuseAll}
    </button>
    ${extra}
  </div>`;

/** What the lazy parts use from here (passed to them: see the top of this file). */
export const kit = { choiceButtons, fill, tx };
export type Kit = typeof kit;
