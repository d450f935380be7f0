/**
 * The parts of `<ode-map>` outside the canvas that come with the engine: the basemap's consent notice,
 * the tools row ("view as list", the offline-basemap note, the legend) and the list of records in view.
 * Plain templates of what the element passes; loaded with the engine, without maplibre (a browser
 * without WebGL still shows the list).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { DatasetField } from '../api/types.js';
import { formatText } from '../core/format.js';
import { uiLang } from '../core/lang.js';
import { engineStrings } from './engine-strings.js';
import { PALETTE, type BasemapState, type Legend, type Row } from './model.js';

export interface ExtrasInput {
  locale: string;
  /** The basemap's state; absent without a map. */
  basemap?: BasemapState;
  /** Allow the basemap's consent purpose. */
  allow: () => void;
  legend?: Legend;
  listOpen: boolean;
  toggleList: () => void;
  /** What the list shows (`inView`: records in the visible area; else the first matching records). */
  list?: { total: number; rows: Row[]; inView: boolean };
  fields: DatasetField[];
  /** Centre the map on a record and open its popup; absent without a map. */
  show?: (row: Row) => void;
  /** filter-on-click: each record gets a "Filter on …" toggle button. */
  filter?: {
    /** The value a record stands for, or undefined (no button). */
    valueOf(row: Row): string | undefined;
    isSelected(row: Row): boolean;
    toggle(row: Row): void;
    /** The button's words: "Filter on TX". */
    label(value: string): string;
  };
}

/** The status line of a started map: no map in this browser, or nothing to show. */
export function statusText(
  locale: string,
  noMap: boolean,
  total: number | undefined,
  filtered: boolean,
): string {
  const t = engineStrings(uiLang(locale));
  if (noMap) return t.noMap;
  if (total === 0) return filtered ? t.noMatch : t.noRecords;
  return '';
}

/** The consent notice, the tools row and the list. */
export function extrasView(i: ExtrasInput): TemplateResult {
  const t = engineStrings(uiLang(i.locale));
  // made when a legend or the list shows a number, not on every render of the map: a page's first
  // Intl object costs tens of ms, better spent where the map waits than on its way to the first frame
  let made: Intl.NumberFormat | undefined;
  const nf = { format: (n: number) => (made ??= new Intl.NumberFormat(i.locale)).format(n) };
  const l = i.legend;
  return html`
    ${
      i.basemap?.consentBlocked
        ? html`<p class="consent" role="note">
            ${t.consentNeeded}
            ${
              i.basemap.consentConfigured
                ? html`<button type="button" @click=${i.allow}>${t.allow}</button>`
                : nothing
            }
          </p>`
        : nothing
    }
    <div class="tools">
      <button
        type="button"
        aria-expanded=${i.listOpen ? 'true' : 'false'}
        aria-controls="list"
        @click=${i.toggleList}
      >
        ${i.listOpen ? t.hideList : t.showList}
      </button>
      ${i.basemap?.tileFailed ? html`<p class="note">${t.offlineNote}</p>` : nothing}
      ${
        l
          ? html`<div part="legend" class="legend" role="group" aria-label=${`${t.legend}: ${l.label}`}>
              <span>${l.label}</span>
              ${
                l.kind === 'ramp'
                  ? html`<span>${nf.format(l.min!)}</span
                      ><span
                        class="ramp"
                        style=${`background:linear-gradient(to right,${PALETTE.join(',')})`}
                      ></span
                      ><span>${nf.format(l.max!)}</span>`
                  : l.categories!.map(
                      ([v, c]) =>
                        html`<span><span class="swatch" style=${`background:${c}`}></span>${v}</span>`,
                    )
              }
            </div>`
          : nothing
      }
    </div>
    <section part="list" class="list" id="list" ?hidden=${!i.listOpen} aria-label=${t.showList}>
      ${i.list && i.listOpen ? listView(i, i.list, nf) : nothing}
    </section>
  `;
}

function listView(
  i: ExtrasInput,
  list: NonNullable<ExtrasInput['list']>,
  nf: Pick<Intl.NumberFormat, 'format'>,
): TemplateResult {
  const t = engineStrings(uiLang(i.locale));
  const { total, rows } = list;
  const o = { locale: i.locale, lang: uiLang(i.locale), timeZone: undefined };
  const count = list.inView
    ? total === 1
      ? t.oneInView
      : t.inView(nf.format(total))
    : total === 1
      ? t.oneRecord
      : t.records(nf.format(total));
  return html`<p role="status">
      ${count}${total > rows.length ? ` (${t.listed(nf.format(rows.length))})` : ''}
    </p>
    <ul>
      ${rows.map((r) => {
        const value = i.filter?.valueOf(r);
        return html`<li>
          ${i.fields.map((f, k) => html`${k ? ' · ' : ''}${formatText(r[f.name], f, o)}`)}
          ${i.show ? html`<button type="button" @click=${() => i.show!(r)}>${t.showOnMap}</button>` : nothing}
          ${
            i.filter && value !== undefined
              ? html`<button
                  type="button"
                  aria-pressed=${i.filter.isSelected(r) ? 'true' : 'false'}
                  @click=${() => i.filter!.toggle(r)}
                >
                  ${i.filter.label(value)}
                </button>`
              : nothing
          }
        </li>`;
      })}
    </ul>`;
}
