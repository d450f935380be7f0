// @ts-check
/**
 * No import circle in src/: every module's imports — static, dynamic (`import('./x.js')`), type-only
 * (`import type`, `export type … from`) and `typeof import('./x.js')` in types — form a graph with no
 * cycle. A circle makes the order of evaluation depend on which file a page imports first, and ties
 * modules that should change separately (an engine and its element, a store and its views).
 *
 * The graph is read with the TypeScript compiler's own import scanner (`ts.preProcessFile`), so it
 * sees exactly what the compiler sees, comments and strings excluded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');

/** Every .ts file under `dir`. */
function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The file a relative specifier names (`./x.js` is `./x.ts` on disk), or undefined (a package). */
function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base,
    `${base}.ts`,
    join(base, 'index.ts'),
    base.replace(/\.js$/, '.d.ts'),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/**
 * The import graph of a set of files: file → the files it imports (every kind of import).
 * @param {string[]} files
 * @returns {Map<string, Set<string>>}
 */
export function importGraph(files) {
  const graph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set();
    for (const ref of [...info.importedFiles, ...info.referencedFiles]) {
      const target = resolveImport(file, ref.fileName);
      if (target) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/**
 * The circles of a graph: its strongly connected components of more than one file (or one file
 * importing itself), each listed in a path order, by Tarjan's algorithm.
 * @param {Map<string, Set<string>>} graph
 * @returns {string[][]}
 */
export function cycles(graph) {
  let index = 0;
  const indexOf = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indexOf.get(w)));
    }
    if (low.get(v) !== indexOf.get(v)) return;
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.has(v)) found.push(component.reverse());
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return found;
}

/**
 * One actual circle through the first file of a component: the shortest path of imports from it back
 * to itself, inside the component (what to cut).
 * @param {Map<string, Set<string>>} graph
 * @param {string[]} component
 */
export function circleThrough(graph, component) {
  const inside = new Set(component);
  const start = component[0];
  const previous = new Map();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]));
        return path;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

test('the cycle finder finds a circle of type imports, and none in a tree', () => {
  const a = '/a.ts';
  const b = '/b.ts';
  const c = '/c.ts';
  assert.deepEqual(
    cycles(
      new Map([
        [a, new Set([b])],
        [b, new Set([c])],
        [c, new Set()],
      ]),
    ),
    [],
  );
  const found = cycles(
    new Map([
      [a, new Set([b])],
      [b, new Set([c])],
      [c, new Set([a])],
    ]),
  );
  assert.equal(found.length, 1);
  assert.deepEqual([...found[0]].sort(), [a, b, c]);
  assert.deepEqual(
    circleThrough(
      new Map([
        [a, new Set([b])],
        [b, new Set([c, a])],
        [c, new Set([a])],
      ]),
      [a, b, c],
    ),
    [a, b],
  );
  // what the scanner reads: a type-only import and a dynamic import are edges too
  const info = ts.preProcessFile(
    "import type { X } from './x.js';\nconst m = () => import('./y.js');\ntype M = typeof import('./z.js');",
    true,
    true,
  );
  assert.deepEqual(
    info.importedFiles.map((f) => f.fileName),
    ['./x.js', './y.js', './z.js'],
  );
});

test('no import circle in src/ (type-only and dynamic imports included)', () => {
  const graph = importGraph(sourceFiles(src));
  assert.ok(graph.size > 50, `read ${graph.size} files`);
  const found = cycles(graph).map((component) => ({
    files: component.map((f) => relative(root, f)).sort(),
    circle: circleThrough(graph, component).map((f) => relative(root, f)),
  }));
  assert.deepEqual(
    found.map((c) => c.files),
    [],
    `import circles:\n${found
      .map((c) => `  ${c.files.length} files; e.g. ${[...c.circle, c.circle[0]].join(' → ')}`)
      .join('\n')}`,
  );
});
