/**
 * A module imported on first use (chart.js, maplibre-gl), shared by every element of the page. A
 * failed download is not kept: the next call imports again, so Retry works after a network hiccup.
 */
export function lazyImport<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((e: unknown) => {
      pending = undefined;
      throw e;
    }));
}

/** A lazily loaded engine (chart, map) that could not be downloaded; the message is in the page's words. */
export class EngineLoadError extends Error {
  override name = 'EngineLoadError';
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    console.warn(`open-data-elements: ${message}`, cause);
  }
}
