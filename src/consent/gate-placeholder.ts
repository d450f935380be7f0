import { css, html, type TemplateResult } from 'lit';
import { materialize } from './activate.js';
import type { OdeConsentGate } from './ode-consent-gate.js';
import type { Kit } from './texts.js';

/*
 * The view of `<ode-consent-gate>`, loaded by the first gate of a page (pages without gated content never
 * pay for it; showing the banner never needs it): before its purpose is granted, what will load, from whom,
 * and a button to allow it; once granted, the template's content, activated (with the activation code).
 */

const fr = {
  gateText:
    'Ce contenu ({purpose}) est fourni par {vendors}. L’afficher peut déposer des cookies et transmettre des données à ce tiers.',
  gateAllow: 'Autoriser et afficher',
  gateManage: 'Gérer mes préférences',
  unknownPurpose: 'Finalité inconnue : « {purposes} ».',
};
const en: typeof fr = {
  gateText:
    'This content ({purpose}) is provided by {vendors}. Showing it may set cookies and send data to this third party.',
  gateAllow: 'Allow and show',
  gateManage: 'Manage my preferences',
  unknownPurpose: 'Unknown purpose: “{purposes}”.',
};

/** The placeholder's texts, merged under the tenant's `texts` overrides. */
export const GATE_TEXTS = { fr, en };

export const styles = css`
  .placeholder {
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    padding: 1rem;
  }
  [role='alert'] {
    border: 2px solid var(--_danger);
    padding: 0.5rem 1rem;
  }
`;

/** The placeholder, or the error for a purpose the configuration does not declare; once granted, the slot. */
export function render(gate: OdeConsentGate, { fill, tx }: Kit): TemplateResult {
  const { store, ui: lang } = gate;
  const c = store.config!;
  const p = c.purposes.find((x) => x.id === gate.purpose);
  if (p && gate.granted) return html`<slot></slot>`;
  const t = gate.texts(GATE_TEXTS);
  if (!p) {
    console.warn(`<ode-consent-gate>: purpose "${gate.purpose}" is not in the consent configuration.`);
    return html`<p part="error" role="alert">${fill(t.unknownPurpose, { purposes: gate.purpose })}</p>`;
  }
  const vendors = p.vendors ?? [];
  const third = vendors.filter((v) => v.thirdParty);
  const from = gate.vendor ?? (third.length ? third : vendors).map((v) => v.name).join(', ');
  return html`<div part="placeholder" class="placeholder" lang=${lang}>
    <slot name="placeholder"
      ><p>${fill(t.gateText, { purpose: tx(p.title, lang), vendors: from || c.controller.name })}</p></slot
    >
    <div class="actions">
      <button type="button" part="button" class="btn" @click=${() => store.set({ [p.id]: true }, 'gate')}>
        ${t.gateAllow}
      </button>
      <button
        type="button"
        class="link"
        aria-haspopup="dialog"
        @click=${(e: Event) => store.showPreferences(e.currentTarget as Element)}
      >
        ${t.gateManage}
      </button>
    </div>
  </div>`;
}

/** Put the template's content in the gate once granted; take it out on withdrawal. */
export function updated(gate: OdeConsentGate): void {
  const on = gate.granted;
  if (on && !gate.nodes.length) {
    const template = gate.querySelector(':scope > template');
    if (template instanceof HTMLTemplateElement) {
      const frag = materialize(template, gate.store.config?.nonce);
      gate.nodes = [...frag.childNodes];
      gate.append(frag);
    }
  } else if (!on && gate.nodes.length) {
    for (const n of gate.nodes) (n as ChildNode).remove();
    gate.nodes = [];
  }
}
