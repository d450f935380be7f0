import { css, html, nothing, type TemplateResult } from 'lit';
import type { ConsentElement } from './base.js';
import type { ConsentVendor } from './config.js';
import { DECLARATION_TEXTS } from './declaration-texts.js';
import { durationText } from './duration.js';
import type { Kit } from './texts.js';

/* The cookie table of `<ode-cookie-declaration>`, loaded with the element: its texts, styles and template. */

export const styles = css`
  :host {
    display: block;
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: var(--_size-small);
  }
  caption {
    text-align: start;
    font-weight: 700;
    padding-bottom: 0.5rem;
  }
  th,
  td {
    border: 1px solid var(--_border);
    padding: 0.375rem 0.5rem;
    text-align: start;
    vertical-align: top;
  }
`;

/** Names of the third-party vendors of a purpose, or '' when it declares none. */
const thirdParties = (vendors: ConsentVendor[]): string =>
  vendors
    .filter((v) => v.thirdParty)
    .map((v) => v.name)
    .join(', ');

/** The table of `el`'s configuration. */
export function render(el: ConsentElement, { tx }: Kit): TemplateResult {
  const c = el.store.config!;
  const t = el.texts(DECLARATION_TEXTS);
  const lang = el.ui;
  const rows = [
    {
      name: el.store.cookieName,
      purpose: t.consentPurpose,
      duration: t.months.replace('{n}', String(c.retentionMonths)),
      provider: c.controller.name,
      third: false,
      description: t.consentCookie,
    },
    ...c.purposes.flatMap((p) =>
      p.cookies.map((k) => ({
        name: k.name,
        purpose: tx(p.title, lang),
        duration: durationText(k.duration, t),
        provider:
          k.provider ??
          (k.thirdParty ? thirdParties(p.vendors) || t.unspecifiedThirdParty : c.controller.name),
        third: !!k.thirdParty,
        description: tx(k.description, lang),
      })),
    ),
  ];
  return html`<table part="table" lang=${lang}>
    <caption>
      ${t.declCaption}
    </caption>
    <thead>
      <tr>
        <th scope="col">${t.declName}</th>
        <th scope="col">${t.declPurpose}</th>
        <th scope="col">${t.declDuration}</th>
        <th scope="col">${t.declProvider}</th>
        <th scope="col">${t.declParty}</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            <th scope="row"><code>${r.name}</code></th>
            <td>
              ${r.purpose}${r.description ? html`<br /><span class="muted">${r.description}</span>` : nothing}
            </td>
            <td>${r.duration}</td>
            <td>${r.provider}</td>
            <td>${r.third ? t.yes : t.no}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
