import {
  LitElement,
  html,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { SourceController } from '../core/source-controller.js';
import { timeoutMs } from '../api/client.js';
import type { DatasetSource, QueryChangeDetail } from '../core/source.js';
import type { Dataset } from '../api/types.js';
import { errorView, sourceProblemView, warnOnce } from '../core/error-view.js';
import { isAbort } from '../api/client.js';
import { EngineLoadError, lazyImport } from '../core/lazy.js';
import { DataTask } from '../core/data-task.js';
import { afterPaint } from '../core/after-paint.js';
import { fire } from '../core/events.js';
import { attributionFacts, attributionLine } from '../attribution/facts.js';
import { ChartReader } from './reader.js';
import { closestLang, formatDate, uiLang } from '../core/lang.js';
import { numberFormat } from '../core/number-format.js';
import { strings } from '../core/strings.js';
import {
  readSpec,
  groupRequests,
  buildModel,
  autoBucket,
  spanSelect,
  toCsv,
  xKind,
  ChartSpecError,
  type ChartModel,
  type ChartSpec,
  type SeriesAttributes,
  type TimeBucket,
  type ChartType,
  type ChartOrder,
} from './spec.js';
import { Labeller, LazyLabels } from './labels.js';
import { chartStrings, type ChartStrings } from './strings.js';
import { chartStyles } from './ode-chart.styles.js';
import type { Chart, DrawInput } from './engine.js';
import { attributionView } from '../core/attribution-view.js';
import { ChartSelection, selectionStrings } from './selection-controller.js';

type Engine = typeof import('./engine.js');
/** The PNG and the download, fetched the first time a visitor exports (few do). */
const loadExport = () => import('./export.js');
/** chart.js and our drawing code, fetched once for every chart of the page (again after a failure). */
const loadEngine = lazyImport<Engine>(() => import('./engine.js'));

/** Attributes of `<ode-series>` children that change the chart. */
const OdeSeriesAttrs = ['x', 'y', 'label', 'type', 'axis', 'source', 'domain', 'dataset'];

/** What one load is for: the chart read from the attributes, and the dataset of each series key. */
interface Plan {
  spec: ChartSpec;
  keys: string[];
  sources: Map<string, DatasetSource>;
}

/** What one load brings: the metadata of each dataset drawn (by series key) and the values drawn. */
interface Loaded {
  metadata: Map<string, Dataset>;
  model: ChartModel;
  labels: LazyLabels;
}

/**
 * How many placeholder values the warm-up chart has: as many as the answer will have, roughly (its
 * `limit`, else a dozen categories or a few dozen time buckets), at most 200 — enough for chart.js to
 * take the code paths of the real draw (a long line drops its points past 60), without building
 * thousands of elements the answer may not have.
 */
function placeholderLength(spec: ChartSpec): number {
  const guess = spec.timeBucket || spec.xStep ? 36 : 12;
  return Math.max(2, Math.min(spec.limit ?? guess, 200));
}

/**
 * Run `work` once the tasks already waiting have run (an answer that has arrived is handled first):
 * a background task where the Prioritized Task Scheduling API exists, else a timer.
 */
function afterPendingWork(work: () => void): void {
  const scheduler = (globalThis as { scheduler?: { postTask?: (f: () => void, o: object) => Promise<void> } })
    .scheduler;
  if (scheduler?.postTask) void scheduler.postTask(work, { priority: 'background' });
  else setTimeout(work);
}

const DARK = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;

/**
 * @summary A chart of a dataset aggregated by the portal: one grouped `records` request per dataset,
 * whatever its size, drawn with chart.js (loaded only when a chart is on the page), with a table of
 * the exact values drawn, keyboard reading, PNG and CSV downloads and the dataset's attribution.
 *
 * @attr domain - Portal host or origin (standalone use); defaults to `<meta name="ode-domain">`.
 * @attr dataset - Dataset identifier (standalone use; property `datasetId`).
 * @attr timeout - Longest wait for each answer of the portal, in seconds (standalone use; default 20).
 * @attr source - Id of an `<ode-dataset>` whose query the chart follows (instead of nesting in it).
 * @attr apikey - API key (standalone use). A key in a public page is public.
 * @attr type - `column` (default), `bar` (horizontal), `line`, `area`, `pie`, `doughnut`, `scatter`.
 * @attr x - The field (or ODSQL expression) to group by, e.g. `date`, `nom_region`, `year(date)`.
 * @attr y - The aggregate drawn (default `count(*)`): `sum(f)`, `avg(f)`, `min`, `max`, `median`,
 *   `percentile(f, 90)`. Several aggregates: `<ode-series>` children instead.
 * @attr label - Name of the single series (default: words for `y`).
 * @attr time-bucket - Group a date field by `year`, `quarter`, `month`, `week`, `day`, `hour`, or
 *   `auto` (from the data's span; costs one small extra request). Empty buckets are drawn as gaps.
 * @attr x-step - Group a numeric field into equal ranges of this width (`range(x, step)`).
 * @attr series-by - Split `y` into one series per value of this field.
 * @attr series-limit - Keep the N series with the largest totals.
 * @attr series-other - With `series-limit`, add the rest up as an "Other" series (count and sum only).
 * @attr order - `x asc`, `x desc`, `y asc` or `y desc` (default: x ascending for dates and ranges,
 *   y descending for categories).
 * @attr limit - At most this many categories (the portal keeps the first ones in `order`).
 * @attr stacked - Stack the series (columns, bars, areas).
 * @attr attribution - `full` (default), `compact`, or `external` when an `<ode-attribution>` for the
 *   same dataset is on the page.
 * @attr filter-on-click - Choosing a category — a click on its bar, slice or point, or Enter/Space while
 *   the arrow keys read it — filters the other views of the dataset on it: a refine on `x` (several on
 *   a disjunctive field), a date range for a `time-bucket`; with `series-by`, a click on an item of a
 *   series refines that field on the series' value. Again removes it; Escape clears the chart's
 *   selection. The chart itself keeps every category (it ignores the refines on its `x` and its own
 *   range), drawing the selected ones outlined and the others faded.
 *
 * @slot - `<ode-series>` elements, one per series (optional).
 *
 * @fires ode-load - The chart was drawn with an answer (after each query); `detail.groups` is the number
 *   of categories drawn, `detail.series` the number of series.
 * @fires ode-error - A request failed, or the attributes describe no chart (`ChartSpecError`);
 *   `detail.error` says why.
 *
 * @csspart toolbar - The row holding the legend and the actions.
 * @csspart legend - The legend (a list of toggle buttons).
 * @csspart legend-item - One legend button.
 * @csspart actions - The "View as table" and download buttons.
 * @csspart plot - The box of the canvas (focusable: arrow keys read the values).
 * @csspart status - Loading and empty messages.
 * @csspart table - The table of the values drawn.
 * @csspart notice - The notice shown when the portal's group limit was reached.
 * @csspart error - The error box.
 * @csspart retry - The Retry button.
 * @csspart reload - The button that reloads the page, shown when the chart engine's download failed again on
 *   Retry (a browser may keep a failed download until the page is reloaded).
 * @csspart attribution - The attribution notice of each dataset.
 *
 * @cssprop --ode-chart-height - Height of the plot (default 20rem).
 * @cssprop --ode-chart-1 - First series colour (to `--ode-chart-8`; default: Okabe–Ito, safe for colour-blind readers).
 * @cssprop --ode-chart-other - Colour of the "Other" series.
 * @cssprop --ode-color-text - Text, axes and labels.
 * @cssprop --ode-color-border - Grid lines and borders.
 * @cssprop --ode-color-surface - Background (also of the PNG export).
 * @cssprop --ode-color-focus - Focus ring.
 * @cssprop --ode-color-danger - Errors.
 */
export class OdeChart extends LitElement {
  static override styles = chartStyles;
  static override properties: PropertyDeclarations = {
    domain: { reflect: true },
    datasetId: { attribute: 'dataset', reflect: true },
    timeout: { type: Number },
    source: { reflect: true },
    apikey: {},
    type: { reflect: true },
    x: {},
    y: {},
    label: {},
    timeBucket: { attribute: 'time-bucket' },
    xStep: { attribute: 'x-step' },
    seriesBy: { attribute: 'series-by' },
    seriesLimit: { attribute: 'series-limit' },
    seriesOther: { type: Boolean, attribute: 'series-other' },
    order: {},
    limit: {},
    stacked: { type: Boolean },
    attribution: {},
    filterOnClick: { type: Boolean, attribute: 'filter-on-click' },
    model: { state: true },
    showTable: { state: true },
    hidden_: { state: true },
    metadata: { state: true },
    noticeReady: { state: true },
  };

  /** How many chart.js charts are alive on the page (0 once every chart is removed). */
  static async liveCharts(): Promise<number> {
    return (await loadEngine()).liveCharts();
  }

  domain?: string;
  datasetId?: string;
  /** Longest wait for each answer, in seconds (standalone use; default 20). */
  timeout?: number;
  source?: string;
  apikey?: string;
  type: ChartType = 'column';
  x?: string;
  y?: string;
  label?: string;
  timeBucket?: TimeBucket | 'auto';
  xStep?: string;
  seriesBy?: string;
  seriesLimit?: string;
  seriesOther = false;
  order?: ChartOrder;
  limit?: string;
  stacked = false;
  attribution: 'full' | 'compact' | 'external' = 'full';
  filterOnClick = false;

  private model?: ChartModel;
  private showTable = false;
  private hidden_ = new Set<number>();
  private metadata = new Map<string, Dataset>();
  /** The chart's first answer is painted: its source notice can come. */
  private noticeReady = false;

  private get canvas(): HTMLCanvasElement | null {
    return this.renderRoot?.querySelector('canvas') ?? null;
  }

  private spec?: ChartSpec;
  private labels = new LazyLabels(0, () => '');
  #chart?: Chart;
  private engineMod?: Engine;
  private engineFailed = false;
  /** The plot box's size, measured while the first answer is on its way (primeCanvas). */
  private plotSize?: { width: number; height: number };
  private scheduled = false;
  private quiet = false;
  private locale = 'en';

  /**
   * The chart.js instance drawing the values (read-only): undefined before the chart.js code has
   * loaded and once the element left the page. While the first answer is on its way, the page's
   * first chart may already be built, hidden, on placeholder values. For reading what is drawn
   * (`chart.data`, `chart.scales`, `chart.width`), as Vaadin's chart exposes its `configuration`;
   * changing it is not supported: the element redraws it from its attributes and data whenever they
   * change.
   */
  get chart(): Chart | undefined {
    return this.#chart;
  }

  /** The request of the current load, and what it is for: set by load() just before it runs. */
  #plan?: Plan;
  readonly #task = new DataTask<Loaded>(this, {
    task: (signal) => this.fetchAnswer(this.#plan!, signal),
    onDone: async ({ metadata, model, labels }) => {
      this.metadata = metadata;
      this.model = model;
      this.labels = labels;
      this.hidden_ = new Set();
      this.reader.reset();
      await this.updateComplete;
      this.drawChart();
    },
    onShown: ({ model }) => {
      // the source notice comes once the chart is painted: its first rendering (and the metadata's
      // sanitising) is not on the way to the first drawn answer, nor to the warm-up; its room is kept
      if (!this.noticeReady) afterPaint(() => (this.noticeReady = true));
      fire(this, 'ode-load', { groups: model.categories.length, series: model.series.length });
    },
    onError: (error) => {
      this.#chart?.destroy();
      this.#chart = undefined;
      if (error instanceof ChartSpecError) warnOnce(this, error.message);
      fire(this, 'ode-error', { error });
    },
  });

  /** Tooltip and keyboard reading of the drawn values. */
  private readonly reader = new ChartReader(this, () => {
    const chart = this.#chart;
    const engine = this.engineMod;
    if (!chart || !engine || !this.model) return undefined;
    return { chart, engine, labels: this.labels, rows: (i: number) => this.tipRows(i) };
  });

  /** Waiting for the first answer, or for the sources to be known. */
  private get loading(): boolean {
    return this.#task.status === 'loading' || this.#task.status === 'idle';
  }
  private observer?: MutationObserver;
  /** Sources of `<ode-series>` that name another dataset, by key. */
  private readonly extra = new Map<string, SourceController>();

  private readonly sourceCtl = new SourceController(
    this,
    () => ({
      domain: this.domain,
      datasetId: this.datasetId,
      sourceId: this.source,
      apikey: this.apikey,
      timeout: timeoutMs(this.timeout),
    }),
    (_source, detail) => this.onSourceChange(detail),
  );

  /** filter-on-click: the chart's own selection. */
  private readonly selection = new ChartSelection(this, () => ({
    enabled: this.filterOnClick,
    source: this.sourceCtl.source,
    spec: this.spec,
    model: this.model,
    locale: this.locale,
    label: (i) => this.labels.at(i),
    noValue: this.ct.noValue,
    announce: (text) => {
      this.reader.announce = text;
      this.requestUpdate();
    },
  }));

  override connectedCallback(): void {
    performance.mark('ode:chart:connected');
    super.connectedCallback();
    this.locale = closestLang(this);
    // chart.js downloads while the data request is in flight
    this.fetchEngine();
    // <ode-series> children added, removed or changed (not the chart's own reflected attributes)
    this.observer = new MutationObserver((records) => {
      if (records.some((r) => r.target !== this || r.type === 'childList')) this.schedule();
    });
    this.observer.observe(this, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: [...OdeSeriesAttrs],
    });
    DARK?.addEventListener('change', this.onScheme);
    // a chart moved in the page is drawn again
    if (this.model && !this.#chart) void this.updateComplete.then(() => this.drawChart());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    DARK?.removeEventListener('change', this.onScheme);
    this.#chart?.destroy();
    this.#chart = undefined;
  }

  private readonly onScheme = () => this.drawChart();

  protected override willUpdate(changed: PropertyValues<this>): void {
    // also before the first render: attributes set right after connecting (a framework, a builder)
    // arrive here, after the controller resolved the source without them
    if (changed.has('domain') || changed.has('datasetId') || changed.has('source') || changed.has('apikey'))
      this.sourceCtl.resolve();
    if (!this.hasUpdated) return;
    const specKeys = [
      'type',
      'x',
      'y',
      'label',
      'timeBucket',
      'xStep',
      'seriesBy',
      'seriesLimit',
      'seriesOther',
      'order',
      'limit',
      'stacked',
      'filterOnClick',
    ];
    if ([...changed.keys()].some((k) => specKeys.includes(k as string))) this.schedule();
  }

  private onSourceChange(detail?: QueryChangeDetail): void {
    if (this.quiet) return;
    // a table's sort does not change a chart
    if (detail && detail.changed.every((k) => k === 'orderBy')) return;
    // its own selection changes what is highlighted, not its data
    if (this.selection.onlySelection(detail)) {
      this.drawChart();
      return;
    }
    this.schedule();
  }

  /** Coalesce every change of one task into one load. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.isConnected) void this.load();
    });
  }

  /** Fetch again after an error (the chart engine too, if its download failed). */
  retry(): void {
    this.load();
  }

  /** Import the chart engine; a failed download is shown in place, with Retry. */
  private fetchEngine(): void {
    loadEngine().then(
      (m) => {
        this.engineMod = m;
        if (this.model && this.isConnected) this.drawChart();
        else if (this.loading) afterPendingWork(() => this.warmEngine());
      },
      (e: unknown) => {
        this.engineFailed = true;
        if (this.isConnected)
          this.#task.fail(
            new EngineLoadError(strings(uiLang(this.locale)).chartEngineFailed, e, loadEngine.failures > 1),
          );
      },
    );
  }

  private seriesElements(): Element[] {
    return [...this.children].filter((c) => c.localName === 'ode-series');
  }

  /** The dataset of each series key ('' = the chart's own). */
  private sourceFor(key: string): DatasetSource | undefined {
    if (!key) return this.sourceCtl.source;
    return this.extra.get(key)?.source;
  }

  private seriesAttributes(): SeriesAttributes[] {
    return this.seriesElements().map((el) => {
      const src = el.getAttribute('source');
      const ds = el.getAttribute('dataset');
      const key = src ? `#${src}` : ds ? `${el.getAttribute('domain') ?? ''}|${ds}` : '';
      if (key && !this.extra.has(key)) {
        // the new controller reports its source at once: that is this load's, not a change
        this.quiet = true;
        this.extra.set(
          key,
          new SourceController(
            this,
            () =>
              src
                ? { sourceId: src }
                : { domain: el.getAttribute('domain') ?? undefined, datasetId: ds ?? undefined },
            (_s, detail) => this.onSourceChange(detail),
          ),
        );
        this.quiet = false;
      }
      return {
        y: el.getAttribute('y'),
        label: el.getAttribute('label'),
        type: el.getAttribute('type'),
        axis: el.getAttribute('axis'),
        x: el.getAttribute('x'),
        sourceKey: key,
      };
    });
  }

  /** Read the attributes, find every dataset drawn, and run the request (or say what is wrong). */
  private load(): void {
    const t = this.ct;
    let spec: ChartSpec;
    try {
      spec = readSpec(
        {
          type: this.type,
          x: this.x,
          y: this.y,
          label: this.label,
          timeBucket: this.timeBucket,
          xStep: this.xStep,
          seriesBy: this.seriesBy,
          seriesLimit: this.seriesLimit,
          seriesOther: this.seriesOther,
          order: this.order,
          limit: this.limit,
          stacked: this.stacked,
        },
        this.seriesAttributes(),
      );
    } catch (e) {
      this.#task.fail(e as Error);
      return;
    }
    this.spec = spec;
    const keys = [...new Set(spec.series.map((s) => s.sourceKey))];
    const sources = new Map<string, DatasetSource>();
    for (const k of keys) {
      const s = this.sourceFor(k);
      if (!s) {
        // the chart's own source is missing (render shows why) or a series' <ode-dataset> is not there (yet)
        if (k && this.extra.get(k)?.problem === 'source-not-found')
          this.#task.fail(new ChartSpecError(t.seriesSourceMissing(k.slice(1))));
        else this.#task.cancel();
        return;
      }
      sources.set(k, s);
    }
    this.#plan = { spec, keys, sources };
    // the engine's download failed before: this load (a Retry, a new query) tries it again
    if (this.engineFailed) {
      this.engineFailed = false;
      this.fetchEngine();
    }
    void this.#task.run();
  }

  /** The metadata of every dataset drawn and the grouped answers, as the model drawn. */
  private async fetchAnswer({ spec, keys, sources }: Plan, signal: AbortSignal): Promise<Loaded> {
    const t = this.ct;
    try {
      const metas = Promise.all(keys.map((k) => sources.get(k)!.loadMetadata(signal)));
      let bucket: TimeBucket | undefined;
      if (spec.timeBucket === 'auto') {
        const main = sources.get(keys[0])!;
        const span = await main.client.records(
          main.datasetId,
          main.toQuery({ select: spanSelect(spec), orderBy: '', limit: 1 }, this.selection.query(main)),
          signal,
        );
        bucket = autoBucket(span.results[0]?.lo as string, span.results[0]?.hi as string);
      } else bucket = spec.timeBucket;
      const requests = groupRequests(spec, bucket);
      const answers = Promise.all(
        requests.map((r) => {
          const s = sources.get(r.sourceKey)!;
          // the chart's own dataset is asked without the chart's own selection
          const shared = r.sourceKey === '' ? this.selection.query(s) : undefined;
          return s.client.records(
            s.datasetId,
            s.toQuery({ select: r.select, groupBy: r.groupBy, orderBy: r.orderBy, limit: r.limit }, shared),
            signal,
          );
        }),
      );
      this.primeCanvas();
      this.warmEngine();
      const [metaList, answerList] = await Promise.all([metas, answers]);
      const metadata = new Map(keys.map((k, i) => [k, metaList[i]]));
      const fields = metaList[0].fields ?? [];
      if (bucket) {
        const f = fields.find((ff) => ff.name === spec.x);
        if (f && f.type !== 'date' && f.type !== 'datetime')
          throw new ChartSpecError(t.notDate(spec.x, f.type));
      }
      const labeller = new Labeller(this.locale, t, fields);
      const model = buildModel(
        spec,
        requests,
        answerList.map((a) => a.results),
        (i) => {
          const s = spec.series[i];
          const meta = metadata.get(s.sourceKey);
          const words = new Labeller(this.locale, t, meta?.fields ?? []).aggregate(s.y);
          return s.sourceKey && meta ? `${words} (${meta.metas?.default?.title ?? meta.dataset_id})` : words;
        },
        bucket,
      );
      if (spec.type === 'scatter' && model.categories.some((c) => c.raw !== null && c.num === undefined))
        throw new ChartSpecError(t.notNumber);
      const labels = new LazyLabels(model.categories.length, (i) =>
        labeller.category(model.categories[i], model),
      );
      for (const s of model.series) {
        if (s.other) s.label = t.other;
        else if (spec.seriesBy && s.label === '') s.label = t.noValue;
      }
      return { metadata, model, labels };
    } catch (e) {
      if (isAbort(e)) throw e;
      // the portal refuses range() on a text field; our words say which attribute to change
      const f = spec.timeBucket && sources.get(keys[0])?.metadata?.fields?.find((ff) => ff.name === spec.x);
      if (f && f.type !== 'date' && f.type !== 'datetime')
        throw new ChartSpecError(t.notDate(spec.x, f.type));
      throw e;
    }
  }

  // --- drawing -------------------------------------------------------------------------------

  private palette(): { colors: string[]; other: string; text: string; grid: string; surface: string } {
    const cs = getComputedStyle(this);
    const v = (name: string) => cs.getPropertyValue(name).trim();
    return {
      colors: [1, 2, 3, 4, 5, 6, 7, 8].map((i) => v(`--_c${i}`)),
      other: v('--_c-other'),
      text: v('--_fg'),
      grid: v('--_border'),
      surface: v('--_bg'),
    };
  }

  private drawInput(): DrawInput | undefined {
    const { model, spec } = this;
    if (!model || !spec) return undefined;
    const p = this.palette();
    const labeller = new Labeller(this.locale, this.ct, this.metadata.get('')?.fields ?? []);
    const type = spec.type;
    const rightTitles = model.series.filter((s) => s.axis === 'right').map((s) => s.label);
    return {
      type,
      stacked: spec.stacked,
      labels: this.labels,
      xValues: type === 'scatter' ? model.categories.map((c) => c.num ?? NaN) : undefined,
      timeAxis: !!model.bucket,
      series: model.series.map((s, i) => ({
        label: s.label,
        values: s.values,
        type: s.type ?? type,
        axis: s.axis,
        color: s.other ? p.other : p.colors[i % p.colors.length],
        hidden: this.hidden_.has(i),
      })),
      sliceColors: model.categories.map((_, i) => p.colors[i % p.colors.length]),
      hiddenSlices: model.categories.map((_, i) => this.hidden_.has(i)),
      text: p.text,
      grid: p.grid,
      surface: p.surface,
      xTitle: labeller.xTitle(spec.x),
      yTitle: model.series.length === 1 || spec.seriesBy ? labeller.aggregate(spec.series[0].y) : '',
      y2Title: rightTitles.join(', '),
      formatY: (v) => labeller.number(v),
      formatX: type === 'scatter' ? (v) => labeller.number(v) : undefined,
      selected: this.selection.selected(),
      selectedSeries: this.selection.selectedSeries(),
    };
  }

  /**
   * While the answer is on its way: give the canvas its drawn size and touch its context, so the
   * first draw reuses that bitmap instead of allocating one (a third of a 2,000-point render), and
   * keep that size for chart.js, so that building the chart does not force a layout of the page.
   * The size is read from a ResizeObserver, after the page's next layout, not asked for now: asking
   * would lay the page out in the middle of its first render, once per chart (five forced layouts on
   * a page of five charts, CPU ×4: 30–90 ms).
   */
  private primeCanvas(): void {
    const c = this.canvas;
    const box = c?.parentElement;
    if (!c || !box || this.#chart || this.#priming) return;
    const observer = new ResizeObserver((entries) => {
      observer.disconnect();
      this.#priming = false;
      const r = entries[entries.length - 1]?.contentRect;
      if (!r || this.#chart || c.parentElement !== box) return;
      const ratio = window.devicePixelRatio || 1;
      // as chart.js would measure it (content box, to a tenth of a pixel), so it need not measure
      const size = { width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10 };
      this.plotSize = size;
      const w = Math.floor(size.width * ratio);
      const h = Math.floor(size.height * ratio);
      if (!w || !h || (c.width === w && c.height === h)) return;
      c.width = w;
      c.height = h;
      c.getContext('2d')?.clearRect(0, 0, 1, 1);
    });
    this.#priming = true;
    observer.observe(box);
  }
  #priming = false;

  /**
   * While the first answer is on its way, the page's first chart builds its chart.js chart, hidden,
   * on placeholder values of the same type, series and about the same length as the answer (a
   * `limit`, else a few dozen): the answer then only updates it. Most of a page's first draw is
   * chart.js's code running for the first time (compiled, its caches filled): done during the
   * network wait, the visitor does not wait for it (CPU ×4, a 10-bar chart: ~200 ms built from
   * scratch, 10–60 ms updated). Only while no chart is alive on the page (the first chart of a page
   * of five warms the code for all five; the others only build their own chart, empty, so that their
   * answers too update a chart), and only before the answer: once chart.js has loaded, as a
   * background task (an answer already arrived is handled first, and the warm-up then does not run).
   * Measured side by side with and without it (bench/peers.js, runs alternating): no slower on one
   * chart, the five-chart page drawn 70–400 ms sooner.
   */
  private warmEngine(): void {
    const m = this.engineMod;
    const spec = this.spec;
    const canvas = this.canvas;
    if (!m || !spec || !canvas || !this.isConnected || this.model || this.#chart) return;
    // another chart of the page has warmed chart.js's code: this one only builds its own chart, empty
    const codeWarm = m.liveCharts() > 0;
    const n = placeholderLength(spec);
    const wave = Array.from({ length: n }, (_, i) => Math.round(50 + 40 * Math.sin(i / 3)));
    const p = this.palette();
    // words and formatted numbers, as the answer's labels and ticks are (measuring and shaping text
    // for the first time is part of a first draw)
    const labeller = new Labeller(this.locale, this.ct);
    const word = (i: number) => `${this.ct.loading} ${i}`;
    const labels = { length: n, at: word, all: () => wave.map((_, i) => word(i)) };
    const size = this.plotSize;
    this.plotSize = undefined;
    performance.mark('ode:chart:warm-start');
    canvas.style.visibility = 'hidden';
    const input: DrawInput = {
      type: spec.type,
      stacked: spec.stacked,
      labels,
      xValues: spec.type === 'scatter' ? wave.map((_, i) => i) : undefined,
      series: spec.series.map((s, i) => ({
        label: String(i),
        values: wave,
        type: s.type ?? spec.type,
        axis: s.axis,
        color: p.colors[i % p.colors.length],
        hidden: false,
      })),
      sliceColors: wave.map((_, i) => p.colors[i % p.colors.length]),
      hiddenSlices: wave.map(() => false),
      text: p.text,
      grid: p.grid,
      surface: p.surface,
      xTitle: labeller.xTitle(spec.x),
      yTitle: labeller.aggregate(spec.series[0].y),
      formatY: (v) => labeller.number(v * 1000),
    };
    // three steps, each a task of its own: build the chart (empty), lay it out with the placeholder
    // values, draw it. An answer arriving meanwhile waits for the rest of one step, not of the whole
    // warm-up, and the steps left are skipped.
    const empty: DrawInput = {
      ...input,
      labels: { length: 0, at: word, all: () => [] },
      xValues: input.xValues && [],
      series: input.series.map((s) => ({ ...s, values: [] })),
      sliceColors: [],
      hiddenSlices: [],
    };
    let chart: Chart | undefined;
    const warming = () => !!chart && chart === this.#chart && !this.model;
    try {
      chart = this.#chart = m.draw(canvas, empty, undefined, size, { paint: false });
    } catch {
      /* an optimisation: the real draw reports its own errors */
    }
    performance.measure('ode:chart:warm', 'ode:chart:warm-start');
    if (codeWarm) return;
    afterPendingWork(() => {
      if (!warming()) return;
      performance.mark('ode:chart:warm-layout-start');
      try {
        m.draw(canvas, input, chart, undefined, { paint: false });
      } catch {
        /* as above */
      }
      performance.measure('ode:chart:warm-layout', 'ode:chart:warm-layout-start');
      afterPendingWork(() => {
        if (!warming()) return;
        performance.mark('ode:chart:warm-paint-start');
        try {
          m.paint(chart!);
        } catch {
          /* as above */
        }
        // the source notice under the chart shows the dataset's last update as a long date, a chart
        // of time buckets dates as labels: where Intl writes them (locales other than en and fr),
        // the page's first date format loads the locale's date patterns (~100 ms at CPU ×4), paid here
        formatDate(new Date(0).toISOString(), this.locale);
        if (spec.timeBucket && spec.timeBucket !== 'auto') labeller.bucket(0, spec.timeBucket);
        performance.measure('ode:chart:warm-paint', 'ode:chart:warm-paint-start');
      });
    });
  }

  private drawChart(): void {
    const m = this.engineMod;
    const input = this.drawInput();
    if (!m || !input || !this.canvas || !this.isConnected) return;
    // the chart built while loading was hidden
    this.canvas.style.visibility = '';
    if (this.model!.categories.length === 0) {
      this.#chart?.destroy();
      this.#chart = undefined;
      return;
    }
    performance.mark('ode:chart:draw-start');
    // the size measured while the answer was on its way, once (later charts are measured by chart.js)
    const size = this.plotSize;
    this.plotSize = undefined;
    this.#chart = m.draw(this.canvas, input, this.#chart, size);
    performance.mark('ode:chart:drawn');
    performance.measure('ode:chart:render', 'ode:chart:draw-start', 'ode:chart:drawn');
  }

  // --- public helpers ------------------------------------------------------------------------

  /** The values drawn, as CSV (one row per category, one column per series). */
  toCsv(): string {
    if (!this.model || !this.spec) return '';
    const labeller = new Labeller(this.locale, this.ct, this.metadata.get('')?.fields ?? []);
    return toCsv(
      labeller.xTitle(this.spec.x),
      this.labels.all(),
      this.model,
      this.model.series.map((s) => s.label),
    );
  }

  /**
   * The source notice of every dataset drawn, one line each, as plain text: title, dataset page,
   * publisher, licence, last update, mentions — the facts `<ode-attribution>` shows. What a copy of
   * the chart must carry (the PNG export draws it).
   */
  attributionLines(): string[] {
    return [...this.metadata.entries()].map(([key, ds]) =>
      attributionLine(attributionFacts(ds, this.sourceFor(key)?.domain, this.locale), this.locale),
    );
  }

  /** The chart as a PNG, on the theme's surface colour, with the source notice under it. */
  async toPng(): Promise<Blob> {
    const src = this.canvas;
    if (!src || !this.#chart) throw new Error('The chart is not drawn yet.');
    // the chart as laid out now: chart.js redraws a resized box on the next frame (its
    // ResizeObserver), so a box that just changed (a scrollbar appeared, the table view opened)
    // would export the previous bitmap, of the previous width; resize() redraws now if the size changed
    const { chartPng } = await loadExport();
    this.#chart.resize();
    return chartPng(src, this.attributionLines(), this.palette());
  }

  private async download(blob: Blob, ext: string): Promise<void> {
    const { download, exportName } = await loadExport();
    download(this.renderRoot, blob, exportName(this.sourceCtl.source?.datasetId, this.x, ext));
  }

  // --- interaction ---------------------------------------------------------------------------

  private toggle(i: number): void {
    const next = new Set(this.hidden_);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    this.hidden_ = next;
    const chart = this.#chart;
    if (!chart) return;
    const circular = this.spec?.type === 'pie' || this.spec?.type === 'doughnut';
    if (circular) chart.toggleDataVisibility(i);
    else chart.setDatasetVisibility(i, !next.has(i));
    chart.update('none');
  }

  /** Enter or Space on the category read chooses it (filter-on-click), Escape clears; else reading. */
  private readonly onPlotKey = (e: KeyboardEvent): void => {
    const i = this.reader.active;
    if ((e.key === 'Enter' || e.key === ' ') && i >= 0 && this.selection.toggle(i)) {
      e.preventDefault();
      return;
    }
    if (e.key === 'Escape' && this.selection.clear()) {
      e.preventDefault();
      return;
    }
    this.reader.onKey(e);
  };

  /** Label, formatted value and colour of each visible series at category `i` (one row for a slice). */
  private tipRows(i: number): [string, string, string][] {
    const model = this.model!;
    const labeller = new Labeller(this.locale, this.ct);
    const p = this.palette();
    const circular = this.spec?.type === 'pie' || this.spec?.type === 'doughnut';
    if (circular) return [['', labeller.number(model.series[0].values[i]), p.colors[i % p.colors.length]]];
    const rows: [string, string, string][] = [];
    model.series.forEach((s, k) => {
      if (this.hidden_.has(k)) return;
      const color = s.other ? p.other : p.colors[k % p.colors.length];
      rows.push([model.series.length > 1 ? s.label : '', labeller.number(s.values[i]), color]);
    });
    return rows;
  }

  /**
   * filter-on-click: the category under the pointer is selected or unselected; in a series-by chart, a
   * click on an item (a bar segment, a point) selects its series.
   */
  private readonly onPlotClick = (e: MouseEvent): void => {
    const chart = this.#chart;
    if (!this.filterOnClick || !chart || !this.engineMod || !this.model) return;
    if (this.spec?.seriesBy) {
      const item = this.engineMod.itemAt(chart, e as PointerEvent);
      if (item && this.selection.toggleSeries(item.series)) return;
    }
    const i = this.engineMod.indexAt(chart, e as PointerEvent);
    if (i >= 0) this.selection.toggle(i);
  };

  // --- rendering -----------------------------------------------------------------------------

  private get ct(): ChartStrings {
    return chartStrings(uiLang(this.locale));
  }

  /** The accessible name of the plot: what it shows, its extent and its highest value. */
  private summary(): string {
    const { model, spec } = this;
    const t = this.ct;
    if (!model || !spec) return t.loading;
    const labeller = new Labeller(this.locale, t, this.metadata.get('')?.fields ?? []);
    const n = model.categories.length;
    const parts = [
      `${t.types[spec.type]}: ${t.by(spec.seriesBy || model.series.length === 1 ? labeller.aggregate(spec.series[0].y) : model.series.map((s) => s.label).join(', '), labeller.xTitle(spec.x))}`,
      n === 1 ? t.onePoint : t.points(labeller.number(n)),
    ];
    if (model.series.length > 1) parts.push(t.seriesCount(model.series.length));
    if (n > 1 && xKind(spec) !== 'category') parts.push(t.range(this.labels.at(0), this.labels.at(n - 1)));
    const first = model.series[0];
    let best = -1;
    first?.values.forEach((v, i) => {
      if (v !== null && (best < 0 || v > (first.values[best] ?? -Infinity))) best = i;
    });
    if (best >= 0 && model.series.length === 1)
      parts.push(t.highest(this.labels.at(best), labeller.number(first.values[best])));
    const selection = this.selection.selector
      ? ` ${this.selection.describe()} ${selectionStrings(uiLang(this.locale)).keysHint}`
      : '';
    return `${parts.join('; ')}.${selection} ${t.keysHint} ${t.tableHint}`;
  }

  protected override render(): TemplateResult {
    const t = this.ct;
    const core = strings(uiLang(this.locale));
    if (this.sourceCtl.problem) return sourceProblemView(this, this.sourceCtl, core);
    const error = this.#task.error;
    if (error) {
      if (error instanceof ChartSpecError)
        return html`<div part="error" class="error" role="alert">
          <p><strong>${t.badSpec}</strong> ${error.message}</p>
        </div>`;
      // notices only for datasets whose metadata is in hand: without it, a notice's own request would
      // fail the same way and repeat this error under it
      return html`${errorView(error, core, this.locale, () => this.retry())}${this.renderAttributions(true)}`;
    }
    const model = this.model;
    const empty = !this.loading && model && model.categories.length === 0;
    return html`
      <div part="toolbar" class="toolbar">
        ${this.renderLegend()}
        <div part="actions" class="actions">
          <button
            type="button"
            aria-expanded=${this.showTable ? 'true' : 'false'}
            aria-controls="values"
            ?disabled=${!model}
            @click=${() => (this.showTable = !this.showTable)}
          >
            ${t.viewTable}
          </button>
          <button
            type="button"
            ?disabled=${!model || !!empty}
            @click=${async () => this.download(await this.toPng(), 'png')}
          >
            <span class="visually-hidden">${t.downloads} </span>${t.downloadPng}
          </button>
          <button
            type="button"
            ?disabled=${!model || !!empty}
            @click=${() => this.download(new Blob([this.toCsv()], { type: 'text/csv' }), 'csv')}
          >
            <span class="visually-hidden">${t.downloads} </span>${t.downloadCsv}
          </button>
        </div>
      </div>
      <div class="plot-box" aria-busy=${this.loading ? 'true' : 'false'}>
        <div
          part="plot"
          class="plot"
          role="img"
          tabindex=${model && !empty ? '0' : '-1'}
          aria-label=${this.summary()}
          @keydown=${this.onPlotKey}
          @click=${this.onPlotClick}
          @pointermove=${this.reader.onPointerMove}
          @pointerleave=${this.reader.hide}
          @blur=${this.reader.onBlur}
        >
          <canvas></canvas>
        </div>
        ${this.reader.tip()}
        ${
          this.loading && !model
            ? html`<p part="status" class="status" role="status">${t.loading}</p>`
            : empty
              ? this.renderEmpty(t)
              : nothing
        }
      </div>
      <p class="visually-hidden" aria-live="polite">${this.reader.announce}</p>
      ${
        model?.truncated
          ? html`<p part="notice" class="notice">
              ${t.truncated(numberFormat(this.locale).format(model.categories.length))}
            </p>`
          : nothing
      }
      ${this.showTable && model ? this.renderTable() : nothing}
      ${
        this.noticeReady
          ? this.renderAttributions()
          : html`<div
              class=${this.attribution === 'external' ? 'attribution-slot' : 'attribution-slot pending'}
            ></div>`
      }
    `;
  }

  private renderEmpty(t: ChartStrings): TemplateResult {
    const filters = this.sourceCtl.source?.describeFilters() ?? [];
    return html`<div part="status" class="status" role="status">
      <p>${filters.length ? t.emptyFiltered : t.empty}</p>
      ${filters.length ? html`<p>${t.activeFilters} ${filters.join(', ')}</p>` : nothing}
    </div>`;
  }

  private renderLegend(): TemplateResult | typeof nothing {
    const { model, spec } = this;
    if (!model || !spec || model.categories.length === 0) return html`<div class="legend-space"></div>`;
    const circular = spec.type === 'pie' || spec.type === 'doughnut';
    const items = circular
      ? this.labels.all()
      : model.series.length > 1
        ? model.series.map((s) => s.label)
        : [];
    if (!items.length) return html`<div class="legend-space"></div>`;
    const p = this.palette();
    return html`<ul part="legend" class="legend" aria-label=${this.ct.legend}>
      ${items.map((label, i) => {
        const color = !circular && model.series[i].other ? p.other : p.colors[i % p.colors.length];
        return html`<li>
          <button
            part="legend-item"
            type="button"
            aria-pressed=${this.hidden_.has(i) ? 'false' : 'true'}
            @click=${() => this.toggle(i)}
          >
            <span class="swatch" style=${styleMap({ '--_swatch': color })}></span>${label}
          </button>
        </li>`;
      })}
    </ul>`;
  }

  private renderTable(): TemplateResult {
    const model = this.model!;
    const spec = this.spec!;
    const labeller = new Labeller(this.locale, this.ct, this.metadata.get('')?.fields ?? []);
    const selected = this.selection.selected();
    return html`<div class="table-box" id="values" tabindex="0" role="region" aria-label=${this.ct.viewTable}>
      <table part="table">
        <caption>
          ${this.summary().split('. ')[0]}
        </caption>
        <thead>
          <tr>
            <th scope="col">${labeller.xTitle(spec.x)}</th>
            ${model.series.map((s) => html`<th scope="col" class="num">${s.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${model.categories.map(
            (_, i) =>
              html`<tr class=${selected?.[i] ? 'selected' : ''}>
                <th scope="row">
                  ${this.labels.at(i)}${
                    selected?.[i]
                      ? html` <span aria-hidden="true">✓</span
                          ><span class="visually-hidden"
                            >(${selectionStrings(uiLang(this.locale)).mark})</span
                          >`
                      : nothing
                  }
                </th>
                ${model.series.map((s) => html`<td class="num">${labeller.number(s.values[i])}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  /** The notice of each dataset drawn; `withMetadataOnly`: of those whose metadata has arrived. */
  private renderAttributions(withMetadataOnly = false): TemplateResult | typeof nothing {
    const keys = [...new Set((this.spec?.series ?? [{ sourceKey: '' }]).map((s) => s.sourceKey))];
    const shown = keys
      .map((k) => this.sourceFor(k))
      .filter((s, i, all): s is DatasetSource => !!s && all.indexOf(s) === i)
      .filter((s) => !withMetadataOnly || !!s.metadata);
    if (!shown.length) return nothing;
    return html`<div class="attribution-slot">
      ${shown.map((s) => attributionView('ode-chart', s, this.attribution))}
    </div>`;
  }
}
