// @ts-check
/** `/explore/dataset/{id}`: the dataset page that attribution links point at. */
import { API_PREFIX, send } from '../http.js';
import { notFound } from '../failures.js';

/** @typedef {import('../queries.js').PortalContext} PortalContext */

/**
 * @param {PortalContext} ctx
 * A minimal dataset page, so attribution links resolve in the demo.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} id
 */
export function datasetPage(ctx, req, res, id) {
  const ds = ctx.datasets.get(id);
  if (!ds) throw notFound(`The requested dataset ${id} does not exist.`);
  const esc = (/** @type {unknown} */ s) =>
    String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const m = ds.dataset.metas.default;
  const html = `<!doctype html><html lang="${esc(m.language || 'en')}"><meta charset="utf-8"><title>${esc(m.title)}</title>
<body style="font-family:system-ui;max-width:50rem;margin:2rem auto"><p>Dev portal — dataset page</p><h1>${esc(m.title)}</h1>
<p>${esc(m.publisher)} · ${esc(m.license)} · ${esc(m.records_count)} records</p>
<p><a href="${API_PREFIX}/catalog/datasets/${esc(id)}">API: catalog/datasets/${esc(id)}</a></p></body></html>`;
  return send(req, res, 200, html, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
}
