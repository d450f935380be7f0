import { css, html, type TemplateResult } from 'lit';
import { materialize } from './activate.js';
import type { ConsentElement } from './base.js';
import { GATE_TEXTS } from './gate-texts.js';
import type { Kit } from './texts.js';

/*
 * The view of `<ode-consent-gate>`, loaded by the first gate of a page (pages without gated content never
 * pay for it; showing the banner never needs it): before its purpose is granted, what will load, from whom,
 * and a button to allow it; once granted, the template's content, activated (with the activation code).
 */

/** What the view needs of its `<ode-consent-gate>` (a plain contract: this module imports no element). */
export interface GateHost extends ConsentElement {
  purpose: string;
  vendor?: string;
  readonly granted: boolean;
  /** What the activated template put in the gate. */
  nodes: Node[];
}

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
export function render(gate: GateHost, { fill, tx }: Kit): TemplateResult {
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
export function updated(gate: GateHost): void {
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
