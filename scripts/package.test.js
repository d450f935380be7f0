// @ts-check
/**
 * What `npm pack` ships (issue 7): the build, its types and the manifest, nothing else; every
 * `exports` entry present; decorators compiled away. Runs `npm run build` first (≈ 15 s).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'pipe' });
/** @type {{ files: { path: string }[] }[]} */
const [pack] = JSON.parse(
  execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
);
const files = pack.files.map((f) => f.path);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('npm pack holds the build, its types and the manifest, and nothing of the repository', () => {
  const outside = files.filter(
    (f) => !/^(dist\/|custom-elements\.json$|package\.json$|README\.md$|LICENSE)/.test(f),
  );
  assert.deepEqual(outside, []);
  assert.ok(files.includes('dist/ode.js') && files.includes('custom-elements.json'));
  assert.ok(!files.some((f) => /(^|\/)(src|test|dev-portal|bench|demo|scratch)\//.test(f)));
});

test('every exports entry is in the package, with its types', () => {
  for (const [key, target] of Object.entries(pkg.exports)) {
    const paths =
      typeof target === 'string' ? [target] : Object.values(/** @type {Record<string, string>} */ (target));
    for (const p of paths)
      assert.ok(files.includes(p.replace(/^\.\//, '')), `exports["${key}"] → ${p} is not packed`);
  }
  for (const el of ['table', 'chart', 'map', 'dataset', 'search', 'facets', 'attribution'])
    assert.ok(pkg.exports[`./${el}/define.js`], `no exports entry for ${el}`);
});

test('decorators are compiled: no raw @property( or accessor in the output', () => {
  for (const f of files.filter((p) => p.endsWith('.js'))) {
    const code = readFileSync(join(root, f), 'utf8');
    assert.ok(!/@(property|state|query|customElement)\(/.test(code), `${f} holds a raw decorator`);
    assert.ok(!/\baccessor\s+[#\w]+\s*[;=]/.test(code), `${f} holds an accessor field`);
  }
});
