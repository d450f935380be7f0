// @ts-check
/**
 * Component tests in a real Chromium against a real dev portal.
 *
 * Browser: CHROME_PATH if set, else Debian's /usr/bin/chromium, else a Playwright-installed Chromium.
 * The dev portal is started on a free port when the test server starts and closed when it stops; tests
 * read its URL from `window.ODE_TEST_PORTAL` (see test/helpers.ts).
 */
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { patchWorker } from './scripts/maplibre-worker-patch.js';
import { patchedWorker } from './scripts/vite-maplibre-worker.js';

async function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    // a Chromium that Playwright installed on a developer machine, if any
    const { chromium } = await import('playwright-core');
    const p = chromium.executablePath();
    if (p && existsSync(p)) return p;
  } catch {
    /* playwright-core knows no installed browser */
  }
  console.error('No Chromium found: run `apt-get install -y chromium` or set CHROME_PATH=/path/to/chrome.');
  process.exit(1);
}
const executablePath = await findChromium();

/** @type {Awaited<ReturnType<typeof import('./dev-portal/server.js').createPortal>> | undefined} */
let portal;
/** Portals with tiny quotas, for the 429 paths: one per day, and one per 2-second window. */
/** @type {Awaited<ReturnType<typeof import('./dev-portal/server.js').createPortal>> | undefined} */
let quotaPortal;
/** @type {Awaited<ReturnType<typeof import('./dev-portal/server.js').createPortal>> | undefined} */
let windowPortal;
/** A portal answering after 1,200 ms, for loading states and requests left behind by the visitor. */
/** @type {Awaited<ReturnType<typeof import('./dev-portal/server.js').createPortal>> | undefined} */
let slowPortal;
/** Wrong shapes, slow bodies, odd headers (see test/hostile-portal.js). */
/** @type {Awaited<ReturnType<typeof import('./test/hostile-portal.js').createHostilePortal>> | undefined} */
let hostilePortal;

const portalPlugin = {
  name: 'ode-dev-portal',
  async serverStart() {
    // ODE_NO_PORTAL=1 runs suites that need no portal (e.g. consent) without loading the datasets
    if (process.env.ODE_NO_PORTAL === '1') return;
    const { createPortal } = await import('./dev-portal/server.js');
    const { createHostilePortal } = await import('./test/hostile-portal.js');
    hostilePortal = await createHostilePortal();
    const log = (/** @type {string} */ l) => l.startsWith('dev-portal:') && console.error(l);
    portal = await createPortal({ port: 0, log });
    quotaPortal = await createPortal({ port: 0, quota: 1, only: ['seattle-weather'], log });
    windowPortal = await createPortal({
      port: 0,
      quota: 1,
      quotaWindow: 2000,
      only: ['seattle-weather'],
      log,
    });
    slowPortal = await createPortal({
      port: 0,
      latency: 1200,
      only: ['seattle-weather', 'zipcodes-us'],
      log,
    });
  },
  async serverStop() {
    await portal?.close();
    await quotaPortal?.close();
    await windowPortal?.close();
    await slowPortal?.close();
    await hostilePortal?.close();
  },
};

/**
 * JSON files imported by modules (the map's offline world outline, the builder's package.json version)
 * are served as modules, as Vite does.
 */
const isJsonModule = (/** @type {string} */ path) =>
  (path.startsWith('/node_modules/') && path.endsWith('.json')) || path === '/package.json';
const jsonModules = {
  name: 'ode-json-modules',
  resolveMimeType(/** @type {{path: string}} */ context) {
    if (isJsonModule(context.path)) return 'js';
  },
  transform(/** @type {{path: string, body: unknown}} */ context) {
    if (isJsonModule(context.path)) return { body: `export default ${context.body};` };
  },
};

/** maplibre's worker as our builds ship it, with scripts/maplibre-worker-patch.js appended. */
const maplibreWorkerPatch = {
  name: 'ode-maplibre-worker-patch',
  transform(/** @type {{path: string, body: unknown}} */ context) {
    if (context.path === '/node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs')
      return { body: patchWorker(String(context.body)) };
  },
  // the worker the map names next to src/map/worker-url.ts, as the npm build ships it in dist/map/
  serve(/** @type {{path: string}} */ context) {
    if (context.path === '/src/map/maplibre-gl-worker.mjs') return { body: patchedWorker(), type: 'js' };
  },
};

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  // Lit's dev-mode notice is expected in tests; every other browser log is shown
  filterBrowserLogs: (/** @type {{args: unknown[]}} */ { args }) =>
    !String(args[0]).startsWith('Lit is in dev mode'),
  concurrency: 1,
  testsFinishTimeout: 180000,
  browserStartTimeout: 60000,
  testFramework: { config: { timeout: 20000 } },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    portalPlugin,
    jsonModules,
    maplibreWorkerPatch,
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  ],
  testRunnerHtml: (/** @type {string} */ testFramework) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"></head><body>
<script>window.ODE_TEST_PORTAL = ${JSON.stringify(portal?.url ?? '')}; window.ODE_TEST_QUOTA_PORTAL = ${JSON.stringify(quotaPortal?.url ?? '')}; window.ODE_TEST_WINDOW_PORTAL = ${JSON.stringify(windowPortal?.url ?? '')}; window.ODE_TEST_SLOW_PORTAL = ${JSON.stringify(slowPortal?.url ?? '')}; window.ODE_TEST_HOSTILE_PORTAL = ${JSON.stringify(hostilePortal?.url ?? '')};</script>
<script type="module" src="${testFramework}"></script>
</body></html>`,
};
