import { css, html, nothing, type TemplateResult } from 'lit';
import type { UiLang } from '../core/lang.js';
import type { ConsentConfig } from './config.js';
import type { ConsentStore } from './store.js';
import type { ConsentTexts } from './strings.js';
import type { Choice, Kit } from './texts.js';
import { durationText } from './duration.js';

export { PREFS_TEXTS } from './prefs-texts.js';

/**
 * The preferences dialog's content, loaded by `<ode-consent-banner>` the first time it opens: one
 * Accept / Refuse pair of radios per purpose (none pre-selected before a first choice), the partners and
 * cookies of each, the accept-all / refuse-all pair, Save, and "Download my receipt".
 */

export const prefsStyles = css`
  dialog {
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    width: min(44rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    padding: 1.25rem;
    box-sizing: border-box;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.5);
  }
  .head {
    display: flex;
    justify-content: space-between;
    align-items: start;
    gap: 1rem;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    margin: 0 0 1rem;
    padding: 0.75rem 1rem;
  }
  legend {
    font-weight: 700;
    padding: 0 0.25rem;
  }
  .choice {
    display: flex;
    flex-wrap: wrap;
    gap: 1.5rem;
    margin-bottom: 0.5rem;
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 24px;
    cursor: pointer;
  }
  input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    accent-color: var(--_btn-bg);
  }
  input:focus-visible,
  summary:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  summary {
    cursor: pointer;
    min-height: 24px;
    color: var(--_link);
  }
  ul {
    margin: 0.25rem 0;
    padding-left: 1.25rem;
  }
  .muted {
    color: var(--_muted);
    font-size: var(--_size-small);
  }
  .foot {
    margin-top: 1rem;
  }
  dialog .actions {
    margin-bottom: 1rem;
  }
`;

/** Give the visitor the receipt of their current choice as a JSON file. */
export function downloadReceipt(store: ConsentStore): void {
  const receipt = store.receipt();
  if (!receipt) return;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([JSON.stringify(receipt, null, 2)], { type: 'application/json' }));
  a.download = `consent-receipt-${receipt.time.slice(0, 10)}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Tick each purpose's stored decision (not what was ticked and left unsaved last time), and open `d`. */
export function open(d: HTMLDialogElement, store: ConsentStore): void {
  for (const i of d.querySelectorAll('input')) i.checked = store.decision(i.name) === (i.value === '1');
  d.showModal();
}

/** The choices ticked in the dialog; a purpose left untouched is refused (inaction is no consent). */
function collect(root: ParentNode, c: ConsentConfig): Record<string, boolean> {
  const choices: Record<string, boolean> = {};
  for (const p of c.purposes) if (!p.exempt) choices[p.id] = false;
  for (const input of root.querySelectorAll<HTMLInputElement>('input:checked'))
    choices[input.name] = input.value === '1';
  return choices;
}

/** What the dialog shows and does: plain data and callbacks from the banner (this module imports no element). */
export interface PrefsInput {
  store: ConsentStore;
  config: ConsentConfig;
  texts: ConsentTexts;
  lang: UiLang;
  kit: Kit;
  /** Record a choice (`choices` for Save) and close the dialog. */
  choose(kind: Choice, choices?: Record<string, boolean>): void;
  /** The dialog has closed (by a choice, Close or Escape). */
  closed(): void;
}

/** The preferences `<dialog>`. */
export function dialog(input: PrefsInput): TemplateResult {
  const { config: c, lang, choose } = input;
  return html`<dialog part="dialog" aria-labelledby="prefs-title" lang=${lang} @close=${() => input.closed()}>
    ${renderPrefs(input, (kind, from) =>
      choose(kind, kind === 'save' && from ? collect(from.closest('dialog')!, c) : undefined),
    )}
  </dialog>`;
}

function renderPrefs(
  { store, config: c, texts: t, lang, kit }: PrefsInput,
  chooseFrom: (k: Choice, from?: Element) => void,
): TemplateResult {
  const { choiceButtons, fill, tx } = kit;
  const r = store.record;
  const choose = (k: Choice, e?: Event) => chooseFrom(k, e?.currentTarget as Element | undefined);
  return html`<div class="head">
      <h2 id="prefs-title">${t.prefsTitle}</h2>
      <button type="button" class="btn" @click=${(e: Event) => choose('dismiss', e)}>${t.close}</button>
    </div>
    <p>${fill(t.prefsText, { months: c.retentionMonths })} <a href=${c.privacyPolicyUrl}>${t.policy}</a></p>
    ${r?.src === 'gpc' ? html`<p>${t.gpc}</p>` : nothing} ${choiceButtons(t, choose)}
    ${c.purposes.map(
      (p) =>
        html`<fieldset part="purpose">
          <legend>${tx(p.title, lang)}</legend>
          ${p.description ? html`<p>${tx(p.description, lang)}</p>` : nothing}
          ${
            p.exempt
              ? html`<p class="muted">${t.exempt}</p>`
              : html`<div class="choice">
                  <label
                    ><input
                      type="radio"
                      name=${p.id}
                      value="1"
                      .checked=${store.decision(p.id) === true}
                    />${t.accept}</label
                  >
                  <label
                    ><input
                      type="radio"
                      name=${p.id}
                      value="0"
                      .checked=${store.decision(p.id) === false}
                    />${t.refuse}</label
                  >
                </div>`
          }
          ${
            p.vendors.length || p.cookies.length
              ? html`<details>
                  <summary>${t.vendors} (${p.vendors.length}) · ${t.cookies} (${p.cookies.length})</summary>
                  <ul>
                    ${p.vendors.map(
                      (v) =>
                        html`<li>
                          ${v.url ? html`<a href=${v.url} rel="noopener">${v.name}</a>` : v.name}${
                            v.thirdParty ? ` (${t.thirdParty})` : ''
                          }
                        </li>`,
                    )}
                  </ul>
                  <ul>
                    ${p.cookies.map(
                      (k) =>
                        html`<li>
                          <code>${k.name}</code> —
                          ${durationText(k.duration, t)}${k.provider ? ` — ${k.provider}` : ''}
                        </li>`,
                    )}
                  </ul>
                </details>`
              : nothing
          }
        </fieldset>`,
    )}
    ${choiceButtons(t, choose, html`<button type="button" part="button" class="btn" @click=${(e: Event) => choose('save', e)}>${t.save}</button>`)}
    ${r ? html`<p class="foot"><button type="button" class="link" @click=${() => downloadReceipt(store)}>${t.receipt}</button></p>` : nothing}`;
}
