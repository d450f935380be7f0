// @ts-check
/**
 * A tiny static file server for the end-to-end tests of the builds (scripts/package.test.js,
 * scripts/embed.test.js): serves one folder, plus optional fixed pages, with optional extra headers
 * (a Content-Security-Policy). No bundler, no transform: what a CDN or a self-hosting server does.
 */
import http from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';

const TYPES = /** @type {Record<string, string>} */ ({
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json',
});

/**
 * @param {{ dir: string, pages?: Record<string, string>, headers?: (path: string) => Record<string, string>, fail?: (path: string) => boolean }} options
 *   `pages`: path → content served as is (HTML unless the path ends in a known extension); `headers`: extra response headers per path;
 *   `fail`: paths answered with a 404 although they exist (a download that fails)
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveStatic({ dir, pages = {}, headers = () => ({}), fail = () => false }) {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const extra = headers(path);
    if (fail(path)) {
      res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
      return res.end('not found (on purpose)');
    }
    if (pages[path] !== undefined) {
      const type = TYPES[path.slice(path.lastIndexOf('.'))] ?? TYPES['.html'];
      res.writeHead(200, { 'content-type': type, ...extra });
      return res.end(pages[path]);
    }
    const file = normalize(join(dir, decodeURIComponent(path)));
    if (file.startsWith(dir) && existsSync(file) && statSync(file).isFile()) {
      const ext = path.slice(path.lastIndexOf('.'));
      res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', ...extra });
      return res.end(readFileSync(file));
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r(undefined))),
  };
}

/** Debian's Chromium, or CHROME_PATH. */
export function chromiumPath() {
  const p = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((c) => c && existsSync(c));
  if (!p) throw new Error('no Chromium: apt-get install -y chromium, or set CHROME_PATH');
  return p;
}
