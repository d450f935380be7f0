import { html, nothing, type TemplateResult } from 'lit';
import type { Dataset } from '../api/types.js';
import type { DatasetSource } from './source.js';

export type AttributionMode = 'full' | 'compact' | 'external';

const warned = new WeakSet<DatasetSource>();

/**
 * The attribution notice every data view shows for its dataset. `external` drops it only when an
 * `<ode-attribution>` for the same dataset is on the page; otherwise it stays, with a console
 * warning (the notice is never dropped silently).
 */
export function attributionView(
  view: string,
  source: DatasetSource | undefined,
  mode: AttributionMode,
  metadata: Dataset | undefined = source?.metadata,
): TemplateResult | typeof nothing {
  if (!source) return nothing;
  if (mode === 'external') {
    const elsewhere = [...document.querySelectorAll('ode-attribution')].some(
      (a) => a.getAttribute('dataset') === source.datasetId,
    );
    if (elsewhere) return nothing;
    if (!warned.has(source)) {
      warned.add(source);
      console.warn(
        `<${view}>: attribution="external" but no <ode-attribution dataset="${source.datasetId}"> is on the page; the notice stays here.`,
      );
    }
  }
  return html`<ode-attribution
    part="attribution"
    exportparts="attribution: attribution-notice"
    domain=${source.domain}
    ?compact=${mode === 'compact'}
    .metadata=${metadata}
    .datasetId=${source.datasetId}
  ></ode-attribution>`;
}
