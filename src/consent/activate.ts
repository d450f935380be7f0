/**
 * Markup activation. Content subject to consent is written inert, and copied into the page only once
 * every purpose it names is granted:
 *
 * ```html
 * <template data-ode-purpose="video"><iframe src="https://www.youtube-nocookie.com/embed/…"></iframe></template>
 * <script type="text/plain" data-ode-purpose="analytics" nonce="…" src="/matomo.js"></script>
 * <script type="text/plain" data-ode-purpose="analytics" data-ode-type="module">…</script>
 * ```
 *
 * Each script is re-created (a script copied by cloning would not run if its original was inserted by
 * `innerHTML`): same attributes and text, no `eval`, the original's nonce kept (a script without one gets
 * the configured nonce), and the type from `data-ode-type` (default classic).
 *
 * On a page that enforces Trusted Types (`Content-Security-Policy: require-trusted-types-for 'script'`),
 * the script text and URL go through one policy named `ode-consent` (allow it with `trusted-types
 * ode-consent` when the page lists its policies). It passes through what the page's own markup already
 * says — the tenant wrote those scripts — and nothing else uses it.
 *
 * Markup added after load (a CMS block, a client-side route) is activated as it arrives: a
 * MutationObserver watches the page while at least one purpose is granted (with none granted nothing can
 * activate; the next grant scans the page anyway) and is disconnected otherwise.
 */

type Policy = {
  createScript(s: string): string;
  createScriptURL(s: string): string;
};
let policy: Policy | undefined;
/** The `ode-consent` Trusted Types policy when the browser has Trusted Types (identity otherwise). */
export function trusted(): Policy {
  const tt = (globalThis as { trustedTypes?: { createPolicy(n: string, p: Policy): Policy } }).trustedTypes;
  return (policy ??= tt
    ? tt.createPolicy('ode-consent', { createScript: (s) => s, createScriptURL: (s) => s })
    : { createScript: (s) => s, createScriptURL: (s) => s });
}

export const SELECTOR = 'template[data-ode-purpose],script[type="text/plain"][data-ode-purpose]';

/** The nodes each activated template or script put in the page, to take them out on withdrawal. */
const inserted = new WeakMap<Element, Node[]>();

/** Purposes an element waits for (`data-ode-purpose` is space-separated; all are needed). */
export const purposesOf = (el: Element): string[] =>
  (el.getAttribute('data-ode-purpose') ?? '').split(/\s+/).filter(Boolean);

/** A script that will run once inserted, copied from `old`. */
function revive(old: HTMLScriptElement, nonce = '', type = old.type): HTMLScriptElement {
  const s = document.createElement('script');
  const tt = trusted();
  for (const { name, value } of old.attributes)
    if (name === 'src') s.src = tt.createScriptURL(value);
    else if (name !== 'data-ode-purpose') s.setAttribute(name, value);
  s.nonce = old.nonce || nonce;
  s.type = type;
  s.text = tt.createScript(old.text);
  return s;
}

/** A live copy of a template's content (its scripts will run once inserted), with the nonce applied. */
export function materialize(template: HTMLTemplateElement, nonce?: string): DocumentFragment {
  const frag = document.importNode(template.content, true);
  for (const s of frag.querySelectorAll('script')) s.replaceWith(revive(s, nonce));
  return frag;
}

/** Activate, after itself, one template or text/plain script. Returns the inserted nodes. */
export function activateOne(el: Element, nonce?: string): Node[] {
  const done = inserted.get(el);
  if (done) return done;
  let nodes: Node[];
  if (el instanceof HTMLTemplateElement) {
    const frag = materialize(el, nonce);
    nodes = [...frag.childNodes];
    el.after(frag);
  } else {
    const s = revive(el as HTMLScriptElement, nonce, el.getAttribute('data-ode-type') ?? '');
    s.removeAttribute('data-ode-type');
    nodes = [s];
    el.after(s);
  }
  inserted.set(el, nodes);
  el.setAttribute('data-ode-active', '');
  return nodes;
}

/** Activate every template and script under `root` whose purposes are all granted. */
export function activateAll(root: ParentNode, granted: (purpose: string) => boolean, nonce?: string): void {
  for (const el of root.querySelectorAll(SELECTOR)) {
    const ps = purposesOf(el);
    if (ps.length && ps.every(granted)) activateOne(el, nonce);
  }
}

let observer: MutationObserver | undefined;
let current: Parameters<typeof activateAll>[1] = () => false;
let currentNonce: string | undefined;

/**
 * Activate markup added to the page later, while `on` (some purpose is granted); stop watching otherwise.
 */
export function watch(on: boolean, granted: (purpose: string) => boolean, nonce?: string): void {
  observer?.disconnect();
  current = granted;
  currentNonce = nonce;
  if (!on) return;
  observer ??= new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes)
        if (n instanceof Element) {
          if (n.matches(SELECTOR)) activateAll(n.parentNode!, current, currentNonce);
          else if (n.firstElementChild) activateAll(n, current, currentNonce);
        }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** Take out what was activated for any of `purposes` (a script that ran keeps its effects until reload). */
export function deactivateAll(root: ParentNode, purposes: string[]): void {
  for (const el of root.querySelectorAll(SELECTOR)) {
    const nodes = inserted.get(el);
    if (nodes && purposesOf(el).some((p) => purposes.includes(p))) {
      for (const n of nodes) (n as ChildNode).remove();
      inserted.delete(el);
      el.removeAttribute('data-ode-active');
    }
  }
}
