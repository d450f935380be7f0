/**
 * The chart.js side of `<ode-chart>`, loaded with a dynamic import the first time a chart connects:
 * a page without a chart never downloads it. Only the controllers, elements, scales and plugins a
 * chart's types need are registered. The legend and the tooltip are ours (HTML in the element's
 * shadow root, keyboard-operable, readable by screen readers), so chart.js's legend and tooltip
 * plugins are never imported (5 kB gz less).
 */
import {
  Chart,
  BarController,
  LineController,
  PieController,
  DoughnutController,
  ScatterController,
  BarElement,
  LineElement,
  PointElement,
  ArcElement,
  CategoryScale,
  LinearScale,
  Filler,
  Decimation,
  DomPlatform,
  type ChartConfiguration,
  type UpdateMode,
  type ChartDataset,
  type ChartComponentLike,
  type Plugin,
  type FontSpec,
} from 'chart.js';
import type { ChartType } from './spec.js';
import { toFont, toPadding } from 'chart.js/helpers';
import { tickText } from './ticks.js';

export interface DrawSeries {
  label: string;
  values: (number | null)[];
  type: ChartType;
  axis: 'left' | 'right';
  color: string;
  hidden: boolean;
}

export interface DrawInput {
  type: ChartType;
  stacked: boolean;
  /** Category labels, formatted when chart.js asks for one (an axis shows a dozen of 2,000). */
  labels: { readonly length: number; at(i: number): string; all(): string[] };
  /** Numeric x values (scatter). */
  xValues?: number[];
  /** The categories are periods of time, in order (`time-bucket`). */
  timeAxis?: boolean;
  series: DrawSeries[];
  /** One colour per slice (pie, doughnut). */
  sliceColors: string[];
  hiddenSlices: boolean[];
  text: string;
  grid: string;
  surface: string;
  xTitle: string;
  yTitle: string;
  y2Title?: string;
  formatY: (v: number) => string;
  formatX?: (v: number) => string;
  /**
   * The categories selected (`filter-on-click`), or undefined when none is: selected ones are drawn
   * outlined in the text colour (bars, slices pulled out, larger diamond points), the others faded.
   */
  selected?: boolean[];
  /** The series selected (items of a `series-by` chart), or undefined: drawn as `selected` says. */
  selectedSeries?: boolean[];
}

/** How much of its colour an unselected item keeps while others are selected. */
const FADED = 0.3;

/** More bars than this: a linear index axis instead of a category one, and one path for the bars. */
const LONG_BARS = 100;

/**
 * chart.js's bar controller, drawing a long series in one path: bars drawn one by one cost a canvas
 * save/restore each (2,000 bars: 150 ms at CPU ×4). Bars share one style here (no border, no radius);
 * a highlighted bar, whose style differs, is drawn on top by chart.js's own code.
 */
class BatchBarController extends BarController {
  // its own id: chart.js keeps the first controller registered under an id (its parent's, 'bar')
  static override id = 'odeBar';

  /**
   * A long series of one bar per category (not stacked, not grouped): the geometry in one loop, every
   * bar sharing one options object. chart.js's own loop resolves each bar's options, rulers and grid
   * line widths one by one (2,000 bars: ~130 ms at CPU ×4); the bars it places are the same.
   */
  override updateElements(bars: BarElement[], start: number, count: number, mode: UpdateMode): void {
    const meta = this._cachedMeta;
    const { vScale, iScale } = meta;
    const opts = (this as unknown as { options: BarOptions }).options;
    if (
      count <= LONG_BARS ||
      mode === 'reset' ||
      !vScale ||
      !iScale ||
      iScale.type !== 'linear' ||
      (meta as { _stacked?: unknown })._stacked ||
      opts.grouped ||
      opts.base !== undefined ||
      opts.minBarLength
    )
      return super.updateElements(bars, start, count, mode);
    const shared = (this as unknown as SharedOptions)._getSharedOptions(start, mode).sharedOptions;
    if (!shared) return super.updateElements(bars, start, count, mode);
    const horizontal = vScale.isHorizontal();
    const zero = vScale.getPixelForValue(0);
    const halfGrid = vScale.getLineWidthForValue(0) / 2;
    // the index axis counts categories 0, 1, 2…: one step between neighbours, as chart.js's ruler finds
    const step = Math.abs(iScale.getPixelForValue(1) - iScale.getPixelForValue(0));
    const thickness = Math.min(
      opts.maxBarThickness ?? Infinity,
      opts.barThickness ?? step * opts.categoryPercentage * opts.barPercentage,
    );
    const inflateAmount = opts.inflateAmount === 'auto' ? (opts.barThickness ? 0.33 : 0) : opts.inflateAmount;
    for (let i = start; i < start + count; i++) {
      const parsed = this.getParsed(i) as unknown as Record<string, number | null>;
      const value = parsed[vScale.axis];
      const center = iScale.getPixelForValue(parsed[iScale.axis] as number);
      const head = value === null || Number.isNaN(value) ? zero : vScale.getPixelForValue(value);
      // as chart.js does: a bar starting on the zero line starts past half of that line's width
      const sign = Math.sign(head - zero);
      const base = zero + sign * halfGrid;
      const length = Math.abs(head - base);
      Object.assign(bars[i], {
        horizontal,
        base,
        enableBorderRadius: true,
        x: horizontal ? head : center,
        y: horizontal ? center : head,
        width: horizontal ? length : thickness,
        height: horizontal ? thickness : length,
        options: shared,
        borderSkipped: {},
        inflateAmount,
      });
    }
  }

  override draw(): void {
    const meta = this._cachedMeta;
    const rects = meta.data as unknown as BarElement[];
    // a selection styles bars one by one: chart.js draws them
    const selection = Array.isArray((this.getDataset() as { backgroundColor?: unknown }).backgroundColor);
    if (rects.length <= LONG_BARS || !meta.vScale || selection) return super.draw();
    const axis = meta.vScale.axis;
    const ctx = this.chart.ctx;
    const apart: BarElement[] = [];
    let fill: unknown;
    ctx.save();
    ctx.beginPath();
    for (let i = 0; i < rects.length; i++) {
      const r = rects[i] as BarElement & BarGeometry;
      if (r.hidden || (this.getParsed(i) as unknown as Record<string, unknown>)[axis] === null) continue;
      if (r.active) {
        apart.push(r);
        continue;
      }
      fill ??= r.options.backgroundColor;
      if (r.horizontal) ctx.rect(Math.min(r.x, r.base), r.y - r.height / 2, Math.abs(r.x - r.base), r.height);
      else ctx.rect(r.x - r.width / 2, Math.min(r.y, r.base), r.width, Math.abs(r.base - r.y));
    }
    ctx.fillStyle = fill as string;
    ctx.fill();
    ctx.restore();
    for (const r of apart) r.draw(ctx);
  }
}
interface BarOptions {
  grouped?: boolean;
  base?: number;
  minBarLength?: number;
  maxBarThickness?: number;
  barThickness?: number;
  categoryPercentage: number;
  barPercentage: number;
  inflateAmount: number | 'auto';
}
interface SharedOptions {
  _getSharedOptions(start: number, mode: UpdateMode): { sharedOptions?: object };
}
interface BarGeometry {
  x: number;
  y: number;
  base: number;
  width: number;
  height: number;
  horizontal: boolean;
  hidden?: boolean;
}

/** Sizes known by the element (CSS pixels of the canvas's box), read once by the chart being built. */
const knownSizes = new WeakMap<HTMLCanvasElement, { width: number; height: number }>();

/**
 * chart.js's DOM platform, told the size of a chart being built instead of measuring it: measuring
 * reads computed styles and forces a synchronous layout of the page (twice per new chart, 20–35 ms at
 * CPU ×4), while the element already knows its box from its ResizeObserver. Every later resize is
 * chart.js's own (its ResizeObserver gives the size, layout is done by then).
 */
class SizedPlatform extends DomPlatform {
  override getMaximumSize(canvas: HTMLCanvasElement, width?: number, height?: number, aspectRatio?: number) {
    const known = width === undefined && height === undefined ? knownSizes.get(canvas) : undefined;
    return known ? { ...known } : super.getMaximumSize(canvas, width, height, aspectRatio);
  }
}

const NEEDS: Record<ChartType, ChartComponentLike[]> = {
  bar: [BatchBarController, BarElement, CategoryScale, LinearScale],
  column: [BatchBarController, BarElement, CategoryScale, LinearScale],
  line: [LineController, LineElement, PointElement, LinearScale, Decimation],
  area: [LineController, LineElement, PointElement, LinearScale, Filler, Decimation],
  pie: [PieController, ArcElement],
  doughnut: [DoughnutController, ArcElement],
  scatter: [ScatterController, PointElement, LinearScale],
};
const registered = new Set<ChartType>();
function register(types: ChartType[]) {
  for (const t of types) {
    if (registered.has(t)) continue;
    Chart.register(...NEEDS[t]);
    registered.add(t);
  }
}

/** Charts alive now (tests check that removed charts are destroyed). */
export const liveCharts = (): number => Object.keys(Chart.instances).length;

const circular = (t: ChartType) => t === 'pie' || t === 'doughnut';
const lineLike = (t: ChartType) => t === 'line' || t === 'area';

function alpha(color: string, a: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return color;
  return `#${m[1]}${Math.round(a * 255)
    .toString(16)
    .padStart(2, '0')}`;
}

function dataset(input: DrawInput, s: DrawSeries, i: number): ChartDataset {
  const horizontal = s.type === 'bar';
  const data = s.values.map((v, k) => {
    const x = input.xValues ? input.xValues[k] : k;
    return horizontal ? { x: v as number, y: x } : { x, y: v as number };
  });
  const base = {
    label: s.label,
    data,
    hidden: s.hidden,
    yAxisID: horizontal ? undefined : s.axis === 'right' ? 'y1' : 'y',
    order: i,
  };
  const sel = input.selected;
  const inSeries = input.selectedSeries ? input.selectedSeries[i] : true;
  // an item is chosen when its category and its series are (either test passes when nothing is chosen)
  const each = <T>(on: T, off: T) =>
    sel || input.selectedSeries
      ? s.values.map((_, k) => (inSeries && (sel ? sel[k] : true) ? on : off))
      : undefined;
  if (lineLike(s.type) || s.type === 'scatter') {
    const radius = s.type === 'scatter' ? 3 : s.values.length > 60 ? 0 : 2;
    return {
      ...base,
      type: s.type === 'scatter' ? 'scatter' : 'line',
      borderColor: s.color,
      backgroundColor: s.type === 'area' ? alpha(s.color, input.stacked ? 0.7 : 0.3) : s.color,
      fill: s.type === 'area' ? (input.stacked ? 'stack' : 'origin') : false,
      pointRadius: each(6, radius) ?? radius,
      pointStyle: each('rectRot', 'circle') ?? 'circle',
      pointBackgroundColor: each(s.color, alpha(s.color, FADED)) ?? s.color,
      pointBorderColor: each(input.text, alpha(s.color, FADED)) ?? s.color,
      pointBorderWidth: each(2, 1) ?? 1,
      pointHoverRadius: 5,
      borderWidth: 2,
      spanGaps: false,
      tension: 0,
    } as ChartDataset;
  }
  return {
    ...base,
    type: 'odeBar',
    // one bar series: no room kept for neighbours (and chart.js skips its per-bar stack lookups)
    grouped: input.series.filter((o) => o.type === 'bar' || o.type === 'column').length > 1,
    backgroundColor: each(s.color, alpha(s.color, FADED)) ?? s.color,
    borderColor: each(input.text, s.color) ?? s.color,
    borderWidth: each(2, 0) ?? 0,
    borderSkipped: false,
  } as unknown as ChartDataset;
}

function config(input: DrawInput): ChartConfiguration {
  const { type, stacked, text, grid } = input;
  const font = { family: getComputedStyle(document.body).fontFamily };
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    normalized: true,
    parsing: false as const,
    color: text,
    font,
  };
  if (circular(type)) {
    const s = input.series[0];
    const sel = input.selected;
    return {
      type,
      data: {
        labels: input.labels.all(),
        datasets: [
          {
            label: s.label,
            data: s.values.map((v) => v ?? 0),
            backgroundColor: sel
              ? input.sliceColors.map((c, k) => (sel[k] ? c : alpha(c, FADED)))
              : input.sliceColors,
            borderColor: sel ? sel.map((on) => (on ? input.text : input.surface)) : input.surface,
            borderWidth: sel ? sel.map((on) => (on ? 2 : 1)) : 1,
            offset: sel ? sel.map((on) => (on ? 10 : 0)) : 0,
          },
        ],
      },
      options: { ...common, parsing: undefined, events: [] },
    } as ChartConfiguration;
  }
  const horizontal = type === 'bar';
  const points = input.labels.length;
  const indexTick = (v: number | string) => {
    const n = Number(v);
    return input.formatX ? input.formatX(n) : input.labels.at(n);
  };
  // Many bars: a linear index axis, like lines, so chart.js neither builds nor measures a tick per
  // category (a category axis of 2,000 labels cost 70 ms of tick layout at CPU ×4)
  const linearIndex = lineLike(type) || type === 'scatter' || points > LONG_BARS;
  // one tick per category: bars on a category axis, and short index axes (a tick for every point)…
  // except along a line through time, whose dates stay level and are thinned to those that fit: a
  // reader infers the skipped days of a month, not the skipped names of a list
  const timeLine = lineLike(type) && !!input.timeAxis;
  const categoryTicks = type !== 'scatter' && !input.formatX && !timeLine && (!linearIndex || points <= 40);
  const categoryScale = {
    type: linearIndex ? 'linear' : 'category',
    labels: linearIndex ? undefined : input.labels.all(),
    stacked,
    // bars centred on whole numbers, half a step of room at each end
    min: type === 'scatter' ? undefined : lineLike(type) ? 0 : linearIndex ? -0.5 : undefined,
    max: lineLike(type) ? Math.max(0, points - 1) : linearIndex ? points - 0.5 : undefined,
    // a horizontal bar chart reads top-down on a linear axis too
    reverse: linearIndex && horizontal,
    ticks: {
      color: text,
      // chart.js skips a label only when it does not fit even wrapped and turned up to a right angle
      // (a long axis of many bars keeps its readable, unturned dozen)
      autoSkip: true,
      // labels beside horizontal bars may sit a line apart (12 px text on 14.4 px lines)
      autoSkipPadding: horizontal ? 0 : 2,
      maxRotation: categoryTicks ? 90 : 0,
      callback: categoryTicks
        ? function (this: TickScale, v: number | string, _i: number, ticks: unknown[]) {
            // the room under each column (chart.js turns a label wider than the column less 6 px), or
            // beside the bars, measured in the ticks' own font
            const ctx = this.ctx;
            ctx.save();
            ctx.font = toFont(this.options.ticks.font).string;
            const room = horizontal ? besideRoom(this) : this.width / Math.max(1, ticks.length) - 8;
            const drawn = tickText(indexTick(v), horizontal, room, (t) => ctx.measureText(t).width);
            ctx.restore();
            return drawn;
          }
        : indexTick,
      // label widths are measured on a sample, not on every category (2,000 labels cost 100s of ms)
      sampleSize: 40,
      // an index axis: whole numbers only, every one when few, else a readable number of them
      ...(linearIndex && type !== 'scatter'
        ? points <= 40
          ? { stepSize: 1 }
          : { precision: 0, maxTicksLimit: 12, includeBounds: false }
        : {}),
    },
    afterBuildTicks: timeLine
      ? (scale: TickScale & { ticks: { value: number }[] }) => datesThatFit(scale, points, indexTick)
      : undefined,
    grid: { color: grid, display: type === 'scatter' },
    title: { display: !!input.xTitle, text: input.xTitle, color: text },
  };
  const valueScale = (title: string, right = false) => ({
    type: 'linear',
    position: right ? 'right' : undefined,
    stacked,
    beginAtZero: type !== 'scatter',
    ticks: {
      color: text,
      callback: (v: number | string) => input.formatY(Number(v)),
      // an upright value axis picks a readable number of ticks for its height: nothing to skip. Under
      // horizontal bars, chart.js picks them for a width of 40 px each and turns long numbers
      // ("12 000 000") to fit them all: they stay level there, and the ones that would overlap are skipped
      ...(horizontal ? { autoSkip: true, autoSkipPadding: 12, maxRotation: 0 } : { autoSkip: false }),
    },
    grid: { color: grid, drawOnChartArea: !right },
    title: { display: !!title, text: title, color: text },
  });
  const scales: Record<string, unknown> = horizontal
    ? { y: categoryScale, x: valueScale(input.yTitle) }
    : { x: categoryScale, y: valueScale(input.yTitle) };
  if (input.series.some((s) => s.axis === 'right') && !horizontal)
    scales.y1 = valueScale(input.y2Title ?? '', true);
  return {
    type: horizontal || type === 'column' ? 'bar' : type === 'scatter' ? 'scatter' : 'line',
    data: {
      labels: linearIndex ? undefined : input.labels.all(),
      datasets: input.series.map((s, i) => dataset(input, s, i)),
    },
    options: {
      ...common,
      indexAxis: horizontal ? 'y' : 'x',
      interaction: { mode: type === 'scatter' ? 'nearest' : 'index', intersect: false },
      scales,
      // pointer events are the element's (its own tooltip): chart.js does not listen
      events: [],
      plugins: {
        // long line series: draw a downsample the width of the chart (the table keeps every value)
        // (chart.js's default threshold, 4 × the width in pixels, would leave 2,000 points undecimated)
        decimation: {
          enabled: lineLike(type) && points > 1000,
          algorithm: 'lttb',
          samples: 500,
          threshold: 1000,
        },
      },
    },
  } as ChartConfiguration;
}

/** The category scale as its tick callback sees it (chart.js calls it with the scale as `this`). */
interface TickScale {
  width: number;
  maxWidth: number;
  ctx: CanvasRenderingContext2D;
  chart: { options: { font?: Partial<FontSpec> } };
  options: {
    ticks: { font: Partial<FontSpec>; padding: number };
    grid: { drawTicks?: boolean; tickLength?: number };
    title: {
      display?: boolean;
      font?: Partial<FontSpec>;
      padding?: Parameters<typeof toPadding>[0];
      text?: string | string[];
    };
  };
}

/**
 * The width a label beside horizontal bars may take: chart.js gives the axis at most half the chart's
 * width, title and tick marks included, and draws a wider label over the axis title and off the canvas
 * (a long region name in a phone-wide chart). The same sum as chart.js's own axis fitting.
 */
function besideRoom(scale: TickScale): number {
  const { ticks, grid, title } = scale.options;
  const tickMark = grid.drawTicks ? (grid.tickLength ?? 0) : 0;
  const lines = Array.isArray(title.text) ? title.text.length : 1;
  const titleHeight = title.display
    ? lines * toFont(title.font ?? {}, scale.chart.options.font).lineHeight + toPadding(title.padding).height
    : 0;
  return scale.maxWidth - tickMark - titleHeight - 2 * ticks.padding;
}

/**
 * The dates written along a line through time: every `step`-th point from the first, `step` the
 * smallest whole number whose spacing holds the widest date (of a dozen measured) and a gap. chart.js's
 * own skipping spaces labels by their count, not their width: "Feb 1, 2001" overlapped "Feb 8, 2001"
 * under a phone-wide line of 28 days.
 */
function datesThatFit(
  scale: TickScale & { ticks: { value: number }[] },
  points: number,
  label: (i: number) => string,
): void {
  if (points < 2 || !(scale.width > 0)) return;
  const ctx = scale.ctx;
  ctx.save();
  ctx.font = toFont(scale.options.ticks.font).string;
  const measured = Math.min(points, 12);
  let widest = 0;
  for (let k = 0; k < measured; k++) {
    const i = Math.round((k * (points - 1)) / Math.max(1, measured - 1));
    widest = Math.max(widest, ctx.measureText(label(i)).width);
  }
  ctx.restore();
  const step = Math.max(1, Math.ceil((widest + 12) / (scale.width / (points - 1))));
  scale.ticks = Array.from({ length: Math.floor((points - 1) / step) + 1 }, (_, i) => ({ value: i * step }));
}

/** True while a chart is being built without its first paint (`draw(…, { paint: false })`). */
let holdingPaint = false;
/** Cancels chart.js's render step (the drawing after an update) of a chart built with `paint: false`. */
const HoldPaint: Plugin = { id: 'odeHoldPaint', beforeRender: () => !holdingPaint };
Chart.register(HoldPaint);

/**
 * Draw (or redraw in place) a chart on `canvas`. `size`: the CSS size of the canvas's box when the
 * caller knows it (chart.js then does not measure the page while building the chart). `paint: false`
 * builds (or updates) and lays out a chart without drawing it (`paint(chart)` draws it later): the
 * parts of a first draw can then run as shorter tasks.
 */
export function draw(
  canvas: HTMLCanvasElement,
  input: DrawInput,
  previous?: Chart,
  size?: { width: number; height: number },
  { paint = true }: { paint?: boolean } = {},
): Chart {
  register([input.type, ...input.series.map((s) => s.type)]);
  const cfg = config(input);
  holdingPaint = !paint;
  try {
    if (previous && previous.canvas === canvas && (previous.config as { type?: string }).type === cfg.type) {
      previous.data = cfg.data;
      previous.options = cfg.options!;
      previous.update('none');
      return previous;
    }
    previous?.destroy();
    if (!size?.width || !size.height) return new Chart(canvas, cfg);
    knownSizes.set(canvas, size);
    return new Chart(canvas, { ...cfg, platform: SizedPlatform });
  } finally {
    holdingPaint = false;
    knownSizes.delete(canvas);
  }
}

/** Draw a chart built with `paint: false` as it is laid out (no update). */
export function paint(chart: Chart): void {
  chart.draw();
}

/**
 * Highlight the `index`-th category (hover or keyboard reading); returns where to show the
 * element's tooltip, in CSS pixels of the canvas, or undefined for -1 (clear).
 */
export function highlight(chart: Chart, index: number): { x: number; y: number } | undefined {
  if (index < 0) {
    chart.setActiveElements([]);
    chart.update('none');
    return undefined;
  }
  const circularChart = circular((chart.config as { type?: string }).type as ChartType);
  const active = circularChart
    ? [{ datasetIndex: 0, index }]
    : chart.data.datasets
        .map((_, datasetIndex) => ({ datasetIndex, index }))
        .filter((a) => chart.isDatasetVisible(a.datasetIndex));
  chart.setActiveElements(active);
  chart.update('none');
  const points = active
    .map((a) => chart.getDatasetMeta(a.datasetIndex).data[a.index])
    .filter((p): p is NonNullable<typeof p> => !!p);
  if (!points.length) return { x: chart.width / 2, y: chart.height / 2 };
  if (circularChart) {
    const p = points[0].tooltipPosition(false);
    return { x: p.x ?? 0, y: p.y ?? 0 };
  }
  return { x: points[0].x, y: Math.min(...points.map((p) => p.y)) };
}

/** The drawn item under a pointer event (a bar segment, a point): its category and series, or undefined. */
export function itemAt(chart: Chart, e: PointerEvent): { index: number; series: number } | undefined {
  const hit = chart.getElementsAtEventForMode(e, 'nearest', { intersect: true }, false)[0];
  return hit ? { index: hit.index, series: hit.datasetIndex } : undefined;
}

/** The category under a pointer event (nearest along the index axis), or -1. */
export function indexAt(chart: Chart, e: PointerEvent): number {
  const circularChart = circular((chart.config as { type?: string }).type as ChartType);
  const type = (chart.config as { type?: string }).type;
  const mode = circularChart ? 'point' : type === 'scatter' ? 'nearest' : 'index';
  const hits = chart.getElementsAtEventForMode(e, mode, { intersect: circularChart }, false);
  return hits[0]?.index ?? -1;
}

export type { Chart };
