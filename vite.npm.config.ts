import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { viteMinifyLiterals } from './scripts/minify-literals.js';
import { keepWorkerUrlForApps, maplibreWorker } from './scripts/vite-maplibre-worker.js';

const src = (p: string) => resolve(import.meta.dirname, 'src', p);

/**
 * The npm build (`dist/`): ES modules for apps and their bundlers. One output file per source module
 * (`preserveModules`, root `src`), so every element has a class module that defines nothing
 * (`dist/table/ode-table.js`) and a define module (`dist/table/define.js`); `dist/index.js` defines all.
 *
 * Left as bare imports, so an app's bundler de-duplicates them with its own copies: lit and @lit/*,
 * chart.js, maplibre-gl, dompurify, topojson-client. maplibre-gl's worker, with our patch, ships as
 * `dist/map/maplibre-gl-worker.mjs`, named by `new URL('./maplibre-gl-worker.mjs', import.meta.url)` in
 * `dist/map/worker-url.js`, a pattern the app's bundler follows (src/map/worker-url.ts). The world outline (world-atlas `land-110m.json`, 56 kB, only loaded with the
 * map's lazy engine) is inlined as a JS module, `dist/vendor/world-atlas/land-110m.json.js`: a bare
 * JSON import would need import attributes or a JSON loader in every app's toolchain.
 */
const EXTERNAL =
  /^(lit|lit\/.*|@lit\/.*|chart\.js|chart\.js\/.*|maplibre-gl|maplibre-gl\/.*|dompurify|topojson-client)$/;

export default defineConfig({
  // CSS and HTML inside Lit's css`` and html`` templates minified at build time
  plugins: [viteMinifyLiterals(), maplibreWorker(), keepWorkerUrlForApps()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    minify: false,
    modulePreload: false,
    lib: {
      entry: {
        index: src('index.ts'),
        'attribution/define': src('attribution/define.ts'),
        'core/define-dataset': src('core/define-dataset.ts'),
        'table/define': src('table/define.ts'),
        'filters/define-search': src('filters/define-search.ts'),
        'filters/define-facets': src('filters/define-facets.ts'),
        'chart/define': src('chart/define.ts'),
        'chart/define-series': src('chart/define-series.ts'),
        'map/define': src('map/define.ts'),
        'kpi/define': src('kpi/define.ts'),
        'records/define': src('records/define.ts'),
        'date-range/define': src('date-range/define.ts'),
        'attribution/ode-attribution': src('attribution/ode-attribution.ts'),
        'core/ode-dataset': src('core/ode-dataset.ts'),
        'table/ode-table': src('table/ode-table.ts'),
        'filters/ode-search': src('filters/ode-search.ts'),
        'filters/ode-facets': src('filters/ode-facets.ts'),
        'chart/ode-chart': src('chart/ode-chart.ts'),
        'chart/ode-series': src('chart/ode-series.ts'),
        'map/ode-map': src('map/ode-map.ts'),
        'kpi/ode-kpi': src('kpi/ode-kpi.ts'),
        'records/ode-records': src('records/ode-records.ts'),
        'date-range/ode-date-range': src('date-range/ode-date-range.ts'),
        'consent/index': src('consent/index.ts'),
        'consent/presets': src('consent/presets.ts'),
        'consent/validate': src('consent/validate.ts'),
      },
      formats: ['es'],
    },
    rollupOptions: {
      external: (id) => EXTERNAL.test(id),
      output: {
        preserveModules: true,
        preserveModulesRoot: 'src',
        // modules from node_modules (the world outline) under vendor/: npm pack drops any node_modules/ folder
        entryFileNames: (chunk) => {
          const id = chunk.facadeModuleId ?? '';
          const m = /node_modules\/(.*?)(\.[jt]s)?$/.exec(id);
          return m ? `vendor/${m[1]}.js` : '[name].js';
        },
      },
    },
  },
});
