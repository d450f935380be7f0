// @ts-check
/**
 * The docs site as a Vite plugin: every `docs/*.md` becomes `docs/<name>.html` and
 * `docs/reference.html` is generated from `custom-elements.json`, at dev time (a middleware renders
 * the page on each request) and at build time (virtual HTML entries, see `docsInputs`). Real HTML pages
 * in `docs/` opt into the same layout with `<body data-docs-layout>`.
 *
 * In markdown, a fenced block with the info string `html live` is a live example: its source is shown
 * next to the result, which `docs/docs.ts` renders from a `<template>` (again whenever the visitor
 * points the examples at another portal).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, basename } from 'node:path';
import { Marked } from 'marked';

/**
 * Pages in the sidebar, in order; markdown pages not listed here come after the guides, titled by
 * their `# heading`. Pages whose source does not exist (e.g. builder.html before it is written) are
 * left out, so no link is broken.
 */
const NAV = /** @type {const} */ ([
  [
    'Start',
    [
      ['index', 'Home'],
      ['getting-started', 'Getting started'],
      ['reference', 'Element reference'],
      ['builder', 'Builder (no code)'],
    ],
  ],
  [
    'Guides',
    [
      ['cms', 'CMS: WordPress, Drupal'],
      ['embed', 'Iframe embed'],
      ['self-hosting', 'Self-hosting the files'],
      ['frameworks', 'React, Vue, Angular'],
      ['theming', 'Theming'],
      ['accessibility', 'Accessibility'],
      ['consent-for-tenants', 'Consent for tenants'],
      ['licences', 'Licences and attribution'],
      ['performance', 'Performance'],
    ],
  ],
  [
    'Elements',
    [
      ['chart', 'Charts'],
      ['map', 'Maps'],
      ['kpi', 'Key figures'],
      ['records', 'Record cards'],
      ['date-range', 'Date ranges'],
    ],
  ],
]);

/** @param {string} s */
export const escapeHtml = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** @param {string} text */
const slug = (text) =>
  text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z]+;/g, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** @param {string} root */
export function docsDir(root) {
  return join(root, 'docs');
}

/**
 * Every page of the site: name → source kind.
 * @param {string} root
 * @returns {Map<string, 'html' | 'md' | 'reference'>}
 */
export function docsPages(root) {
  const dir = docsDir(root);
  /** @type {Map<string, 'html' | 'md' | 'reference'>} */
  const pages = new Map();
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith('.html')) pages.set(basename(f, '.html'), 'html');
  }
  for (const f of readdirSync(dir).sort()) {
    const name = basename(f, '.md');
    if (f.endsWith('.md') && !pages.has(name)) pages.set(name, 'md');
  }
  if (!pages.has('reference')) pages.set('reference', 'reference');
  return pages;
}

/**
 * `build.rollupOptions.input` of the docs build: every page, real or generated.
 * @param {string} root
 */
export function docsInputs(root) {
  const inputs = Object.fromEntries(
    [...docsPages(root).keys()].map((name) => [`docs/${name}`, join(docsDir(root), `${name}.html`)]),
  );
  // the iframe embed page (repo root, written by the build part of issue 7), when it exists: a published
  // docs site then hosts a working embed.html (npm CDNs serve .html as text/plain)
  const embed = join(root, 'embed.html');
  return existsSync(embed) ? { ...inputs, embed } : inputs;
}

/** @param {string} root @param {string} name */
function titleOf(root, name) {
  for (const [, items] of NAV) for (const [n, label] of items) if (n === name) return label;
  const md = join(docsDir(root), `${name}.md`);
  if (existsSync(md)) return /^# (.+)$/m.exec(readFileSync(md, 'utf8'))?.[1].replace(/`/g, '') ?? name;
  return name;
}

/** The sidebar: NAV order, then any other page. @param {string} root @param {string} current */
function sidebar(root, current) {
  const pages = docsPages(root);
  const listed = new Set();
  const groups = NAV.map(([group, items]) => {
    const links = items
      .filter(([name]) => pages.has(name))
      .map(([name, label]) => {
        listed.add(name);
        return link(name, label);
      });
    return [group, links];
  });
  const others = [...pages.keys()].filter((n) => !listed.has(n)).map((n) => link(n, titleOf(root, n)));
  if (others.length) /** @type {any[]} */ (groups[1][1]).push(...others);
  return groups
    .map(
      ([group, links]) =>
        `<h2 class="nav-group">${group}</h2><ul>${/** @type {string[]} */ (links).join('')}</ul>`,
    )
    .join('');

  /** @param {string} name @param {string} label */
  function link(name, label) {
    const here = name === current ? ' aria-current="page"' : '';
    return `<li><a href="./${name}.html"${here}>${escapeHtml(label)}</a></li>`;
  }
}

/**
 * The one layout: skip link, header (site name, main nav, the Portal field), sidebar, main, footer.
 * @param {{ root: string, name: string, title: string, body: string, head?: string }} page
 */
export function layout({ root, name, title, body, head = '' }) {
  const has = (/** @type {string} */ n) => docsPages(root).has(n);
  const top = [
    ['getting-started', 'Get started'],
    ['reference', 'Reference'],
    ['builder', 'Builder'],
  ]
    .filter(([n]) => has(n))
    .map(
      ([n, label]) =>
        `<li><a href="./${n}.html"${n === name ? ' aria-current="page"' : ''}>${label}</a></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <meta name="ode-domain" content="%ODE_PORTAL%" />
    <title>${escapeHtml(title)} — open-data-elements</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="./docs.css" />
    <script type="module" src="./docs.ts"></script>
    ${head}
  </head>
  <body>
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="site-header">
      <a class="brand" href="./index.html">open-data-elements <span>docs</span></a>
      <nav class="top-nav" aria-label="Main"><ul>${top}</ul></nav>
      <form class="portal" id="portal-form">
        <label for="portal-input">Portal</label>
        <input id="portal-input" name="portal" type="text" inputmode="url" autocomplete="url"
          spellcheck="false" placeholder="data.example.org" aria-describedby="portal-help" />
        <button type="submit">Apply</button>
        <button type="button" id="portal-reset" hidden>Reset</button>
        <p id="portal-help" class="portal-help" aria-live="polite">Live examples read this portal.</p>
      </form>
    </header>
    <div class="site-body">
      <nav class="side-nav" aria-label="Documentation">
        <details open><summary>Pages</summary>${sidebar(root, name)}</details>
      </nav>
      <main id="main" tabindex="-1">
${body}
      </main>
    </div>
    <footer class="site-footer">
      <p>open-data-elements — MIT licence. Data shown in examples belongs to its publishers, under the licence
      each notice names.</p>
      <p><a href="./index.html">Docs home</a> · <a href="./reference.html">Element reference</a></p>
    </footer>
  </body>
</html>
`;
}

/**
 * Markdown → HTML: heading ids, `.md` links as `.html`, tables that scroll, live examples. A link to a
 * docs page that does not exist (yet: builder.html and embed.md come from other parts of the build) is
 * written as plain text, so the site never has a broken link.
 * @param {string} root
 */
function markdown(root) {
  const pages = docsPages(root);
  let examples = 0;
  // tables are numbered: two tables with the same columns must not share a region name (axe landmark-unique)
  let tables = 0;
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth }) {
        const inner = this.parser.parseInline(tokens);
        return `<h${depth} id="${slug(inner)}">${inner}</h${depth}>\n`;
      },
      link({ href, title, tokens }) {
        const inner = this.parser.parseInline(tokens);
        // links between guides: chart.md#modes → chart.html#modes
        const rewritten = /^[a-z]+:|^\/\//i.test(href) ? href : href.replace(/\.md(#|$)/, '.html$1');
        const local = /^(?:\.\/)?([\w-]+)\.html(?:#.*)?$/.exec(rewritten)?.[1];
        if (local && !pages.has(local)) return `<span class="missing-link">${inner}</span>`;
        const t = title ? ` title="${escapeHtml(title)}"` : '';
        return `<a href="${escapeHtml(rewritten)}"${t}>${inner}</a>`;
      },
      code({ text, lang }) {
        const info = (lang ?? '').trim().split(/\s+/);
        const language = info[0] ? ` class="language-${escapeHtml(info[0])}"` : '';
        const code = `<pre tabindex="0"><code${language}>${escapeHtml(text)}</code></pre>`;
        if (!(info[0] === 'html' && info.includes('live'))) return code + '\n';
        const n = ++examples;
        // the source is our own docs text: it is rendered as markup on purpose
        return `<figure class="example" data-example>
<div class="example-result" data-example-result aria-label="Example ${n}: result" role="region"></div>
<template data-example-source>${text}</template>
<figcaption class="example-source"><span class="example-label">Source</span>${code}</figcaption>
</figure>\n`;
      },
      table(token) {
        // the default rendering, in a focusable region so narrow screens can scroll it by keyboard
        const head = token.header
          .map(
            (c) =>
              `<th scope="col"${c.align ? ` style="text-align:${c.align}"` : ''}>${this.parser.parseInline(c.tokens)}</th>`,
          )
          .join('');
        const rows = token.rows
          .map(
            (r) =>
              `<tr>${r.map((c) => `<td${c.align ? ` style="text-align:${c.align}"` : ''}>${this.parser.parseInline(c.tokens)}</td>`).join('')}</tr>`,
          )
          .join('\n');
        const label = token.header.map((c) => c.text.replace(/`/g, '')).join(', ');
        return `<div class="table-wrap" tabindex="0" role="region" aria-label="Table ${++tables}: ${escapeHtml(label)}"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>\n`;
      },
    },
  });
  return {
    /** @param {string} src */
    page: (src) => /** @type {string} */ (marked.parse(src)),
    /** @param {string} src */
    inline: (src) => /** @type {string} */ (marked.parseInline(src)),
  };
}

/** @param {string} root @param {string} name */
function renderMarkdownPage(root, name) {
  const src = readFileSync(join(docsDir(root), `${name}.md`), 'utf8');
  const title = (/^# (.+)$/m.exec(src)?.[1] ?? name).replace(/`/g, '');
  let body = markdown(root).page(src);
  // long guides get an "On this page" list of their sections, after the title
  const sections = [...body.matchAll(/<h2 id="([^"]+)">(.*?)<\/h2>/g)];
  if (sections.length >= 4) {
    const toc = `<nav class="page-toc" aria-label="On this page"><h2 class="page-toc-title">On this page</h2><ul>${sections
      .map(([, id, text]) => `<li><a href="#${id}">${text}</a></li>`)
      .join('')}</ul></nav>`;
    body = body.replace(/(<\/h1>\n)/, `$1${toc}\n`);
  }
  return layout({ root, name, title, body });
}

// ---- the reference, from custom-elements.json -------------------------------------------------

/** The import that defines each element, from its module path. */
const IMPORTS = /** @type {Record<string, string>} */ ({
  'src/attribution/': 'open-data-elements/attribution/define.js',
  'src/core/ode-dataset': 'open-data-elements/dataset/define.js',
  'src/table/': 'open-data-elements/table/define.js',
  'src/filters/ode-search': 'open-data-elements/search/define.js',
  'src/filters/ode-facets': 'open-data-elements/facets/define.js',
  'src/chart/': 'open-data-elements/chart/define.js',
  'src/map/': 'open-data-elements/map/define.js',
  'src/consent/': 'open-data-elements/consent',
});
const ORDER = [
  'ode-dataset',
  'ode-table',
  'ode-search',
  'ode-facets',
  'ode-chart',
  'ode-series',
  'ode-map',
  'ode-attribution',
];

/** Newest modification time of the files under `dir` ending in `.ts`. @param {string} dir */
function newestTs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestTs(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * `custom-elements.json`, written again by `cem analyze` when missing or older than a source file.
 * @param {string} root
 */
export function ensureManifest(root) {
  const file = join(root, 'custom-elements.json');
  const stale = !existsSync(file) || statSync(file).mtimeMs < newestTs(join(root, 'src'));
  if (stale) {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze'],
      {
        cwd: root,
        stdio: 'pipe',
      },
    );
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The elements of the manifest, in reading order (data elements, then the consent suite).
 * @param {any} manifest
 * @returns {any[]}
 */
export function manifestElements(manifest) {
  const elements = manifest.modules.flatMap((/** @type {any} */ m) =>
    (m.declarations ?? [])
      .filter((/** @type {any} */ d) => d.tagName)
      .map((/** @type {any} */ d) => ({ ...d, path: m.path })),
  );
  const rank = (/** @type {string} */ t) => (ORDER.includes(t) ? ORDER.indexOf(t) : ORDER.length);
  return elements.sort((a, b) => rank(a.tagName) - rank(b.tagName) || a.tagName.localeCompare(b.tagName));
}

/** `string | undefined` → `string`: an unset attribute is implied. @param {string | undefined} t */
const typeText = (t) => t?.replace(/ \| undefined$/, '');

/** @param {string} root */
function renderReference(root) {
  const md = markdown(root);
  const elements = manifestElements(ensureManifest(root));
  const text = (/** @type {string | undefined} */ s) => (s ? md.inline(s.replace(/\n/g, ' ')) : '');
  const code = (/** @type {string | undefined} */ s) => (s ? `<code>${escapeHtml(s)}</code>` : '');
  /**
   * @param {string} tag @param {string} id @param {string} heading @param {string[]} cols
   * @param {string[][]} rows
   */
  const table = (tag, id, heading, cols, rows) =>
    rows.length
      ? `<h3 id="${tag}-${id}">${heading}</h3>
<div class="table-wrap" tabindex="0" role="region" aria-label="&lt;${tag}&gt; ${heading.toLowerCase()}"><table class="ref" data-ref="${id}">
<thead><tr>${cols.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c, i) => (i ? `<td>${c}</td>` : `<th scope="row">${c}</th>`)).join('')}</tr>`).join('\n')}</tbody>
</table></div>`
      : '';
  const toc = elements
    .map(
      (e) =>
        `<li><a href="#${e.tagName}"><code>&lt;${e.tagName}&gt;</code></a> — ${text(e.summary?.split('. ')[0].replace(/\.$/, '') + '.')}</li>`,
    )
    .join('\n');
  const sections = elements.map((e) => {
    const tag = e.tagName;
    const imp = Object.entries(IMPORTS).find(([p]) => e.path.startsWith(p))?.[1];
    const members = (e.members ?? []).filter(
      (/** @type {any} */ m) =>
        !m.static && !m.privacy?.match(/private|protected/) && !m.name.startsWith('#'),
    );
    const attributes = (e.attributes ?? []).map((/** @type {any} */ a) => [
      code(a.name),
      a.fieldName && a.fieldName !== a.name ? code(a.fieldName) : a.fieldName ? code(a.fieldName) : '—',
      code(typeText(a.type?.text)),
      code(a.default),
      text(a.description),
    ]);
    const attrFields = new Set((e.attributes ?? []).map((/** @type {any} */ a) => a.fieldName));
    const properties = members
      .filter((/** @type {any} */ m) => m.kind === 'field' && !attrFields.has(m.name))
      .map((/** @type {any} */ m) => [
        code(m.name),
        code(typeText(m.type?.text)),
        m.readonly ? 'read-only' : 'read, write',
        text(m.description),
      ]);
    const methods = members
      .filter((/** @type {any} */ m) => m.kind === 'method')
      .map((/** @type {any} */ m) => [
        code(`${m.name}(${(m.parameters ?? []).map((/** @type {any} */ p) => p.name).join(', ')})`),
        code(m.return?.type?.text),
        text(m.description),
      ]);
    const events = (e.events ?? []).map((/** @type {any} */ v) => [code(v.name), text(v.description)]);
    const slots = (e.slots ?? []).map((/** @type {any} */ s) => [
      s.name ? code(s.name) : '(default)',
      text(s.description),
    ]);
    const parts = (e.cssParts ?? []).map((/** @type {any} */ p) => [code(p.name), text(p.description)]);
    const props = (e.cssProperties ?? []).map((/** @type {any} */ p) => [
      code(p.name),
      code(p.default),
      text(p.description),
    ]);
    return `<section class="element" id="${tag}" aria-labelledby="${tag}-title">
<h2 id="${tag}-title"><code>&lt;${tag}&gt;</code></h2>
<p class="summary">${text(e.summary)}</p>
${e.description ? `<div class="description">${md.page(e.description)}</div>` : ''}
<p class="meta">Class <code>${escapeHtml(e.name)}</code>${imp ? ` · defined by <code>import '${imp}'</code>` : ''} · source <code>${escapeHtml(e.path)}</code></p>
${table(tag, 'attributes', 'Attributes', ['Attribute', 'Property', 'Type', 'Default', 'Description'], attributes)}
${table(tag, 'properties', 'Properties', ['Property', 'Type', 'Access', 'Description'], properties)}
${table(tag, 'methods', 'Methods', ['Method', 'Returns', 'Description'], methods)}
${table(tag, 'events', 'Events', ['Event', 'Description'], events)}
${table(tag, 'slots', 'Slots', ['Slot', 'Description'], slots)}
${table(tag, 'parts', 'CSS parts', ['Part', 'Description'], parts)}
${table(tag, 'css-properties', 'CSS custom properties', ['Property', 'Default', 'Description'], props)}
</section>`;
  });
  const body = `<h1>Element reference</h1>
<p>Generated from <code>custom-elements.json</code>, which <code>cem analyze</code> writes from the JSDoc of each
element: what you read here is what IDEs read. Every attribute has a property of the same value (column
“Property”); attributes are strings in HTML, properties take typed values from JavaScript.</p>
<nav aria-label="Elements"><ul class="toc">${toc}</ul></nav>
${sections.join('\n')}`;
  return layout({ root, name: 'reference', title: 'Element reference', body });
}

/**
 * A real HTML page that asks for the layout (`<body data-docs-layout>`) gets it around its body.
 * @param {string} root @param {string} name @param {string} html
 */
function wrapHtmlPage(root, name, html) {
  const body = /<body data-docs-layout[^>]*>([\s\S]*)<\/body>/.exec(html);
  if (!body) return html;
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1].replace(/ — open-data-elements$/, '') ?? name;
  const pages = docsPages(root);
  // <li data-docs-if="builder">…</li>: kept only if that page exists
  const content = body[1].replace(/<li data-docs-if="([\w-]+)">[\s\S]*?<\/li>/g, (li, page) =>
    pages.has(page) ? li.replace(/ data-docs-if="[\w-]+"/, '') : '',
  );
  const head = (/<head>([\s\S]*)<\/head>/.exec(html)?.[1] ?? '')
    .replace(/<meta (charset|name="viewport"|name="ode-domain"|name="color-scheme")[^>]*>/g, '')
    .replace(/<title>[^<]*<\/title>/, '');
  return layout({ root, name, title, body: content, head });
}

/**
 * The page named `name` as HTML (before Vite's own HTML transforms), or undefined if there is none.
 * @param {string} root @param {string} name
 */
export function renderPage(root, name) {
  const kind = docsPages(root).get(name);
  if (kind === 'md') return renderMarkdownPage(root, name);
  if (kind === 'reference') return renderReference(root);
  if (kind === 'html')
    return wrapHtmlPage(root, name, readFileSync(join(docsDir(root), `${name}.html`), 'utf8'));
  return undefined;
}

/**
 * @param {{ root: string, portal?: string, site?: boolean }} options `portal`: what the static build
 *   writes into `<meta name="ode-domain">` (dev: left to scripts/start.js); `site`: this is the docs build
 * @returns {import('vite').Plugin}
 */
export function odeDocs({ root, portal, site = false }) {
  const dir = docsDir(root);
  /** @param {string} id */
  const pageName = (id) => {
    const m = /^(.*)[\\/]docs[\\/]([\w-]+)\.html$/.exec(id.replace(/\?.*$/, ''));
    return m && join(m[1]) === join(root) ? m[2] : undefined;
  };
  return {
    name: 'ode-docs',
    enforce: 'pre',
    buildStart() {
      ensureManifest(root);
    },
    resolveId(id) {
      const name = pageName(id);
      if (name && docsPages(root).has(name)) return join(dir, `${name}.html`);
      return null;
    },
    load(id) {
      const name = pageName(id);
      if (!name) return null;
      const kind = docsPages(root).get(name);
      if (!kind || kind === 'html') return null; // real files are read by Vite, wrapped below
      const html = renderPage(root, name);
      return portal === undefined ? html : html?.replace('%ODE_PORTAL%', portal);
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const name = pageName(ctx.filename);
        if (!name) return html;
        const out = docsPages(root).get(name) === 'html' ? wrapHtmlPage(root, name, html) : html;
        return portal === undefined ? out : out.replace('%ODE_PORTAL%', portal);
      },
    },
    generateBundle() {
      // themes are linked from live examples (inside <template>, which Vite does not rewrite): copied as is
      const themes = join(dir, 'themes');
      if (!site || !existsSync(themes)) return;
      for (const f of readdirSync(themes).filter((f) => f.endsWith('.css'))) {
        this.emitFile({ type: 'asset', fileName: `docs/themes/${f}`, source: readFileSync(join(themes, f)) });
      }
    },
    configureServer(server) {
      ensureManifest(root);
      // generated pages have no file: render them on request, then let Vite transform them as usual
      server.middlewares.use(async (req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const name = /^\/docs\/([\w-]+)\.html$/.exec(url.pathname)?.[1];
        const kind = name ? docsPages(root).get(name) : undefined;
        if (!name || !kind || kind === 'html') return next();
        try {
          const html = await server.transformIndexHtml(
            url.pathname,
            /** @type {string} */ (renderPage(root, name)),
            req.originalUrl,
          );
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          res.setHeader('Cache-Control', 'no-cache');
          res.end(html);
        } catch (e) {
          next(e);
        }
      });
    },
  };
}
