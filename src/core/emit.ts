/** Dispatch a bubbling, composed custom event from an element (what every public event of ours is). */
export function emit(el: Element, type: string, detail: unknown): void {
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
