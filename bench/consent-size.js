#!/usr/bin/env node
// @ts-check
/**
 * Size of the consent entry (src/consent/index.ts), bundled and minified with esbuild (code splitting on,
 * as a library build does), gzipped at level 9:
 * - entry: what a page downloads to show the banner (lit external, then lit included);
 * - lazy chunks: the preferences dialog (on first open) and the cookie table (with <ode-cookie-declaration>);
 * - presets: src/consent/presets.ts (Matomo, GA4), imported only by tenants who use them.
 * Exits 1 when the entry costs more than BUDGET bytes gzipped over lit (6 kB, issue 6).
 */
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const BUDGET = 6000;
const src = (/** @type {string} */ p) => fileURLToPath(new URL(`../src/consent/${p}`, import.meta.url));
const LIT = ['lit', 'lit/*', '@lit/*'];

/**
 * @param {string[]} external
 * @returns {Promise<{entry: number, chunks: Record<string, number>, presets: number}>} gzip sizes
 */
async function sizes(external) {
  const outdir = mkdtempSync(join(tmpdir(), 'ode-consent-size-'));
  try {
    const r = await esbuild.build({
      entryPoints: { consent: src('index.ts'), presets: src('presets.ts') },
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      outdir,
      metafile: true,
      legalComments: 'none',
      external,
    });
    const gz = (/** @type {string} */ f) => gzipSync(readFileSync(f), { level: 9 }).length;
    /** @type {Record<string, number>} */
    const chunks = {};
    let entry = 0;
    let presets = 0;
    for (const [file, out] of Object.entries(r.metafile.outputs)) {
      if (!file.endsWith('.js')) continue;
      const size = gz(file);
      if (out.entryPoint?.endsWith('index.ts')) entry = size;
      else if (out.entryPoint?.endsWith('presets.ts')) presets = size;
      else {
        // name a chunk after its main input; a chunk shared by both entries counts in the entry
        const inputs = Object.keys(out.inputs).map((i) => basename(i));
        const name = inputs.includes('prefs.ts')
          ? 'preferences dialog'
          : inputs.includes('declaration-table.ts')
            ? 'cookie table'
            : 'shared';
        if (name === 'shared') entry += size;
        else chunks[name] = size;
      }
    }
    return { entry, chunks, presets };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const over = await sizes(LIT);
const whole = await sizes([]);
const kb = (/** @type {number} */ n) => `${(n / 1000).toFixed(2)} kB`;
console.log(`consent entry (to show the banner), lit external: ${kb(over.entry)} gz (budget ${kb(BUDGET)})`);
console.log(`consent entry (to show the banner), lit included: ${kb(whole.entry)} gz`);
for (const [name, size] of Object.entries(over.chunks)) console.log(`  lazy ${name}: ${kb(size)} gz`);
console.log(`  presets (Matomo, GA4), separate entry: ${kb(over.presets)} gz`);
if (over.entry > BUDGET) {
  console.error(`consent entry is ${over.entry - BUDGET} bytes over its ${BUDGET}-byte budget`);
  process.exit(1);
}
