import { LitElement, html, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { SourceController } from './source-controller.js';
import type { DatasetSource, QueryChangeDetail } from './source.js';
import { DataTask } from './data-task.js';
import { errorView, sourceProblemView } from './error-view.js';
import { closestLang, uiLang } from './lang.js';
import { strings, type Strings } from './strings.js';
import { fire, type OdeLoadDetail } from './events.js';

/**
 * What every smaller data view (`<ode-kpi>`, `<ode-records>`, `<ode-date-range>`) shares: the dataset
 * it shows (its own `domain` + `dataset`, `source="id"`, or the `<ode-dataset>` around it), one data
 * request per distinct query run by a `DataTask` (loading state, aborts, stale answers dropped), attributes checked before any request, `ode-load` once the answer is shown and `ode-error`
 * when it fails, and the problem and error boxes.
 *
 * @attr domain - Portal host or origin (standalone use); defaults to `<meta name="ode-domain">`.
 * @attr dataset - Dataset identifier (standalone use; property `datasetId`).
 * @attr source - Id of an `<ode-dataset>` on the page to follow (instead of nesting in it).
 * @attr apikey - API key (standalone use). A key in a public page is public.
 */
export abstract class OdeDataView<T> extends LitElement {
  static override properties: PropertyDeclarations = {
    domain: { reflect: true },
    datasetId: { attribute: 'dataset', reflect: true },
    source: { reflect: true },
    apikey: {},
  };

  domain?: string;
  datasetId?: string;
  source?: string;
  apikey?: string;

  /** @internal The page language of the element (closest `lang`). */
  protected locale = 'en';
  /** @internal What is wrong with the attributes (shown in place; no request is sent). */
  protected problem?: string;
  /** The request last started, so an identical one is not sent again. */
  #runKey = '';
  #announced?: T;
  /** @internal The current run (for code that waits for it). */
  protected running?: Promise<void>;

  /** @internal */
  protected readonly sourceCtl = new SourceController(
    this,
    () => ({ domain: this.domain, datasetId: this.datasetId, sourceId: this.source, apikey: this.apikey }),
    // the controller re-renders the element on every change of source or query: willUpdate loads
    (source, detail) => this.sourceChanged(source, detail),
  );

  /** @internal */
  protected readonly task = new DataTask<T>(this, {
    task: (signal) => this.fetchData(this.sourceCtl.source as DatasetSource, signal),
    onError: (error) => fire(this, 'ode-error', { error }),
  });

  override connectedCallback(): void {
    this.locale = closestLang(this);
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#runKey = '';
  }

  /** @internal The strings of the element's language (core ones and its own). */
  protected get t(): Strings {
    return strings(uiLang(this.locale));
  }

  /** @internal Called when the source or its query changed (before the re-render). */
  protected sourceChanged(_source: DatasetSource | undefined, _detail?: QueryChangeDetail): void {}

  /** @internal Check the attributes: what is wrong, or undefined. */
  protected checkAttributes(): string | undefined {
    return undefined;
  }

  /** @internal What the request depends on besides the dataset (a new value sends a new request). */
  protected abstract requestKey(source: DatasetSource): unknown;

  /**
   * @internal Ask the portal (the signal aborts on supersede and disconnect; the client times every
   * request out).
   */
  protected abstract fetchData(source: DatasetSource, signal: AbortSignal): Promise<T>;

  /** @internal The `ode-load` detail for an answer shown. */
  protected abstract loadDetail(value: T): OdeLoadDetail;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('domain') || changed.has('datasetId') || changed.has('source') || changed.has('apikey'))
      this.sourceCtl.resolve();
    this.problem = this.checkAttributes();
    this.#load();
  }

  #load(): void {
    const source = this.sourceCtl.source;
    if (!source || this.problem) {
      this.#runKey = '';
      if (this.task.status !== 'idle') this.task.cancel();
      return;
    }
    const key = JSON.stringify([source.client.origin, source.datasetId, this.requestKey(source)]);
    if (key === this.#runKey) return;
    this.#runKey = key;
    this.running = this.task.run();
  }

  /** Ask the portal again (what the Retry button does). */
  retry(): void {
    this.#runKey = '';
    this.#load();
  }

  protected override updated(): void {
    const value = this.task.value;
    if (this.task.status === 'done' && value && value !== this.#announced) {
      this.#announced = value;
      fire(this, 'ode-load', this.loadDetail(value));
    }
  }

  /**
   * @internal The box for a missing source or a bad attribute, if any: what the element shows instead
   * of its content.
   */
  protected renderProblem(t: Strings): TemplateResult | undefined {
    const ctl = this.sourceCtl;
    if (ctl.problem) return sourceProblemView(this, ctl, t);
    if (this.problem) return sourceProblemView(this, this.problem, t);
    return undefined;
  }

  /** @internal The error box of a failed request (with Retry when it can help), if it failed. */
  protected renderError(t: Strings): TemplateResult | undefined {
    const task = this.task;
    return task.status === 'error' && task.error
      ? errorView(task.error, t, this.locale, () => this.retry())
      : undefined;
  }

  protected override render(): TemplateResult {
    return html``;
  }
}
