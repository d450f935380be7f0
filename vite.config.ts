import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { maplibreWorker } from './scripts/vite-maplibre-worker.js';
import { viteMinifyLiterals } from './scripts/minify-literals.js';

/**
 * `npm start` runs Vite's dev server on the demo pages (see scripts/start.js, which also starts the
 * dev portal). `npm run build` builds the library: one ES module per entry, lit bundled in for the
 * single-script-tag CDN use (issue 7 splits this into npm and CDN builds).
 */
export default defineConfig({
  root: '.',
  server: { host: '127.0.0.1' },
  // maplibre-gl finds its worker next to its own module: serve it unbundled (see src/map/engine.ts)
  optimizeDeps: { exclude: ['maplibre-gl'] },
  // CSS and HTML inside Lit's css`` and html`` templates minified at build time; maplibre's worker
  // written next to the chunk that loads it
  plugins: [viteMinifyLiterals(), maplibreWorker()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    lib: {
      entry: {
        ode: resolve(import.meta.dirname, 'src/index.ts'),
        // one define module per element, for à-la-carte imports (package.json "exports")
        'attribution/define': resolve(import.meta.dirname, 'src/attribution/define.ts'),
        'dataset/define': resolve(import.meta.dirname, 'src/core/define-dataset.ts'),
        'table/define': resolve(import.meta.dirname, 'src/table/define.ts'),
        'search/define': resolve(import.meta.dirname, 'src/filters/define-search.ts'),
        'facets/define': resolve(import.meta.dirname, 'src/filters/define-facets.ts'),
        'chart/define': resolve(import.meta.dirname, 'src/chart/define.ts'),
        'map/define': resolve(import.meta.dirname, 'src/map/define.ts'),
        // the consent suite is its own entry: tenants use it with or without the data elements
        consent: resolve(import.meta.dirname, 'src/consent/index.ts'),
        'consent/presets': resolve(import.meta.dirname, 'src/consent/presets.ts'),
        'consent/validate': resolve(import.meta.dirname, 'src/consent/validate.ts'),
      },
      formats: ['es'],
    },
  },
});
