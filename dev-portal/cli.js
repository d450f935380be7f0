#!/usr/bin/env node
// @ts-check
/**
 * npm run portal -- --port N [--latency MS] [--quota N] [--host H] [--only id,id] [--verbose]
 */
import { parseArgs } from 'node:util';
import { createPortal } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    latency: { type: 'string', default: '0' },
    quota: { type: 'string' },
    'quota-window': { type: 'string' },
    only: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'Usage: npm run portal -- [--port 8787] [--latency MS] [--quota N] [--quota-window MS] [--host 127.0.0.1] [--only id,id] [--verbose]',
  );
  process.exit(0);
}
const num = (/** @type {string} */ name, /** @type {string | undefined} */ v) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`dev-portal: --${name} must be a whole number >= 0, got ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
};
const portal = await createPortal({
  port: num('port', values.port),
  host: values.host,
  latency: num('latency', values.latency),
  quota: num('quota', values.quota),
  quotaWindow: num('quota-window', values['quota-window']),
  only: values.only ? values.only.split(',') : undefined,
  log: values.verbose ? (l) => console.log(l) : (l) => l.startsWith('dev-portal:') && console.error(l),
});
console.log(
  `dev portal: ${portal.url}/api/explore/v2.1/catalog/datasets  (${portal.datasets.length} datasets in ${Math.round(portal.loadMs)} ms` +
    `${values.latency !== '0' ? `, latency ${values.latency} ms` : ''}${values.quota ? `, quota ${values.quota}/day` : ''})`,
);
const stop = () => portal.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
