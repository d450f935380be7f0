import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ContextConsumer } from '@lit/context';
import { DatasetSource, sourceContext, type QueryChangeDetail } from './source.js';
import { DomainError, effectiveDomain, resolveOrigin } from '../api/domain.js';

/**
 * Why a view has no dataset to show:
 * - `no-source`: no `dataset` (with a domain), no `source`, and no `<ode-dataset>` around it;
 * - `source-not-found`: `source="id"` names no element of the page;
 * - `bad-domain`: the `domain` attribute (or `<meta name="ode-domain">`) is not a portal domain.
 */
export type SourceProblem = 'no-source' | 'source-not-found' | 'bad-domain';

export interface SourceOptions {
  /** The view's own `domain` attribute (standalone use). */
  domain?: string;
  /** The view's own `dataset` attribute (standalone use). */
  datasetId?: string;
  /** `source="id"`: the id of an `<ode-dataset>` elsewhere on the page. */
  sourceId?: string;
  apikey?: string;
  /** Timeout of each request, in ms (standalone use). */
  timeout?: number;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Finds the dataset a view shows — its own `domain` + `dataset`, an `<ode-dataset>` named by
 * `source="id"`, or the `<ode-dataset>` it is nested in — and tells the view when that source or its
 * query changes.
 */
export class SourceController implements ReactiveController {
  source?: DatasetSource;
  /** Why no source could be found, for the view to show. */
  problem?: SourceProblem;
  /** The value that caused the problem (the bad domain, the missing source id). */
  problemValue?: string;
  #own?: DatasetSource;
  #fromContext?: DatasetSource;
  #watchedDataset?: Element;
  readonly consumer: ContextConsumer<typeof sourceContext, Host>;

  constructor(
    private readonly host: Host,
    private readonly options: () => SourceOptions,
    private readonly onChange: (source: DatasetSource | undefined, detail?: QueryChangeDetail) => void,
  ) {
    host.addController(this);
    this.consumer = new ContextConsumer(host, {
      context: sourceContext,
      subscribe: true,
      callback: (value) => {
        this.#fromContext = value;
        this.resolve();
      },
    });
  }

  hostConnected(): void {
    this.resolve();
    // a view upgraded before its <ode-dataset> (à-la-carte imports in any order): its context
    // request found no provider, so it asks again once the undefined ancestor is defined
    const pending = this.host.parentElement?.closest(':not(:defined)');
    if (pending) {
      void customElements.whenDefined(pending.localName).then(() => {
        if (this.host.isConnected && !this.#fromContext) this.consumer.hostConnected();
      });
    }
  }

  hostDisconnected(): void {
    this.#attach(undefined);
    this.#unwatch();
  }

  /** Call when the view's `domain`, `dataset`, `source` or `apikey` changed. */
  resolve(): void {
    const o = this.options();
    let next: DatasetSource | undefined;
    this.problem = undefined;
    this.problemValue = undefined;
    this.#unwatch();
    if (o.datasetId && !o.sourceId) {
      const domain = effectiveDomain(o.domain);
      if (domain && !isPortalDomain(domain)) {
        this.problem = 'bad-domain';
        this.problemValue = domain;
      } else if (domain) {
        if (
          !this.#own ||
          this.#own.domain !== domain ||
          this.#own.datasetId !== o.datasetId ||
          this.#own.timeout !== o.timeout
        ) {
          // no timezone by default: the portal answers in UTC with offsets and cells are shown in the
          // visitor's zone; building an Intl.DateTimeFormat here would delay the first request
          this.#own = new DatasetSource(domain, o.datasetId, o.apikey, undefined, o.timeout);
        }
        next = this.#own;
      } else this.problem = 'no-source';
    } else if (o.sourceId) {
      const root = this.host.getRootNode() as Document | ShadowRoot;
      const target = root.getElementById?.(o.sourceId) ?? document.getElementById(o.sourceId);
      if (target) {
        this.#watch(target);
        next = (target as Element & { source?: DatasetSource }).source;
        if (!next) this.#datasetProblem(target);
        if (!next) {
          // not upgraded or not configured yet: wait for it
          void customElements.whenDefined(target.localName).then(() => {
            const s = (target as Element & { source?: DatasetSource }).source;
            if (s && s !== this.source) this.resolve();
          });
        }
      } else {
        this.problem = 'source-not-found';
        this.problemValue = o.sourceId;
      }
    } else {
      next = this.#fromContext;
      if (!next) {
        this.problem = 'no-source';
        const around = this.host.parentElement?.closest('ode-dataset');
        if (around) this.#datasetProblem(around);
      }
    }
    this.#attach(next);
  }

  /** An `<ode-dataset>` that has no source because its `domain` is not one: say so in the view. */
  #datasetProblem(dataset: Element): void {
    const domain = effectiveDomain(dataset.getAttribute('domain'));
    if (domain && !isPortalDomain(domain)) {
      this.problem = 'bad-domain';
      this.problemValue = domain;
    }
  }

  #watch(target: Element) {
    this.#watchedDataset = target;
    target.addEventListener('ode-source-change', this.#onSourceReplaced);
  }
  #unwatch() {
    this.#watchedDataset?.removeEventListener('ode-source-change', this.#onSourceReplaced);
    this.#watchedDataset = undefined;
  }
  readonly #onSourceReplaced = () => this.resolve();

  #attach(next: DatasetSource | undefined) {
    if (next === this.source) return;
    this.source?.removeEventListener('change', this.#onQueryChange);
    this.source = next;
    next?.addEventListener('change', this.#onQueryChange);
    this.onChange(next);
    this.host.requestUpdate();
  }

  readonly #onQueryChange = (e: Event) => {
    this.onChange(this.source, (e as CustomEvent<QueryChangeDetail>).detail);
    this.host.requestUpdate();
  };
}

/** True when `domain` can be turned into a portal origin (see resolveOrigin). */
export function isPortalDomain(domain: string): boolean {
  try {
    resolveOrigin(domain);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}
