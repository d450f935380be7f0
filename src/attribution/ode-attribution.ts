import {
  LitElement,
  html,
  nothing,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import { fetchDataset } from '../api/client.js';
import { timeoutMs } from '../api/client.js';
import { effectiveDomain, resolveOrigin, DomainError } from '../api/domain.js';
import { errorView, sourceProblemView, warnOnce } from '../core/error-view.js';
import type { ApiError } from '../api/errors.js';
import type { Dataset } from '../api/types.js';
import { closestLang, uiLang } from '../core/lang.js';
import { strings, type Strings } from '../core/strings.js';
import { attributionFacts } from './facts.js';
import { attributionStyles } from './ode-attribution.styles.js';
import { fire } from '../core/events.js';
import { DataTask, setCustomState } from '../core/data-task.js';

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
 * @attr timeout - Longest wait for the portal's answer, in seconds (default 20).
 * @attr compact - One line: title, publisher, licence and date, without labels and licence mention.
 *
 * @prop {Dataset | undefined} metadata - Dataset metadata already fetched by a parent; when set, no
 *   request is made.
 *
 * @fires ode-load - The notice is shown; `detail.dataset` holds the metadata it was read from (fetched,
 *   or handed by a parent).
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
    timeout: { type: Number },
    compact: { type: Boolean, reflect: true },
    metadata: { attribute: false },
    locale: { state: true },
  };

  domain?: string;
  /** The `dataset` attribute. (`HTMLElement.dataset` is the data-* map, so the property has another name.) */
  datasetId?: string;
  /** Longest wait for the portal's answer, in seconds (default 20). */
  timeout?: number;
  compact = false;
  metadata?: Dataset;

  private locale = 'en';

  #args?: unknown[];
  /** Nothing shown: the view this notice is part of shows the error. */
  #silent = false;
  /** The dataset of the last `ode-load`. */
  #loaded?: Dataset;
  readonly #task = new DataTask<Dataset>(this, {
    task: (signal) =>
      fetchDataset(this.#args![0] as string, this.#args![1] as string, signal, timeoutMs(this.timeout)),
    onError: (error) => fire(this, 'ode-error', { error }),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.locale = closestLang(this);
    // back in the page: the request cut when it left is made again
    if (this.#args && this.#task.status === 'idle') this.#load();
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
    // handed metadata is shown at once: no request, no loading state
    if (metadata) return this.#task.cancel();
    const problem = this.#configProblem(domain, dataset);
    if (problem) this.#task.fail(problem);
    else void this.#task.run();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // no reserved line when the notice says nothing (its view shows the error)
    setCustomState(this, 'silent', this.#silent);
    const shown = this.metadata ?? (this.#task.status === 'done' ? this.#task.value : undefined);
    if (shown && shown !== this.#loaded) fire(this, 'ode-load', { dataset: shown });
    this.#loaded = shown;
  }

  #configProblem(domain: string | undefined, dataset: string | undefined): AttributeProblem | undefined {
    const t = strings(uiLang(this.locale));
    if (!domain) return new AttributeProblem(t.missingAttr('domain'));
    if (!dataset || !dataset.trim()) return new AttributeProblem(t.missingAttr('dataset'));
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

  protected override render(): TemplateResult | typeof nothing {
    const t = strings(uiLang(this.locale));
    const error = this.metadata ? undefined : this.#task.error;
    const shownBy = error && isNotFound(error) ? this.#errorShownBy() : undefined;
    this.#silent = shownBy === 'host';
    if (shownBy === 'host') return nothing;
    if (shownBy) return this.#renderUnavailable(shownBy, t);
    if (error) return this.#renderError(error, t);
    const value = this.metadata ?? this.#task.value;
    return value ? this.#renderNotice(value, t) : this.#renderLoading(t);
  }

  /**
   * Who already tells the visitor that the dataset does not exist, so the notice does not say it
   * twice: `host` when this notice is part of a view (`<ode-table>`, `<ode-map>`… show their own error
   * box, from the same answer), or the first data element of the page for the same dataset and portal
   * (`<ode-table dataset="x">`, `<ode-dataset dataset="x">`…). Undefined: this notice is the only place.
   */
  #errorShownBy(): 'host' | Element | undefined {
    const root = this.getRootNode();
    if (root instanceof ShadowRoot && root.host.localName.startsWith('ode-')) return 'host';
    const origin = originOf(this.domain);
    return [...document.querySelectorAll(':not(ode-attribution)[dataset]')].find(
      (el) =>
        el.localName.startsWith('ode-') &&
        el.getAttribute('dataset') === this.datasetId &&
        originOf(el.getAttribute('domain')) === origin,
    );
  }

  /** A short neutral line: the dataset's view next to it already shows the portal's error. */
  #renderUnavailable(view: Element, t: Strings): TemplateResult {
    warnOnce(this, `dataset "${this.datasetId}" not found (see <${view.localName}>).`);
    return html`<p part="status" class="status">${t.sourceUnavailable(this.datasetId ?? '')}</p>`;
  }

  #renderLoading(t: Strings): TemplateResult {
    return html`<p part="status" class="status" role="status" aria-busy="true">${t.loadingSource}</p>`;
  }

  #renderError(e: Error, t: Strings): TemplateResult {
    if (e instanceof AttributeProblem) return sourceProblemView(this, e.message, t);
    return errorView(e, t, this.locale, () => this.retry());
  }

  #renderNotice(ds: Dataset, t: Strings): TemplateResult {
    const { title, pageUrl, publisher, licence, licenceUrl, licenceNotice, dateIso, date, mentions } =
      attributionFacts(ds, effectiveDomain(this.domain), this.locale);

    const titleEl = pageUrl
      ? html`<a part="title" href=${pageUrl} rel="noopener">${title}</a>`
      : html`<span part="title">${title}</span>`;
    const licenceEl = licence
      ? licenceUrl
        ? html`<a part="licence" href=${licenceUrl} rel="license noopener">${licence}</a>`
        : html`<span part="licence">${licence}</span>`
      : html`<span part="licence">${t.noLicence}</span>`;
    const dateEl = date ? html`<time datetime=${dateIso!}>${date}</time>` : html`${t.dateUnknown}`;

    if (this.compact) {
      return html`<p part="attribution" class="compact" aria-label=${t.attributionRegion}>
        ${titleEl}${publisher ? html` — ${publisher}` : nothing} · ${licenceEl} · ${dateEl}
      </p>`;
    }
    return html`<div part="attribution" class="notice" role="note" aria-label=${t.attributionRegion}>
      <p>
        <span class="item"><span class="label">${t.source}${t.colon}</span> ${titleEl}</span>
        ${publisher ? html`<span class="item"><span class="label">${t.publisher}${t.colon}</span> ${publisher}</span>` : nothing}
        <span class="item"><span class="label">${t.licence}${t.colon}</span> ${licenceEl}</span>
        <span class="item"><span class="label">${t.lastUpdate}${t.colon}</span> ${dateEl}</span>
      </p>
      ${
        mentions.length
          ? html`<p class="mentions">
              <span class="label">${t.mentions}${t.colon}</span>
              ${mentions.map((a, i) => html`${i ? ', ' : ''}${a.href ? html`<a href=${a.href} rel="noopener">${a.text}</a>` : a.text}`)}
            </p>`
          : nothing
      }
      ${licenceNotice ? html`<p part="notice" class="licence-notice">${licenceNotice}</p>` : nothing}
    </div>`;
  }
}

/** The portal says the dataset does not exist (or is not public): 404 on its metadata. */
const isNotFound = (e: Error): boolean => (e as Partial<ApiError>).status === 404;

/** A `domain` attribute (or the page's default) as an origin, to compare two elements' portals. */
function originOf(domain: string | null | undefined): string | undefined {
  try {
    return resolveOrigin(effectiveDomain(domain ?? undefined) ?? '');
  } catch {
    return undefined;
  }
}

/** A wrong or missing attribute: shown in place, named, and warned about in the console. */
export class AttributeProblem extends Error {
  override name = 'AttributeProblem';
}
