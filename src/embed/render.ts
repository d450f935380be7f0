/**
 * The logic of `embed.html` (src/embed/embed.ts runs it on the page): renders the one element its URL
 * asks for, or an accessible error naming the rejected parameter, and reports the document's height to
 * the parent page so it can size the frame (docs/embed.md has the listener). The elements themselves
 * are defined by the caller (embed.ts imports them all).
 */
import { parseEmbed, type EmbedSpec } from './allow-list.js';

/** The message a frame posts to its parent when its height changes. */
export interface EmbedResizeMessage {
  type: 'ode-embed:resize';
  /** The `id` URL parameter ('' when none). */
  id: string;
  /** The document height, CSS px. */
  height: number;
}

/**
 * Renders what `params` asks for into `container` (emptied first): the element, or the error.
 * Values are set with `setAttribute` (never parsed as HTML). Returns what was decided.
 */
export async function renderEmbed(params: URLSearchParams, container: HTMLElement): Promise<EmbedSpec> {
  const spec = parseEmbed(params);
  container.replaceChildren();
  if (!spec.ok) {
    const p = document.createElement('p');
    p.className = 'ode-embed-error';
    p.setAttribute('role', 'alert');
    p.dataset.param = spec.param;
    p.textContent = `This embed cannot be shown: ${spec.message}.`;
    container.append(p);
    console.warn(`ode-embed: parameter "${spec.param}" rejected: ${spec.message}`);
    return spec;
  }
  if (spec.lang) document.documentElement.lang = spec.lang;
  // the elements are defined by the page's entry (embed.ts); wait in case a definition is still loading
  await customElements.whenDefined(spec.tag);
  const el = document.createElement(spec.tag);
  for (const [name, value] of spec.attributes) el.setAttribute(name, value);
  container.append(el);
  return spec;
}

/**
 * Posts `{ type: 'ode-embed:resize', id, height }` to `target` whenever the document height changes
 * (a ResizeObserver on the root element). Returns a function that stops it.
 */
export function reportHeight(id: string, target: Window = window.parent): () => void {
  let last = -1;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    const message: EmbedResizeMessage = { type: 'ode-embed:resize', id, height };
    // the height of a public view is no secret: any parent may read it
    target.postMessage(message, '*');
  };
  const observer = new ResizeObserver(send);
  observer.observe(document.documentElement);
  return () => observer.disconnect();
}
