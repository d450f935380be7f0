/** A module imported on first use; `failures` counts its downloads that failed so far. */
export interface LazyImport<T> {
  (): Promise<T>;
  readonly failures: number;
}

/**
 * A module imported on first use (chart.js, maplibre-gl), shared by every element of the page. A
 * failed download is not kept: the next call imports again, so Retry works after a network hiccup
 * (in the browsers that fetch a failed module again: Chromium 150 keeps the failure until the page is
 * reloaded, see `EngineLoadError.reload`).
 */
export function lazyImport<T>(load: () => Promise<T>): LazyImport<T> {
  let pending: Promise<T> | undefined;
  let failures = 0;
  const get = () =>
    (pending ??= load().catch((e: unknown) => {
      pending = undefined;
      failures++;
      throw e;
    }));
  return Object.defineProperty(get, 'failures', { get: () => failures }) as LazyImport<T>;
}

/** A lazily loaded engine (chart, map) that could not be downloaded; the message is in the page's words. */
export class EngineLoadError extends Error {
  override name = 'EngineLoadError';
  /**
   * The download failed again, after a Retry. Some browsers (Chromium 150 for one) keep a module whose
   * download failed, and every import of it fails until the page is reloaded: the view then offers to
   * reload the page rather than a Retry that cannot work.
   */
  readonly reload: boolean;

  constructor(message: string, cause: unknown, again = false) {
    super(message, { cause });
    this.reload = again;
    console.warn(`open-data-elements: ${message}`, cause);
  }
}
