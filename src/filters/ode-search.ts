import { LitElement, html, css, type TemplateResult, type PropertyDeclarations } from 'lit';
import { SourceController } from '../core/source-controller.js';
import { closestLang, uiLang } from '../core/lang.js';
import { strings } from '../core/strings.js';
import { filterStrings } from './strings.js';
import { tokens } from '../core/tokens.js';
import { sourceProblemView } from '../core/error-view.js';

let uid = 0;

/**
 * @summary A full-text search box for a dataset: what the visitor types becomes the shared `q` (a quoted
 * ODSQL literal, never raw ODSQL), debounced, so every view of the dataset follows.
 *
 * @attr domain - Portal host or origin (standalone use).
 * @attr dataset - Dataset identifier (standalone use; property `datasetId`).
 * @attr source - Id of the `<ode-dataset>` to drive.
 * @attr label - Visible label (default "Search the data").
 * @attr placeholder - Placeholder text.
 * @attr debounce - Milliseconds to wait after typing (default 300).
 *
 * @csspart label - The label.
 * @csspart input - The search input.
 * @csspart error - The box shown instead when no dataset is found (no `source`, a `source` naming
 *   nothing, a bad `domain`).
 *
 * @cssprop --ode-color-border - Input border.
 * @cssprop --ode-color-focus - Focus ring.
 */
export class OdeSearch extends LitElement {
  static override properties: PropertyDeclarations = {
    domain: { reflect: true },
    datasetId: { attribute: 'dataset', reflect: true },
    source: { reflect: true },
    label: {},
    placeholder: {},
    debounce: { type: Number },
    value: { state: true },
  };

  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
      label {
        font-weight: 600;
      }
      input {
        font: inherit;
        color: inherit;
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.375rem 0.5rem;
        min-height: 24px;
        min-width: 14rem;
        flex: 1;
      }
      input:focus-visible {
        outline: 2px solid var(--_focus);
        outline-offset: 1px;
      }
    `,
  ];

  domain?: string;
  datasetId?: string;
  source?: string;
  label?: string;
  placeholder?: string;
  debounce = 300;

  private value = '';
  private timer?: ReturnType<typeof setTimeout>;
  private readonly inputId = `ode-search-${++uid}`;

  private readonly sourceCtl = new SourceController(
    this,
    () => ({ domain: this.domain, datasetId: this.datasetId, sourceId: this.source }),
    (source, detail) => {
      if (!detail || detail.changed.includes('q')) {
        const q = source?.query.q ?? '';
        if (q !== this.value.trim()) this.value = q;
      }
    },
  );

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private onInput(e: Event): void {
    this.value = (e.target as HTMLInputElement).value;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.commit(), this.debounce);
  }

  private commit(): void {
    clearTimeout(this.timer);
    this.sourceCtl.source?.update({ q: this.value.trim() || undefined });
  }

  protected override render(): TemplateResult {
    const lang = uiLang(closestLang(this));
    const t = { ...strings(lang), ...filterStrings(lang) };
    // the box would search nothing: say what is missing instead
    if (this.sourceCtl.problem) return sourceProblemView(this, this.sourceCtl, t);
    return html`<div class="row" role="search">
      <label part="label" for=${this.inputId}>${this.label ?? t.searchLabel}</label>
      <input
        part="input"
        id=${this.inputId}
        type="search"
        .value=${this.value}
        placeholder=${this.placeholder ?? t.searchPlaceholder}
        autocomplete="off"
        @input=${this.onInput}
        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.commit()}
        @search=${() => this.commit()}
      />
    </div>`;
  }
}
