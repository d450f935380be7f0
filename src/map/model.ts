/**
 * The plain data the map's parts exchange: what `<ode-map>` (ode-map.ts) asks the maplibre engine
 * (engine.ts) to draw, what the engine tells it back, and what its request helpers (requests.ts) and
 * templates (views.ts) take. No part imports another's code through this module: it holds no element,
 * no maplibre, only data.
 */
import type { DatasetField } from '../api/types.js';
import type { Basemap } from './basemaps.js';

/** West, south, east, north (degrees). */
export type Box = [number, number, number, number];
/** A record as the portal answers it. */
export type Row = Record<string, unknown>;

/** What is drawn, `auto` resolved: browser-side clusters of one export, server clusters, or one export. */
export type Effective = 'client-clusters' | 'clusters' | 'points' | 'shapes' | 'choropleth' | 'heatmap';

/** The legend of `color-by`: a colour ramp between two values, or one colour per frequent value. */
export interface Legend {
  kind: 'ramp' | 'categories';
  label: string;
  min?: number;
  max?: number;
  /** Value and colour. */
  categories?: [string, string][];
}

/** Colour ramp of numeric values, low to high. */
/** The `geo_cluster` precision asked for at a map zoom: one level finer than the view. */
export const clusterPrecision = (zoom: number): number => Math.max(0, Math.min(25, Math.floor(zoom) + 1));

export const PALETTE = ['#2c7bb6', '#abd9e9', '#ffffbf', '#fdae61', '#d7191c'];
/** Colours of the most frequent text values. */
export const CATEGORIES = [
  '#1b9e77',
  '#d95f02',
  '#7570b3',
  '#e7298a',
  '#66a61e',
  '#e6ab02',
  '#a6761d',
  '#666666',
];

/** What the engine needs to create the map (fixed for its life: a change of these makes a new engine). */
export interface MapInput {
  /** Locale of numbers and popup values. */
  locale: string;
  /** Accessible name of the map canvas. */
  label: string;
  /** The extent to fit first; the whole world when absent. */
  bounds?: Box;
  /** The basemap as `basemap` names it (presets are resolved by the engine). */
  basemap: Basemap;
  /** A consent purpose: a third-party basemap is shown only once it is granted. */
  consentPurpose?: string;
  /** The data are points (`geo_point_2d`): the GL programs of point layers are compiled ahead. */
  points: boolean;
  /** Points are coloured by a field (one more program to compile ahead). */
  colored: boolean;
  /** Fields shown in popups, in order. */
  popupFields: DatasetField[];
}

/** What to draw now. Only the data changing (same mode and colours) keeps the source and its layers. */
export interface MapLayers {
  effective: Effective;
  /** An export URL (maplibre's worker downloads and parses it) or features; empty for server clusters. */
  data: GeoJSON.FeatureCollection | string;
  /** The colour of points and clusters (CSS colour). */
  pointColor: string;
  /** Colour features by this property, following the legend. */
  colorBy?: { property: string; legend: Legend };
}

/** One server-side cluster: its centroid and how many records it holds. */
export interface ClusterPoint {
  lon: number;
  lat: number;
  count: number;
}

/** What the engine tells the element. */
export interface MapCallbacks {
  /** The visitor starts moving the map (drag, zoom, keys, a cluster's zoom): the view is being left. */
  moveStart(): void;
  /** The view has stayed still for `SETTLE_MS` after the last move. */
  settled(): void;
  /** Something the element shows changed (consent of the basemap, tiles failing). */
  changed(): void;
  /** The map cannot draw its data (its worker could not be loaded): the element shows the error. */
  failed?(error: Error): void;
  /** A point or shape was clicked (filter-on-click); `properties` are the feature's. */
  pick?(properties: Row): void;
}

/**
 * How `filter-on-click` paints its selection: paint properties of the point (`circle`), `fill` and
 * `line` layers, maplibre expressions or values; absent when nothing is selected.
 */
export interface SelectionPaint {
  circle: Record<string, unknown>;
  fill: Record<string, unknown>;
  line: Record<string, unknown>;
}

/** The basemap's state, for the element's notices. */
export interface BasemapState {
  /** The basemap waits for the visitor's consent. */
  consentBlocked: boolean;
  /** A consent configuration is loaded (a banner is on the page): the notice can offer to allow. */
  consentConfigured: boolean;
  /** The tiles or style failed: the offline outline is shown instead. */
  tileFailed: boolean;
}
