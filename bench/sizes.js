#!/usr/bin/env node
// @ts-check
/**
 * Size budgets per entry (issue 7), checked by `npm run test:size`: gzip sizes (level 9) of what a page
 * downloads for each entry, compared with bench/size-budgets.json. Exits 1 when a figure grows past its
 * budget; `--update` rewrites the budgets as today's figures + 3 % (a ratchet: lower them when a figure
 * shrinks, by running --update and committing). `--markdown` prints the README table.
 *
 * Both builds are made here, into temporary folders (never dist/, which scripts/package.test.js owns):
 * - CDN build (dist/cdn/): the built, minified files as served. "first load" = the entry file and every
 *   chunk it imports statically, transitively (what one script tag costs before any element needs
 *   more); lazy parts = a lazy chunk with the chunks it imports that the entry does not already load.
 * - npm build (dist/): each entry bundled as an app's bundler would (esbuild, minified, code
 *   splitting), with its dependencies — lit, @lit/context, chart.js, maplibre-gl, topojson-client —
 *   left out: they are the app's (shared, de-duplicated); lit's own cost is one separate line.
 */
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const budgetsFile = join(root, 'bench/size-budgets.json');
const HEADROOM = 1.03;
const EXTERNAL = [
  'lit',
  'lit/*',
  '@lit/*',
  'chart.js',
  'chart.js/*',
  'maplibre-gl',
  'dompurify',
  'topojson-client',
];
const gz = (/** @type {string | Uint8Array} */ data) => gzipSync(data, { level: 9 }).length;

/** @param {string} config @param {string} outDir */
function build(config, outDir) {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '-c', config, '--outDir', outDir, '--emptyOutDir'],
    { cwd: root, stdio: 'pipe' },
  );
}

/** Static and dynamic relative imports of a built ES module. @param {string} file */
function importsOf(file) {
  const code = readFileSync(file, 'utf8');
  const dir = dirname(file);
  const statics = [
    ...code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["'`](\.[^"'`]+)["'`]/g),
  ];
  const dynamics = [...code.matchAll(/\bimport\(\s*["'`](\.[^"'`]+)["'`]\s*\)/g)];
  return {
    statics: statics.map((m) => resolve(dir, m[1])),
    dynamics: dynamics.map((m) => resolve(dir, m[1])),
  };
}

/** A file and every file it imports statically, transitively. @param {string} file */
function closure(file) {
  const files = new Set([file]);
  for (const f of files) for (const i of importsOf(f).statics) files.add(i);
  return files;
}

const sum = (/** @type {Iterable<string>} */ files) =>
  [...files].reduce((n, f) => n + gz(readFileSync(f)), 0);

/** @returns {Record<string, number>} */
function cdnSizes() {
  const dir = mkdtempSync(join(tmpdir(), 'ode-size-cdn-'));
  try {
    build('vite.cdn.config.ts', dir);
    /** @type {Record<string, number>} */
    const out = {};
    const ode = closure(join(dir, 'ode.js'));
    out['ode.js (first load)'] = sum(ode);
    out['consent.js (first load)'] = sum(closure(join(dir, 'consent.js')));
    out['embed.js (first load: every element, shares ode.js files)'] = sum(closure(join(dir, 'embed.js')));
    const chunks = readdirSync(join(dir, 'chunks')).filter((f) => f.endsWith('.js'));
    for (const [label, prefix] of [
      ['chart.js chunk (lazy, first chart)', 'chartjs-'],
      ['maplibre-gl chunk (lazy, first map)', 'maplibre-'],
    ]) {
      const file = chunks.find((f) => f.startsWith(prefix));
      if (!file) throw new Error(`no ${prefix}*.js chunk in the CDN build`);
      out[label] = sum([...closure(join(dir, 'chunks', file))].filter((f) => !ode.has(f)));
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One entry of the npm build bundled alone, dependencies external.
 * @param {string} entry path of the built file
 * @returns {Promise<{ first: number, lazy: { inputs: string[], size: number }[] }>}
 */
async function bundled(entry) {
  const outdir = mkdtempSync(join(tmpdir(), 'ode-size-npm-entry-'));
  try {
    const r = await esbuild.build({
      entryPoints: { main: entry },
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      outdir,
      metafile: true,
      legalComments: 'none',
      external: EXTERNAL,
      logLevel: 'silent',
    });
    const outputs = r.metafile.outputs;
    const size = (/** @type {string} */ f) => gz(readFileSync(join(root, f)));
    /** @param {string} f */
    const reach = (f) => {
      const files = new Set([f]);
      for (const x of files)
        for (const i of outputs[x].imports)
          if (i.kind === 'import-statement' && outputs[i.path]) files.add(i.path);
      return files;
    };
    const main = Object.keys(outputs).find((f) => basename(f) === 'main.js') ?? '';
    const eager = reach(main);
    const lazyFiles = new Set(
      Object.values(outputs).flatMap((o) =>
        o.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path),
      ),
    );
    return {
      first: [...eager].reduce((n, f) => n + size(f), 0),
      lazy: [...lazyFiles].map((f) => {
        const own = [...reach(f)].filter((x) => !eager.has(x));
        return {
          inputs: own.flatMap((x) => Object.keys(outputs[x].inputs)),
          size: own.reduce((n, x) => n + size(x), 0),
        };
      }),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** @returns {Promise<Record<string, number>>} */
async function npmSizes() {
  // node_modules/.cache does not exist yet on a fresh install
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, 'node_modules/.cache/ode-size-npm-'));
  try {
    build('vite.npm.config.ts', dir);
    /** @type {Record<string, number>} */
    const out = {};
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const entries = Object.entries(pkg.exports)
      .filter(
        ([k, v]) =>
          typeof v === 'object' &&
          !k.startsWith('./cdn/') &&
          (k === '.' || k.endsWith('/define.js') || k.startsWith('./consent')),
      )
      .map(([k, v]) => [
        k === '.' ? 'index (every element)' : k.slice(2),
        join(dir, v.default.replace(/^\.\/dist\//, '')),
      ]);
    for (const [name, file] of entries) {
      const r = await bundled(file);
      out[`${name} (first load)`] = r.first;
      if (name.startsWith('index')) {
        const chart = r.lazy.find((l) => l.inputs.some((i) => i.endsWith('chart/engine.js')));
        const map = r.lazy.find((l) => l.inputs.some((i) => i.endsWith('map/engine.js')));
        if (!chart || !map) throw new Error('no lazy chart or map engine in the npm build');
        out['chart engine (lazy, chart.js excluded)'] = chart.size;
        out['map engine + world outline (lazy, maplibre-gl excluded)'] = map.size;
      }
    }
    // what the three smaller views add to a page that already has the core — dataset, table,
    // attribution, and the data life cycle every view runs on (core/data-task.js, core/events.js,
    // which the table imports once it is on DataTask) — counted once: their own code and strings
    const built = (/** @type {string} */ path) => JSON.stringify(join(dir, path));
    const define = (/** @type {string} */ key) =>
      `export * from ${built(pkg.exports[key].default.replace(/^\.\/dist\//, ''))};`;
    const core = [
      ...['./dataset/define.js', './table/define.js', './attribution/define.js'].map(define),
      `export * from ${built('core/data-task.js')};`,
      `export * from ${built('core/events.js')};`,
    ];
    const three = ['./kpi/define.js', './records/define.js', './date-range/define.js'].map(define);
    writeFileSync(join(dir, 'size-core.js'), core.join('\n'));
    writeFileSync(join(dir, 'size-core-three.js'), [...core, ...three].join('\n'));
    const coreOnly = await bundled(join(dir, 'size-core.js'));
    const withThree = await bundled(join(dir, 'size-core-three.js'));
    out['kpi + records + date-range (over the core)'] = withThree.first - coreOnly.first;
    // lit itself, counted once: what the app's bundle holds for every element
    const lit = await esbuild.build({
      stdin: { contents: "export * from 'lit';", resolveDir: root, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      legalComments: 'none',
    });
    out['lit (the app\u2019s, shared by every element)'] = gz(lit.outputFiles[0].contents);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const figures = { cdn: cdnSizes(), npm: await npmSizes() };
const kb = (/** @type {number} */ n) => `${(n / 1000).toFixed(2)} kB`;

if (process.argv.includes('--update')) {
  /** @type {Record<string, Record<string, number>>} */
  const budgets = {};
  for (const [build, rows] of Object.entries(figures))
    budgets[build] = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, Math.ceil(v * HEADROOM)]));
  writeFileSync(budgetsFile, `${JSON.stringify(budgets, null, 2)}\n`);
  console.log(`wrote ${relative(root, budgetsFile)}`);
}

/** @type {Record<string, Record<string, number>>} */
const budgets = JSON.parse(readFileSync(budgetsFile, 'utf8'));
/** @type {string[]} */
const failures = [];
const rows = [];
for (const [build, entries] of Object.entries(figures))
  for (const [name, size] of Object.entries(entries)) {
    const budget = budgets[build]?.[name];
    const status = budget === undefined ? 'no budget' : size > budget ? 'OVER' : 'ok';
    if (status !== 'ok')
      failures.push(
        budget === undefined
          ? `${build}: "${name}" has no budget in bench/size-budgets.json`
          : `${build}: "${name}" grew to ${size} bytes gz, over its ${budget}-byte budget (+${size - budget})`,
      );
    rows.push({ build, name, size, budget, status });
  }

/** The README's table: the figures of today, laid out as Prettier lays out a Markdown table. */
function markdownTable() {
  const cells = rows.map((r) => [r.build, r.name, kb(r.size), r.budget ? kb(r.budget) : '–']);
  const head = ['Build', 'Entry', 'gzip', 'Budget'];
  const right = [false, false, true, true];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (/** @type {string[]} */ c) =>
    `| ${c.map((v, i) => (right[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...cells.map(line)].join('\n');
}

// the README shows this table: --update rewrites it with the budgets, and a stale one fails the check
const readmeFile = join(root, 'README.md');
const readme = readFileSync(readmeFile, 'utf8');
const tableAt = /^\| Build \| Entry .*\n(?:\|.*\n)*/m;
const fresh = `${markdownTable()}\n`;
if (process.argv.includes('--update') && tableAt.test(readme)) {
  writeFileSync(readmeFile, readme.replace(tableAt, fresh));
  console.log('wrote the table of README.md');
} else if (!process.argv.includes('--markdown') && !sameTable(readme.match(tableAt)?.[0] ?? '', fresh))
  failures.push(
    "README.md's size table differs from today's figures: run `node bench/sizes.js --markdown` and paste it, or `--update`",
  );

/**
 * The README's table says what today's does: the same rows and budgets, and sizes within 0.1 kB (the
 * npm figures move by a few bytes from one build to the next: temporary folder names in the bundles).
 * @param {string} a
 * @param {string} b
 */
function sameTable(a, b) {
  const rowsOf = (/** @type {string} */ t) =>
    t
      .trim()
      .split('\n')
      .slice(2)
      .map((l) => l.split('|').map((c) => c.trim()));
  const [ra, rb] = [rowsOf(a), rowsOf(b)];
  return (
    ra.length === rb.length &&
    ra.every((r, i) => {
      const o = rb[i];
      return (
        r[1] === o[1] &&
        r[2] === o[2] &&
        r[4] === o[4] &&
        Math.abs(parseFloat(r[3]) - parseFloat(o[3])) <= 0.1
      );
    })
  );
}

if (process.argv.includes('--markdown')) {
  console.log(markdownTable());
} else {
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows)
    console.log(
      `${r.build.padEnd(4)} ${r.name.padEnd(w)} ${kb(r.size).padStart(10)} gz  budget ${r.budget ? kb(r.budget) : '–'}  ${r.status}`,
    );
}
if (failures.length) {
  console.error(`\nSize check failed:\n- ${failures.join('\n- ')}`);
  console.error(
    'If the growth is intended, say why in the commit and run `node bench/sizes.js --update` (today + 3 %).',
  );
  process.exit(1);
}
