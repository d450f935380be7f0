// @ts-check
/**
 * What the end-to-end scripts share: the demo as `npm start` serves it (dev portal + Vite dev server on
 * free ports, pages' `%ODE_PORTAL%` filled in), and a fresh Custom Elements Manifest analysis.
 * Used by scripts/docs.test.js, scripts/builder-roundtrip.test.js, scripts/screenshot.js,
 * scripts/manifest.test.js and scripts/embed.test.js.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { createPortal } from '../dev-portal/server.js';

export const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The dev portal and the Vite dev server (vite.config.ts), each on a free port.
 * @param {Parameters<typeof createPortal>[0]} [portalOptions]
 */
export async function startDemo(portalOptions = {}) {
  const portal = await createPortal({ port: 0, ...portalOptions });
  const vite = await createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1' },
    plugins: [
      { name: 'ode-demo-portal', transformIndexHtml: (html) => html.replace('%ODE_PORTAL%', portal.url) },
    ],
  });
  await vite.listen();
  return {
    portal,
    vite,
    /** The demo's base URL, with its trailing slash. */
    base: vite.resolvedUrls?.local[0] ?? '',
    async close() {
      await vite.close();
      await portal.close();
    },
  };
}

/**
 * `cem analyze` into `node_modules/.cache/<name>` (the analyzer writes below the working directory; one
 * folder per caller, so parallel test files never race), without touching package.json
 * (scripts/cem-test.config.mjs). Returns the manifest.
 * @param {string} name
 * @returns {{ modules: { path: string, declarations?: any[] }[] }}
 */
export function analyzeManifest(name) {
  const out = `node_modules/.cache/${name}`;
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'),
      'analyze',
      '--config',
      'scripts/cem-test.config.mjs',
      '--outdir',
      out,
    ],
    { cwd: root, stdio: 'pipe' },
  );
  return JSON.parse(readFileSync(join(root, out, 'custom-elements.json'), 'utf8'));
}
