// @ts-check
/**
 * Component tests in real browsers against a real dev portal: every test file in Chromium, Firefox and
 * WebKit, one engine after another (`concurrentBrowsers: 1`: on a 2-core machine, engines run side by
 * side slow each other down enough to upset the tests that wait on frames and timers).
 *
 * Engines (see scripts/engines.js): Debian's chromium over CDP, firefox-esr over WebDriver BiDi
 * (puppeteer-core), WebKitGTK's MiniBrowser through WebKitWebDriver (webdriverio). Firefox and WebKit
 * need an X display: DISPLAY if set, else this config starts an Xvfb, and WebKitWebDriver on a free
 * port, both stopped when the run ends. `BROWSERS=chromium` (or `firefox`, `webkit`, a comma list)
 * narrows the run; all three by default.
 *
 * The dev portal is started on a free port when the test server starts and closed when it stops; tests
 * read its URL from `window.ODE_TEST_PORTAL` (see test/helpers.ts).
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import * as puppeteerCore from 'puppeteer-core';
import { patchWorker } from './scripts/maplibre-worker-patch.js';
import { patchedWorker } from './scripts/vite-maplibre-worker.js';
import {
  chromiumPath,
  ensureDisplay,
  firefoxPath,
  selectedEngines,
  startWebKitDriver,
  stopAll,
  webkitCapabilities,
} from './scripts/engines.js';

/** @param {import('./scripts/engines.js').Engine} engine */
async function launcher(engine) {
  if (engine === 'chromium') {
    const chromium = chromeLauncher({
      launchOptions: {
        executablePath: await chromiumPath(),
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
    });
    chromium.name = 'Chromium';
    return chromium;
  }
  if (engine === 'firefox') {
    const executablePath = firefoxPath();
    await ensureDisplay();
    // chromeLauncher with a puppeteer of our choosing is what @web/test-runner-puppeteer does; with
    // puppeteer-core, no bundled browser is downloaded
    return chromeLauncher({
      puppeteer: /** @type {any} */ (puppeteerCore),
      launchOptions: { browser: 'firefox', executablePath, headless: true },
      createPage: async ({ context }) => tolerateNoOrientation(await context.newPage()),
    });
  }
  const { port, miniBrowser } = await startWebKitDriver();
  const wk = webdriverLauncher({
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    capabilities: /** @type {any} */ (webkitCapabilities(miniBrowser)),
  });
  // without a browserName in the capabilities, the reporter would show no name
  const initialize = wk.initialize.bind(wk);
  wk.initialize = async (config) => {
    await initialize(config);
    wk.name = 'WebKit';
  };
  return wk;
}

/**
 * puppeteer-core 24 sends WebDriver BiDi's `emulation.setScreenOrientationOverride` with every viewport
 * it sets, next to `browsingContext.setViewport`; Firefox ESR 140 (Debian's firefox-esr) does not know
 * that command, so every page's 800 × 600 viewport, set before each test file, failed the file. The size
 * is set all the same (the two commands go out together); only the orientation, which no test reads, is
 * left out. puppeteer-core 25, which no longer sends it to such a Firefox, needs Node 22.
 * @param {import('puppeteer-core').Page} page
 */
function tolerateNoOrientation(page) {
  const setViewport = page.setViewport.bind(page);
  page.setViewport = async (viewport) => {
    try {
      await setViewport(viewport);
    } catch (e) {
      if (!/setScreenOrientationOverride/.test(String(e))) throw e;
    }
  };
  return page;
}

let browsers;
try {
  browsers = await Promise.all(selectedEngines().map(launcher));
} catch (e) {
  console.error(String(e instanceof Error ? e.message : e));
  stopAll();
  process.exit(1);
}

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

/**
 * `set-viewport` in every engine: web-test-runner's own command only knows puppeteer and playwright
 * sessions, so it stays in charge of Chromium and Firefox; for WebKit (a WebDriver session, whose window
 * has browser chrome around the page) the window is resized, then corrected by the difference between
 * the size asked and the page's inner size. Registered after the built-in command, which throws for a
 * WebDriver session, so tests call it as `ode-set-viewport` (test/helpers.ts `setViewport`).
 */
const viewportCommand = {
  name: 'ode-viewport',
  async executeCommand(
    /** @type {{command: string, payload: any, session: any}} */ { command, payload, session },
  ) {
    if (command !== 'ode-set-viewport') return undefined;
    const { width, height } = payload ?? {};
    if (typeof width !== 'number' || typeof height !== 'number')
      throw new Error('ode-set-viewport: { width, height } in CSS pixels');
    const browser = session.browser;
    if (browser.type === 'puppeteer') {
      await browser.getPage(session.id).setViewport({ width, height });
      return true;
    }
    if (browser.type === 'webdriver' && browser.driver) {
      const driver = browser.driver;
      await driver.setWindowSize(width, height);
      const [innerWidth, innerHeight] = await driver.execute(
        /* global window */ () => [window.innerWidth, window.innerHeight],
      );
      if (innerWidth !== width || innerHeight !== height)
        await driver.setWindowSize(width + (width - innerWidth), height + (height - innerHeight));
      return true;
    }
    throw new Error(`ode-set-viewport: no way to size a ${browser.type} session`);
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
    viewportCommand,
  ],
  concurrentBrowsers: 1,
  browsers,
  testRunnerHtml: (/** @type {string} */ testFramework) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"></head><body>
<script>window.ODE_TEST_PORTAL = ${JSON.stringify(portal?.url ?? '')}; window.ODE_TEST_QUOTA_PORTAL = ${JSON.stringify(quotaPortal?.url ?? '')}; window.ODE_TEST_WINDOW_PORTAL = ${JSON.stringify(windowPortal?.url ?? '')}; window.ODE_TEST_SLOW_PORTAL = ${JSON.stringify(slowPortal?.url ?? '')}; window.ODE_TEST_HOSTILE_PORTAL = ${JSON.stringify(hostilePortal?.url ?? '')};</script>
<script type="module" src="${testFramework}"></script>
</body></html>`,
};
