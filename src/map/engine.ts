import * as maplibregl from 'maplibre-gl';
import type {
  GeoJSONSource,
  LngLatBoundsLike,
  Map as MlMap,
  StyleSpecification,
  ExpressionSpecification,
} from 'maplibre-gl';
import { formatText } from '../core/format.js';
import { prepareFormats } from '../core/number-format.js';
import { uiLang } from '../core/lang.js';
import { maplibreStyles } from './maplibre.styles.js';
import { mergeOverlapping } from './cluster-overlap.js';
import { worldLand } from './offline-basemap.js';
import { AttributionControl, startWorkers } from './trusted.js';
import { engineStrings, type EngineStrings } from './engine-strings.js';
import { BASEMAP_PRESETS } from './basemap-presets.js';
import { basemapConsent } from './basemap-consent.js';
import type { Basemap } from './basemaps.js';
import { isWorkerLoadError, useBundledWorker } from './worker-url.js';
import {
  clusterCell,
  denseBounds,
  distinctPositions,
  widenedForEdges,
  worthReframing,
  type Weighted,
} from './framing.js';
import {
  PALETTE,
  type BasemapState,
  type Box,
  type ClusterPoint,
  type Effective,
  type MapCallbacks,
  type MapInput,
  type MapLayers,
  type Row,
  type SelectionPaint,
} from './model.js';

/** Wait this long after the last move before telling the element the view settled. */
export const SETTLE_MS = 250;

const NO_FEATURES: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** A position of the data source: a record's point, or a browser-side cluster (with its id). */
interface LoadedPoint extends Weighted {
  clusterId?: number;
}

function loadedPoint(f: GeoJSON.Feature): LoadedPoint[] {
  if (f.geometry.type !== 'Point') return [];
  const [lon, lat] = f.geometry.coordinates;
  const id: unknown = f.properties?.cluster_id;
  return [
    {
      lon,
      lat,
      weight: Number(f.properties?.point_count ?? 1),
      clusterId: typeof id === 'number' ? id : undefined,
    },
  ];
}

const DATA = 'ode-data';
const CLUSTERS = 'ode-clusters';
const POINTS = 'ode-points';
const FILLS = 'ode-fills';
const LINES = 'ode-lines';
const HEAT = 'ode-heat';
const WARM = 'ode-warm';

/** The paint properties a selection changes, with maplibre's defaults. */
const SELECTION_DEFAULTS = {
  circle: {
    'circle-radius': 5,
    'circle-stroke-width': 0,
    'circle-stroke-color': '#000000',
    'circle-opacity': 1,
  },
  fill: { 'fill-opacity': 1 },
  line: { 'line-width': 1, 'line-color': '#000000' },
};

let sheet: CSSStyleSheet | undefined;
const live = new Set<MlMap>();

/** Maps alive now (the benchmark checks that removed elements leave none behind). */
export const liveMaps = (): number => live.size;

/**
 * Everything that needs maplibre-gl, and nothing else: the map, the basemap and its consent, the
 * layers of what the element asks to draw, server clusters' markers, popups, and the moves (a view
 * settles `SETTLE_MS` after the last move; a new move cancels that). It takes plain data (`MapInput`,
 * `MapLayers`, `ClusterPoint`s) and tells the element through `MapCallbacks`: the element
 * (ode-map.ts) makes the requests and renders everything outside the canvas. Loaded with
 * maplibre-gl when the element nears the viewport. The constructor throws when the browser cannot
 * create a WebGL2 context.
 */
export class MapEngine {
  readonly map: MlMap;
  private settleTimer?: ReturnType<typeof setTimeout>;
  private markers: maplibregl.Marker[] = [];
  private popup?: maplibregl.Popup;
  private usingOffline = true;
  private tileFailed = false;
  private consentBlocked = false;
  /** A consent configuration is loaded (a banner is on the page): the placeholder can offer to allow. */
  private consentConfigured = false;
  private destroyed = false;
  private styleReady = false;
  private consentOff?: () => void;
  /** The consent purpose the basemap waits for: `consent-purpose`, or the one declared for its host. */
  private basemapPurpose?: string;
  /** What the element asked to draw last, drawn again on a new style. */
  private layers?: MapLayers;
  /** The server clusters drawn last, drawn again on a new style. */
  private clusters?: ClusterPoint[];
  /** Settles the promise of the export being loaded by the worker. */
  private dataLoaded?: { url: string; resolve: () => void; reject: (e: Error) => void };
  /** The first view was fitted to where the data is dense, or the visitor moved first (framing.ts). */
  private framed = false;
  /** The view fitted to the first answer's clusters, until its own (finer) clusters come (framing.ts). */
  private framedView?: Box;

  constructor(
    private readonly container: HTMLElement,
    private readonly input: MapInput,
    private readonly callbacks: MapCallbacks,
  ) {
    const root = container.getRootNode();
    if (root instanceof ShadowRoot) {
      sheet ??= new CSSStyleSheet();
      if (!sheet.cssRules.length) sheet.replaceSync(maplibreStyles.cssText);
      if (!root.adoptedStyleSheets.includes(sheet))
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
    const box = input.bounds;
    const bounds: LngLatBoundsLike = box
      ? [
          [box[0], box[1]],
          [box[2], box[3]],
        ]
      : [
          [-170, -60],
          [170, 75],
        ];
    // maplibre's worker: the file this package ships, named so that bundlers copy it (worker-url.ts);
    // then, on a page enforcing Trusted Types, the workers start through our named policy
    useBundledWorker();
    startWorkers();
    // the page's first Intl object (the counts of clusters) made while the worker loads the data, not
    // between the data and its first frame
    prepareFormats(input.locale);
    // throws (GPUInitializationError) when no WebGL2 context can be created
    this.map = new maplibregl.Map({
      container,
      style: this.offlineStyle(),
      bounds,
      fitBoundsOptions: { padding: 20 },
      renderWorldCopies: false,
      // ours, built without handing HTML strings to the DOM (./trusted.ts)
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      locale: uiLang(input.locale) === 'fr' ? FR_LOCALE : {},
    });
    live.add(this.map);
    this.map.touchZoomRotate.disableRotation();
    this.map.keyboard.disableRotation();
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new AttributionControl(), 'bottom-right');
    const canvas = this.map.getCanvas();
    canvas.setAttribute('aria-label', input.label);
    canvas.setAttribute('role', 'application');
    this.map.on('style.load', () => {
      this.styleReady = true;
      this.addLayers();
      this.warmPrograms();
      this.fillLand();
    });
    this.bindMoves();
    this.map.on('error', (e) => this.onMapError(e as unknown as { error?: Error; sourceId?: string }));
    this.bindPointer();
    void this.setupBasemap();
  }

  private get t(): EngineStrings {
    return engineStrings(uiLang(this.input.locale));
  }

  /** The basemap's consent and failure state, for the element's notices. */
  get basemapState(): BasemapState {
    return {
      consentBlocked: this.consentBlocked,
      consentConfigured: this.consentConfigured,
      tileFailed: this.tileFailed,
    };
  }

  // --- basemap and consent -------------------------------------------------------------------

  private offlineStyle(): StyleSpecification {
    const cs = getComputedStyle(this.container);
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    const water = cs.getPropertyValue('--ode-map-water').trim() || (dark ? '#1f2a36' : '#dfe9f2');
    const landColor = cs.getPropertyValue('--ode-map-land').trim() || (dark ? '#3a3f44' : '#f7f5ef');
    return {
      version: 8,
      sources: {
        // filled once the style is loaded, after the data source (fillLand)
        land: { type: 'geojson', data: NO_FEATURES, attribution: 'Natural Earth' },
      },
      layers: [
        { id: 'water', type: 'background', paint: { 'background-color': water } },
        {
          id: 'land',
          type: 'fill',
          source: 'land',
          paint: { 'fill-color': landColor, 'fill-antialias': false },
        },
      ],
    };
  }

  /**
   * The offline world outline's land, given to its source after the data source was added: maplibre's
   * worker handles sources one message after the other, and tiling the outline takes it a while (the
   * longest worker task of a map's start), so the worker starts downloading the records' export
   * first and tiles the outline while the export is on its way. (Built on the main thread here rather
   * than in the constructor: maplibre's worker also starts sooner.)
   */
  private fillLand(): void {
    if (!this.usingOffline) return;
    (this.map.getSource('land') as GeoJSONSource | undefined)?.setData(worldLand());
  }

  /** The basemap asked for, presets resolved. */
  private get basemap(): Exclude<Basemap, { kind: 'preset' }> {
    const spec = this.input.basemap;
    return spec.kind === 'preset' ? BASEMAP_PRESETS[spec.name] : spec;
  }

  private async setupBasemap(): Promise<void> {
    const spec = this.basemap;
    if (spec.kind === 'offline') return;
    // a third-party basemap on a page with a consent banner waits for consent (basemap-consent.ts)
    const wait = await basemapConsent(
      spec.kind === 'style' ? spec.url : spec.tiles,
      this.input.consentPurpose,
    );
    if (this.destroyed) return;
    const purpose = (this.basemapPurpose = wait?.purpose);
    if (wait && !purpose) {
      // no purpose declared for this host: the basemap stays off, the notice says why
      this.consentBlocked = true;
      this.callbacks.changed();
      return;
    }
    if (purpose) {
      const { consent } = await import('../consent/store.js');
      if (this.destroyed) return;
      const check = () => {
        const granted = !!consent.config && consent.get(purpose);
        this.consentBlocked = !granted;
        this.consentConfigured = !!consent.config;
        if (granted && this.usingOffline && !this.tileFailed) this.useRemote();
        if (!granted && !this.usingOffline) this.useOffline();
        this.callbacks.changed();
      };
      document.addEventListener('ode-consent-change', check);
      document.addEventListener('ode-consent-withdrawn', check);
      this.consentOff = () => {
        document.removeEventListener('ode-consent-change', check);
        document.removeEventListener('ode-consent-withdrawn', check);
      };
      check();
      if (!consent.config) void consent.ready.then(() => !this.destroyed && check());
      return;
    }
    this.useRemote();
  }

  /** Allow the basemap's purpose (the consent notice's button). */
  async allow(): Promise<void> {
    const purpose = this.basemapPurpose;
    if (!purpose) return;
    const { consent } = await import('../consent/store.js');
    if (consent.config) consent.set({ [purpose]: true }, 'gate');
  }

  private useRemote(): void {
    const spec = this.basemap;
    if (spec.kind === 'offline') return;
    this.usingOffline = false;
    this.styleReady = false;
    if (spec.kind === 'style') {
      this.map.setStyle(spec.url);
    } else {
      this.map.setStyle({
        version: 8,
        sources: {
          base: {
            type: 'raster',
            tiles: [spec.tiles],
            tileSize: 256,
            attribution: spec.attribution,
            maxzoom: spec.maxzoom ?? 19,
          },
        },
        layers: [{ id: 'base', type: 'raster', source: 'base' }],
      });
    }
  }

  private useOffline(): void {
    this.usingOffline = true;
    this.styleReady = false;
    this.map.setStyle(this.offlineStyle());
  }

  private onMapError(e: { error?: Error; sourceId?: string }): void {
    // the app's build has no worker file: say so in place rather than leave a blank map
    if (isWorkerLoadError(e.error)) {
      const failure = new Error(this.t.workerFailed);
      console.warn(`<ode-map>: ${failure.message} (${e.error?.message ?? ''})`);
      this.dataLoaded?.reject(failure);
      this.dataLoaded = undefined;
      this.callbacks.failed?.(failure);
      return;
    }
    // the export the worker loads could not be loaded: the element shows the error
    if (e.sourceId === DATA && this.dataLoaded) {
      this.dataLoaded.reject(e.error ?? new Error('the map data could not be loaded'));
      this.dataLoaded = undefined;
      return;
    }
    // a basemap that fails (tiles, style) gives way to the offline outline
    if (
      !this.usingOffline &&
      !this.tileFailed &&
      (e.sourceId === 'base' || !e.sourceId || !e.sourceId.startsWith('ode-'))
    ) {
      this.tileFailed = true;
      console.warn(
        `<ode-map>: the basemap could not be loaded (${e.error?.message ?? 'error'}); using the offline outline.`,
      );
      this.useOffline();
      this.callbacks.changed();
    }
  }

  // --- data ------------------------------------------------------------------------------------

  /**
   * Draw this (the element's answer). Resolves once it is drawn: for an export URL, when maplibre's
   * worker has loaded it (rejects if it could not); at once for features and server clusters.
   */
  setLayers(layers: MapLayers): Promise<void> {
    this.layers = layers;
    this.dataLoaded?.resolve();
    this.dataLoaded = undefined;
    const url = typeof layers.data === 'string' ? layers.data : undefined;
    const loaded = url
      ? new Promise<void>((resolve, reject) => (this.dataLoaded = { url, resolve, reject }))
      : Promise.resolve();
    if (this.styleReady) this.addLayers();
    return loaded;
  }

  /** The selection paint (filter-on-click), applied now and kept for layers drawn later. */
  setSelection(paint: SelectionPaint | undefined): void {
    this.selection = paint;
    this.showSelection();
  }
  private selection?: SelectionPaint;

  /**
   * The selected features drawn larger and outlined, the others faded (paint of the point, fill and
   * line layers; no data is reloaded). With no selection, the layers' own paint again.
   */
  private showSelection(): void {
    const m = this.map;
    const eff = this.layers?.effective;
    if (!eff || !this.styleReady || this.destroyed) return;
    const point = this.layers!.pointColor;
    const own = this.layerSpecs(eff, point, this.colorExpr(point));
    for (const [id, kind] of [
      [POINTS, 'circle'],
      [FILLS, 'fill'],
      [LINES, 'line'],
    ] as const) {
      if (!m.getLayer(id)) continue;
      const base = ((own.find((l) => l.id === id) as { paint?: Record<string, unknown> })?.paint ??
        {}) as Record<string, unknown>;
      for (const [k, fallback] of Object.entries(SELECTION_DEFAULTS[kind])) {
        const value = this.selection?.[kind][k] ?? base[k] ?? fallback;
        // the value is a paint expression or constant built for this very property
        m.setPaintProperty(id, k as keyof maplibregl.AllPaintProperties, value as never);
      }
    }
  }

  /** Draw the server clusters of the settled view. */
  setClusters(points: ClusterPoint[]): void {
    this.clusters = points;
    this.drawClusters();
    const weighted = points.map((p) => ({ lon: p.lon, lat: p.lat, weight: p.count }));
    const framedView = this.framedView;
    this.framedView = undefined;
    if (!framedView) this.frameOnce(weighted, true);
    else if (String(framedView) === String(this.viewBox())) {
      // the clusters of the view the first answer framed (nobody moved the map since): widened once
      // where they show the data going on past an edge
      const wider = widenedForEdges(framedView, weighted, clusterCell(this.zoom()));
      if (wider)
        this.map.fitBounds(
          [
            [wider[0], wider[1]],
            [wider[2], wider[3]],
          ],
          { padding: 0, animate: false },
        );
    }
  }

  /** The visible area, clamped to the world, as west, south, east, north. */
  viewBox(): Box {
    const b = this.map.getBounds();
    const r = (n: number) => Math.round(n * 1e6) / 1e6;
    return [
      r(Math.max(-180, b.getWest())),
      r(Math.max(-90, b.getSouth())),
      r(Math.min(180, b.getEast())),
      r(Math.min(90, b.getNorth())),
    ];
  }

  /** The map's zoom level. */
  zoom(): number {
    return this.map.getZoom();
  }

  private colorExpr(fallback: string): ExpressionSpecification | string {
    const by = this.layers?.colorBy;
    if (!by) return fallback;
    const { legend: l, property } = by;
    if (l.kind === 'ramp' && Number.isFinite(l.min) && Number.isFinite(l.max) && l.max! > l.min!) {
      const stops: (number | string)[] = [];
      PALETTE.forEach((c, i) => stops.push(l.min! + ((l.max! - l.min!) * i) / (PALETTE.length - 1), c));
      return [
        'interpolate',
        ['linear'],
        ['to-number', ['get', property], l.min!],
        ...stops,
      ] as ExpressionSpecification;
    }
    if (l.kind === 'categories' && l.categories?.length) {
      return [
        'match',
        ['to-string', ['get', property]],
        ...l.categories.flat(),
        '#888888',
      ] as unknown as ExpressionSpecification;
    }
    return fallback;
  }

  /**
   * The data source and layers for the effective mode on the current style. When only the data changed
   * (a new query, same mode and paint), the source is kept and given the new export URL (`setData`):
   * the worker loads it, the layers and their GL programs stay, nothing is torn down and rebuilt.
   */
  private addLayers(): void {
    const m = this.map;
    const input = this.layers;
    if (!input) {
      this.removeLayers();
      return;
    }
    const eff = input.effective;
    const point = input.pointColor;
    const color = this.colorExpr(point);
    const client = eff === 'client-clusters';
    const data = input.data;
    const options = client ? { cluster: true, clusterRadius: 50, clusterMaxZoom: 14 } : {};
    const layers = this.layerSpecs(eff, point, color);
    const key = JSON.stringify([options, layers]);
    const source = m.getSource(DATA) as GeoJSONSource | undefined;
    if (source && key === this.layersKey && layers.every((l) => m.getLayer(l.id))) {
      if (eff === 'clusters') this.drawClusters();
      else if (data !== this.layersData) {
        this.clearMarkers();
        this.layersData = data;
        source.setData(data);
      } else this.dataLoaded?.resolve();
      return;
    }
    this.removeLayers();
    this.layersKey = key;
    this.layersData = data;
    m.addSource(DATA, { type: 'geojson', data, ...options });
    for (const l of layers) m.addLayer(l);
    if (eff === 'clusters') this.drawClusters();
    this.showSelection();
  }

  /** What `addLayers` drew last (source options and layers), to tell a data change from a new look. */
  private layersKey?: string;
  /** The data (export URL or features) given to the source last. */
  private layersData?: GeoJSON.FeatureCollection | string;
  private warmed = false;

  /**
   * Has maplibre compile the GL programs of the point layers (plain circles, and circles sized by
   * `point_count`, and coloured by a field with `color-by`) while the first answer is on its way: one
   * invisible point at the centre (no fill, a stroke at 0.1 % opacity that the shader discards), drawn
   * once and removed when the map is idle. Otherwise the first frame with data also compiles them,
   * which makes the longest main-thread task longer (more so in software GL).
   */
  private warmPrograms(): void {
    if (this.warmed || !this.input.points) return;
    this.warmed = true;
    const m = this.map;
    const c = m.getCenter();
    m.addSource(WARM, {
      type: 'geojson',
      data: {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
        properties: { point_count: 1, c: '#000' },
      },
    });
    const hidden = { 'circle-opacity': 0, 'circle-stroke-opacity': 0.001, 'circle-stroke-width': 1 };
    const colors: (string | ExpressionSpecification)[] = ['#000'];
    if (this.input.colored) colors.push(['to-color', ['get', 'c'], '#000']);
    const ids: string[] = [];
    colors.forEach((color) => {
      for (const radius of [5, ['get', 'point_count']] as (number | ExpressionSpecification)[]) {
        const id = `${WARM}-${ids.length}`;
        ids.push(id);
        m.addLayer({
          id,
          type: 'circle',
          source: WARM,
          paint: { 'circle-color': color, 'circle-radius': radius, ...hidden },
        });
      }
    });
    m.once('idle', () => {
      if (this.destroyed) return;
      for (const id of ids) if (m.getLayer(id)) m.removeLayer(id);
      if (m.getSource(WARM)) m.removeSource(WARM);
    });
  }

  private removeLayers(): void {
    const m = this.map;
    for (const id of [CLUSTERS, POINTS, FILLS, LINES, HEAT]) if (m.getLayer(id)) m.removeLayer(id);
    if (m.getSource(DATA)) m.removeSource(DATA);
    this.layersKey = undefined;
    this.clearMarkers();
  }

  private layerSpecs(
    eff: Effective,
    point: string,
    color: ExpressionSpecification | string,
  ): maplibregl.AddLayerObject[] {
    const client = eff === 'client-clusters';
    if (eff === 'clusters')
      return [
        {
          id: CLUSTERS,
          type: 'circle',
          source: DATA,
          paint: {
            'circle-color': point,
            'circle-opacity': 0.35,
            'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 8, 100, 30],
          },
        },
      ];
    if (eff === 'heatmap')
      return [{ id: HEAT, type: 'heatmap', source: DATA, paint: { 'heatmap-radius': 14 } }];
    const layers: maplibregl.AddLayerObject[] = [];
    if (client)
      layers.push({
        id: CLUSTERS,
        type: 'circle',
        source: DATA,
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': point,
          'circle-opacity': 0.35,
          'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'point_count']], 1, 8, 100, 30],
        },
      });
    if (eff === 'shapes' || eff === 'choropleth')
      layers.push(
        {
          id: FILLS,
          type: 'fill',
          source: DATA,
          filter: ['==', ['geometry-type'], 'Polygon'],
          paint: { 'fill-color': color, 'fill-opacity': 0.6 },
        },
        {
          id: LINES,
          type: 'line',
          source: DATA,
          filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'LineString']]],
          paint: { 'line-color': eff === 'shapes' ? point : '#555', 'line-width': 1 },
        },
      );
    layers.push({
      id: POINTS,
      type: 'circle',
      source: DATA,
      filter: client ? ['!', ['has', 'point_count']] : ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-color': color,
        'circle-radius': 5,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 1,
      },
    });
    return layers;
  }

  // --- server-side clusters ------------------------------------------------------------------

  private drawClusters(): void {
    const given = this.layers?.effective === 'clusters' ? (this.clusters ?? []) : [];
    const nf = new Intl.NumberFormat(this.input.locale, { notation: 'compact' });
    const full = new Intl.NumberFormat(this.input.locale);
    // the buttons' size (.cluster in maplibre.styles.ts: 2rem high, at least 2rem wide, 0.75rem bold
    // text with 0.35rem of padding and 2px borders each side), a bold digit taken as 0.7em wide at most
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const box = (count: number) => ({
      width: Math.max(2 * rem, nf.format(count).length * 0.7 * 0.75 * rem + 0.7 * rem + 4),
      height: 2 * rem,
    });
    const points = mergeOverlapping(given, (p) => this.map.project([p.lon, p.lat]), box);
    const features: GeoJSON.Feature[] = points.map((p, i) => ({
      type: 'Feature',
      id: i + 1,
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { count: p.count },
    }));
    (this.map.getSource(DATA) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
    this.clearMarkers();
    for (const { lon, lat, count } of points) {
      this.addClusterMarker(lon, lat, nf.format(count), this.t.cluster(full.format(count)), () =>
        this.map.easeTo({ center: [lon, lat], zoom: Math.min(this.map.getZoom() + 2, 18) }),
      );
    }
  }

  private addClusterMarker(lon: number, lat: number, text: string, label: string, zoom: () => void): void {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'cluster';
    b.textContent = text;
    // the visible (compact) count starts the name, as WCAG 2.5.3 asks
    b.setAttribute('aria-label', `${text} – ${label}`);
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      zoom();
    });
    this.markers.push(new maplibregl.Marker({ element: b }).setLngLat([lon, lat]).addTo(this.map));
  }

  private clearMarkers(): void {
    for (const m of this.markers) m.remove();
    this.markers = [];
  }

  /** Labels for the browser-side clusters (no glyphs offline: counts are buttons, keyboard reachable too). */
  private syncClientClusters(): void {
    if (
      this.layers?.effective !== 'client-clusters' ||
      !this.map.getSource(DATA) ||
      !this.map.isStyleLoaded()
    )
      return;
    const seen = new Set<number>();
    const nf = new Intl.NumberFormat(this.input.locale, { notation: 'compact' });
    const full = new Intl.NumberFormat(this.input.locale);
    this.clearMarkers();
    for (const f of this.map.querySourceFeatures(DATA, { filter: ['has', 'point_count'] })) {
      const id = f.properties.cluster_id as number;
      if (seen.has(id)) continue;
      seen.add(id);
      const n = f.properties.point_count as number;
      const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates;
      this.addClusterMarker(lon, lat, nf.format(n), this.t.cluster(full.format(n)), async () => {
        const z = await (this.map.getSource(DATA) as GeoJSONSource).getClusterExpansionZoom(id);
        this.map.easeTo({ center: [lon, lat], zoom: z });
      });
    }
  }

  // --- moves -----------------------------------------------------------------------------------

  /**
   * A view settles `SETTLE_MS` after the last move ends. A new move abandons it: no settle of the
   * view left, and the element aborts its request. Pressing the map (the start of a drag) holds a
   * pending settle; released without a move (a click), the view settles after all.
   */
  private bindMoves(): void {
    const m = this.map;
    const arm = () => {
      clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => {
        this.settleTimer = undefined;
        this.settled();
      }, SETTLE_MS);
    };
    let held = false;
    const hold = () => {
      if (this.settleTimer === undefined) return;
      clearTimeout(this.settleTimer);
      this.settleTimer = undefined;
      held = true;
    };
    const release = () => {
      if (held && !m.isMoving()) arm();
      held = false;
    };
    m.on('mousedown', hold);
    m.on('touchstart', hold);
    m.on('mouseup', release);
    m.on('touchend', release);
    m.on('movestart', (e) => {
      // a visitor's own move wins over the automatic first framing
      if ((e as { originalEvent?: unknown }).originalEvent) {
        this.framed = true;
        this.framedView = undefined;
      }
      clearTimeout(this.settleTimer);
      this.settleTimer = undefined;
      held = false;
      this.callbacks.moveStart();
    });
    m.on('moveend', () => {
      held = false;
      arm();
    });
  }

  private settled(): void {
    if (this.destroyed) return;
    this.syncClientClusters();
    this.callbacks.settled();
  }

  // --- first framing ---------------------------------------------------------------------------

  /** The export's points and browser-side clusters in the loaded tiles, each once, weighted by their counts. */
  private loadedPoints(): LoadedPoint[] {
    return distinctPositions(this.map.querySourceFeatures(DATA).flatMap(loadedPoint));
  }

  /**
   * Browser-side clusters fine enough to frame on: the world view's are not (the whole US mainland is
   * one cluster centred in Kansas, so a view fitted to it left out the coasts). A cluster holding more
   * than an eighth of the records is replaced by its children, the clusters it splits into at the next
   * zoom, for up to four rounds (a message to maplibre's worker each); what the worker cannot answer (the
   * data changed meanwhile) stays as it was.
   */
  private async finerClusters(points: LoadedPoint[]): Promise<LoadedPoint[]> {
    const source = this.map.getSource(DATA) as GeoJSONSource | undefined;
    let current = points;
    for (let round = 0; round < 4 && source; round++) {
      const total = current.reduce((sum, p) => sum + p.weight, 0);
      const big = current.filter((p) => p.clusterId !== undefined && p.weight > total / 8);
      if (!big.length) break;
      const split = await Promise.all(
        big.map((p) =>
          source
            .getClusterChildren(p.clusterId!)
            .then((children) => children.flatMap(loadedPoint))
            .catch(() => [p]),
        ),
      );
      if (this.destroyed) return [];
      current = distinctPositions([...current.filter((p) => !big.includes(p)), ...split.flat()]);
    }
    return current;
  }

  /** The first data of the browser-clustered mode framed on finer clusters, unless the visitor moved first. */
  private async frameOnClientClusters(): Promise<void> {
    const loaded = this.loadedPoints();
    // none in the loaded tiles yet: the next loaded tiles will try
    if (!loaded.length) return;
    this.framed = true;
    const before = String(this.viewBox());
    const points = await this.finerClusters(loaded);
    if (!this.destroyed && String(this.viewBox()) === before) this.fitDense(points);
  }

  /**
   * Once, on the first data: fit the view to where the data is dense when that is much smaller. From
   * `coarse` server clusters, the view's own clusters may widen it once more (setClusters).
   */
  private frameOnce(points: Weighted[], coarse = false): void {
    if (this.framed || !points.length) return;
    this.framed = true;
    this.fitDense(points, coarse);
  }

  /** The view fitted to where `points` are dense, when that is much smaller than the view. */
  private fitDense(points: Weighted[], coarse = false): void {
    const dense = denseBounds(points);
    const b = this.map.getBounds();
    if (!dense || !worthReframing([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], dense)) return;
    this.map.fitBounds(
      [
        [dense[0], dense[1]],
        [dense[2], dense[3]],
      ],
      // room for the cluster buttons drawn round the outermost centroids
      { padding: 40, animate: false },
    );
    if (coarse) this.framedView = this.viewBox();
  }

  // --- popups ----------------------------------------------------------------------------------

  private bindPointer(): void {
    const m = this.map;
    m.on('click', (e) => {
      const layers = [POINTS, FILLS].filter((l) => m.getLayer(l));
      const hit = layers.length ? m.queryRenderedFeatures(e.point, { layers })[0] : undefined;
      if (hit) {
        this.callbacks.pick?.(hit.properties);
        this.openPopup(hit, [e.lngLat.lng, e.lngLat.lat]);
      }
      const cl =
        m.getLayer(CLUSTERS) && this.layers?.effective === 'client-clusters'
          ? m.queryRenderedFeatures(e.point, { layers: [CLUSTERS] })[0]
          : undefined;
      if (cl) {
        const [lon, lat] = (cl.geometry as GeoJSON.Point).coordinates;
        void (m.getSource(DATA) as GeoJSONSource)
          .getClusterExpansionZoom(cl.properties.cluster_id as number)
          .then((z) => m.easeTo({ center: [lon, lat], zoom: z }));
      }
    });
    for (const l of [POINTS, FILLS, CLUSTERS]) {
      m.on('mouseenter', l, () => (m.getCanvas().style.cursor = 'pointer'));
      m.on('mouseleave', l, () => (m.getCanvas().style.cursor = ''));
    }
    m.on('sourcedata', (e) => {
      if (e.sourceId !== DATA || !e.isSourceLoaded) return;
      if (this.dataLoaded && this.layersData === this.dataLoaded.url) {
        this.dataLoaded.resolve();
        this.dataLoaded = undefined;
      }
      if (typeof this.layersData === 'string' && !this.framed) {
        if (this.layers?.effective === 'client-clusters') void this.frameOnClientClusters();
        else this.frameOnce(this.loadedPoints());
      }
      if (this.layers?.effective === 'client-clusters') this.syncClientClusters();
    });
  }

  /** The record's popup fields as a definition list, every value as text. */
  private details(props: Row): HTMLElement {
    const dl = document.createElement('dl');
    const o = { locale: this.input.locale, lang: uiLang(this.input.locale), timeZone: undefined };
    for (const f of this.input.popupFields) {
      const dt = document.createElement('dt');
      dt.textContent = f.label || f.name;
      const dd = document.createElement('dd');
      dd.textContent = formatText(props[f.name], f, o) || '—';
      dl.append(dt, dd);
    }
    return dl;
  }

  private openPopup(f: { properties: Row }, at: [number, number]): void {
    this.popup?.remove();
    this.popup = new maplibregl.Popup({ closeButton: true, focusAfterOpen: true, maxWidth: '18rem' })
      .setLngLat(at)
      .setDOMContent(this.details(f.properties as Row))
      .addTo(this.map);
  }

  /** Centre the map on a record and open its popup (the list's "Show on the map"). */
  showRecord(at: [number, number], row: Row): void {
    this.map.jumpTo({ center: at });
    this.openPopup({ properties: row }, at);
  }

  // --- end ---------------------------------------------------------------------------------------

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    clearTimeout(this.settleTimer);
    this.dataLoaded?.resolve();
    this.consentOff?.();
    this.clearMarkers();
    this.popup?.remove();
    live.delete(this.map);
    this.map.remove();
  }
}

const FR_LOCALE: Record<string, string> = {
  'NavigationControl.ZoomIn': 'Zoomer',
  'NavigationControl.ZoomOut': 'Dézoomer',
  'Popup.Close': 'Fermer la fenêtre',
  'Map.Title': 'Carte',
};
