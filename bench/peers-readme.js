#!/usr/bin/env node
// @ts-check
/**
 * Writes the side-by-side table of the last `node bench/peers.js` run (the `peers` entry of
 * bench/results.json) into the README, between `<!-- peers:start -->` and `<!-- peers:end -->`, with the
 * date, the machine and the versions compared. Run by hand after a bench run on a quiet machine:
 * `node bench/peers.js && node bench/peers-readme.js && npx prettier --write README.md`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const readJson = (/** @type {string} */ path) => JSON.parse(readFileSync(root + path, 'utf8'));
const version = (/** @type {string} */ pkg) => readJson(`node_modules/${pkg}/package.json`).version;

const report = readJson('bench/results.json').peers;
if (!report?.views) {
  console.error('bench/peers-readme: no "peers" entry in bench/results.json: run node bench/peers.js first.');
  process.exit(1);
}

const ms = (/** @type {number} */ x) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const range = (/** @type {number[] | undefined} */ r) => (r ? ` [${ms(r[0])}–${ms(r[1])}]` : '');
const ratio = (/** @type {number} */ ours, /** @type {number} */ peer) =>
  Number.isFinite(ours / peer) ? `${(ours / peer).toFixed(2)}×` : '–';

const VARIANTS = /** @type {const} */ ([
  ['peer', 'Opendatasoft SDK'],
  ['npm', 'ours, npm (bundled by the app)'],
  ['cdn', 'ours, CDN (`dist/cdn/ode.js`)'],
]);

const rows = [
  '| view | build | JS gz | requests: data + other | nav → painted, ms | ours / peer | answer → painted, ms | ours / peer | long tasks, ms |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const view of Object.values(report.views)) {
  const peer = view.peer;
  for (const [key, label] of VARIANTS) {
    const f = view[key];
    if (!f) continue;
    const mine = key !== 'peer';
    rows.push(
      `| ${view.title} | ${label} | ${f.jsGzKb.toFixed(1)} kB | ${f.dataRequests} + ${f.otherRequests} | ${ms(f.navToPaintedMs)}${range(f.navToPaintedRange)}${f.failed ? ` (${f.failed} failed)` : ''} | ${mine ? ratio(f.navToPaintedMs, peer.navToPaintedMs) : ''} | ${ms(f.answerToPaintedMs)}${range(f.answerToPaintedRange)} | ${mine ? ratio(f.answerToPaintedMs, peer.answerToPaintedMs) : ''} | ${ms(f.longTasksMs)} |`,
    );
  }
}
const five = report.views.five;
const perChart =
  five && report.views.bar
    ? `Five charts on one page / one chart, nav → painted: ${VARIANTS.map(([k, label]) => `${label} ${five[k]?.vsOneChart?.toFixed(2) ?? '–'}×`).join(', ')}.`
    : '';

const cpu = cpus();
const section = [
  '<!-- peers:start -->',
  `\`node bench/peers.js\` on ${report.date.slice(0, 10)} (${report.runs} runs per build, alternating, a fresh browser context per load), ` +
    `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${report.browser ?? 'Chromium'} headless, dev portal with ${report.latencyMs} ms latency, CPU slowed ×${report.cpuThrottle}. ` +
    `Peer: \`@opendatasoft/visualizations\` ${version('@opendatasoft/visualizations')} fed by \`@opendatasoft/api-client\` ${version('@opendatasoft/api-client')} ` +
    `(their documented pattern, bundled by the same esbuild); ours: open-data-elements ${readJson('package.json').version} (chart.js ${version('chart.js')}, maplibre-gl ${version('maplibre-gl')}, lit ${version('lit')}). ` +
    'Medians with [min–max]; "painted" is the first frame where the data is visible, timed when that frame\'s work starts on the main thread (bench/peers/probe.js, the same for both).',
  '',
  ...rows,
  '',
  perChart,
  '<!-- peers:end -->',
].join('\n');

const readmePath = `${root}README.md`;
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf('<!-- peers:start -->');
const end = readme.indexOf('<!-- peers:end -->');
if (start < 0 || end < start) {
  console.error('bench/peers-readme: the README has no <!-- peers:start --> … <!-- peers:end --> markers.');
  process.exit(1);
}
const next = readme.slice(0, start) + section + readme.slice(end + '<!-- peers:end -->'.length);
writeFileSync(readmePath, next);
console.log('bench/peers-readme: README updated (run prettier on it: npx prettier --write README.md)');
