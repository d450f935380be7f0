#!/usr/bin/env node
// @ts-check
/**
 * Check a consent configuration before publishing it: the same checks the banner runs on load, with every
 * problem named. For tenants and CI of a site:
 *
 *   node scripts/consent-validate.js consent.json --host www.ville-exemple.fr
 *   node scripts/consent-validate.js https://www.ville-exemple.fr/consent.json
 *
 * `--host` is the site's host name (checked against `cookieDomain`; default: the URL's host, if any).
 * Exits 0 and prints the configuration with its defaults when valid; exits 1 listing the problems otherwise.
 * (Installed packages get `consent/validate` from the build: `validateConfig(json, host)`.)
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const args = process.argv.slice(2);
const at = args.indexOf('--host');
const host = at >= 0 ? args.splice(at, 2)[1] : undefined;
const [source] = args;
if (!source) {
  console.error(
    'usage: node scripts/consent-validate.js <config.json | https://…/config.json> [--host example.org]',
  );
  process.exit(2);
}

// src/consent/validate.ts, bundled for node on the fly (no build needed in a checkout)
const built = await esbuild.build({
  entryPoints: [fileURLToPath(new URL('../src/consent/validate.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
});
/** @type {typeof import('../src/consent/validate.js')} */
const { validateConfig, ConsentConfigError } = await import(
  `data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`
);

const isUrl = /^https?:\/\//.test(source);
let json;
try {
  const text = isUrl ? await (await fetch(source)).text() : await readFile(source, 'utf8');
  json = JSON.parse(text);
} catch (e) {
  console.error(`${source}: ${/** @type {Error} */ (e).message}`);
  process.exit(1);
}
try {
  const config = validateConfig(json, host ?? (isUrl ? new URL(source).hostname : ''));
  console.log(
    `${source}: valid (${config.purposes.length} purposes, choices kept ${config.retentionMonths} months)`,
  );
} catch (e) {
  if (!(e instanceof ConsentConfigError)) throw e;
  console.error(`${source}: ${e.problems.length} problem(s)`);
  for (const p of e.problems) console.error(`- ${p}`);
  process.exit(1);
}
