import {
  LitElement,
  html,
  nothing,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import { SourceController } from '../core/source-controller.js';
import type { DatasetSource } from '../core/source.js';
import type { Dataset, DatasetField } from '../api/types.js';
import { errorView } from '../core/error-view.js';
import { isAbort } from '../api/client.js';
import { closestLang, uiLang } from '../core/lang.js';
import { strings } from '../core/strings.js';
import { mapStrings, type MapStrings } from './strings.js';
import { parseBasemap, type Basemap } from './basemaps.js';
import { mapStyles } from './ode-map.styles.js';
import type { MapEngine } from './engine.js';
import { attributionView } from '../core/attribution-view.js';
import { MapSelection } from './selection-controller.js';

export const MAP_MODES = ['auto', 'points', 'clusters', 'shapes', 'choropleth', 'heatmap'] as const;
export type MapMode = (typeof MAP_MODES)[number];

let instances = 0;

/**
 * @summary A map of a dataset's records, drawn with maplibre-gl (loaded only when the map nears the
 * viewport): server-side clusters (`geo_cluster` + `in_bbox` per settled move) or one GeoJSON export,
 * points, shapes, choropleths and heatmaps, popups, a list of what is in view, an optional viewport filter
 * shared with the other views, and the dataset's attribution.
 *
 * @attr domain - Portal host or origin (standalone use); defaults to `<meta name="ode-domain">`.
 * @attr dataset - Dataset identifier (standalone use; property `datasetId`).
 * @attr source - Id of an `<ode-dataset>` on the page to follow (instead of nesting in it).
 * @attr apikey - API key (standalone use). A key in a public page is public.
 * @attr mode - `auto` (default: ≤ 5,000 records → one GeoJSON export clustered in the browser, else
 *   server-side clusters), `points`, `clusters`, `shapes`, `choropleth` or `heatmap`.
 * @attr geo-field - The geographic field (default: the first `geo_point_2d`, or `geo_shape` for shapes).
 * @attr popup-fields - Comma-separated fields shown in popups and in the list view.
 * @attr color-by - A numeric or text field that colours points and shapes (with `legend`, a legend).
 * @attr legend - Show a legend for `color-by`.
 * @attr filter-viewport - The visible area becomes an `in_bbox` filter of the shared query, so the
 *   other views of the dataset show only what is on screen.
 * @attr basemap - `offline` (default, a world outline, no request), a preset (`osm`, `ign-plan`,
 *   `openfreemap`), a MapLibre style URL or a raster tile template with `{z}`, `{x}`, `{y}`.
 * @attr consent-purpose - A consent purpose (see `<ode-consent-banner>`): no tile request leaves the page
 *   before it is granted; until then the offline outline is shown with a notice offering to allow it.
 * @attr label - Accessible name of the map (default "Map of <dataset title>").
 * @attr attribution - `full` (default), `compact`, or `external` when an `<ode-attribution>` for the
 *   same dataset is on the page.
 * @attr filter-on-click - Choosing a point or a shape (a click, or its "Filter on" button in the list
 *   view) filters the other views of the dataset on its `filter-field` value; again removes it; Escape
 *   clears the map's selection. The map keeps showing every feature, the selected ones larger and outlined.
 * @attr filter-field - The field `filter-on-click` filters on (default: the `color-by` field).
 *
 * @fires ode-load - The map's data arrived; `detail.total` is the number of matching records.
 * @fires ode-error - A request failed; `detail.error` is the error.
 *
 * @csspart map - The map container.
 * @csspart list - The "view as list" region.
 * @csspart legend - The legend.
 * @csspart error - The error box.
 * @csspart retry - The Retry button.
 * @csspart attribution - The attribution notice.
 *
 * @cssprop --ode-map-height - Height of the map (default 24rem).
 * @cssprop --ode-map-water - Background (sea) of the offline basemap.
 * @cssprop --ode-map-land - Land of the offline basemap.
 * @cssprop --ode-map-point - Colour of points and clusters.
 * @cssprop --ode-color-focus - Focus ring.
 */
export class OdeMap extends LitElement {
  static override properties: PropertyDeclarations = {
    domain: { reflect: true },
    datasetId: { attribute: 'dataset', reflect: true },
    source: { reflect: true },
    apikey: {},
    mode: {},
    geoField: { attribute: 'geo-field' },
    popupFields: { attribute: 'popup-fields' },
    colorBy: { attribute: 'color-by' },
    legend: { type: Boolean },
    filterViewport: { type: Boolean, attribute: 'filter-viewport' },
    basemap: {},
    consentPurpose: { attribute: 'consent-purpose' },
    label: {},
    attribution: {},
    filterOnClick: { type: Boolean, attribute: 'filter-on-click' },
    filterField: { attribute: 'filter-field' },
    metadata: { state: true },
    error: { state: true },
    near: { state: true },
  };

  static override styles = mapStyles;

  domain?: string;
  datasetId?: string;
  source?: string;
  apikey?: string;
  mode: string = 'auto';
  geoField?: string;
  popupFields?: string;
  colorBy?: string;
  legend = false;
  filterViewport = false;
  basemap?: string;
  consentPurpose?: string;
  label?: string;
  attribution: 'full' | 'compact' | 'external' = 'full';
  filterOnClick = false;
  filterField?: string;

  metadata?: Dataset;
  error?: Error;
  private near = false;

  private get container(): HTMLElement | null {
    return this.renderRoot?.querySelector('.map') ?? null;
  }

  /** The maplibre-gl map once created (for tests and advanced use). */
  engine?: MapEngine;
  readonly #autoKey = `ode-map-${++instances}`;
  /**
   * Key of this map's filter in the shared query's `extra` (and, with `url-sync="viewport"`, in the
   * address): from the map's `id` when it has one, so that it is the same on every page load.
   */
  get ownerKey(): string {
    return this.id && /^[A-Za-z0-9_-]+$/.test(this.id) ? `map-${this.id}` : this.#autoKey;
  }
  locale = 'en';
  private observer?: IntersectionObserver;
  private metaAbort?: AbortController;
  private starting?: Promise<void>;
  private startToken?: object;
  private warned?: string;

  private readonly sourceCtl = new SourceController(
    this,
    () => ({ domain: this.domain, datasetId: this.datasetId, sourceId: this.source, apikey: this.apikey }),
    (source, detail) => {
      if (!detail) this.newSource(source);
      else if (this.othersChanged()) this.engine?.reload();
      // its own selection changes what is highlighted, not what is shown
      else this.engine?.showSelection();
    },
  );

  /** filter-on-click: the map's own selection (@internal). */
  readonly selection = new MapSelection(this, () => ({
    enabled: this.filterOnClick,
    filterField: this.filterField,
    colorBy: this.colorBy,
    source: this.ds,
    metadata: this.metadata,
    locale: this.locale,
    announce: (text) => {
      this.announce = text;
      this.requestUpdate();
    },
  }));
  /** What the polite live region says (a selection made or removed). */
  private announce = '';

  get ds(): DatasetSource | undefined {
    return this.sourceCtl.source;
  }

  get t(): MapStrings {
    return mapStrings(uiLang(this.locale));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.locale = closestLang(this);
    // maplibre is loaded only when the map nears the viewport
    this.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          this.near = true;
          this.observer?.disconnect();
          void this.maybeStart();
        }
      },
      { rootMargin: '300px' },
    );
    this.observer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.metaAbort?.abort();
    this.engine?.destroy();
    this.engine = undefined;
    this.starting = undefined;
    this.startToken = undefined;
    this.near = false;
    const ds = this.ds;
    if (ds && this.filterViewport && this.ownerKey in ds.query.extra) {
      const extra = { ...ds.query.extra };
      delete extra[this.ownerKey];
      ds.update({ extra });
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('domain') || changed.has('datasetId') || changed.has('source') || changed.has('apikey')) {
      // also before the first render: attributes set right after connecting arrive here
      this.sourceCtl.resolve();
    }
    const restart = [
      'mode',
      'geoField',
      'popupFields',
      'colorBy',
      'basemap',
      'consentPurpose',
      'legend',
      'filterOnClick',
      'filterField',
    ];
    if (this.hasUpdated && restart.some((k) => changed.has(k as keyof OdeMap))) this.restart();
  }

  private lastOthers = '';
  /** Whether the shared query changed apart from this map's own viewport filter. */
  private othersChanged(): boolean {
    const key = this.othersKey();
    if (key === this.lastOthers) return false;
    this.lastOthers = key;
    return true;
  }
  othersKey(): string {
    const ds = this.ds;
    // the order of records does not change a map
    return ds ? JSON.stringify(ds.toQuery({}, { ...this.sharedQuery(), orderBy: undefined })) : '';
  }
  /**
   * The shared query without this map's own viewport filter and its own selection: the map shows all
   * that matches.
   */
  sharedQuery() {
    const q = this.selection.query(this.ds!.query);
    const extra = { ...q.extra };
    delete extra[this.ownerKey];
    return { ...q, extra };
  }

  private newSource(source: DatasetSource | undefined): void {
    this.error = undefined;
    this.metadata = source?.metadata;
    this.restart();
    if (!source) return;
    this.lastOthers = this.othersKey();
    if (!this.metadata) {
      this.metaAbort?.abort();
      const ctl = (this.metaAbort = new AbortController());
      source.loadMetadata(ctl.signal).then(
        (m) => {
          if (source !== this.ds) return;
          this.metadata = m;
          void this.maybeStart();
        },
        (e) => {
          if (!isAbort(e) && source === this.ds) this.fail(e as Error);
        },
      );
    } else void this.maybeStart();
  }

  private restart(): void {
    this.engine?.destroy();
    this.engine = undefined;
    this.starting = undefined;
    this.startToken = undefined;
    void this.maybeStart();
  }

  /** A configuration problem, in words, or undefined. */
  get problem(): string | undefined {
    const t = this.t;
    const ts = strings(uiLang(this.locale));
    if (!(MAP_MODES as readonly string[]).includes(this.mode))
      return ts.badAttr('mode', t.badMode(this.mode));
    if (!this.basemapSpec) return ts.badAttr('basemap', t.badBasemap(this.basemap ?? ''));
    const m = this.metadata;
    if (m && !this.geo) {
      return this.geoField ? ts.badAttr('geo-field', t.badGeo(this.geoField)) : t.noGeo;
    }
    return undefined;
  }

  get basemapSpec(): Basemap | undefined {
    return parseBasemap(this.basemap);
  }

  /** The geographic field shown. */
  get geo(): DatasetField | undefined {
    const fields = this.metadata?.fields ?? [];
    const isGeo = (f: DatasetField) => f.type === 'geo_point_2d' || f.type === 'geo_shape';
    if (this.geoField) return fields.find((f) => f.name === this.geoField && isGeo(f));
    const shapesFirst = this.mode === 'shapes' || this.mode === 'choropleth';
    const order = shapesFirst ? ['geo_shape', 'geo_point_2d'] : ['geo_point_2d', 'geo_shape'];
    for (const type of order) {
      const f = fields.find((x) => x.type === type);
      if (f) return f;
    }
    return undefined;
  }

  private async maybeStart(): Promise<void> {
    if (!this.near || !this.metadata || this.engine || this.starting || this.problem) return;
    const token = {};
    this.startToken = token;
    const started = (this.starting = (async () => {
      await this.updateComplete;
      const { MapEngine } = await import('./engine.js');
      if (this.startToken !== token || !this.isConnected || !this.container) return;
      this.engine = new MapEngine(this, this.container);
      this.requestUpdate();
    })());
    await started;
  }

  fail(e: Error): void {
    this.error = e;
    this.dispatchEvent(new CustomEvent('ode-error', { detail: { error: e }, bubbles: true, composed: true }));
  }

  /** Fetch again after an error. */
  retry(): void {
    this.error = undefined;
    if (!this.metadata) this.newSource(this.ds);
    else if (this.engine) this.engine.reload();
    else void this.maybeStart();
  }

  private skip(e: Event): void {
    e.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('.after')?.focus();
  }

  protected override render(): TemplateResult {
    const ts = strings(uiLang(this.locale));
    const t = this.t;
    const ctlProblem = this.sourceCtl.problem;
    const problem = ctlProblem
      ? ctlProblem === 'source-not-found'
        ? ts.sourceNotFound(this.source ?? '')
        : ts.noSource
      : this.problem;
    if (problem && problem !== this.warned) console.warn(`<ode-map> ${problem}`);
    this.warned = problem;
    const title = String(this.metadata?.metas?.default?.title || this.ds?.datasetId || '');
    const status = this.engine ? this.engine.status() : this.near && !problem ? t.loadingMap : '';
    return html`
      <a class="skip" href="#" @click=${this.skip}>${t.skip}</a>
      ${
        problem
          ? html`<div part="error" class="error" role="alert"><p>&lt;ode-map&gt; ${problem}</p></div>`
          : this.error
            ? errorView(this.error, ts, this.locale, () => this.retry())
            : nothing
      }
      <div class="frame" ?hidden=${!!problem}>
        <div
          part="map"
          class="map"
          role="region"
          aria-label=${this.label || t.mapOf(title)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.selection.clear()}
        ></div>
        ${status ? html`<p class="status" role="status">${status}</p>` : nothing}
      </div>
      ${this.engine ? this.engine.renderExtras() : nothing}
      <p class="visually-hidden" aria-live="polite">${this.announce}</p>
      <span class="after" tabindex="-1"></span>
      <div class="attribution-slot">${this.renderAttribution()}</div>
    `;
  }

  private renderAttribution(): TemplateResult | typeof nothing {
    return attributionView('ode-map', this.ds, this.attribution, this.metadata);
  }
}
