/**
 * Runs `fn` once the next frame is painted: a task queued from the frame's animation callback, so it
 * runs after that frame's rendering, not before it. For what a view shows after its data (the source
 * notice, the lines under a table), so that it is not on the way to the first painted data.
 */
export function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => fn();
    ch.port2.postMessage(0);
  });
}
