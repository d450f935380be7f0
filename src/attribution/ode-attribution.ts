import {
  LitElement,
  html,
  nothing,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import { fetchDataset, datasetPageUrl, isAbort } from '../api/client.js';
import { effectiveDomain, resolveOrigin, DomainError } from '../api/domain.js';
import { errorView } from '../core/error-view.js';
import type { Dataset } from '../api/types.js';
import { closestLang, formatDate, uiLang } from '../core/lang.js';
import { safeHttpUrl } from '../core/safe-url.js';
import { strings, type Strings } from '../core/strings.js';
import { recogniseLicence } from './licences.js';
import { attributionStyles } from './ode-attribution.styles.js';
import { emit } from '../core/emit.js';

export type { OdeLoadDetail } from '../core/events.js';
/** `ode-error`'s detail. */
export interface OdeErrorDetail {
  error: Error;
}

/**
 * @summary The source-and-licence notice a dataset's licence requires: title (linked to the dataset page
 * on the portal), publisher, licence (linked to its text, with the mention it asks for), date of last
 * update and the `attributions` links, read from the dataset's metadata (`metas.default`).
 *
 * @attr domain - Portal host (`data.example.org`) or origin (`http://127.0.0.1:8787`). Defaults to the
 *   page's `<meta name="ode-domain" content="…">`.
 * @attr dataset - Dataset identifier on that portal, e.g. `communes-france` (property `datasetId`, since
 *   `HTMLElement.dataset` is the data-* map).
 * @attr compact - One line: title, publisher, licence and date, without labels and licence mention.
 *
 * @prop {Dataset | undefined} metadata - Dataset metadata already fetched by a parent; when set, no
 *   request is made.
 *
 * @fires ode-load - The metadata arrived; `detail.dataset` holds it.
 * @fires ode-error - The metadata could not be loaded, or an attribute is wrong; `detail.error` says why.
 *
 * @csspart attribution - The notice (loaded state).
 * @csspart title - The dataset title link.
 * @csspart licence - The licence label or link.
 * @csspart notice - The licence's required mention.
 * @csspart status - The loading message.
 * @csspart error - The error message box.
 * @csspart retry - The Retry button.
 *
 * @cssprop --ode-color-text - Text colour.
 * @cssprop --ode-color-muted - Colour of labels and secondary text.
 * @cssprop --ode-color-link - Link colour.
 * @cssprop --ode-color-focus - Focus ring colour.
 * @cssprop --ode-color-danger - Error colour.
 * @cssprop --ode-color-border - Border colour.
 * @cssprop --ode-font-family - Font family (inherits by default).
 * @cssprop --ode-font-size-small - Size of the notice text.
 */
export class OdeAttribution extends LitElement {
  static override styles = attributionStyles;
  /** Reactive properties (declared here rather than with decorators: smaller once built). */
  static override properties: PropertyDeclarations = {
    domain: { reflect: true },
    datasetId: { attribute: 'dataset', reflect: true },
    compact: { type: Boolean, reflect: true },
    metadata: { attribute: false },
    locale: { state: true },
    value: { state: true },
    error: { state: true },
    pending: { state: true },
  };

  domain?: string;
  /** The `dataset` attribute. (`HTMLElement.dataset` is the data-* map, so the property has another name.) */
  datasetId?: string;
  compact = false;
  metadata?: Dataset;

  private locale = 'en';

  private value?: Dataset;
  private error?: Error;
  private pending = false;
  #args?: unknown[];
  #abort?: AbortController;

  override connectedCallback(): void {
    super.connectedCallback();
    this.locale = closestLang(this);
  }

  protected override willUpdate(): void {
    // (re)load when the domain, the dataset or the handed metadata change
    const args = [effectiveDomain(this.domain), this.datasetId, this.metadata];
    if (this.#args && args.every((a, i) => a === this.#args![i])) return;
    this.#args = args;
    this.#load();
  }

  #load(): void {
    const [domain, dataset, metadata] = this.#args as [string?, string?, Dataset?];
    this.#abort?.abort();
    this.error = undefined;
    this.pending = false;
    if (metadata) {
      this.value = metadata;
      return;
    }
    const problem = this.#configProblem(domain, dataset);
    if (problem) {
      this.error = problem;
      return;
    }
    const ctl = (this.#abort = new AbortController());
    this.pending = true;
    fetchDataset(domain!, dataset!, ctl.signal).then(
      (d) => {
        if (ctl !== this.#abort) return;
        this.value = d;
        this.pending = false;
      },
      (e: unknown) => {
        if (ctl !== this.#abort || isAbort(e)) return;
        this.error = e as Error;
        this.pending = false;
      },
    );
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const status = this.error ? 'error' : this.pending ? 'pending' : this.value ? 'complete' : 'initial';
    if (status === this.#lastStatus) return;
    this.#lastStatus = status;
    if (status === 'complete') {
      emit(this, 'ode-load', { dataset: this.value });
    } else if (status === 'error') {
      const error = this.error!;
      if (error instanceof AttributeProblem) console.warn(`<ode-attribution>: ${error.message}`);
      emit(this, 'ode-error', { error });
    }
  }
  #lastStatus?: string;

  #configProblem(domain: string | undefined, dataset: string | undefined): AttributeProblem | undefined {
    const t = strings(uiLang(this.locale));
    if (!domain) return new AttributeProblem(t.missingAttr('domain', 'ode-attribution'));
    if (!dataset || !dataset.trim()) return new AttributeProblem(t.missingAttr('dataset', 'ode-attribution'));
    try {
      resolveOrigin(domain);
    } catch (e) {
      if (e instanceof DomainError) return new AttributeProblem(t.badAttr('domain', e.message));
      throw e;
    }
    return undefined;
  }

  /** Fetch the metadata again (after an error). */
  retry(): void {
    this.#load();
  }

  protected override render(): TemplateResult {
    const t = strings(uiLang(this.locale));
    if (this.error) return this.#renderError(this.error, t);
    return this.value ? this.#renderNotice(this.value, t) : this.#renderLoading(t);
  }

  #renderLoading(t: Strings): TemplateResult {
    return html`<p part="status" class="status" role="status" aria-busy="true">${t.loadingSource}</p>`;
  }

  #renderError(e: Error, t: Strings): TemplateResult {
    if (e instanceof AttributeProblem) {
      return html`<div part="error" class="error" role="alert"><p>${e.message}</p></div>`;
    }
    return errorView(e, t, this.locale, () => this.retry());
  }

  #renderNotice(ds: Dataset, t: Strings): TemplateResult {
    const m = ds.metas?.default ?? {};
    const domain = effectiveDomain(this.domain);
    const pageUrl = domain ? safeHttpUrl(datasetPageUrl(domain, ds.dataset_id)) : undefined;
    const title = typeof m.title === 'string' && m.title.trim() ? m.title : ds.dataset_id;
    const licenceUrl = safeHttpUrl(m.license_url);
    const known = recogniseLicence(m.license, m.license_url);
    const licenceLabel = (typeof m.license === 'string' && m.license.trim()) || known?.name;
    const licenceHref = licenceUrl ?? (known ? known.url : undefined);
    const dateIso =
      (typeof m.modified === 'string' && m.modified) ||
      (typeof m.data_processed === 'string' && m.data_processed) ||
      undefined;
    const date = formatDate(dateIso, this.locale);
    const attributions = (Array.isArray(m.attributions) ? m.attributions : [])
      .map((a) => ({ text: String(a), href: safeHttpUrl(a) }))
      .filter((a) => a.text.trim());
    const lang = uiLang(this.locale);

    const titleEl = pageUrl
      ? html`<a part="title" href=${pageUrl} rel="noopener">${title}</a>`
      : html`<span part="title">${title}</span>`;
    const licenceEl = licenceLabel
      ? licenceHref
        ? html`<a part="licence" href=${licenceHref} rel="license noopener">${licenceLabel}</a>`
        : html`<span part="licence">${licenceLabel}</span>`
      : html`<span part="licence">${t.noLicence}</span>`;
    const dateEl = date ? html`<time datetime=${dateIso!}>${date}</time>` : html`${t.dateUnknown}`;

    if (this.compact) {
      return html`<p part="attribution" class="compact" aria-label=${t.attributionRegion}>
        ${titleEl}${m.publisher ? html` — ${m.publisher}` : nothing} · ${licenceEl} · ${dateEl}
      </p>`;
    }
    return html`<div part="attribution" class="notice" role="note" aria-label=${t.attributionRegion}>
      <p>
        <span class="item"><span class="label">${t.source}${t.colon}</span> ${titleEl}</span>
        ${m.publisher ? html`<span class="item"><span class="label">${t.publisher}${t.colon}</span> ${m.publisher}</span>` : nothing}
        <span class="item"><span class="label">${t.licence}${t.colon}</span> ${licenceEl}</span>
        <span class="item"><span class="label">${t.lastUpdate}${t.colon}</span> ${dateEl}</span>
      </p>
      ${
        attributions.length
          ? html`<p class="mentions">
              <span class="label">${t.mentions}${t.colon}</span>
              ${attributions.map((a, i) => html`${i ? ', ' : ''}${a.href ? html`<a href=${a.href} rel="noopener">${a.text}</a>` : a.text}`)}
            </p>`
          : nothing
      }
      ${known ? html`<p part="notice" class="licence-notice">${known.notice[lang]}</p>` : nothing}
    </div>`;
  }
}

/** A wrong or missing attribute: shown in place, named, and warned about in the console. */
export class AttributeProblem extends Error {
  override name = 'AttributeProblem';
}
