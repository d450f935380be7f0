import { executeServerCommand } from '@web/test-runner-commands';
/** The dev portal the test runner started (see web-test-runner.config.js). */
export function portalUrl(): string {
  const url = (window as unknown as { ODE_TEST_PORTAL?: string }).ODE_TEST_PORTAL;
  if (!url) throw new Error('ODE_TEST_PORTAL is not set: run the tests with `npm test`.');
  return url;
}

export async function getMetadata(id: string): Promise<{ metas: { default: Record<string, unknown> } }> {
  const res = await fetch(`${portalUrl()}/api/explore/v2.1/catalog/datasets/${id}`);
  return res.json();
}

/** Wait until `predicate` holds, polling each animation frame (fails after `timeout` ms). */
export async function until(predicate: () => boolean, what = 'condition', timeout = 10000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/** Text of an element's shadow root, whitespace folded. */
export function shadowText(el: Element): string {
  return (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** A portal whose daily quota (1 request) is spent by the first request of the run. */
export function quotaPortalUrl(): string {
  const url = (window as unknown as { ODE_TEST_QUOTA_PORTAL?: string }).ODE_TEST_QUOTA_PORTAL;
  if (!url) throw new Error('ODE_TEST_QUOTA_PORTAL is not set: run the tests with `npm test`.');
  return url;
}

/** A portal allowing one request per 2-second window: its quota resets soon. */
export function windowPortalUrl(): string {
  const url = (window as unknown as { ODE_TEST_WINDOW_PORTAL?: string }).ODE_TEST_WINDOW_PORTAL;
  if (!url) throw new Error('ODE_TEST_WINDOW_PORTAL is not set: run the tests with `npm test`.');
  return url;
}

/** A portal that answers every request after 1,200 ms: elements can be seen while they wait (loading states, requests of views left). */
export function slowPortalUrl(): string {
  const url = (window as unknown as { ODE_TEST_SLOW_PORTAL?: string }).ODE_TEST_SLOW_PORTAL;
  if (!url) throw new Error('ODE_TEST_SLOW_PORTAL is not set: run the tests with `npm test`.');
  return url;
}

/** The hostile portal (wrong shapes, slow bodies, odd headers; see test/hostile-portal.js). */
export function hostilePortalUrl(): string {
  const url = (window as unknown as { ODE_TEST_HOSTILE_PORTAL?: string }).ODE_TEST_HOSTILE_PORTAL;
  if (!url) throw new Error('ODE_TEST_HOSTILE_PORTAL is not set: run the tests with `npm test`.');
  return url;
}

/** Fail on any uncaught error or unhandled rejection (and any dialog) while `run` runs. */
export async function noUncaught<T>(run: () => Promise<T>): Promise<T> {
  const problems: string[] = [];
  const onError = (e: ErrorEvent) => problems.push(`uncaught: ${e.message}`);
  const onRejection = (e: PromiseRejectionEvent) => problems.push(`unhandled rejection: ${String(e.reason)}`);
  const dialogs = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  window.alert = (m?: unknown) => void problems.push(`alert: ${String(m)}`);
  window.confirm = (m?: string) => (problems.push(`confirm: ${String(m)}`), false);
  window.prompt = (m?: string) => (problems.push(`prompt: ${String(m)}`), null);
  try {
    const value = await run();
    // rejections are reported after a task
    await new Promise((r) => setTimeout(r, 50));
    if (problems.length) throw new Error(problems.join('\n'));
    return value;
  } finally {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    Object.assign(window, dialogs);
  }
}

/**
 * Size the page's viewport (CSS pixels) in any of the three engines (web-test-runner's `setViewport`
 * cannot size a WebDriver session: see `viewportCommand` in web-test-runner.config.js). Resolves with the
 * size reached: WebKitGTK's MiniBrowser window cannot be narrower than its toolbar (447 px here).
 */
export async function setViewport(size: {
  width: number;
  height: number;
}): Promise<{ width: number; height: number }> {
  await executeServerCommand('ode-set-viewport', size);
  const reached = () => window.innerWidth === size.width && window.innerHeight === size.height;
  await until(reached, 'the viewport size', 2000).catch(() => undefined);
  return { width: window.innerWidth, height: window.innerHeight };
}

/** Whether this is WebKitGTK driven by WebDriver (not Chromium, which also says AppleWebKit). */
export const isWebKit = (): boolean =>
  /AppleWebKit/.test(navigator.userAgent) && !/Chrome|HeadlessChrome/.test(navigator.userAgent);
