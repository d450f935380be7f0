/**
 * The map on pages that enforce Trusted Types (`Content-Security-Policy: require-trusted-types-for
 * 'script'`). maplibre-gl hands plain strings to two guarded sinks: `new Worker(url)` when it starts its
 * workers, and `DOMParser.parseFromString(html)` in its attribution control. Both go through one named
 * policy, `ode-maplibre` (a strict page allows it with `trusted-types … ode-maplibre`); no `default`
 * policy is ever created.
 *
 * - Workers: started once, before the first map, by `maplibregl.prewarm()` while `Worker` is, for that
 *   one synchronous call, a subclass whose URL goes through the policy; the policy accepts only
 *   maplibre's worker (its file, the URL set by `setWorkerUrl`, or the blob/data URL maplibre wraps a
 *   cross-origin worker in). The workers then stay for the page's life and serve every later map.
 * - Attribution: maplibre's control is replaced by ours (same look), which parses the sources'
 *   attribution HTML into an inert document through the policy and keeps only text and http(s) links.
 *
 * Without Trusted Types (no `trustedTypes` global) nothing changes but the attribution control.
 */
import * as maplibregl from 'maplibre-gl';
import type { Map as MlMap, IControl, MapSourceDataEvent } from 'maplibre-gl';
import { safeHttpUrl } from '../core/safe-url.js';

/** The policy name a page enforcing Trusted Types must allow. */
export const POLICY_NAME = 'ode-maplibre';

interface Policy {
  createScriptURL(url: string): unknown;
  createHTML(html: string): unknown;
}
interface TrustedTypesFactory {
  createPolicy(
    name: string,
    rules: { createScriptURL(url: string): string; createHTML(html: string): string },
  ): Policy;
}

/** maplibre's own worker: its file, the configured URL, or the blob/data URL it wraps one in. */
function isMaplibreWorker(url: string): boolean {
  const configured = maplibregl.getWorkerUrl();
  if (configured && url === configured) return true;
  if (/^(blob|data):/i.test(url)) return true;
  try {
    return /\/maplibre-gl-worker(-dev)?\.mjs$/.test(new URL(url, location.href).pathname);
  } catch {
    return false;
  }
}

let policy: Policy | null | undefined;

/** The page's `ode-maplibre` policy, or null without Trusted Types (or if the page refuses the name). */
function getPolicy(): Policy | null {
  if (policy !== undefined) return policy;
  policy = null;
  const tt = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (!tt) return policy;
  try {
    policy = tt.createPolicy(POLICY_NAME, {
      createScriptURL(url) {
        if (isMaplibreWorker(url)) return url;
        throw new TypeError(`${POLICY_NAME}: ${url} is not maplibre-gl's worker.`);
      },
      // only ever parsed into an inert document (attributionNodes), never inserted as is
      createHTML: (html) => html,
    });
  } catch (e) {
    console.warn(
      `<ode-map>: the Trusted Types policy "${POLICY_NAME}" could not be created; a page enforcing Trusted Types must allow it (trusted-types … ${POLICY_NAME}).`,
      e,
    );
  }
  return policy;
}

let workersStarted = false;

/** Start maplibre's workers through the policy, once per page (before the first map). */
export function startWorkers(): void {
  if (workersStarted) return;
  workersStarted = true;
  const p = getPolicy();
  if (!p) return;
  const Native = globalThis.Worker;
  class PolicyWorker extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super((typeof url === 'string' ? p!.createScriptURL(url) : url) as string, options);
    }
  }
  globalThis.Worker = PolicyWorker;
  try {
    // creates the workers synchronously (same-origin URL, or the blob wrapping a cross-origin one)
    maplibregl.prewarm();
  } finally {
    globalThis.Worker = Native;
  }
}

/** Attribution HTML as text and http(s) links only, parsed inertly through the policy. */
export function attributionNodes(html: string): Node[] {
  const p = getPolicy();
  let body: HTMLElement;
  try {
    body = new DOMParser().parseFromString((p ? p.createHTML(html) : html) as string, 'text/html').body;
  } catch {
    // a page enforcing Trusted Types that refused our policy: the text without its tags
    return [document.createTextNode(html.replace(/<[^>]*>/g, ''))];
  }
  const out: Node[] = [];
  const walk = (node: Node): void => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out.push(document.createTextNode(child.textContent ?? ''));
      else if (child instanceof Element && child.localName === 'a') {
        const href = safeHttpUrl(child.getAttribute('href'));
        const text = document.createTextNode(child.textContent ?? '');
        if (!href) out.push(text);
        else {
          const a = document.createElement('a');
          a.href = href;
          a.target = '_blank';
          a.rel = 'noopener';
          a.append(text);
          out.push(a);
        }
      } else if (child instanceof Element) walk(child);
    }
  };
  walk(body);
  return out;
}

/**
 * The basemap's attribution (every source's, as maplibre's control shows it), built without handing
 * HTML strings to the DOM. Bottom right, with maplibre's classes, so it looks the same.
 */
export class AttributionControl implements IControl {
  #map?: MlMap;
  #shown = '';
  readonly #box = document.createElement('div');
  readonly #inner = document.createElement('div');

  onAdd(map: MlMap): HTMLElement {
    this.#map = map;
    this.#box.className = 'maplibregl-ctrl maplibregl-ctrl-attrib';
    this.#inner.className = 'maplibregl-ctrl-attrib-inner';
    this.#box.append(this.#inner);
    map.on('styledata', this.#update);
    map.on('sourcedata', this.#onSourceData);
    this.#update();
    return this.#box;
  }

  onRemove(): void {
    this.#map?.off('styledata', this.#update);
    this.#map?.off('sourcedata', this.#onSourceData);
    this.#box.remove();
    this.#map = undefined;
  }

  getDefaultPosition(): 'bottom-right' {
    return 'bottom-right';
  }

  // a TileJSON's attribution arrives with the source's metadata
  readonly #onSourceData = (e: MapSourceDataEvent) => {
    if (e.sourceDataType === 'metadata') this.#update();
  };

  readonly #update = () => {
    const map = this.#map;
    if (!map?.style) return;
    const texts: string[] = [];
    for (const id of Object.keys(map.getStyle()?.sources ?? {})) {
      const a = (map.getSource(id) as { attribution?: unknown } | undefined)?.attribution;
      if (typeof a === 'string' && a.trim() && !texts.includes(a)) texts.push(a);
    }
    const key = texts.join('\n');
    if (key === this.#shown) return;
    this.#shown = key;
    const nodes = texts.flatMap((t, i) => [
      ...(i ? [document.createTextNode(' | ')] : []),
      ...attributionNodes(t),
    ]);
    this.#inner.replaceChildren(...nodes);
    this.#box.hidden = texts.length === 0;
  };
}
