import { defineConfig, type UserConfig } from 'vite';
import { maplibreWorker } from './scripts/vite-maplibre-worker.js';
import { viteMinifyLiterals } from './scripts/minify-literals.js';
import { odeDocs, docsInputs } from './scripts/vite-docs.js';

const root = import.meta.dirname;

/**
 * `npm start` runs Vite's dev server on the demo pages and the docs site (see scripts/start.js, which
 * also starts the dev portal). `npm run build:docs` (`vite build --mode docs`) builds the docs site into
 * `site/`: one page per `docs/*.md`, the element reference generated from custom-elements.json, the
 * docs home (scripts/vite-docs.js). The library builds are vite.npm.config.ts (`dist/`) and
 * vite.cdn.config.ts (`dist/cdn/`).
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
  return shared;
});
