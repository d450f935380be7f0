/**
 * The page author's card template of `<ode-records>`: compiled once (refusing what could run code),
 * then filled per record with values set **as text only** — `textContent` and `setAttribute`, never
 * parsed as HTML. Pure DOM functions, unit-tested directly.
 *
 * - `{{field}}`, `{{field.sub}}` (a `geo_point_2d`'s `lat`, a JSON value's key), `{{field|raw}}`.
 * - URL attributes (`href`, `src`, `srcset`, `action`, `formaction`, `poster`, `xlink:href`…) keep
 *   only `http:`/`https:`/relative values once filled (else the attribute is left out), and are filled
 *   with raw values (no number grouping in a URL).
 * - Refused when the template is read, with a console message: `on*` attributes, `style` attributes,
 *   `srcdoc`, and the elements `<script>`, `<style>`, `<base>`, `<object>`, `<embed>`, `<frame>`,
 *   `<meta>`, `<link>` and SVG animations (which can set an `href`).
 */

/** A `{{…}}` placeholder: a field, an optional path inside its value, raw or formatted. */
export interface Placeholder {
  field: string;
  path: string[];
  raw: boolean;
}

type Part = string | Placeholder;

interface TextBinding {
  kind: 'text';
  /** Position of the node in a pre-order walk of the fragment. */
  index: number;
  placeholder: Placeholder;
}
interface AttrBinding {
  kind: 'attr';
  index: number;
  name: string;
  /** The attribute's namespace (`xlink:href`), or null. */
  ns: string | null;
  parts: Part[];
}
type Binding = TextBinding | AttrBinding;

export interface CompiledTemplate {
  /** The template's content, cleaned, with an empty text node where each text placeholder goes. */
  fragment: DocumentFragment;
  bindings: Binding[];
  /** The fields the placeholders name, in order of first use. */
  fields: string[];
  /** What was refused, for the console. */
  refused: string[];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_$-]+)*)\s*(\|\s*raw\s*)?\}\}/g;

/** Attributes whose value is a URL (followed or loaded by the browser). */
export const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'srcset',
  'action',
  'formaction',
  'poster',
  'xlink:href',
  'cite',
  'data',
  'ping',
  'background',
  'codebase',
  'manifest',
  'imagesrcset',
]);

const REFUSED_ELEMENTS = new Set([
  'script',
  'style',
  'base',
  'object',
  'embed',
  'frame',
  'frameset',
  'meta',
  'link',
  'animate',
  'set',
  'animatemotion',
  'animatetransform',
  'handler',
  'listener',
]);

const refusedAttribute = (name: string) => /^on/i.test(name) || name === 'style' || name === 'srcdoc';

/** The placeholder of each text node made for one, while a template is compiled. */
const placeholders = new WeakMap<Node, Placeholder>();

/** Split text into literal parts and placeholders. */
export function parseParts(text: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    const [field, ...path] = m[1].split('.');
    parts.push({ field, path, raw: !!m[2] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function walk(root: Node): Node[] {
  const nodes: Node[] = [];
  const w = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push(n);
  return nodes;
}

/**
 * A URL value a template may hold: `http:`/`https:` once resolved against the page, or relative.
 * Tabs and newlines are removed and ends trimmed first, as the URL parser does (`java\tscript:`).
 */
export function safeTemplateUrl(value: string, attribute = 'href', base = document.baseURI): boolean {
  const urls =
    attribute === 'srcset' || attribute === 'imagesrcset'
      ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '')
      : [value];
  return urls.every((u) => {
    // eslint-disable-next-line no-control-regex
    const s = u.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
    if (!s) return true;
    try {
      const p = new URL(s, base).protocol;
      return p === 'http:' || p === 'https:';
    } catch {
      return false;
    }
  });
}

/** Read a `<template>`: clean it, find its placeholders. */
export function compileTemplate(template: HTMLTemplateElement): CompiledTemplate {
  const fragment = template.content.cloneNode(true) as DocumentFragment;
  const refused: string[] = [];
  for (const n of walk(fragment)) {
    if (n instanceof Element && REFUSED_ELEMENTS.has(n.localName.toLowerCase())) {
      refused.push(`<${n.localName}> element`);
      n.remove();
    }
  }
  const fields: string[] = [];
  const use = (p: Placeholder) => {
    if (!fields.includes(p.field)) fields.push(p.field);
  };
  // text placeholders become nodes of their own, so filling one is setting its text
  for (const n of walk(fragment)) {
    if (n.nodeType !== Node.TEXT_NODE || !(n as Text).data.includes('{{')) continue;
    const parts = parseParts((n as Text).data);
    if (parts.every((p) => typeof p === 'string')) continue;
    const nodes = parts.map((p) => {
      if (typeof p === 'string') return document.createTextNode(p);
      const t = document.createTextNode('');
      placeholders.set(t, p);
      return t;
    });
    (n as Text).replaceWith(...nodes);
  }
  const bindings: Binding[] = [];
  walk(fragment).forEach((n, index) => {
    const p = placeholders.get(n);
    if (p) {
      use(p);
      bindings.push({ kind: 'text', index, placeholder: p });
      return;
    }
    if (!(n instanceof Element)) return;
    for (const attr of [...n.attributes]) {
      const name = attr.name.toLowerCase();
      if (refusedAttribute(name)) {
        refused.push(`${name}="…" on <${n.localName}>`);
        n.removeAttributeNode(attr);
        continue;
      }
      const parts = parseParts(attr.value);
      if (parts.some((x) => typeof x !== 'string')) {
        parts.forEach((x) => typeof x !== 'string' && use(x));
        bindings.push({ kind: 'attr', index, name: attr.name, ns: attr.namespaceURI, parts });
        // no half-filled value in the cleaned fragment
        n.removeAttributeNode(attr);
      } else if (URL_ATTRIBUTES.has(name) && !safeTemplateUrl(attr.value, name)) {
        refused.push(`${name}="${attr.value.slice(0, 60)}" on <${n.localName}>`);
        n.removeAttributeNode(attr);
      }
    }
  });
  return { fragment, bindings, fields, refused };
}

/** A value inside a record: own properties only (never `__proto__` or `constructor`), JSON text read. */
export function lookup(record: Record<string, unknown>, p: Placeholder): unknown {
  let v: unknown = own(record, p.field);
  for (const key of p.path) {
    if (typeof v === 'string' && /^\s*[{[]/.test(v)) {
      try {
        v = JSON.parse(v);
      } catch {
        return undefined;
      }
    }
    if (v === null || typeof v !== 'object') return undefined;
    v = own(v, key);
  }
  return v;
}

function own(o: object, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(o, key);
  return d && 'value' in d ? d.value : undefined;
}

/** A value as raw text: strings as they are, numbers in full, objects as JSON. */
export function rawText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * One card: a copy of the template with every placeholder filled by `text(placeholder)` — set with
 * `textContent`/`setAttribute` only. URL attributes get raw values and are dropped (and reported
 * through `onRefused`) unless safe.
 */
export function fillTemplate(
  t: CompiledTemplate,
  record: Record<string, unknown>,
  text: (p: Placeholder, value: unknown) => string,
  onRefused: (what: string) => void = () => {},
): DocumentFragment {
  const copy = t.fragment.cloneNode(true) as DocumentFragment;
  const nodes = walk(copy);
  for (const b of t.bindings) {
    const node = nodes[b.index];
    if (b.kind === 'text') {
      node.textContent = text(b.placeholder, lookup(record, b.placeholder));
      continue;
    }
    const el = node as Element;
    const isUrl = URL_ATTRIBUTES.has(b.name.toLowerCase());
    const value = b.parts
      .map((p) =>
        typeof p === 'string' ? p : isUrl ? rawText(lookup(record, p)) : text(p, lookup(record, p)),
      )
      .join('');
    if (isUrl && !safeTemplateUrl(value, b.name.toLowerCase())) {
      onRefused(`${b.name}="${value.slice(0, 80)}" on <${el.localName}>`);
      continue;
    }
    el.setAttributeNS(b.ns, b.name, value);
  }
  return copy;
}
