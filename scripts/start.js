#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: the dev portal (Explore API v2.1 on DuckDB) and the Vite demo and docs site, pointed at
 * it (the docs plugin writes custom-elements.json first when it is missing or stale).
 * Ports: ODE_PORTAL_PORT (default 8787) and ODE_DEMO_PORT (default 5173); a busy port is replaced
 * by a free one.
 */
import { createServer } from 'vite';
import { createPortal } from '../dev-portal/server.js';

async function startPortal() {
  const port = Number(process.env.ODE_PORTAL_PORT ?? 8787);
  const log = (/** @type {string} */ l) => l.startsWith('dev-portal:') && console.error(l);
  try {
    return await createPortal({ port, log });
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EADDRINUSE') throw e;
    console.warn(`port ${port} is busy; the dev portal takes a free one`);
    return createPortal({ port: 0, log });
  }
}

const portal = await startPortal();
const vite = await createServer({
  configFile: 'vite.config.ts',
  server: { port: Number(process.env.ODE_DEMO_PORT ?? 5173), strictPort: false, host: '127.0.0.1' },
  plugins: [
    {
      name: 'ode-demo-portal',
      // every demo and docs page reads its default portal from <meta name="ode-domain">
      transformIndexHtml: (html) => html.replace('%ODE_PORTAL%', portal.url),
    },
  ],
});
await vite.listen();
const demo = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
console.log(
  `\n  dev portal  ${portal.url}/api/explore/v2.1/catalog/datasets  (${portal.datasets.length} datasets, ${Math.round(portal.loadMs)} ms)`,
);
/** Every page `npm start` serves, with what it shows. */
const PAGES = [
  ['demo', 'demo/', 'table, search, facets on a dataset'],
  ['charts', 'demo/charts.html', 'every chart type'],
  ['map', 'demo/map.html', 'maps: clusters, points, shapes, choropleth'],
  ['consent', 'demo/consent.html', 'the consent banner and gate'],
  ['docs', 'docs/', 'the docs site and its live examples'],
  ['builder', 'docs/builder.html', 'the no-code builder'],
  [
    'embed',
    `embed.html?el=table&domain=${encodeURIComponent(portal.url)}&dataset=seattle-weather`,
    'the iframe embed page',
  ],
];
for (const [name, path, what] of PAGES) console.log(`  ${name.padEnd(10)}  ${demo}${path}  (${what})`);
console.log('');

const stop = async () => {
  await vite.close();
  await portal.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
