/**
 * The chart.js side of `<ode-chart>`, loaded with a dynamic import the first time a chart connects:
 * a page without a chart never downloads it. Only the controllers, elements, scales and plugins a
 * chart's types need are registered. The legend is ours (HTML buttons, keyboard-operable), so
 * chart.js's legend plugin is never imported.
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
  Tooltip,
  Filler,
  Decimation,
  type ChartConfiguration,
  type ChartDataset,
  type ChartComponentLike,
} from 'chart.js';
import type { ChartType } from './spec.js';

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
  labels: string[];
  /** Numeric x values (scatter). */
  xValues?: number[];
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
}

const NEEDS: Record<ChartType, ChartComponentLike[]> = {
  bar: [BarController, BarElement, CategoryScale, LinearScale],
  column: [BarController, BarElement, CategoryScale, LinearScale],
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
    Chart.register(...NEEDS[t], Tooltip);
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
  if (lineLike(s.type) || s.type === 'scatter') {
    return {
      ...base,
      type: s.type === 'scatter' ? 'scatter' : 'line',
      borderColor: s.color,
      backgroundColor: s.type === 'area' ? alpha(s.color, input.stacked ? 0.7 : 0.3) : s.color,
      fill: s.type === 'area' ? (input.stacked ? 'stack' : 'origin') : false,
      pointRadius: s.type === 'scatter' ? 3 : s.values.length > 60 ? 0 : 2,
      pointHoverRadius: 5,
      borderWidth: 2,
      spanGaps: false,
      tension: 0,
    } as ChartDataset;
  }
  return {
    ...base,
    type: 'bar',
    backgroundColor: s.color,
    borderColor: s.color,
    borderWidth: 0,
    borderSkipped: false,
  } as ChartDataset;
}

function config(input: DrawInput): ChartConfiguration {
  const { type, stacked, text, grid } = input;
  const font = { family: getComputedStyle(document.body).fontFamily };
  const tooltip = {
    callbacks: {
      title: (items: { dataIndex: number }[]) => (items[0] ? input.labels[items[0].dataIndex] : ''),
      label: (item: { dataset: { label?: string }; raw: unknown; dataIndex: number }) => {
        const raw = item.raw as { x: number; y: number } | number;
        const v = typeof raw === 'number' ? raw : type === 'bar' ? raw.x : raw.y;
        return circular(type)
          ? `${input.labels[item.dataIndex]}: ${input.formatY(v)}`
          : `${item.dataset.label ?? ''}: ${input.formatY(v)}`;
      },
    },
  };
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
    return {
      type,
      data: {
        labels: input.labels,
        datasets: [
          {
            label: s.label,
            data: s.values.map((v) => v ?? 0),
            backgroundColor: input.sliceColors,
            borderColor: input.surface,
            borderWidth: 1,
          },
        ],
      },
      options: { ...common, parsing: undefined, plugins: { tooltip, legend: { display: false } } },
    } as ChartConfiguration;
  }
  const horizontal = type === 'bar';
  const indexTick = (v: number | string) => {
    const n = Number(v);
    if (input.formatX) return input.formatX(n);
    return Number.isInteger(n) && input.labels[n] !== undefined ? input.labels[n] : '';
  };
  const categoryScale = {
    type: lineLike(type) || type === 'scatter' ? 'linear' : 'category',
    labels: input.labels,
    stacked,
    min: type === 'scatter' ? undefined : lineLike(type) ? 0 : undefined,
    max: lineLike(type) ? Math.max(0, input.labels.length - 1) : undefined,
    ticks: {
      color: text,
      autoSkip: true,
      maxRotation: 0,
      callback: indexTick,
      stepSize: lineLike(type) ? 1 : undefined,
    },
    grid: { color: grid, display: type === 'scatter' },
    title: { display: !!input.xTitle, text: input.xTitle, color: text },
  };
  const valueScale = (title: string, right = false) => ({
    type: 'linear',
    position: right ? 'right' : undefined,
    stacked,
    beginAtZero: type !== 'scatter',
    ticks: { color: text, callback: (v: number | string) => input.formatY(Number(v)) },
    grid: { color: grid, drawOnChartArea: !right },
    title: { display: !!title, text: title, color: text },
  });
  const scales: Record<string, unknown> = horizontal
    ? { y: { ...categoryScale, reverse: false }, x: valueScale(input.yTitle) }
    : { x: categoryScale, y: valueScale(input.yTitle) };
  if (input.series.some((s) => s.axis === 'right') && !horizontal)
    scales.y1 = valueScale(input.y2Title ?? '', true);
  const points = input.labels.length;
  return {
    type: horizontal || type === 'column' ? 'bar' : type === 'scatter' ? 'scatter' : 'line',
    data: { labels: input.labels, datasets: input.series.map((s, i) => dataset(input, s, i)) },
    options: {
      ...common,
      indexAxis: horizontal ? 'y' : 'x',
      interaction: { mode: type === 'scatter' ? 'nearest' : 'index', intersect: false },
      scales,
      plugins: {
        tooltip,
        legend: { display: false },
        // long line series: draw a downsample the width of the chart (the table keeps every value)
        decimation: { enabled: lineLike(type) && points > 1000, algorithm: 'lttb', samples: 500 },
      },
    },
  } as ChartConfiguration;
}

/** Draw (or redraw in place) a chart on `canvas`. */
export function draw(canvas: HTMLCanvasElement, input: DrawInput, previous?: Chart): Chart {
  register([input.type, ...input.series.map((s) => s.type)]);
  const cfg = config(input);
  if (previous && previous.canvas === canvas && (previous.config as { type?: string }).type === cfg.type) {
    previous.data = cfg.data;
    previous.options = cfg.options!;
    previous.update('none');
    return previous;
  }
  previous?.destroy();
  return new Chart(canvas, cfg);
}

/** Show the tooltip on the `index`-th value (keyboard reading). */
export function highlight(chart: Chart, index: number): void {
  const active = chart.data.datasets
    .map((_, datasetIndex) => ({ datasetIndex, index }))
    .filter((a) => chart.isDatasetVisible(a.datasetIndex));
  const meta = active[0] && chart.getDatasetMeta(active[0].datasetIndex).data[index];
  chart.setActiveElements(active);
  chart.tooltip?.setActiveElements(active, { x: meta?.x ?? 0, y: meta?.y ?? 0 });
  chart.update('none');
}

export type { Chart };
