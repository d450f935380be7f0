import {
  LitElement,
  html,
  nothing,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { SourceController } from '../core/source-controller.js';
import { timeoutMs } from '../api/client.js';
import type { DatasetSource, SharedQuery } from '../core/source.js';
import type { Dataset, DatasetField } from '../api/types.js';
import { isAbort } from '../api/client.js';
import { errorView, sourceProblemView, warnOnce } from '../core/error-view.js';
import { DataTask, isBusy } from '../core/data-task.js';
import { fire } from '../core/events.js';
import { EngineLoadError, lazyImport } from '../core/lazy.js';
import { fieldNames, fieldsProblem } from '../core/fields.js';
import { closestLang, uiLang } from '../core/lang.js';
import { strings } from '../core/strings.js';
import { mapStrings } from './strings.js';
import { parseBasemap } from './basemaps.js';
import { mapStyles } from './ode-map.styles.js';
import { attributionView } from '../core/attribution-view.js';
import { readBbox } from '../core/query-clauses.js';
import { MapSelection, mapSelectionStrings } from './selection-controller.js';
import type { MapEngine } from './engine.js';
import type { MapQuery } from './requests.js';
import type { Query } from '../api/query.js';
import type { Box, Effective, Legend, MapCallbacks, Row } from './model.js';

export const MAP_MODES = ['auto', 'points', 'clusters', 'shapes', 'choropleth', 'heatmap'] as const;
export type MapMode = (typeof MAP_MODES)[number];

/** The map's lazy parts: request helpers and templates (no maplibre), and the engine when drawable. */
interface Parts {
  requests: typeof import('./requests.js');
  views: typeof import('./views.js');
}

/** The map's lazy modules: the request helpers, the templates, and the engine where it can draw. */
type Imports = [Parts['requests'], Parts['views'], typeof import('./engine.js') | undefined];

/** What the count run found: the number of matching records and the legend of `color-by`. */
interface Answer {
  total: number;
  legend?: Legend;
}

/** A query that keeps every record of the dataset. */
const unfiltered = (q: Query): boolean =>
  !q.where?.some((w) => w.trim()) && !q.refine?.length && !q.exclude?.length;

/** The dataset's number of records as its metadata states it, if it is a count. */
function recordsCount(metadata: Dataset | undefined): number | undefined {
  const n = metadata?.metas?.default?.records_count;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** How close to the viewport (px) a map starts loading maplibre. */
const NEAR = 300;

let instances = 0;
let webgl2: boolean | undefined;

/**
 * The map's lazy modules, shared by every map of the page and started as soon as a map nears the
 * viewport (not once its metadata arrived): their download and evaluation (maplibre-gl's is the longest
 * step of a map's first load) overlap the metadata request. A failed download is not kept (Retry).
 */
const loadRequests = lazyImport(() => import('./requests.js'));
const loadViews = lazyImport(() => import('./views.js'));
const loadEngine = lazyImport(() => import('./engine.js'));

/** Whether this browser can create a WebGL2 context (maplibre-gl needs one); asked once per page. */
function canDrawMaps(): boolean {
  if (webgl2 === undefined) {
    try {
      const gl = document.createElement('canvas').getContext('webgl2');
      webgl2 = !!gl;
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
    } catch {
      webgl2 = false;
    }
  }
  return webgl2;
}

/**
 * @summary A map of a dataset's records, drawn with maplibre-gl (loaded only when the map nears the
 * viewport): server-side clusters (`geo_cluster` + `in_bbox` per settled move) or one GeoJSON export,
 * points, shapes, choropleths and heatmaps, popups, a list of what is in view, an optional viewport filter
 * shared with the other views, and the dataset's attribution. While its data is on the way it matches
 * `:state(loading)` and has `aria-busy="true"`. Where the browser cannot draw maps (no WebGL2), it says
 * so in place and keeps the list.
 *
 * @attr domain - Portal host or origin (standalone use); defaults to `<meta name="ode-domain">`.
 * @attr dataset - Dataset identifier (standalone use; property `datasetId`).
 * @attr timeout - Longest wait for each answer of the portal, in seconds (standalone use; default 20).
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
 * @csspart reload - The button that reloads the page, shown when the map engine's download failed again on
 *   Retry (a browser may keep a failed download until the page is reloaded).
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
    timeout: { type: Number },
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
  };

  static override styles = mapStyles;

  domain?: string;
  datasetId?: string;
  /** Longest wait for each answer, in seconds (standalone use; default 20). */
  timeout?: number;
  source?: string;
  apikey?: string;
  mode: MapMode = 'auto';
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

  /**
   * The maplibre-gl map (read-only), once drawn: `undefined` before the element nears the viewport,
   * where the browser cannot draw maps, and once the element has left the page. For advanced use
   * (listening to its events, adding a layer); the element owns it and removes it when it leaves.
   */
  get map(): MaplibreMap | undefined {
    return this.#engine?.map;
  }

  readonly #autoKey = `ode-map-${++instances}`;
  /**
   * Key of this map's viewport filter in the shared query's `extra` (and, with `url-sync="viewport"`,
   * in the address): from the map's `id` when it has one, so that it is the same on every page load.
   */
  get #key(): string {
    return this.id && /^[A-Za-z0-9_-]+$/.test(this.id) ? `map-${this.id}` : this.#autoKey;
  }
  /** What the polite live region says (a selection made or removed). */
  #announce = '';

  /** filter-on-click: the map's own selection. */
  readonly #selection = new MapSelection(this, () => ({
    enabled: this.filterOnClick,
    filterField: this.filterField,
    colorBy: this.colorBy,
    source: this.#shown,
    metadata: this.#metadata,
    locale: this.#locale,
    announce: (text) => {
      this.#announce = text;
      this.requestUpdate();
    },
  }));
  #locale = 'en';
  /** The element is (or was) within 300 px of the viewport: maplibre may load. */
  #near = false;
  #observer?: IntersectionObserver;
  /** The source the map is built for; kept across a move in the DOM. */
  #shown?: DatasetSource;
  #metadata?: Dataset;
  /** Between `disconnectedCallback` and `connectedCallback` (during a move in the DOM, `isConnected` is already true again). */
  #detached = false;
  /** A request was cut short by a move in the DOM: asked again on reconnection. */
  #interrupted = false;
  /** The parts and the engine are loading or loaded for this source and look. */
  #started = false;
  #loading?: Promise<void>;
  #startToken?: object;
  #parts?: Parts;
  #engine?: MapEngine;
  /** The first data was drawn: from then on the notice is shown (see render). */
  #drawn = false;
  /** The browser cannot draw the map (no WebGL2): the list and the attribution stay. */
  #noMap = false;
  /** Fields of popups and of the list, resolved once per start (unknown names warned about once). */
  #fields: DatasetField[] = [];
  #colorField?: DatasetField;
  #total?: number;
  #effective?: Effective;
  #legend?: Legend;
  #listOpen = false;
  #list?: { total: number; rows: Row[]; inView: boolean };
  /** Aborted when the visitor leaves the view: the view's cluster and list requests stop. */
  #view = new AbortController();
  #lastOthers = '';

  readonly #sourceCtl = new SourceController(
    this,
    () => ({
      domain: this.domain,
      datasetId: this.datasetId,
      sourceId: this.source,
      apikey: this.apikey,
      timeout: timeoutMs(this.timeout),
    }),
    (source, detail) => {
      if (!detail) this.#newSource(source);
      else if (this.#othersChanged()) this.#reload();
      // its own selection changes what is highlighted, not what is shown
      else this.#engine?.setSelection(this.#selection.paint());
    },
  );

  /** The dataset's metadata (title, fields, extent). */
  readonly #meta = new DataTask<Dataset>(this, {
    task: (signal) => this.#shown!.loadMetadata(signal),
    onDone: (m) => {
      this.#metadata = m;
      this.#maybeStart();
    },
    onError: (error) => fire(this, 'ode-error', { error }),
  });

  /**
   * The map's data for the shared query: the count (and the legend), then what the mode draws — the
   * export loaded by maplibre's worker, the aggregate of a choropleth, or the clusters of the view.
   * Cluster and list requests of later views are side requests of this run.
   */
  readonly #data = new DataTask<Answer>(this, {
    task: (signal) => this.#count(signal),
    onDone: (answer) => this.#show(answer),
    onError: (error) => fire(this, 'ode-error', { error }),
  });

  readonly #callbacks: MapCallbacks = {
    moveStart: () => {
      // the view being left: its cluster and list requests are aborted, their answers never drawn
      this.#view.abort();
      this.#view = new AbortController();
    },
    settled: () => this.#settled(),
    changed: () => this.requestUpdate(),
    failed: (e) => this.#data.fail(e),
    pick: (properties) => void this.#selection.toggle(properties),
  };

  get #container(): HTMLElement | null {
    return this.renderRoot?.querySelector('.map') ?? null;
  }

  override connectedCallback(): void {
    this.#detached = false;
    super.connectedCallback();
    this.#locale = closestLang(this);
    if (this.#near) return;
    // maplibre is loaded only when the map nears the viewport
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) this.#nearNow();
      },
      { rootMargin: `${NEAR}px` },
    );
    this.#observer.observe(this);
  }

  protected override firstUpdated(): void {
    // a map in the first screen starts loading right after its first render, not a frame later when
    // the observer first reports (the layout this asks for is mostly the one that frame needs anyway)
    if (this.#near) return;
    const r = this.getBoundingClientRect();
    const near = (a: number, b: number, size: number) => a < size + NEAR && b > -NEAR;
    // queued: an update asked for from firstUpdated itself is one Lit warns about in development
    if (r.width && r.height && near(r.top, r.bottom, innerHeight) && near(r.left, r.right, innerWidth))
      queueMicrotask(() => this.isConnected && this.#nearNow());
  }

  /** Within `NEAR` px of the viewport: maplibre may load. */
  #nearNow(): void {
    if (this.#near) return;
    this.#near = true;
    this.#observer?.disconnect();
    this.#preload();
    this.#maybeStart();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    // the tasks abort what they wait for as the element leaves; asked again if it comes straight back
    this.#interrupted ||= isBusy(this);
    this.#detached = true;
    super.disconnectedCallback();
    this.#observer?.disconnect();
    // a move in the DOM (disconnected, then connected at once) keeps the map and its WebGL context
    queueMicrotask(() => {
      if (this.#detached) this.#leave();
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('domain') || changed.has('datasetId') || changed.has('source') || changed.has('apikey')) {
      // also before the first render: attributes set right after connecting arrive here
      this.#sourceCtl.resolve();
    }
    const restart = [
      'mode',
      'geoField',
      'popupFields',
      'colorBy',
      'basemap',
      'consentPurpose',
      'filterOnClick',
      'filterField',
    ];
    if (this.hasUpdated && restart.some((k) => changed.has(k as keyof OdeMap))) this.#restart();
  }

  /** Fetch again after an error. */
  retry(): void {
    if (!this.#metadata) void this.#meta.run();
    else if (!this.#parts) this.#restart();
    else void this.#data.run();
  }

  // --- source and query ------------------------------------------------------------------------

  #newSource(source: DatasetSource | undefined): void {
    // leaving the page, or moving in it: decided a microtask later (disconnectedCallback)
    if (this.#detached) return;
    if (source && source === this.#shown) {
      // back after a move in the DOM: same map; ask again for what the move cut short
      if (!this.#metadata) void this.#meta.run();
      else if (this.#interrupted) this.#reload();
      this.#interrupted = false;
      return;
    }
    this.#meta.cancel();
    this.#data.cancel();
    this.#shown = source;
    this.#metadata = source?.metadata;
    this.#restart();
    if (!source) return;
    this.#lastOthers = this.#othersKey();
    if (!this.#metadata) void this.#meta.run();
  }

  /** Whether the shared query changed apart from this map's own viewport filter. */
  #othersChanged(): boolean {
    const key = this.#othersKey();
    if (key === this.#lastOthers) return false;
    this.#lastOthers = key;
    return true;
  }

  #othersKey(): string {
    const ds = this.#shown;
    // the order of records does not change a map
    return ds ? JSON.stringify(ds.toQuery({}, { ...this.#sharedQuery(), orderBy: undefined })) : '';
  }

  /**
   * The shared query without this map's own viewport filter and its own selection: the map shows all
   * that matches.
   */
  #sharedQuery(): SharedQuery {
    const q = this.#selection.query(this.#shown!.query);
    const extra = { ...q.extra };
    delete extra[this.#key];
    return { ...q, extra };
  }

  #mapQuery(): MapQuery {
    return { ds: this.#shown!, query: this.#sharedQuery(), geo: this.#geo! };
  }

  /** The shared query changed: count and draw again (once started). */
  #reload(): void {
    this.#list = undefined;
    if (this.#started) void this.#data.run();
    else this.#maybeStart();
  }

  // --- start and end ---------------------------------------------------------------------------

  /** A configuration problem, in words, or undefined. */
  #problem(): string | undefined {
    const t = mapStrings(uiLang(this.#locale));
    const ts = strings(uiLang(this.#locale));
    if (!(MAP_MODES as readonly string[]).includes(this.mode))
      return ts.badAttr('mode', t.badMode(this.mode));
    if (!parseBasemap(this.basemap)) return ts.badAttr('basemap', t.badBasemap(this.basemap ?? ''));
    const badFields = fieldsProblem('popup-fields', fieldNames(this.popupFields), undefined, ts);
    if (badFields) return badFields;
    if (this.#metadata && !this.#geo) {
      return this.geoField ? ts.badAttr('geo-field', t.badGeo(this.geoField)) : t.noGeo;
    }
    return undefined;
  }

  /** The geographic field shown. */
  get #geo(): DatasetField | undefined {
    const fields = this.#metadata?.fields ?? [];
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

  /**
   * Near the viewport: the lazy modules start loading, and the WebGL2 check (the first context a page
   * creates takes tens of ms) runs while they and the metadata are on their way, not after.
   */
  #preload(): void {
    const imports = (this.#imports = this.#import());
    // a failure is shown by the start that uses these imports (#load)
    imports.catch(() => undefined);
  }

  /**
   * The request helpers and templates, and maplibre with the engine where the browser can draw: the
   * WebGL2 check comes before the engine's download, so a browser that cannot draw maps never
   * downloads maplibre-gl (the context it creates also makes maplibre's own one quicker).
   */
  #import(): Promise<Imports> {
    const requests = loadRequests();
    const views = loadViews();
    const engine = canDrawMaps() ? loadEngine() : undefined;
    return Promise.all([requests, views, engine]);
  }
  /** The imports started as the map neared the viewport, for its first start. */
  #imports?: Promise<Imports>;

  /** Near the viewport with metadata and no problem: load the parts and maplibre, count and draw. */
  #maybeStart(): void {
    if (this.#started || !this.#near || !this.#shown || !this.#metadata || this.#problem()) return;
    this.#started = true;
    const loading = (this.#loading = this.#load());
    // a failure is shown by the data run, which waits for this
    loading.catch(() => undefined);
    void this.#data.run();
  }

  /** A look attribute changed, or the source: a new engine. */
  #restart(): void {
    this.#destroyEngine();
    this.#data.cancel();
    this.#maybeStart();
  }

  #destroyEngine(): void {
    this.#engine?.destroy();
    this.#engine = undefined;
    this.#parts = undefined;
    this.#noMap = false;
    this.#started = false;
    this.#loading = undefined;
    this.#startToken = undefined;
    this.#total = undefined;
    this.#effective = undefined;
    this.#legend = undefined;
    this.#list = undefined;
  }

  /** The element left the page (not moved): the map and the viewport filter go. */
  #leave(): void {
    this.#destroyEngine();
    this.#near = false;
    this.#interrupted = false;
    const ds = this.#shown;
    this.#shown = undefined;
    this.#metadata = undefined;
    if (ds && this.#key in ds.query.extra) {
      const extra = { ...ds.query.extra };
      delete extra[this.#key];
      ds.update({ extra });
    }
  }

  /** The request helpers and templates, and maplibre with the engine where the browser can draw. */
  async #load(): Promise<void> {
    const token = (this.#startToken = {});
    // those started as the map neared the viewport, or (a later start, Retry) imported again: nothing
    // keeps a failed download
    const imports = this.#imports ?? this.#import();
    this.#imports = undefined;
    const [requests, views, engine] = await imports.catch((e: unknown) => {
      const again = [loadRequests, loadViews, loadEngine].some((load) => load.failures > 1);
      throw new EngineLoadError(strings(uiLang(this.#locale)).mapEngineFailed, e, again);
    });
    await this.updateComplete;
    const container = this.#container;
    if (token !== this.#startToken || !container) return;
    const metadata = this.#metadata!;
    const geo = this.#geo!;
    this.#parts = { requests, views };
    this.#fields = requests.popupFieldsOf(metadata.fields, this.popupFields);
    this.#colorField = requests.colorFieldOf(metadata.fields, this.colorBy);
    const title = String(metadata.metas?.default?.title || metadata.dataset_id || '');
    try {
      if (!engine) throw new Error('no WebGL2 context');
      this.#engine = new engine.MapEngine(
        container,
        {
          locale: this.#locale,
          label: this.label || mapStrings(uiLang(this.#locale)).mapOf(title),
          // a visible area restored from the address (url-sync="viewport"), else the dataset's extent
          bounds: this.#restoredArea() ?? requests.bboxOf(metadata.metas?.default?.bbox),
          basemap: parseBasemap(this.basemap)!,
          consentPurpose: this.consentPurpose,
          points: geo.type === 'geo_point_2d',
          colored: !!this.colorBy,
          popupFields: this.#fields,
        },
        this.#callbacks,
      );
    } catch (e) {
      // maplibre-gl throws when no WebGL2 context can be created: say so, keep the list
      this.#noMap = true;
      container.replaceChildren();
      warnOnce(this, `this browser cannot draw the map (${(e as Error).message}); showing the list only.`);
    }
    this.#engine?.setSelection(this.#selection.paint());
    this.requestUpdate();
  }

  /** The area of this map's viewport filter when the shared query already holds one (an address). */
  #restoredArea(): Box | undefined {
    const b = this.filterViewport ? readBbox(this.#shown?.query.extra[this.#key] ?? '') : undefined;
    return b ? [b.west, b.south, b.east, b.north] : undefined;
  }

  /** The fields a request must return: those shown, and the one filter-on-click reads. */
  #requestFields(fields: DatasetField[]): DatasetField[] {
    const name = this.#selection.field;
    const f =
      name && !fields.some((x) => x.name === name)
        ? this.#metadata?.fields.find((x) => x.name === name)
        : undefined;
    return f ? [...fields, f] : fields;
  }

  // --- data ------------------------------------------------------------------------------------

  /** The count of matching records, and the legend of `color-by` once the request helpers are here. */
  async #count(signal: AbortSignal): Promise<Answer> {
    const ds = this.#shown!;
    const query = ds.toQuery({ limit: 0 }, this.#sharedQuery());
    // with no filter, the metadata already holds the count (`records_count`): no request
    const known = unfiltered(query) ? recordsCount(this.#metadata) : undefined;
    const count =
      known ?? ds.client.records(ds.datasetId, query, signal).then((answer) => answer.total_count ?? 0);
    const [total, legend] = await Promise.all([count, this.#fetchLegend(signal)]);
    return { total, legend };
  }

  async #fetchLegend(signal: AbortSignal): Promise<Legend | undefined> {
    if (!this.colorBy) return undefined;
    await this.#loading;
    const f = this.#colorField;
    if (!this.#parts || !f) return undefined;
    try {
      return await this.#parts.requests.fetchLegend(this.#mapQuery(), f, signal);
    } catch (e) {
      if (!isAbort(e)) console.warn(`<ode-map>: the legend could not be computed: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** The count arrived: decide what to draw, and draw it (the map is busy until it is drawn). */
  async #show({ total, legend }: Answer): Promise<void> {
    this.#total = total;
    this.#legend = legend;
    await this.#loading;
    const parts = this.#parts;
    if (!parts) return;
    const effective = (this.#effective = parts.requests.effectiveMode(this.mode, this.#geo!, total));
    fire(this, 'ode-load', { total });
    await Promise.all([this.#draw(parts, effective), this.#listOpen ? this.#fetchList() : undefined]);
    this.#drawn = true;
  }

  async #draw({ requests }: Parts, effective: Effective): Promise<void> {
    const engine = this.#engine;
    const q = this.#mapQuery();
    const pointColor = getComputedStyle(this).getPropertyValue('--ode-map-point').trim() || '#0a56b0';
    const agg = requests.aggregateOf(this.colorBy);
    if (effective === 'choropleth' && agg) {
      const answer = await this.#data.request((signal) => requests.fetchAggregate(q, agg, signal));
      if (!answer) return;
      this.#legend = answer.legend;
      const colorBy = { property: 'value', legend: answer.legend };
      await engine?.setLayers({ effective, data: answer.features, pointColor, colorBy });
    } else if (effective === 'clusters') {
      await engine?.setLayers({ effective, data: EMPTY, pointColor });
      await this.#fetchClusters();
    } else if (engine) {
      const field = agg ? undefined : this.#colorField;
      const data = requests.exportUrl(
        q,
        effective === 'heatmap' ? [] : this.#requestFields(this.#fields),
        field,
      );
      const legend = this.#legend;
      const colorBy = field && legend ? { property: field.name, legend } : undefined;
      await engine.setLayers({ effective, data, pointColor, colorBy });
    }
  }

  /** The server clusters of the view in sight (aborted if the visitor leaves it first). */
  async #fetchClusters(): Promise<void> {
    const engine = this.#engine;
    const requests = this.#parts?.requests;
    if (!engine || !requests) return;
    const view = this.#view.signal;
    const q = this.#mapQuery();
    const box = engine.viewBox();
    const zoom = engine.zoom();
    await this.#data.request(async (signal) => {
      const points = await requests.fetchClusters(q, box, zoom, AbortSignal.any([signal, view]));
      if (!signal.aborted && !view.aborted) engine.setClusters(points);
    });
  }

  /** The records in view (without a map: the first matching records). */
  async #fetchList(): Promise<void> {
    const requests = this.#parts?.requests;
    if (!requests) return;
    const view = this.#view.signal;
    const box = this.#engine?.viewBox();
    const q = this.#mapQuery();
    const list = await this.#data.request((signal) =>
      requests.fetchList(q, this.#requestFields(this.#fields), box, AbortSignal.any([signal, view])),
    );
    if (!list) return;
    this.#list = { total: list.total, rows: list.rows, inView: !!box };
    this.requestUpdate();
  }

  /** The view stayed still: its clusters, the viewport filter, the list. */
  #settled(): void {
    const fail = (e: unknown) => this.#data.fail(e as Error);
    if (this.#effective === 'clusters') this.#fetchClusters().catch(fail);
    const ds = this.#shown;
    const geo = this.#geo;
    if (ds && geo && this.filterViewport && this.#engine && this.#parts) {
      const where = this.#parts.requests.inBboxOf(geo, this.#engine.viewBox());
      ds.update({ extra: { ...ds.query.extra, [this.#key]: where } });
    }
    if (this.#listOpen) this.#fetchList().catch(fail);
  }

  #toggleList(): void {
    this.#listOpen = !this.#listOpen;
    if (this.#listOpen) this.#fetchList().catch((e: unknown) => this.#data.fail(e as Error));
    this.requestUpdate();
  }

  #showRecord(row: Row): void {
    const at = this.#parts?.requests.positionOf(row, this.#geo!);
    if (at) this.#engine?.showRecord(at, row);
  }

  // --- rendering -------------------------------------------------------------------------------

  #skip(e: Event): void {
    e.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('.after')?.focus();
  }

  #status(problem: string | undefined): string {
    if (problem) return '';
    const filtered = !!this.#shown?.describeFilters().length;
    if (this.#parts) return this.#parts.views.statusText(this.#locale, this.#noMap, this.#total, filtered);
    return this.#near ? mapStrings(uiLang(this.#locale)).loadingMap : '';
  }

  protected override render(): TemplateResult {
    const ts = strings(uiLang(this.#locale));
    const t = mapStrings(uiLang(this.#locale));
    const ctl = this.#sourceCtl;
    const problem = ctl.problem ? undefined : this.#problem();
    const error = this.#meta.error ?? this.#data.error;
    const title = String(this.#metadata?.metas?.default?.title || this.#shown?.datasetId || '');
    // an error replaces "Loading the map…"; before the map is there, it replaces the empty frame too
    const status = error ? '' : this.#status(problem);
    const parts = this.#parts;
    const blank = !!(problem || ctl.problem || (error && !parts));
    const starting = this.#near && !this.#drawn && !problem && !ctl.problem && !this.#noMap;
    return html`
      <a class="skip" href="#" @click=${this.#skip}>${t.skip}</a>
      ${
        ctl.problem
          ? sourceProblemView(this, ctl, ts)
          : problem
            ? sourceProblemView(this, problem, ts)
            : error
              ? errorView(error, ts, this.#locale, () => this.retry())
              : nothing
      }
      <div class="frame ${this.#noMap ? 'no-map' : ''}" ?hidden=${blank}>
        <div
          part="map"
          class="map"
          role="region"
          aria-label=${this.label || t.mapOf(title)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.#selection.clear()}
        ></div>
        ${status ? html`<p class="status" role="status">${status}</p>` : nothing}
      </div>
      ${
        parts && !problem && !ctl.problem
          ? parts.views.extrasView({
              locale: this.#locale,
              basemap: this.#engine?.basemapState,
              allow: () => void this.#engine?.allow(),
              legend: this.legend ? this.#legend : undefined,
              listOpen: this.#listOpen,
              toggleList: () => this.#toggleList(),
              list: this.#list,
              fields: this.#fields,
              show: this.#engine ? (row) => this.#showRecord(row) : undefined,
              filter: this.#selection.field
                ? {
                    valueOf: (row) => this.#selection.valueOf(row),
                    isSelected: (row) => this.#selection.isSelected(row),
                    toggle: (row) => void this.#selection.toggle(row),
                    label: (value) => mapSelectionStrings(uiLang(this.#locale)).filterOn(value),
                  }
                : undefined,
            })
          : nothing
      }
      <p class="visually-hidden" aria-live="polite">${this.#announce}</p>
      <span class="after" tabindex="-1"></span>
      <div class=${this.attribution === 'external' ? 'attribution-slot external' : 'attribution-slot'}>
        ${
          // without the metadata, the notice's own request would repeat the error above; while a map
          // in view starts, the notice (its rendering and date format) waits until the data is drawn
          (error && !this.#metadata) || (starting && !error)
            ? nothing
            : attributionView('ode-map', this.#shown, this.attribution, this.#metadata)
        }
      </div>
    `;
  }
}
