import { defineConfig } from 'vite';
import { maplibreWorker } from './scripts/vite-maplibre-worker.js';
import { viteMinifyLiterals } from './scripts/minify-literals.js';

/**
 * `npm start` runs Vite's dev server on the demo pages (see scripts/start.js, which also starts the
 * dev portal). The library builds are vite.npm.config.ts (dist/) and vite.cdn.config.ts (dist/cdn/).
 */
export default defineConfig({
  root: '.',
  server: { host: '127.0.0.1' },
  // maplibre-gl finds its worker next to its own module: serve it unbundled (see src/map/engine.ts)
  optimizeDeps: { exclude: ['maplibre-gl'] },
  // CSS and HTML inside Lit's css`` and html`` templates minified at build time; maplibre's worker
  // written next to the chunk that loads it
  plugins: [viteMinifyLiterals(), maplibreWorker()],
});
