// @ts-check
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { patchWorker } from './maplibre-worker-patch.js';

/**
 * maplibre-gl 6 starts its worker from `./maplibre-gl-worker.mjs` next to its own module
 * (`import.meta.url`). In a build, its code lands in a chunk: this plugin writes the worker next to
 * every chunk that contains maplibre, so the default keeps working without any configuration. The
 * worker carries our patch (scripts/maplibre-worker-patch.js): the map's export is not posted back to
 * the page.
 * @returns {import('vite').Plugin}
 */
export function maplibreWorker() {
  const require = createRequire(import.meta.url);
  return {
    name: 'ode-maplibre-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const dirs = new Set();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        if (!Object.keys(chunk.modules).some((id) => id.includes('maplibre-gl/dist/maplibre-gl'))) continue;
        dirs.add(chunk.fileName.includes('/') ? chunk.fileName.replace(/\/[^/]*$/, '/') : '');
      }
      if (!dirs.size) return;
      const source = patchWorker(
        readFileSync(require.resolve('maplibre-gl/dist/maplibre-gl-worker.mjs'), 'utf8'),
      );
      for (const dir of dirs)
        this.emitFile({ type: 'asset', fileName: `${dir}maplibre-gl-worker.mjs`, source });
    },
  };
}
