// @ts-check
/**
 * `custom-elements.json` (the Custom Elements Manifest) from our JSDoc: attributes, properties, events,
 * slots, parts and custom properties of every element. Written by `npm run build` (and `npm run manifest`),
 * read by IDEs, docs and the `customElements` field of package.json.
 */
export default {
  globs: ['src/**/*.ts', '!src/builder/**'],
  outdir: '.',
  litelement: true,
  plugins: [litStateIsNotAnAttribute(), privateIsNotApi()],
};

/**
 * Our elements declare reactive properties in `static properties`; the analyzer takes every entry for
 * an attribute, including internal state (`{ state: true }`), which has none. This drops them.
 * @returns {import('@custom-elements-manifest/analyzer').Plugin}
 */
function litStateIsNotAnAttribute() {
  /** @type {Map<string, Set<string>>} */
  const states = new Map();
  return {
    name: 'ode-lit-state',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || member.name.getText() !== 'properties') continue;
        const init = member.initializer;
        if (!init || !ts.isObjectLiteralExpression(init)) continue;
        const names = new Set();
        for (const p of init.properties) {
          if (!ts.isPropertyAssignment(p) || !ts.isObjectLiteralExpression(p.initializer)) continue;
          const isState = p.initializer.properties.some(
            (q) =>
              ts.isPropertyAssignment(q) &&
              q.name.getText() === 'state' &&
              q.initializer.kind === ts.SyntaxKind.TrueKeyword,
          );
          if (isState) names.add(p.name.getText());
        }
        states.set(node.name.getText(), names);
      }
    },
    moduleLinkPhase({ moduleDoc }) {
      for (const d of moduleDoc.declarations ?? []) {
        const names = states.get(d.name);
        if (!names || d.kind !== 'class') continue;
        d.attributes = (d.attributes ?? []).filter((a) => !names.has(a.fieldName ?? a.name));
        for (const m of d.members ?? []) {
          if (m.kind === 'field' && names.has(m.name)) {
            m.privacy ??= 'private';
            delete m.attribute;
          }
        }
      }
    },
  };
}

/**
 * Private members (`#x`, `private x`) are no API: the analyzer lists them with `privacy: "private"`,
 * which IDEs and docs would still show. This drops them from every declaration.
 * @returns {import('@custom-elements-manifest/analyzer').Plugin}
 */
function privateIsNotApi() {
  return {
    name: 'ode-private-is-not-api',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules ?? []) {
        for (const d of mod.declarations ?? []) {
          if (d.kind !== 'class' || !d.members) continue;
          d.members = d.members.filter((m) => m.privacy !== 'private' && !m.name.startsWith('#'));
        }
      }
    },
  };
}
