/**
 * What leaves the page from an `<ode-chart>`: the PNG (the drawn canvas on the theme's surface, with
 * the source notice of every dataset under it) and the download of a file.
 */

/** Colours of the PNG: the page's surface under the chart, and the notice's text. */
export interface PngColours {
  surface: string;
  text: string;
}

/** The canvas as a PNG, on `colours.surface`, with `notice` (one line per dataset, wrapped) under it. */
export function chartPng(src: HTMLCanvasElement, notice: string[], colours: PngColours): Promise<Blob> {
  const ratio = src.width / Math.max(1, src.clientWidth || src.width);
  const size = Math.round(12 * ratio);
  const line = Math.round(size * 1.4);
  const pad = Math.round(8 * ratio);
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d')!;
  const font = `${size}px system-ui, sans-serif`;
  ctx.font = font;
  const lines = notice.flatMap((l) => wrap(ctx, l, src.width - 2 * pad));
  out.width = src.width;
  out.height = src.height + (lines.length ? pad + lines.length * line + pad : 0);
  ctx.fillStyle = colours.surface || '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(src, 0, 0);
  ctx.font = font;
  ctx.fillStyle = colours.text || '#000';
  ctx.textBaseline = 'top';
  lines.forEach((l, i) => ctx.fillText(l, pad, src.height + pad + i * line));
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

/** Words of `text` in lines no wider than `width` on `ctx` (a word longer than a line stands alone). */
export function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (current && ctx.measureText(next).width > width) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  if (current) lines.push(current);
  return lines;
}

/** Save `blob` as `name` (a link clicked inside `root`, its object URL revoked later). */
export function download(root: Node, blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  root.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** A file name from the dataset and the x field: letters, digits, `_` and `-` only. */
export function exportName(datasetId: string | undefined, x: string | undefined, ext: string): string {
  return `${datasetId ?? 'chart'}-${(x ?? 'x').replace(/[^A-Za-z0-9_-]+/g, '_')}.${ext}`;
}
