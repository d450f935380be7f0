/**
 * Category tick text for the chart engine (loaded with chart.js, not with the element): wrapped,
 * cut or left whole for the room each category has.
 */
/** A wrapped category label has at most this many lines. */
const MAX_LINES = 3;
/** A label on one line (turned under narrow columns, or beside a horizontal bar) is cut past this length. */
const ONE_LINE_CHARS = 28;
/** Narrower than this sample, a column's room is too small to wrap in: the label is turned instead. */
const NARROWEST_LINE = 'Abcdef';

const cut = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/** `text` cut with "…" to the longest start that `fits`. */
function cutToFit(text: string, fits: (s: string) => boolean): string {
  if (fits(text)) return text;
  let n = text.length - 1;
  while (n > 1 && !fits(`${text.slice(0, n).trimEnd()}…`)) n--;
  return `${text.slice(0, n).trimEnd()}…`;
}

/**
 * The text a category tick draws, given the `room` (px) each category has under its column and a way
 * to `measure` text (px):
 * - a label that fits is drawn whole;
 * - under a column with room for a short line, a long label wraps at spaces and hyphens on up to three
 *   lines that fit the room ("Provence-Alpes-" / "Côte d'Azur"), so it stands level under its column;
 * - with less room, one line (cut with "…" past 28 characters), that chart.js turns, up to a right
 *   angle, under narrow columns;
 * - beside a horizontal bar, one line cut with "…" past 28 characters and to the room the axis has.
 * chart.js skips labels only when even that does not fit, and the skipped ones are in the tooltip and
 * the table view.
 * The full label stays in the tooltip, the table view and the CSV.
 */
export function tickText(
  label: string,
  beside: boolean,
  room: number,
  measure: (text: string) => number,
): string | string[] {
  const text = label.replace(/\s+/g, ' ').trim();
  const fits = (s: string) => measure(s) <= room;
  if (fits(text)) return text;
  // beside a bar the room is the axis's: a label is cut to it (chart.js would draw it over the title)
  if (beside) return cutToFit(cut(text, ONE_LINE_CHARS), fits);
  if (!fits(NARROWEST_LINE)) return cut(text, ONE_LINE_CHARS);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/(?<=-)|\s/).filter(Boolean)) {
    const joined = !line ? word : line.endsWith('-') ? `${line}${word}` : `${line} ${word}`;
    if (!line || fits(joined)) line = joined;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const kept = lines.slice(0, MAX_LINES).map((l) => cutToFit(l, fits));
  if (lines.length > MAX_LINES) kept[MAX_LINES - 1] = cutToFit(`${kept[MAX_LINES - 1]} …`, fits);
  return kept.length === 1 ? kept[0] : kept;
}
