import { defineConfig, type Plugin } from 'vite';
import { posix, resolve } from 'node:path';
import { maplibreWorker } from './scripts/vite-maplibre-worker.js';
import { viteMinifyLiterals } from './scripts/minify-literals.js';

const here = (p: string) => resolve(import.meta.dirname, p);

/**
 * The CDN build (`dist/cdn/`), for pages with no bundler:
 * - `ode.js`: one `<script type="module" src=".../dist/cdn/ode.js">` defines every data element, with
 *   everything bundled (lit included); chart.js and maplibre-gl stay lazy chunks, loaded when a chart or
 *   a map needs them; maplibre's worker is written next to the maplibre chunk (scripts/vite-maplibre-worker.js).
 * - `consent.js`: the consent suite (shares lit's chunk with ode.js when a page loads both).
 * - `embed.html`: the iframe embed page (src/embed/), for CMSs that strip scripts.
 * The embed page imports the whole of ode.js (src/index.ts) rather than one define module per element:
 * sharing finer chunks with it would split ode.js into one more chunk per element (+5 kB gz first load,
 * measured with bench/sizes.js); this way ode.js is the same file with or without the embed, and an
 * embed costs ode.js plus a small embed.js (shared cache with pages using ode.js from the same folder).
 * `base: './'`: every URL is relative, so the folder works from any CDN path or self-hosted copy.
 */
/**
 * Source maps for our own code only: the maps of chart.js and maplibre-gl (3.2 MB of the 7 MB a
 * full set weighs) map to third-party code that apps debug from its own package, and every user would
 * download them with `npm i`.
 */
function noVendorSourceMaps(): Plugin {
  const vendor = /^chunks\/(maplibre|chartjs)-[^/]+\.js$/;
  return {
    name: 'ode-no-vendor-source-maps',
    generateBundle(_options, bundle) {
      for (const [name, file] of Object.entries(bundle)) {
        if (file.type !== 'chunk' || !vendor.test(name)) continue;
        delete bundle[`${name}.map`];
        file.map = null;
        file.code = file.code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
      }
    },
  };
}

/**
 * V8's compile hint on the chart.js chunk (`//# allFunctionsCalledOnLoad` as its first line): Chromium
 * then compiles its functions while the file streams in, off the main thread, instead of one by one on
 * the main thread when the first chart calls them. Most of a page's first chart is chart.js's code
 * running for the first time, and on a page busy until its data arrives that fell after the answer.
 * Measured side by side (bench/peers.js, CPU ×4, same run, alternating), last answer → painted: bar
 * chart 59 → 28 ms, five charts 351 → 284 ms; no view slower to paint. Other engines read a comment.
 * The chunk has no source map (third-party code), so the line added shifts no mapping.
 */
const CHART_COMPILE_HINT = '//# allFunctionsCalledOnLoad';
function chartCompileHint(): Plugin {
  return {
    name: 'ode-chart-compile-hint',
    generateBundle(_options, bundle) {
      for (const [name, file] of Object.entries(bundle))
        if (file.type === 'chunk' && /^chunks\/chartjs-[^/]+\.js$/.test(name) && !file.map)
          file.code = `${CHART_COMPILE_HINT}\n${file.code}`;
    },
  };
}

/**
 * Each entry file names every chunk it needs, its chunks' own imports included, so that a browser asks
 * for all of them as soon as it has read the entry: `ode.js` → the elements' chunk → lit's chunk was three
 * requests one after the other (a round trip each on a real CDN), now two. What Rollup calls hoisting
 * transitive imports. The added imports go after the entry's own, so that modules run in the same order.
 */
function parallelChunks(): Plugin {
  return {
    name: 'ode-parallel-chunks',
    generateBundle(_options, bundle) {
      const chunk = (name: string) => {
        const file = bundle[name];
        return file?.type === 'chunk' ? file : undefined;
      };
      for (const entry of Object.values(bundle)) {
        if (entry.type !== 'chunk' || !entry.isEntry) continue;
        const needed = new Set<string>();
        const visit = (name: string) => {
          for (const dep of chunk(name)?.imports ?? [])
            if (!needed.has(dep)) {
              needed.add(dep);
              visit(dep);
            }
        };
        visit(entry.fileName);
        const missing = [...needed].filter((dep) => !entry.imports.includes(dep));
        if (!missing.length) continue;
        const from = posix.dirname(entry.fileName);
        const imports = missing.map((dep) => `import"./${posix.relative(from, dep)}";`).join('');
        // before the source map comment, on a line of its own (the map of the lines above is unchanged)
        const map = entry.code.match(/\n?\/\/# sourceMappingURL=\S+\s*$/);
        const at = map ? map.index! : entry.code.length;
        entry.code = `${entry.code.slice(0, at)}\n${imports}${entry.code.slice(at)}`;
        entry.imports.push(...missing);
      }
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [
    viteMinifyLiterals(),
    maplibreWorker(),
    noVendorSourceMaps(),
    chartCompileHint(),
    parallelChunks(),
  ],
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    modulePreload: false,
    rollupOptions: {
      input: {
        ode: here('src/index.ts'),
        consent: here('src/consent/index.ts'),
        embed: here('embed.html'),
      },
      // the entries keep their exports (in an app build Vite would drop them)
      preserveEntrySignatures: 'exports-only',
      output: {
        entryFileNames: '[name].js',
        // chunks named after what they hold, so sizes (bench/sizes.js) and caches can tell them apart
        chunkFileNames: ({ moduleIds }) => {
          const has = (dir: string) => moduleIds.some((id) => id.includes(`/node_modules/${dir}/`));
          if (has('maplibre-gl')) return 'chunks/maplibre-[hash].js';
          if (has('chart.js')) return 'chunks/chartjs-[hash].js';
          if (has('lit-html')) return 'chunks/lit-[hash].js';
          return 'chunks/[name]-[hash].js';
        },
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
