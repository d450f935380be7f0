// @ts-check
/** What every answer of the dev portal carries: the real portal's headers, gzip when accepted. */
import zlib from 'node:zlib';

export const API_PREFIX = '/api/explore/v2.1';

/** Response headers copied from the recordings (identical on 200, 400 and 404). */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-max-age': '1000',
  'access-control-allow-headers':
    'Authorization, X-Requested-With, Origin, ODS-API-Analytics-App, ODS-API-Analytics-Embed-Type, ODS-API-Analytics-Embed-Referrer, ODS-Widgets-Version, Accept',
  'access-control-expose-headers':
    'ODS-Explore-API-Deprecation, Link, X-RateLimit-Remaining, X-RateLimit-Limit, X-RateLimit-Reset, X-RateLimit-dataset-Remaining, X-RateLimit-dataset-Limit, X-RateLimit-dataset-Reset',
  vary: 'Accept-Language, Cookie, Host',
  'content-language': 'en-us',
  server: 'ode-dev-portal',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

export const NO_CACHE = 'no-cache, no-store, max-age=0, must-revalidate';

/**
 * Write a body with the recorded headers, gzipped when the client accepts it (as the real portal).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} body
 * @param {Record<string, string>} headers
 */
export function send(req, res, status, body, headers) {
  const buf = Buffer.from(body, 'utf8');
  const gzip = buf.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const payload = gzip ? zlib.gzipSync(buf, { level: 1 }) : buf;
  res.writeHead(status, {
    ...CORS_HEADERS,
    'cache-control': NO_CACHE,
    ...headers,
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    'content-length': String(payload.length),
  });
  res.end(req.method === 'HEAD' ? undefined : payload);
}
