import { css, html, nothing, type TemplateResult } from 'lit';
import type { UiLang } from '../core/lang.js';
import type { ConsentConfig } from './config.js';
import type { OdeConsentBanner } from './ode-consent-banner.js';
import type { ConsentStore } from './store.js';
import type { ConsentTexts } from './strings.js';
import type { Choice, Kit } from './texts.js';
import { DURATION_TEXTS, durationText } from './duration.js';

/**
 * The preferences dialog's content, loaded by `<ode-consent-banner>` the first time it opens: one
 * Accept / Refuse pair of radios per purpose (none pre-selected before a first choice), the partners and
 * cookies of each, the accept-all / refuse-all pair, Save, and "Download my receipt".
 */

const fr = {
  prefsTitle: 'Préférences de cookies',
  prefsText:
    'Choisissez pour chaque finalité. Sans choix de votre part, elle reste refusée. Vos choix sont conservés {months} mois.',
  accept: 'Accepter',
  refuse: 'Refuser',
  save: 'Enregistrer mes choix',
  close: 'Fermer',
  exempt: 'Exempté de consentement : toujours actif',
  vendors: 'Partenaires',
  thirdParty: 'tiers',
  cookies: 'Cookies',
  receipt: 'Télécharger mon reçu',
  gpc: 'Votre navigateur envoie le signal Global Privacy Control : nous l’avons respecté en refusant tout.',
};
const en: typeof fr = {
  prefsTitle: 'Cookie preferences',
  prefsText:
    'Choose for each purpose. Without a choice, it stays refused. Your choices are kept {months} months.',
  accept: 'Accept',
  refuse: 'Refuse',
  save: 'Save my choices',
  close: 'Close',
  exempt: 'Exempt from consent: always active',
  vendors: 'Partners',
  thirdParty: 'third party',
  cookies: 'Cookies',
  receipt: 'Download my receipt',
  gpc: 'Your browser sends the Global Privacy Control signal: we honoured it by refusing everything.',
};
/** The dialog's texts, merged under the tenant's `texts` overrides. */
export const PREFS_TEXTS = {
  fr: { ...DURATION_TEXTS.fr, ...fr },
  en: { ...DURATION_TEXTS.en, ...en },
};

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

/** Show the dialog of `banner` with the stored choice (not what was ticked and left unsaved last time). */
export async function show(banner: OdeConsentBanner, opener: Element | null): Promise<void> {
  const dialog = () => banner.renderRoot.querySelector('dialog');
  if (dialog()?.open) return;
  banner.opener = opener;
  banner.requestUpdate();
  await banner.updateComplete;
  const d = dialog();
  if (!d || d.open) return;
  for (const i of d.querySelectorAll('input')) i.checked = banner.store.record?.p[i.name] === +i.value;
  d.showModal();
}

/** Focus back to the opener; the banner's Customise button is gone once a choice is made: then the page's button. */
function restoreFocus(banner: OdeConsentBanner) {
  const o = banner.opener as HTMLElement | undefined;
  banner.opener = undefined;
  const target =
    o?.isConnected && o.checkVisibility?.() !== false ? o : document.querySelector('ode-consent-button');
  (target as HTMLElement | null)?.focus();
}

/** The choices ticked in the dialog; a purpose left untouched is refused (inaction is no consent). */
function collect(root: ParentNode, c: ConsentConfig): Record<string, boolean> {
  const choices: Record<string, boolean> = {};
  for (const p of c.purposes) if (!p.exempt) choices[p.id] = false;
  for (const input of root.querySelectorAll<HTMLInputElement>('input:checked'))
    choices[input.name] = input.value === '1';
  return choices;
}

/** The preferences `<dialog>` of `banner`. */
export function dialog(
  banner: OdeConsentBanner,
  c: ConsentConfig,
  t: ConsentTexts,
  kit: Kit,
): TemplateResult {
  const lang = banner.ui;
  return html`<dialog
    part="dialog"
    aria-labelledby="prefs-title"
    lang=${lang}
    @close=${() => restoreFocus(banner)}
  >
    ${renderPrefs(banner.store, c, t, lang, (k) => banner.choose(k, k === 'save' ? collect(banner.renderRoot, c) : undefined), kit)}
  </dialog>`;
}

function renderPrefs(
  store: ConsentStore,
  c: ConsentConfig,
  t: ConsentTexts,
  lang: UiLang,
  choose: (k: Choice) => void,
  { choiceButtons, fill, tx }: Kit,
): TemplateResult {
  const r = store.record;
  return html`<div class="head">
      <h2 id="prefs-title">${t.prefsTitle}</h2>
      <button type="button" class="btn" @click=${() => choose('dismiss')}>${t.close}</button>
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
                      .checked=${r?.p[p.id] === 1}
                    />${t.accept}</label
                  >
                  <label
                    ><input
                      type="radio"
                      name=${p.id}
                      value="0"
                      .checked=${r?.p[p.id] === 0}
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
    ${choiceButtons(t, choose, html`<button type="button" part="button" class="btn" @click=${() => choose('save')}>${t.save}</button>`)}
    ${r ? html`<p class="foot"><button type="button" class="link" @click=${() => downloadReceipt(store)}>${t.receipt}</button></p>` : nothing}`;
}
