import { LitElement, html, css, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import { SourceController } from '../core/source-controller.js';
import { timeoutMs } from '../api/client.js';
import type { Dataset, DatasetField } from '../api/types.js';
import { facetValue, str } from '../api/odsql.js';
import type { FacetsAnswer, FacetValue } from '../api/client.js';
import { errorView, sourceProblemView } from '../core/error-view.js';
import { closestLang, uiLang } from '../core/lang.js';
import { strings, type Strings } from '../core/strings.js';
import { filterStrings, type FilterStrings } from './strings.js';
import { tokens } from '../core/tokens.js';
import { fire } from '../core/events.js';
import { DataTask } from '../core/data-task.js';
import { fieldNames, fieldsProblem } from '../core/fields.js';

/** Read a `field:"value"` (or `field:value`) refinement back. */
export function splitFacetValue(s: string): { name: string; value: string } | undefined {
  const i = s.indexOf(':');
  if (i <= 0) return undefined;
  const name = s.slice(0, i);
  let value = s.slice(i + 1);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    value = value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return { name, value };
}

const annotated = (f: DatasetField, key: string) => {
  const a = f.annotations ?? {};
  return key in a && a[key] !== false;
};

/**
 * @summary Facet filters for a dataset: for each facet field, its most frequent values with their counts
 * (from the portal's `/facets`), to refine on (several values of a disjunctive facet are OR-ed) or
 * exclude, and a summary of the active filters with remove buttons. Every view of the dataset follows.
 *
 * @attr domain - Portal host or origin (standalone use).
 * @attr dataset - Dataset identifier (standalone use; property `datasetId`).
 * @attr timeout - Longest wait for each answer of the portal, in seconds (standalone use; default 20).
 * @attr source - Id of the `<ode-dataset>` to drive.
 * @attr fields - Comma-separated facet fields (default: the fields annotated `facet` in the metadata).
 * @attr limit - Values shown per facet before "Show more" (default 8).
 *
 * @fires ode-load - The facets of the current query are shown; `detail.facets` is the number of facet
 *   fields shown.
 * @fires ode-error - The facets could not be loaded; `detail.error` says why.
 *
 * @csspart summary - The active-filter summary.
 * @csspart facet - One facet group (a fieldset).
 * @csspart value - One value row.
 * @csspart count - A value's count.
 * @csspart exclude - The exclude button of a value.
 * @csspart remove - A remove button in the summary.
 * @csspart error - The error box.
 * @csspart retry - The Retry button.
 *
 * @cssprop --ode-color-border - Group borders.
 * @cssprop --ode-color-muted - Counts.
 * @cssprop --ode-color-focus - Focus ring.
 */
export class OdeFacets extends LitElement {
  static override properties: PropertyDeclarations = {
    domain: { reflect: true },
    datasetId: { attribute: 'dataset', reflect: true },
    timeout: { type: Number },
    source: { reflect: true },
    fields: {},
    limit: { type: Number },
    metadata: { state: true },
    answer: { state: true },
    expanded: { state: true },
  };

  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      .summary {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
        align-items: center;
        margin: 0 0 0.75rem;
        padding: 0;
        list-style: none;
      }
      .summary li button {
        border-radius: 999px;
      }
      /* as many columns of 13rem or more as fit, shared by the groups (no empty column beside cut
         names); the row is at most as wide as its groups at 24rem each, so one or two groups are not
         stretched across a wide page */
      .groups {
        display: grid;
        gap: 0.75rem;
        grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr));
        /* a width, not a max-width: a grid's definite maximum sets its column count even when the page
           sizes it by its content (its min-content would be three columns wide in a phone's grid) */
        width: min(100%, calc(var(--_groups, 4) * 24.75rem - 0.75rem));
      }
      fieldset {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        margin: 0;
        padding: 0.5rem 0.75rem;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li.value {
        display: flex;
        align-items: center;
        gap: 0.375rem;
        min-height: 28px;
      }
      li.value label {
        flex: 1;
        display: flex;
        gap: 0.375rem;
        align-items: center;
        min-width: 0;
        cursor: pointer;
      }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .count {
        color: var(--_muted);
        font-variant-numeric: tabular-nums;
        font-size: var(--_size-small);
      }
      input[type='checkbox'] {
        /* its full size beside a long name too (a flex item shrinks by default) */
        flex: none;
        width: 1.1rem;
        height: 1.1rem;
        margin: 0;
      }
      input:focus-visible {
        outline: 2px solid var(--_focus);
        outline-offset: 2px;
      }
      button.exclude {
        padding: 0 0.4rem;
        min-width: 24px;
        line-height: 1.4;
      }
      .excluded .name {
        text-decoration: line-through;
      }
      .more {
        margin-top: 0.25rem;
      }
      .status {
        color: var(--_muted);
      }
    `,
  ];

  domain?: string;
  datasetId?: string;
  /** Longest wait for each answer, in seconds (standalone use; default 20). */
  timeout?: number;
  source?: string;
  fields?: string;
  limit = 8;

  private metadata?: Dataset;
  private answer?: FacetsAnswer;
  private expanded = new Set<string>();

  /** The metadata (for the facet fields), then the facet values of the current query. */
  readonly #task = new DataTask<{ metadata: Dataset; answer: FacetsAnswer }>(this, {
    task: async (signal) => {
      const source = this.sourceCtl.source!;
      const metadata = await source.loadMetadata(signal);
      const fields = this.facetFields(metadata);
      if (fields.length === 0) return { metadata, answer: { facets: [] } };
      const specs = fields.map((f) =>
        annotated(f, 'disjunctive')
          ? `facet(name=${str(f.name)}, disjunctive=true, limit=50)`
          : `facet(name=${str(f.name)}, limit=50)`,
      );
      const answer = await source.client.facets(source.datasetId, specs, source.toQuery(), signal);
      return { metadata, answer };
    },
    onDone: ({ metadata, answer }) => {
      this.metadata = metadata;
      this.answer = answer;
    },
    onShown: () => fire(this, 'ode-load', { facets: this.facetFields(this.metadata).length }),
    onError: (error) => fire(this, 'ode-error', { error }),
  });

  private readonly sourceCtl = new SourceController(
    this,
    () => ({
      domain: this.domain,
      datasetId: this.datasetId,
      sourceId: this.source,
      timeout: timeoutMs(this.timeout),
    }),
    (source, detail) => {
      // a sort changes no count
      if (detail && detail.changed.every((k) => k === 'orderBy')) return;
      if (source) void this.#task.run();
      else this.#task.cancel();
    },
  );

  /** The facet fields: those named in `fields`, else those the metadata annotates `facet`. */
  private facetFields(metadata: Dataset | undefined): DatasetField[] {
    const all = metadata?.fields ?? [];
    const chosen = (this.fields ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (chosen.length)
      return chosen.map((n) => all.find((f) => f.name === n)).filter((f): f is DatasetField => !!f);
    return all.filter((f) => annotated(f, 'facet'));
  }

  private toggle(f: DatasetField, value: string, on: boolean): void {
    const source = this.sourceCtl.source;
    if (!source) return;
    const entry = facetValue(f.name, value);
    const others = source.query.refine.filter((r) => r !== entry);
    // a conjunctive facet holds one value at a time; a disjunctive one several (OR-ed by the portal)
    const kept = annotated(f, 'disjunctive')
      ? others
      : others.filter((r) => splitFacetValue(r)?.name !== f.name);
    source.update({ refine: on ? [...kept, entry] : others });
  }

  private exclude(f: DatasetField, value: string): void {
    const source = this.sourceCtl.source;
    if (!source) return;
    const entry = facetValue(f.name, value);
    source.update({
      exclude: [...source.query.exclude.filter((r) => r !== entry), entry],
      refine: source.query.refine.filter((r) => r !== entry),
    });
  }

  private removeFilter(kind: 'refine' | 'exclude' | 'q', entry?: string): void {
    const source = this.sourceCtl.source;
    if (!source) return;
    if (kind === 'q') source.update({ q: undefined });
    else source.update({ [kind]: source.query[kind].filter((r) => r !== entry) });
  }

  protected override render(): TemplateResult {
    const lang = uiLang(closestLang(this));
    const t = { ...strings(lang), ...filterStrings(lang) };
    if (this.sourceCtl.problem) return sourceProblemView(this, this.sourceCtl, t);
    const badFields = fieldsProblem('fields', fieldNames(this.fields), undefined, t);
    if (badFields) return sourceProblemView(this, badFields, t);
    const error = this.#task.error;
    if (error) return errorView(error, t, closestLang(this), () => this.#task.retry());
    if (!this.answer) return html`<p class="status" role="status" aria-busy="true">${t.loadingRows}</p>`;
    const byName = new Map(this.answer.facets.map((f) => [f.name, f.facets]));
    const fields = this.facetFields(this.metadata);
    return html`${this.renderSummary(t)}
      <div class="groups" style=${`--_groups:${fields.length}`}>
        ${fields.map((f) => this.renderFacet(f, byName.get(f.name) ?? [], t))}
      </div>`;
  }

  private renderSummary(t: Strings & FilterStrings): TemplateResult | typeof nothing {
    const q = this.sourceCtl.source?.query;
    if (!q) return nothing;
    const label = (entry: string, negate: boolean) => {
      const p = splitFacetValue(entry);
      if (!p) return entry;
      const f = this.metadata?.fields.find((x) => x.name === p.name);
      return `${f?.label ?? p.name} ${negate ? '≠' : ':'} ${p.value}`;
    };
    const chips = [
      ...(q.q ? [{ text: `“${q.q}”`, act: () => this.removeFilter('q') }] : []),
      ...q.refine.map((r) => ({ text: label(r, false), act: () => this.removeFilter('refine', r) })),
      ...q.exclude.map((r) => ({ text: label(r, true), act: () => this.removeFilter('exclude', r) })),
    ];
    if (chips.length === 0) return nothing;
    return html`<ul part="summary" class="summary" aria-label=${t.filterSummary}>
      ${chips.map(
        (c) =>
          html`<li>
            <button part="remove" type="button" aria-label=${t.removeFilter(c.text)} @click=${c.act}>
              ${c.text} <span aria-hidden="true">×</span>
            </button>
          </li>`,
      )}
    </ul>`;
  }

  private renderFacet(f: DatasetField, values: FacetValue[], t: Strings & FilterStrings): TemplateResult {
    const refined = new Set(
      (this.sourceCtl.source?.query.refine ?? [])
        .map(splitFacetValue)
        .filter((p) => p?.name === f.name)
        .map((p) => p!.value),
    );
    const open = this.expanded.has(f.name);
    const shown = open ? values : values.slice(0, this.limit);
    const nf = new Intl.NumberFormat(closestLang(this));
    return html`<fieldset part="facet">
      <legend>${f.label || f.name}</legend>
      ${values.length === 0 ? html`<p class="status">${t.noValues}</p>` : nothing}
      <ul>
        ${shown.map((v) => {
          const isRefined = v.state === 'refined' || refined.has(v.value);
          const isExcluded = v.state === 'excluded';
          return html`<li part="value" class="value ${isExcluded ? 'excluded' : ''}">
            <label>
              <input
                type="checkbox"
                .checked=${isRefined}
                ?disabled=${isExcluded}
                @change=${(e: Event) => this.toggle(f, v.value, (e.target as HTMLInputElement).checked)}
              />
              <span class="name">${v.name}</span>
              ${v.count !== undefined ? html`<span part="count" class="count">${nf.format(v.count)}</span>` : nothing}
            </label>
            ${
              isExcluded
                ? nothing
                : html`<button
                    part="exclude"
                    class="exclude"
                    type="button"
                    aria-label=${t.excludeValue(v.name)}
                    title=${t.excludeValue(v.name)}
                    @click=${() => this.exclude(f, v.value)}
                  >
                    <span aria-hidden="true">⊘</span>
                  </button>`
            }
          </li>`;
        })}
      </ul>
      ${
        values.length > this.limit && !open
          ? html`<button
              class="more"
              type="button"
              @click=${() => (this.expanded = new Set([...this.expanded, f.name]))}
            >
              ${t.showMore}
            </button>`
          : nothing
      }
    </fieldset>`;
  }
}
