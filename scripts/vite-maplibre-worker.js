// @ts-check
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { patchWorker } from './maplibre-worker-patch.js';

const require = createRequire(import.meta.url);

/** maplibre's worker module with our patch (scripts/maplibre-worker-patch.js) appended. */
export const patchedWorker = () =>
  patchWorker(readFileSync(require.resolve('maplibre-gl/dist/maplibre-gl-worker.mjs'), 'utf8'));

/** A module that names the worker file: maplibre itself, or src/map/worker-url.ts (`new URL(...)`). */
const NAMES_WORKER = /maplibre-gl\/dist\/maplibre-gl|src\/map\/worker-url\.[jt]s$/;

/**
 * maplibre's worker, patched, wherever our builds and dev server need it.
 *
 * The map names its worker `./maplibre-gl-worker.mjs` next to its own module (src/map/worker-url.ts;
 * maplibre's default is the same file next to maplibre's module). In a build those modules land in
 * a chunk: this plugin writes the worker next to every chunk that contains one of them — the CDN
 * folder's maplibre chunk, the docs site, and `dist/map/` in the npm build (the file the package ships,
 * that the app's bundler copies). The dev server serves it at any `…/maplibre-gl-worker.mjs` path.
 * @returns {import('vite').Plugin}
 */
export function maplibreWorker() {
  return {
    name: 'ode-maplibre-worker',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        if (!path.startsWith('/src/map/') || !path.endsWith('/maplibre-gl-worker.mjs')) return next();
        res.setHeader('content-type', 'text/javascript');
        res.end(patchedWorker());
      });
    },
    generateBundle(_options, bundle) {
      const dirs = new Set();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        if (!Object.keys(chunk.modules).some((id) => NAMES_WORKER.test(id))) continue;
        dirs.add(chunk.fileName.includes('/') ? chunk.fileName.replace(/\/[^/]*$/, '/') : '');
      }
      if (!dirs.size) return;
      const source = patchedWorker();
      for (const dir of dirs)
        this.emitFile({ type: 'asset', fileName: `${dir}maplibre-gl-worker.mjs`, source });
    },
  };
}

/**
 * The npm build keeps `new URL('./maplibre-gl-worker.mjs', import.meta.url)` as it is (the
 * `@vite-ignore` marker stops our Vite from inlining the file) and then removes the marker, so that the
 * app's own Vite (or webpack, Parcel) sees the plain pattern and copies the worker into the app's build.
 * @returns {import('vite').Plugin}
 */
export function keepWorkerUrlForApps() {
  return {
    name: 'ode-keep-worker-url',
    renderChunk(code) {
      if (!code.includes('@vite-ignore')) return null;
      return { code: code.replace(/new URL\(\s*\/\*\s*@vite-ignore\s*\*\/\s*/g, 'new URL('), map: null };
    },
  };
}
