import { getWorkerUrl, setWorkerUrl } from 'maplibre-gl';

/**
 * Where maplibre-gl's worker comes from, in every bundler without configuration.
 *
 * maplibre-gl 6 computes its worker's URL at run time (`./maplibre-gl-worker.mjs` next to its own
 * module), a computation no bundler follows, so an app's build had no worker (404, "Worker failed to
 * load", a blank map). This package ships the worker itself — maplibre's `maplibre-gl-worker.mjs` with
 * our patch appended (scripts/maplibre-worker-patch.js) — as `dist/map/maplibre-gl-worker.mjs`, next to
 * this module, and names it with the one pattern bundlers agree on, `new URL('./file', import.meta.url)`:
 * - Vite (Rollup/Rolldown) and webpack 5 copy the file into the build and rewrite the URL;
 * - Parcel does the same;
 * - esbuild and plain Rollup leave the expression as it is: the URL points next to the output bundle,
 *   where the app copies the file (docs/map.md#bundlers);
 * - our own builds (the CDN folder, the docs site) write it next to the chunk (scripts/vite-maplibre-worker.js),
 *   and the dev servers serve it (vite.config.ts, web-test-runner.config.js).
 *
 * The `@vite-ignore` marker keeps our own library build from inlining the file; the npm build removes
 * the marker (vite.npm.config.ts) so that the app's Vite does not ignore it.
 *
 * An app that calls maplibre's `setWorkerUrl()` itself keeps its choice.
 */
export function useBundledWorker(): void {
  if (getWorkerUrl()) return;
  const url = bundledWorkerUrl();
  if (url) setWorkerUrl(url);
}

/** The URL of the worker file shipped next to this module, or undefined where `import.meta.url` is not one. */
export function bundledWorkerUrl(): string | undefined {
  try {
    return new URL(/* @vite-ignore */ './maplibre-gl-worker.mjs', import.meta.url).href;
  } catch {
    // an IIFE bundle (esbuild --format=iife) has no import.meta.url: maplibre's own default applies
    return undefined;
  }
}

/** maplibre's error when its worker script could not be fetched or run. */
export const isWorkerLoadError = (error: unknown): boolean =>
  error instanceof Error && /worker failed to load/i.test(error.message);
