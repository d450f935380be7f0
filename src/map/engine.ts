import * as maplibregl from 'maplibre-gl';
import type {
  GeoJSONSource,
  LngLatBoundsLike,
  Map as MlMap,
  MapGeoJSONFeature,
  StyleSpecification,
  ExpressionSpecification,
} from 'maplibre-gl';
import { html, nothing, type TemplateResult } from 'lit';
import { isAbort } from '../api/client.js';
import { field as odsqlField, inBbox } from '../api/odsql.js';
import type { DatasetField } from '../api/types.js';
import { formatText, isNumeric } from '../core/format.js';
import { uiLang } from '../core/lang.js';
import type { DatasetSource } from '../core/source.js';
import { readBbox } from '../core/query-clauses.js';
import { maplibreStyles } from './maplibre.styles.js';
import type { OdeMap } from './ode-map.js';
import { worldLand } from './offline-basemap.js';
import { engineStrings, type EngineStrings } from './engine-strings.js';
import { BASEMAP_PRESETS } from './basemap-presets.js';
import type { Basemap } from './basemaps.js';

/** `auto` mode: up to this many records, one GeoJSON export clustered in the browser. */
export const EXPORT_MAX = 5000;
/** `points` and `heatmap` export at most this many records; beyond, server-side clusters. */
export const EXPORT_CEILING = 50_000;
/** Wait this long after the last move before asking the portal (a settled view). */
export const SETTLE_MS = 250;
/** Records listed at most in the "view as list" alternative. */
export const LIST_MAX = 100;

const DATA = 'ode-data';
const CLUSTERS = 'ode-clusters';
const POINTS = 'ode-points';
const FILLS = 'ode-fills';
const LINES = 'ode-lines';
const HEAT = 'ode-heat';
const WARM = 'ode-warm';
const PALETTE = ['#2c7bb6', '#abd9e9', '#ffffbf', '#fdae61', '#d7191c'];
const CATEGORIES = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];

type Row = Record<string, unknown>;
type Effective = 'client-clusters' | 'clusters' | 'points' | 'shapes' | 'choropleth' | 'heatmap';

interface Legend {
  kind: 'ramp' | 'categories';
  label: string;
  min?: number;
  max?: number;
  categories?: [string, string][];
}

let sheet: CSSStyleSheet | undefined;
const live = new Set<MlMap>();

/** Maps alive now (the benchmark checks that removed elements leave none behind). */
export const liveMaps = (): number => live.size;

/** `metas.default.bbox` (a GeoJSON Feature) as west, south, east, north. */
export function bboxOf(feature: unknown): [number, number, number, number] | undefined {
  const coords: number[][] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') coords.push(c as number[]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk((feature as { geometry?: { coordinates?: unknown } } | undefined)?.geometry?.coordinates);
  if (!coords.length) return undefined;
  const lons = coords.map((c) => c[0]);
  const lats = coords.map((c) => c[1]);
  const box: [number, number, number, number] = [
    Math.min(...lons),
    Math.min(...lats),
    Math.max(...lons),
    Math.max(...lats),
  ];
  return box.every(Number.isFinite) ? box : undefined;
}

/**
 * Everything that needs maplibre-gl: the map, its layers, server-side clusters per settled move, the
 * export, popups, the viewport filter, consent gating of the basemap, the list and the legend.
 * Loaded with maplibre-gl when the element nears the viewport.
 */
export class MapEngine {
  readonly map: MlMap;
  /** What is drawn (auto resolved). */
  effective?: Effective;
  total?: number;
  /** Completed and aborted data requests per settled move (for tests and the benchmark). */
  stats = { completed: 0, aborted: 0 };
  /** The export the worker loads (export modes). */
  dataUrl?: string;
  /** The bbox (west, south, east, north) of the last cluster request. */
  lastClusterBox?: [number, number, number, number];
  private settleTimer?: ReturnType<typeof setTimeout>;
  private moveAbort?: AbortController;
  private loadAbort?: AbortController;
  private listAbort?: AbortController;
  private markers: maplibregl.Marker[] = [];
  private popup?: maplibregl.Popup;
  private legendInfo?: Legend;
  private listOpen = false;
  /** What the list shows: the records in view (at most LIST_MAX) and the box they were asked for. */
  list?: { total: number; rows: Row[]; box: [number, number, number, number] };
  private usingOffline = true;
  private tileFailed = false;
  private consentBlocked = false;
  /** A consent configuration is loaded (a banner is on the page): the placeholder can offer to allow. */
  private consentConfigured = false;
  private generation = 0;
  private destroyed = false;
  private styleReady = false;
  private consentOff?: () => void;

  constructor(
    private readonly host: OdeMap,
    container: HTMLElement,
  ) {
    const root = host.shadowRoot!;
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(maplibreStyles.cssText);
    }
    if (!root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    // a visible area restored from the address (url-sync="viewport"), else the dataset's extent
    const restored = host.filterViewport ? readBbox(host.ds?.query.extra[host.ownerKey] ?? '') : undefined;
    const box = restored
      ? ([restored.west, restored.south, restored.east, restored.north] as const)
      : bboxOf(host.metadata?.metas?.default?.bbox);
    const bounds: LngLatBoundsLike = box
      ? [
          [box[0], box[1]],
          [box[2], box[3]],
        ]
      : [
          [-170, -60],
          [170, 75],
        ];
    this.map = new maplibregl.Map({
      container,
      style: this.offlineStyle(),
      bounds,
      fitBoundsOptions: { padding: restored ? 0 : 20 },
      renderWorldCopies: false,
      attributionControl: { compact: false },
      dragRotate: false,
      pitchWithRotate: false,
      locale: uiLang(host.locale) === 'fr' ? FR_LOCALE : {},
    });
    live.add(this.map);
    this.map.touchZoomRotate.disableRotation();
    this.map.keyboard.disableRotation();
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    const canvas = this.map.getCanvas();
    canvas.setAttribute('aria-label', host.label || host.t.mapOf(this.title()));
    canvas.setAttribute('role', 'application');
    this.map.on('style.load', () => {
      this.styleReady = true;
      this.addLayers();
      this.warmPrograms();
    });
    this.map.on('moveend', () => this.onMoveEnd());
    this.map.on('error', (e) => this.onMapError(e as unknown as { error?: Error; sourceId?: string }));
    this.bindPointer();
    void this.setupBasemap();
    this.reload();
  }

  private title(): string {
    const m = this.host.metadata;
    return String(m?.metas?.default?.title || m?.dataset_id || '');
  }

  private get t(): EngineStrings {
    return engineStrings(uiLang(this.host.locale));
  }

  private get ds(): DatasetSource | undefined {
    return this.host.ds;
  }

  private get geo(): DatasetField {
    return this.host.geo!;
  }

  // --- basemap and consent -------------------------------------------------------------------

  private offlineStyle(): StyleSpecification {
    const cs = getComputedStyle(this.host);
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    const water = cs.getPropertyValue('--ode-map-water').trim() || (dark ? '#1f2a36' : '#dfe9f2');
    const landColor = cs.getPropertyValue('--ode-map-land').trim() || (dark ? '#3a3f44' : '#f7f5ef');
    return {
      version: 8,
      sources: {
        land: {
          type: 'geojson',
          data: worldLand(),
          attribution: 'Natural Earth',
        },
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

  /** The basemap asked for, presets resolved. */
  private get basemap(): Exclude<Basemap, { kind: 'preset' }> | undefined {
    const spec = this.host.basemapSpec;
    return spec?.kind === 'preset' ? BASEMAP_PRESETS[spec.name] : spec;
  }

  private async setupBasemap(): Promise<void> {
    const spec = this.basemap;
    if (!spec || spec.kind === 'offline') return;
    const purpose = this.host.consentPurpose;
    if (purpose) {
      const { consent } = await import('../consent/store.js');
      if (this.destroyed) return;
      const check = () => {
        const granted = !!consent.config && consent.get(purpose);
        this.consentBlocked = !granted;
        this.consentConfigured = !!consent.config;
        if (granted && this.usingOffline && !this.tileFailed) this.useRemote();
        if (!granted && !this.usingOffline) this.useOffline();
        this.host.requestUpdate();
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

  /** Allow the basemap's purpose from the placeholder. */
  private async allow(): Promise<void> {
    const purpose = this.host.consentPurpose;
    if (!purpose) return;
    const { consent } = await import('../consent/store.js');
    if (consent.config) consent.set({ [purpose]: true }, 'gate');
  }

  private useRemote(): void {
    const spec = this.basemap;
    if (!spec || spec.kind === 'offline') return;
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
      this.host.requestUpdate();
    }
  }

  // --- data ------------------------------------------------------------------------------------

  /** The shared query changed (or first load): count, then draw. */
  reload(): void {
    const ds = this.ds;
    if (!ds || this.destroyed) return;
    const gen = ++this.generation;
    this.loadAbort?.abort();
    this.moveAbort?.abort();
    const ctl = (this.loadAbort = new AbortController());
    const q = this.host.sharedQuery();
    ds.client.records(ds.datasetId, ds.toQuery({ limit: 0 }, q), ctl.signal).then(
      (answer) => {
        if (gen !== this.generation) return;
        this.total = answer.total_count ?? 0;
        this.decide();
        this.host.requestUpdate();
        this.host.dispatchEvent(
          new CustomEvent('ode-load', { detail: { total: this.total }, bubbles: true, composed: true }),
        );
      },
      (e) => {
        if (gen === this.generation && !isAbort(e)) this.host.fail(e as Error);
      },
    );
    if (this.host.colorBy) void this.loadLegend(gen);
  }

  private decide(): void {
    const mode = this.host.mode;
    const point = this.geo.type === 'geo_point_2d';
    let eff: Effective;
    if (mode === 'auto') eff = !point ? 'shapes' : this.total! <= EXPORT_MAX ? 'client-clusters' : 'clusters';
    else if (mode === 'clusters') eff = point ? 'clusters' : 'shapes';
    else eff = mode as Effective;
    if ((eff === 'points' || eff === 'heatmap') && point && this.total! > EXPORT_CEILING) {
      // never download a whole large dataset: the portal clusters it instead
      console.warn(
        `<ode-map>: ${this.total} records are too many for mode="${mode}" (at most ${EXPORT_CEILING}); showing server-side clusters.`,
      );
      eff = 'clusters';
    }
    this.effective = eff;
    if (this.styleReady) this.addLayers();
    if (eff === 'clusters') this.fetchClusters();
    if (eff === 'choropleth' && this.aggregate()) void this.loadAggregate(this.generation);
    if (this.listOpen) void this.fetchList();
  }

  /** Fields an export or popup needs. */
  private popupFields(): DatasetField[] {
    const all = this.host.metadata?.fields ?? [];
    const names = (this.host.popupFields ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const chosen = names.map((n) => all.find((f) => f.name === n)).filter((f): f is DatasetField => !!f);
    if (names.length !== chosen.length)
      console.warn(
        `<ode-map>: unknown field(s) in "popup-fields": ${names.filter((n) => !all.some((f) => f.name === n)).join(', ')}`,
      );
    if (chosen.length) return chosen;
    const text = all.find((f) => f.type === 'text');
    return text ? [text] : [];
  }

  /** `color-by="sum(population)"`: an aggregate per shape (choropleth), rebuilt with the safe builders. */
  aggregate(): { expr: string; label: string } | undefined {
    const m = /^\s*(count|sum|avg|min|max|median)\(\s*(\*|[A-Za-z0-9_]+)\s*\)\s*$/i.exec(
      this.host.colorBy ?? '',
    );
    if (!m) return undefined;
    const fn = m[1].toLowerCase();
    if (m[2] === '*' && fn !== 'count') return undefined;
    return { expr: `${fn}(${m[2] === '*' ? '*' : odsqlField(m[2])})`, label: `${fn}(${m[2]})` };
  }

  private colorField(): DatasetField | undefined {
    const name = this.host.colorBy?.trim();
    if (!name) return undefined;
    if (this.aggregate())
      return { name: 'value', type: 'double', label: this.aggregate()!.label } as DatasetField;
    const f = this.host.metadata?.fields.find((x) => x.name === name);
    if (!f) console.warn(`<ode-map>: "color-by" names no field of this dataset: ${name}`);
    return f;
  }

  private exportUrl(): string {
    const ds = this.ds!;
    const names = new Set([this.geo.name]);
    if (this.effective !== 'heatmap') for (const f of this.popupFields()) names.add(f.name);
    const color = this.aggregate() ? undefined : this.colorField();
    if (color) names.add(color.name);
    // filter-on-click reads the value of a clicked feature
    const filterField = this.host.selection.field;
    if (filterField) names.add(filterField);
    const select = [...names].map((n) => odsqlField(n)).join(', ');
    return ds.client.exportUrl(ds.datasetId, 'geojson', ds.toQuery({ select }, this.host.sharedQuery()));
  }

  /** Choropleth of an aggregate: one grouped request, the value of each shape. */
  private async loadAggregate(gen: number): Promise<void> {
    const ds = this.ds!;
    const agg = this.aggregate()!;
    try {
      const a = await ds.client.records(
        ds.datasetId,
        ds.toQuery(
          { select: `${agg.expr} as value`, groupBy: odsqlField(this.geo.name), limit: 20000 },
          this.host.sharedQuery(),
        ),
        this.loadAbort?.signal,
      );
      if (gen !== this.generation) return;
      const features: GeoJSON.Feature[] = [];
      const values: number[] = [];
      for (const r of a.results) {
        const g = r[this.geo.name] as { geometry?: GeoJSON.Geometry; lon?: number; lat?: number } | null;
        const geometry: GeoJSON.Geometry | undefined =
          g?.geometry ??
          (g && typeof g.lon === 'number' ? { type: 'Point', coordinates: [g.lon, g.lat!] } : undefined);
        if (!geometry) continue;
        const value = Number(r.value);
        if (Number.isFinite(value)) values.push(value);
        features.push({ type: 'Feature', geometry, properties: { value } });
      }
      this.aggregated = { type: 'FeatureCollection', features };
      this.legendInfo = {
        kind: 'ramp',
        label: agg.label,
        min: values.length ? Math.min(...values) : 0,
        max: values.length ? Math.max(...values) : 0,
      };
      if (this.styleReady) this.addLayers();
      this.host.requestUpdate();
    } catch (e) {
      if (!isAbort(e) && gen === this.generation) this.host.fail(e as Error);
    }
  }
  private aggregated?: GeoJSON.FeatureCollection;

  private async loadLegend(gen: number): Promise<void> {
    const ds = this.ds!;
    if (this.aggregate()) return;
    const f = this.colorField();
    if (!f) return;
    const q = this.host.sharedQuery();
    try {
      if (isNumeric(f)) {
        const a = await ds.client.records(
          ds.datasetId,
          ds.toQuery(
            { select: `min(${odsqlField(f.name)}) as lo, max(${odsqlField(f.name)}) as hi`, limit: 1 },
            q,
          ),
        );
        const r = a.results[0] ?? {};
        this.legendInfo = { kind: 'ramp', label: f.label || f.name, min: Number(r.lo), max: Number(r.hi) };
      } else {
        const a = await ds.client.records(
          ds.datasetId,
          ds.toQuery(
            {
              select: 'count(*) as n',
              groupBy: odsqlField(f.name),
              orderBy: 'n DESC',
              limit: CATEGORIES.length,
            },
            q,
          ),
        );
        this.legendInfo = {
          kind: 'categories',
          label: f.label || f.name,
          categories: a.results.map((r, i) => [String(r[f.name] ?? ''), CATEGORIES[i]]),
        };
      }
      if (gen !== this.generation) return;
      if (this.styleReady) this.addLayers();
      this.host.requestUpdate();
    } catch (e) {
      if (!isAbort(e)) console.warn(`<ode-map>: the legend could not be computed: ${(e as Error).message}`);
    }
  }

  private colorExpr(fallback: string): ExpressionSpecification | string {
    const f = this.colorField();
    const l = this.legendInfo;
    if (!f || !l) return fallback;
    if (l.kind === 'ramp' && Number.isFinite(l.min) && Number.isFinite(l.max) && l.max! > l.min!) {
      const stops: (number | string)[] = [];
      PALETTE.forEach((c, i) => stops.push(l.min! + ((l.max! - l.min!) * i) / (PALETTE.length - 1), c));
      return [
        'interpolate',
        ['linear'],
        ['to-number', ['get', f.name], l.min!],
        ...stops,
      ] as ExpressionSpecification;
    }
    if (l.kind === 'categories' && l.categories?.length) {
      return [
        'match',
        ['to-string', ['get', f.name]],
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
    const eff = this.effective;
    if (!eff) {
      this.removeLayers();
      return;
    }
    const point = getComputedStyle(this.host).getPropertyValue('--ode-map-point').trim() || '#0a56b0';
    const color = this.colorExpr(point);
    const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
    const client = eff === 'client-clusters';
    const data: GeoJSON.FeatureCollection | string =
      eff === 'clusters'
        ? empty
        : eff === 'choropleth' && this.aggregate()
          ? (this.aggregated ?? empty)
          : // a URL: the worker downloads and parses the export, not the main thread
            (this.dataUrl = this.exportUrl());
    const options = client ? { cluster: true, clusterRadius: 50, clusterMaxZoom: 14 } : {};
    const layers = this.layerSpecs(eff, point, color);
    const key = JSON.stringify([options, layers]);
    const source = m.getSource(DATA) as GeoJSONSource | undefined;
    if (source && key === this.layersKey && layers.every((l) => m.getLayer(l.id))) {
      if (eff === 'clusters') {
        if (this.clusters) this.drawClusters(this.clusters);
      } else if (data !== this.layersData) {
        this.clearMarkers();
        this.layersData = data;
        source.setData(data);
      }
      return;
    }
    this.removeLayers();
    this.layersKey = key;
    this.layersData = data;
    m.addSource(DATA, { type: 'geojson', data, ...options });
    for (const l of layers) m.addLayer(l);
    if (eff === 'clusters' && this.clusters) this.drawClusters(this.clusters);
    this.showSelection();
  }

  /**
   * filter-on-click: the selected features drawn larger and outlined, the others faded (the paint of
   * the point, fill and line layers; no data is reloaded). With no selection, the layers' own paint.
   */
  showSelection(): void {
    const m = this.map;
    const eff = this.effective;
    if (!eff || !this.styleReady || this.destroyed) return;
    const point = getComputedStyle(this.host).getPropertyValue('--ode-map-point').trim() || '#0a56b0';
    const own = this.layerSpecs(eff, point, this.colorExpr(point));
    const selection = this.host.selection.paint();
    for (const [id, kind] of [
      [POINTS, 'circle'],
      [FILLS, 'fill'],
      [LINES, 'line'],
    ] as const) {
      if (!m.getLayer(id)) continue;
      const base = ((own.find((l) => l.id === id) as { paint?: Record<string, unknown> })?.paint ??
        {}) as Record<string, unknown>;
      const keys = Object.keys(this.host.selection.paintKeys[kind]);
      for (const k of keys) {
        const value = selection?.[kind][k] ?? base[k] ?? this.host.selection.paintKeys[kind][k];
        m.setPaintProperty(id, k as keyof maplibregl.AllPaintProperties, value as never);
      }
    }
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
    if (this.warmed || this.host.geo?.type !== 'geo_point_2d') return;
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
    if (this.host.colorBy) colors.push(['to-color', ['get', 'c'], '#000']);
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

  private clusters?: { box: [number, number, number, number]; rows: Row[] };

  /** The visible area, clamped to the world, as west, south, east, north. */
  viewBox(): [number, number, number, number] {
    const b = this.map.getBounds();
    const r = (n: number) => Math.round(n * 1e6) / 1e6;
    return [
      r(Math.max(-180, b.getWest())),
      r(Math.max(-90, b.getSouth())),
      r(Math.min(180, b.getEast())),
      r(Math.min(90, b.getNorth())),
    ];
  }

  /** One records request for the settled view: geo_cluster at the map's zoom, in_bbox of the view. */
  private fetchClusters(): void {
    const ds = this.ds!;
    this.moveAbort?.abort();
    const ctl = (this.moveAbort = new AbortController());
    const box = this.viewBox();
    const zoom = Math.max(0, Math.min(25, Math.floor(this.map.getZoom()) + 1));
    const geo = odsqlField(this.geo.name);
    const gen = this.generation;
    ds.client
      .records(
        ds.datasetId,
        ds.toQuery(
          {
            select: 'count(*) as n',
            groupBy: `geo_cluster(${geo}, ${zoom}) as c`,
            where: [inBbox(this.geo.name, ...box)],
            limit: 20000,
          },
          this.host.sharedQuery(),
        ),
        ctl.signal,
      )
      .then(
        (a) => {
          if (gen !== this.generation || ctl.signal.aborted) return;
          this.stats.completed++;
          this.lastClusterBox = box;
          this.clusters = { box, rows: a.results };
          this.drawClusters(this.clusters);
        },
        (e) => {
          if (isAbort(e)) this.stats.aborted++;
          else if (gen === this.generation) this.host.fail(e as Error);
        },
      );
  }

  private drawClusters(c: { rows: Row[] }): void {
    const features: GeoJSON.Feature[] = [];
    c.rows.forEach((r, i) => {
      const centroid = (r.c as { cluster_centroid?: { lat: number; lon: number } } | null)?.cluster_centroid;
      if (!centroid) return;
      features.push({
        type: 'Feature',
        id: i + 1,
        geometry: { type: 'Point', coordinates: [centroid.lon, centroid.lat] },
        properties: { count: Number(r.n) || 0 },
      });
    });
    (this.map.getSource(DATA) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
    this.clearMarkers();
    const nf = new Intl.NumberFormat(this.host.locale, { notation: 'compact' });
    const full = new Intl.NumberFormat(this.host.locale);
    for (const f of features) {
      const n = f.properties!.count as number;
      const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates;
      this.addClusterMarker(lon, lat, nf.format(n), this.t.cluster(full.format(n)), () =>
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
    if (this.effective !== 'client-clusters' || !this.map.getSource(DATA) || !this.map.isStyleLoaded())
      return;
    const seen = new Set<number>();
    const nf = new Intl.NumberFormat(this.host.locale, { notation: 'compact' });
    const full = new Intl.NumberFormat(this.host.locale);
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

  private onMoveEnd(): void {
    clearTimeout(this.settleTimer);
    // superseded: a request for a view the visitor already left is aborted
    if (this.effective === 'clusters') this.moveAbort?.abort();
    this.settleTimer = setTimeout(() => this.settled(), SETTLE_MS);
  }

  private settled(): void {
    if (this.destroyed) return;
    if (this.effective === 'clusters') this.fetchClusters();
    this.syncClientClusters();
    const ds = this.ds;
    if (ds && this.host.filterViewport) {
      const box = this.viewBox();
      ds.update({ extra: { ...ds.query.extra, [this.host.ownerKey]: inBbox(this.geo.name, ...box) } });
    }
    if (this.listOpen) void this.fetchList();
  }

  // --- popups ----------------------------------------------------------------------------------

  private bindPointer(): void {
    const m = this.map;
    m.on('click', (e) => {
      const layers = [POINTS, FILLS].filter((l) => m.getLayer(l));
      const hit = layers.length ? m.queryRenderedFeatures(e.point, { layers })[0] : undefined;
      if (hit) {
        this.host.selection.toggle(hit.properties);
        this.openPopup(hit, [e.lngLat.lng, e.lngLat.lat]);
      }
      const cl =
        m.getLayer(CLUSTERS) && this.effective === 'client-clusters'
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
      if (e.sourceId === DATA && e.isSourceLoaded && this.effective === 'client-clusters')
        this.syncClientClusters();
    });
  }

  /** The record's popup fields as a definition list, every value as text. */
  private details(props: Row): HTMLElement {
    const dl = document.createElement('dl');
    const o = { locale: this.host.locale, lang: uiLang(this.host.locale), timeZone: undefined };
    for (const f of this.popupFields()) {
      const dt = document.createElement('dt');
      dt.textContent = f.label || f.name;
      const dd = document.createElement('dd');
      dd.textContent = formatText(props[f.name], f, o) || '—';
      dl.append(dt, dd);
    }
    return dl;
  }

  private openPopup(f: MapGeoJSONFeature | { properties: Row }, at: [number, number]): void {
    this.popup?.remove();
    this.popup = new maplibregl.Popup({ closeButton: true, focusAfterOpen: true, maxWidth: '18rem' })
      .setLngLat(at)
      .setDOMContent(this.details(f.properties as Row))
      .addTo(this.map);
  }

  // --- list --------------------------------------------------------------------------------------

  private toggleList(): void {
    this.listOpen = !this.listOpen;
    if (this.listOpen) void this.fetchList();
    this.host.requestUpdate();
  }

  private async fetchList(): Promise<void> {
    const ds = this.ds!;
    this.listAbort?.abort();
    const ctl = (this.listAbort = new AbortController());
    const names = new Set([this.geo.name, ...this.popupFields().map((f) => f.name)]);
    const filterField = this.host.selection.field;
    if (filterField) names.add(filterField);
    const box = this.viewBox();
    try {
      const a = await ds.client.records(
        ds.datasetId,
        ds.toQuery(
          {
            select: [...names].map((n) => odsqlField(n)).join(', '),
            where: [inBbox(this.geo.name, ...box)],
            limit: LIST_MAX,
          },
          this.host.sharedQuery(),
        ),
        ctl.signal,
      );
      this.list = { total: a.total_count ?? a.results.length, rows: a.results, box };
      this.host.requestUpdate();
    } catch (e) {
      if (!isAbort(e)) this.host.fail(e as Error);
    }
  }

  private showOnMap(r: Row): void {
    const g = r[this.geo.name] as { lon?: number; lat?: number; geometry?: { coordinates?: unknown } } | null;
    let at: [number, number] | undefined;
    if (g && typeof g.lon === 'number' && typeof g.lat === 'number') at = [g.lon, g.lat];
    else {
      const box = bboxOf(g);
      if (box) at = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
    }
    if (!at) return;
    this.map.jumpTo({ center: at });
    this.openPopup({ properties: r }, at);
  }

  // --- rendering (inside the element's template) -------------------------------------------------

  status(): string {
    if (this.total === 0) return this.ds?.describeFilters().length ? this.t.noMatch : this.t.noRecords;
    return '';
  }

  renderExtras(): TemplateResult {
    const t = this.t;
    const nf = new Intl.NumberFormat(this.host.locale);
    const l = this.host.legend ? this.legendInfo : undefined;
    return html`
      ${
        this.consentBlocked
          ? html`<p class="consent" role="note">
              ${t.consentNeeded}
              ${
                this.consentConfigured
                  ? html`<button type="button" @click=${() => this.allow()}>${t.allow}</button>`
                  : nothing
              }
            </p>`
          : nothing
      }
      <div class="tools">
        <button
          type="button"
          aria-expanded=${this.listOpen ? 'true' : 'false'}
          aria-controls="list"
          @click=${() => this.toggleList()}
        >
          ${this.listOpen ? t.hideList : t.showList}
        </button>
        ${this.tileFailed ? html`<p class="note">${t.offlineNote}</p>` : nothing}
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
      <section part="list" class="list" id="list" ?hidden=${!this.listOpen} aria-label=${t.showList}>
        ${this.list && this.listOpen ? this.renderList(nf) : nothing}
      </section>
    `;
  }

  private renderList(nf: Intl.NumberFormat): TemplateResult {
    const t = this.t;
    const { total, rows } = this.list!;
    const fields = this.popupFields();
    const o = { locale: this.host.locale, lang: uiLang(this.host.locale), timeZone: undefined };
    return html`<p role="status">
        ${total === 1 ? t.oneInView : t.inView(nf.format(total))}${total > rows.length ? ` (${t.listed(nf.format(rows.length))})` : ''}
      </p>
      <ul>
        ${rows.map((r) => {
          const value = this.host.selection.valueOf(r);
          return html`<li>
            ${fields.map((f, i) => html`${i ? ' · ' : ''}${formatText(r[f.name], f, o)}`)}
            <button type="button" @click=${() => this.showOnMap(r)}>${t.showOnMap}</button>
            ${
              value !== undefined
                ? html`<button
                    type="button"
                    aria-pressed=${this.host.selection.isSelected(r) ? 'true' : 'false'}
                    @click=${() => this.host.selection.toggle(r)}
                  >
                    ${this.host.selection.filterOnLabel(value)}
                  </button>`
                : nothing
            }
          </li>`;
        })}
      </ul>`;
  }

  // --- end ---------------------------------------------------------------------------------------

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    clearTimeout(this.settleTimer);
    this.loadAbort?.abort();
    this.moveAbort?.abort();
    this.listAbort?.abort();
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
