import { defineConfig, type UserConfig } from 'vite';
import { resolve } from 'node:path';
import { maplibreWorker } from './scripts/vite-maplibre-worker.js';
import { viteMinifyLiterals } from './scripts/minify-literals.js';
import { odeDocs, docsInputs } from './scripts/vite-docs.js';

const root = import.meta.dirname;

/**
 * `npm start` runs Vite's dev server on the demo pages and the docs site (see scripts/start.js, which
 * also starts the dev portal). `npm run build:docs` (`vite build --mode docs`) builds the docs site into
 * `site/`: one page per `docs/*.md`, the element reference generated from custom-elements.json, the
 * docs home (scripts/vite-docs.js). `npm run build` (no mode) still builds the library into `dist/`:
 * one ES module per entry, lit bundled in for the single-script-tag CDN use (issue 7 moves this to
 * vite.npm.config.ts and vite.cdn.config.ts).
 */
export default defineConfig(({ mode, command }) => {
  const shared: UserConfig = {
    root: '.',
    server: { host: '127.0.0.1' },
    // maplibre-gl finds its worker next to its own module: serve it unbundled (see src/map/engine.ts)
    optimizeDeps: { exclude: ['maplibre-gl'] },
    // CSS and HTML inside Lit's css`` and html`` templates minified at build time; maplibre's worker
    // written next to the chunk that loads it; the docs pages rendered from markdown and the manifest
    plugins: [
      viteMinifyLiterals(),
      maplibreWorker(),
      // a static build has no dev portal: the Portal field starts at ODE_DOCS_PORTAL (or empty)
      odeDocs({
        root,
        portal: command === 'build' ? (process.env.ODE_DOCS_PORTAL ?? '') : undefined,
        site: mode === 'docs',
      }),
    ],
  };
  if (mode === 'docs') {
    return {
      ...shared,
      // relative asset URLs: the site works from any sub-path (GitHub Pages, a CMS folder…)
      base: './',
      build: {
        outDir: 'site',
        emptyOutDir: true,
        target: 'es2022',
        rollupOptions: { input: docsInputs(root) },
        // maplibre-gl (a lazy chunk, loaded by map examples only) is over a megabyte by itself
        chunkSizeWarningLimit: 1300,
      },
    };
  }
  return {
    ...shared,
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      target: 'es2022',
      lib: {
        entry: {
          ode: resolve(root, 'src/index.ts'),
          // one define module per element, for à-la-carte imports (package.json "exports")
          'attribution/define': resolve(root, 'src/attribution/define.ts'),
          'dataset/define': resolve(root, 'src/core/define-dataset.ts'),
          'table/define': resolve(root, 'src/table/define.ts'),
          'search/define': resolve(root, 'src/filters/define-search.ts'),
          'facets/define': resolve(root, 'src/filters/define-facets.ts'),
          'chart/define': resolve(root, 'src/chart/define.ts'),
          'map/define': resolve(root, 'src/map/define.ts'),
          // the consent suite is its own entry: tenants use it with or without the data elements
          consent: resolve(root, 'src/consent/index.ts'),
          'consent/presets': resolve(root, 'src/consent/presets.ts'),
          'consent/validate': resolve(root, 'src/consent/validate.ts'),
        },
        formats: ['es'],
      },
    },
  };
});
