// @ts-check
/**
 * The three browser engines the tests and the bench run in, as Debian ships them, and the processes
 * they need: an X display (Xvfb) for Firefox's and WebKitGTK's WebGL, and WebKitWebDriver for WebKit.
 *
 * - chromium: /usr/bin/chromium (or CHROME_PATH), headless, driven over CDP.
 * - firefox: /usr/bin/firefox-esr (or FIREFOX_PATH), headless, driven over WebDriver BiDi by
 *   puppeteer-core. Without a display, headless Firefox has no WebGL2 and maplibre cannot start.
 * - webkit: WebKitGTK's MiniBrowser (or WEBKIT_MINIBROWSER) driven by /usr/bin/WebKitWebDriver (or
 *   WEBKIT_WEBDRIVER) over classic WebDriver; it opens a window, hence the display.
 *
 * `BROWSERS=chromium` (or a comma list: `BROWSERS=firefox,webkit`) narrows the engines; all three by
 * default. Every process started here is stopped when this Node process exits.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';

export const ENGINES = /** @type {const} */ (['chromium', 'firefox', 'webkit']);
/** @typedef {(typeof ENGINES)[number]} Engine */

const INSTALL = {
  chromium: 'apt-get install -y chromium (or set CHROME_PATH)',
  firefox: 'apt-get install -y firefox-esr (or set FIREFOX_PATH)',
  webkit: 'apt-get install -y webkit2gtk-driver (or set WEBKIT_WEBDRIVER and WEBKIT_MINIBROWSER)',
};

/**
 * The engines asked for by `BROWSERS` (comma-separated), all three when unset.
 * @param {string | undefined} value
 * @returns {Engine[]}
 */
export function selectedEngines(value = process.env.BROWSERS) {
  if (!value?.trim()) return [...ENGINES];
  const asked = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = asked.filter((s) => !(/** @type {readonly string[]} */ (ENGINES).includes(s)));
  if (unknown.length)
    throw new Error(`BROWSERS: unknown engine ${unknown.join(', ')}; use ${ENGINES.join(', ')}.`);
  return ENGINES.filter((e) => asked.includes(e));
}

const firstExisting = (/** @type {(string | undefined)[]} */ paths) => paths.find((p) => p && existsSync(p));

/** @param {Engine} engine */
function missing(engine) {
  return new Error(`No ${engine} found: ${INSTALL[engine]}.`);
}

/** Chromium's executable: CHROME_PATH, Debian's, else a Chromium that Playwright installed. */
export async function chromiumPath() {
  const found = firstExisting([process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']);
  if (found) return found;
  try {
    const { chromium } = await import('playwright-core');
    const p = chromium.executablePath();
    if (p && existsSync(p)) return p;
  } catch {
    /* playwright-core knows no installed browser */
  }
  throw missing('chromium');
}

/** Firefox's executable: FIREFOX_PATH, else Debian's firefox-esr (or firefox). */
export function firefoxPath() {
  const found = firstExisting([process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox']);
  if (!found) throw missing('firefox');
  return found;
}

/** WebKitWebDriver and the MiniBrowser it drives (WebKitGTK 4.1, else 6.0 or 4.0, any architecture). */
export function webkitPaths() {
  const driver = firstExisting([process.env.WEBKIT_WEBDRIVER, '/usr/bin/WebKitWebDriver']);
  /** @type {string[]} */
  const candidates = [];
  if (process.env.WEBKIT_MINIBROWSER) candidates.push(process.env.WEBKIT_MINIBROWSER);
  const lib = '/usr/lib';
  const arches = existsSync(lib) ? readdirSync(lib).filter((d) => d.endsWith('-linux-gnu')) : [];
  for (const dir of ['webkit2gtk-4.1', 'webkitgtk-6.0', 'webkit2gtk-4.0'])
    for (const arch of arches) candidates.push(`${lib}/${arch}/${dir}/MiniBrowser`);
  const miniBrowser = firstExisting(candidates);
  if (!driver || !miniBrowser) throw missing('webkit');
  return { driver, miniBrowser };
}

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let exitHookSet = false;
/** @param {import('node:child_process').ChildProcess} child */
function own(child) {
  children.push(child);
  if (!exitHookSet) {
    exitHookSet = true;
    process.on('exit', stopAll);
  }
  return child;
}
/** Stops every process started here (also done when this process exits). */
export function stopAll() {
  for (const c of children.splice(0)) if (c.exitCode === null && !c.killed) c.kill('SIGTERM');
}

/**
 * An X display for the engines that need one: DISPLAY if set, else an Xvfb started now on the first
 * free display number (Xvfb picks it and writes it to a pipe: `-displayfd`). Sets process.env.DISPLAY,
 * which the browsers started afterwards inherit.
 * @returns {Promise<string>} the display, e.g. `:99`
 */
export async function ensureDisplay() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  const xvfb = firstExisting(['/usr/bin/Xvfb']);
  if (!xvfb)
    throw new Error('Firefox and WebKit need an X display: apt-get install -y xvfb (or set DISPLAY).');
  const child = own(
    spawn(xvfb, ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp', '-noreset'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    }),
  );
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start in 10 s: ${stderr}`)), 10000);
    const fd3 = /** @type {import('node:stream').Readable} */ (child.stdio[3]);
    fd3.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${stderr}`));
    });
  });
  child.removeAllListeners('exit');
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  process.env.DISPLAY = display;
  return display;
}

/** A TCP port free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts WebKitWebDriver on a free port (with the display set) and waits until it answers.
 * @returns {Promise<{port: number, miniBrowser: string}>}
 */
export async function startWebKitDriver() {
  const { driver, miniBrowser } = webkitPaths();
  await ensureDisplay();
  const port = /** @type {number} */ (await freePort());
  // WebKitGTK's DMA-BUF renderer composites through the GPU process; on a machine with no GPU (Mesa's
  // software GL) a frame of a scrolled table took 300+ ms against 17 ms without it, as software
  // rendering in Chromium (SwiftShader) and Firefox does. MiniBrowser inherits the driver's environment.
  const env = { WEBKIT_DISABLE_DMABUF_RENDERER: '1', ...process.env };
  const child = own(spawn(driver, [`--port=${port}`], { stdio: 'ignore', env }));
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('WebKitWebDriver did not answer in 15 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, miniBrowser };
}

/**
 * WebDriver capabilities for WebKitGTK's MiniBrowser. No browserName (WebKitWebDriver matches its own),
 * and classic WebDriver: webdriverio asks for a BiDi session otherwise, which WebKitWebDriver refuses.
 * @param {string} miniBrowser
 */
export function webkitCapabilities(miniBrowser) {
  return {
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
  };
}
