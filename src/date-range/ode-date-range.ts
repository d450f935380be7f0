import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { DatasetSource, DateRange, QueryChangeDetail, SharedQuery } from '../core/source.js';
import { OdeDataView } from '../core/data-view.js';
import { uiLang } from '../core/lang.js';
import type { OdeLoadDetail } from '../core/events.js';
import { field as odsqlField } from '../api/odsql.js';
import type { Dataset, DatasetField } from '../api/types.js';
import { dayOf, isDay, parsePresets, presetRange, today, type Preset } from './days.js';
import { dateRangeStrings, type DateRangeStrings } from './strings.js';
import { dateRangeStyles } from './ode-date-range.styles.js';

let uid = 0;

interface Bounds {
  metadata: Dataset;
  field: DatasetField;
  /** First and last day of the data, in the query's time zone. */
  min?: string;
  max?: string;
}

const isDateField = (f: DatasetField) => f.type === 'date' || f.type === 'datetime';

/**
 * @summary A date filter for a dataset: two labelled native date inputs (From/To) and optional presets
 * write one clause into the shared query of its `<ode-dataset>` — whole days, both inclusive
 * (`date >= date'2001-02-01' AND date < date'2001-03-01'` for 1–28 February) — so every view of the
 * dataset follows; the inputs cannot leave the span of the data (a `min()`/`max()` aggregate).
 *
 * @attr domain - Portal host or origin (standalone use: a date range alone filters nothing else).
 * @attr dataset - Dataset identifier (standalone use; property `datasetId`).
 * @attr source - Id of the `<ode-dataset>` to filter (instead of nesting in it).
 * @attr apikey - API key (standalone use). A key in a public page is public.
 * @attr field - The `date` or `datetime` field to filter (default: the dataset's first one).
 * @attr from - First day, `YYYY-MM-DD` (inclusive); set by the visitor's choice too (reflected).
 * @attr to - Last day, `YYYY-MM-DD` (inclusive); reflected.
 * @attr presets - Comma-separated period buttons: `7d` (the last 7 days), `3m` (the last 3 months),
 *   `year` (from 1 January), `all` (no bound). They end on the last day of the data, or today if earlier.
 * @attr timezone - Time zone the days are read in (e.g. `Europe/Paris`). Default: the `<ode-dataset>`'s
 *   `timezone`, else the dataset's own (`metas.default.timezone`), else UTC. When it differs from the
 *   shared query's, the date range sets it there, so every view counts the same days.
 * @attr label - Legend of the group (default: the field's label).
 *
 * @fires ode-load - The span of the data is known; `detail.min` and `detail.max` are its first and last
 *   days (`YYYY-MM-DD`).
 * @fires ode-error - The metadata or the span could not be loaded; `detail.error` says why.
 *
 * @csspart fieldset - The group (`<fieldset>`).
 * @csspart from - The first-day input.
 * @csspart to - The last-day input.
 * @csspart preset - Each period button.
 * @csspart clear - The Clear button.
 * @csspart note - The span of the data, or what is wrong with the dates entered.
 * @csspart error - The error box.
 * @csspart retry - The Retry button.
 *
 * @cssprop --ode-color-border - Borders.
 * @cssprop --ode-color-focus - Focus ring.
 * @cssprop --ode-color-danger - Invalid dates.
 * @cssprop --ode-color-muted - The note.
 */
export class OdeDateRange extends OdeDataView<Bounds> {
  static override styles = dateRangeStyles;
  static override properties: PropertyDeclarations = {
    field: { reflect: true },
    from: { reflect: true },
    to: { reflect: true },
    presets: {},
    timezone: {},
    label: {},
    invalid: { state: true },
  };

  field?: string;
  from?: string;
  to?: string;
  presets?: string;
  timezone?: string;
  label?: string;
  /** The dates entered are in the wrong order (nothing written). */
  private invalid = false;

  /** This element's key in the shared query's date ranges. */
  readonly #owner = `date-range-${++uid}`;
  readonly #id = `ode-date-range-${uid}`;
  #presetList: Preset[] = [];
  /** The bounds the range was last written with. */
  #written?: Bounds;

  /** @internal */
  protected override sourceChanged(source: DatasetSource | undefined, detail?: QueryChangeDetail): void {
    // (a disconnected element is taking its own range out: nothing to show)
    if (!source || !this.isConnected) return;
    if (!detail) this.#write();
    else if (detail.changed.includes('ranges')) {
      // our range was changed or removed by something else (a "clear all filters"): show it
      const r = source.query.ranges?.[this.#owner];
      if (r !== this.#mine) {
        this.#mine = r;
        this.from = r?.from;
        this.to = r?.to;
      }
    }
  }

  override disconnectedCallback(): void {
    // the filter leaves with the element (it comes back if the element is put back)
    this.sourceCtl.source?.update({ ranges: this.#rangesWithout(this.sourceCtl.source.query) });
    super.disconnectedCallback();
  }

  #rangesWithout(q: SharedQuery): SharedQuery['ranges'] {
    const { [this.#owner]: _mine, ...others } = q.ranges ?? {};
    return others;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // the field (or the dataset's time zone) may be known only once the metadata arrived
    const bounds = this.task.value;
    const failed = this.task.status === 'error';
    if (
      changed.has('from') ||
      changed.has('to') ||
      changed.has('field') ||
      changed.has('timezone') ||
      bounds !== this.#written ||
      failed !== this.#failed
    ) {
      this.#written = bounds;
      this.#failed = failed;
      this.#write();
    }
  }
  /** The range this element last put into the shared query. */
  #mine?: DateRange;
  /** Whether the metadata or the span failed (a field that is no date field…) when last written. */
  #failed = false;

  /** @internal */
  protected override checkAttributes(): string | undefined {
    const t = this.t;
    const presets = parsePresets(this.presets);
    if (typeof presets === 'string') return t.badAttr('presets', presets);
    this.#presetList = presets;
    for (const name of ['from', 'to'] as const) {
      const v = this[name];
      if (v && !isDay(v)) return t.badAttr(name, `expected a day as YYYY-MM-DD, not "${v}"`);
    }
    if (this.field) {
      try {
        odsqlField(this.field);
      } catch (e) {
        return t.badAttr('field', (e as Error).message);
      }
    }
    if (this.timezone) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: this.timezone });
      } catch {
        return t.badAttr('timezone', `"${this.timezone}" is not a time zone (e.g. Europe/Paris, UTC)`);
      }
    }
    return undefined;
  }

  /** The field filtered: the attribute, else the dataset's first date field (once the metadata is known). */
  get #fieldName(): string | undefined {
    return this.field || this.task.value?.field.name;
  }

  /** The time zone days are read in, when it must be set on the shared query. */
  #zoneFor(source: DatasetSource, metadata?: Dataset): string | undefined {
    if (this.timezone) return this.timezone;
    if (source.query.timezone) return undefined;
    const own = metadata?.metas?.default?.timezone;
    return typeof own === 'string' && own ? own : undefined;
  }

  /** Put the current range into the shared query (or take it out when both days are empty). */
  #write(): void {
    const source = this.sourceCtl.source;
    const fieldName = this.#fieldName;
    if (!source) return;
    // (called before the first update too, when the source arrives: the attributes are checked here)
    if (this.checkAttributes() || !fieldName || this.task.status === 'error') {
      // a range that cannot be right (bad days, a field that is no date) filters nothing
      this.#mine = undefined;
      if (source.query.ranges?.[this.#owner]) source.update({ ranges: this.#rangesWithout(source.query) });
      return;
    }
    if (this.from && this.to && this.from > this.to) {
      this.invalid = true;
      return;
    }
    this.invalid = false;
    const others = this.#rangesWithout(source.query);
    const ranges =
      this.from || this.to
        ? {
            ...others,
            [this.#owner]: { field: fieldName, from: this.from || undefined, to: this.to || undefined },
          }
        : others;
    const zone = this.#zoneFor(source, this.task.value?.metadata);
    this.#mine = ranges[this.#owner];
    source.update({ ranges, ...(zone && zone !== source.query.timezone ? { timezone: zone } : {}) });
  }

  /** @internal */
  protected override requestKey(source: DatasetSource): unknown {
    return [this.field, this.timezone || source.query.timezone];
  }

  /** @internal */
  protected override loadDetail(bounds: Bounds): OdeLoadDetail {
    return { min: bounds.min, max: bounds.max };
  }

  /** @internal */
  protected override async fetchData(source: DatasetSource, signal: AbortSignal): Promise<Bounds> {
    const metadata = await source.loadMetadata(signal);
    const fields = metadata.fields ?? [];
    const t = { ...this.t, ...dateRangeStrings(uiLang(this.locale)) };
    const chosen = this.field ? fields.find((f) => f.name === this.field) : fields.find(isDateField);
    if (!chosen)
      throw new Error(
        this.field
          ? t.badAttr('field', `no field "${this.field}" in this dataset`)
          : `<ode-date-range> ${t.noDateField}`,
      );
    if (!isDateField(chosen)) throw new Error(t.notDateField(chosen.name, chosen.type));
    const f = odsqlField(chosen.name);
    // the span of the whole dataset (not of the current filters: the inputs' bounds do not jump)
    const answer = await source.client.records<{ lo?: unknown; hi?: unknown }>(
      source.datasetId,
      {
        select: `min(${f}) as lo, max(${f}) as hi`,
        limit: 1,
        timezone: this.timezone || source.query.timezone,
      },
      signal,
    );
    const row = answer.results?.[0];
    return { metadata, field: chosen, min: dayOf(row?.lo), max: dayOf(row?.hi) };
  }

  #onInput(which: 'from' | 'to', e: Event): void {
    const input = e.target as HTMLInputElement;
    let v = input.value || undefined;
    const b = this.task.value;
    // a day typed outside the data is brought back to its first or last day
    if (v && b?.min && v < b.min) v = b.min;
    if (v && b?.max && v > b.max) v = b.max;
    if (v !== input.value) input.value = v ?? '';
    this[which] = v;
  }

  #applyPreset(p: Preset): void {
    const b = this.task.value;
    const zone = this.timezone || this.sourceCtl.source?.query.timezone || 'UTC';
    const now = today(zone);
    const end = b?.max && b.max < now ? b.max : now;
    const r = presetRange(p, end, b?.min);
    this.from = r.from;
    this.to = r.to;
  }

  async #clear(): Promise<void> {
    this.from = undefined;
    this.to = undefined;
    // the Clear button goes away with the dates: the focus goes to the first input
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('[part="from"]')?.focus();
  }

  #presetLabel(p: Preset, t: DateRangeStrings, end?: string): string {
    if (p.kind === 'days') return t.lastDays(p.n);
    if (p.kind === 'months') return t.lastMonths(p.n);
    if (p.kind === 'year') return end ? end.slice(0, 4) : String(new Date().getFullYear());
    return t.all;
  }

  #format(day: string): string {
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );
  }

  protected override render(): TemplateResult {
    const t = { ...this.t, ...dateRangeStrings(uiLang(this.locale)) };
    const problem = this.renderProblem(t) ?? this.renderError(t);
    if (problem) return problem;
    const ctl = this.sourceCtl;
    const b = this.task.value;
    const legend = this.label ?? (b ? b.field.label || b.field.name : (this.field ?? ''));
    const zone = this.timezone || ctl.source?.query.timezone || 'UTC';
    const now = today(zone);
    const end = b?.max && b.max < now ? b.max : now;
    const note = this.invalid
      ? t.order
      : b
        ? b.min && b.max
          ? t.span(this.#format(b.min), this.#format(b.max))
          : t.noDates
        : '';
    const id = this.#id;
    return html`<fieldset part="fieldset" aria-describedby="${id}-note">
      <legend>${legend || html`<span class="visually-hidden">${t.from} – ${t.to}</span>`}</legend>
      <div class="bound">
        <label for="${id}-from">${t.from}</label>
        <input
          part="from"
          id="${id}-from"
          type="date"
          .value=${this.from ?? ''}
          min=${b?.min ?? nothing}
          max=${(this.to || b?.max) ?? nothing}
          aria-invalid=${this.invalid ? 'true' : 'false'}
          @change=${(e: Event) => this.#onInput('from', e)}
        />
      </div>
      <div class="bound">
        <label for="${id}-to">${t.to}</label>
        <input
          part="to"
          id="${id}-to"
          type="date"
          .value=${this.to ?? ''}
          min=${(this.from || b?.min) ?? nothing}
          max=${b?.max ?? nothing}
          aria-invalid=${this.invalid ? 'true' : 'false'}
          @change=${(e: Event) => this.#onInput('to', e)}
        />
      </div>
      ${
        this.#presetList.length
          ? html`<div class="presets" role="group" aria-label=${t.presets}>
              ${this.#presetList.map((p) => {
                const r = presetRange(p, end, b?.min);
                const pressed = (r.from ?? '') === (this.from ?? '') && (r.to ?? '') === (this.to ?? '');
                return html`<button
                  part="preset"
                  type="button"
                  aria-pressed=${pressed ? 'true' : 'false'}
                  @click=${() => this.#applyPreset(p)}
                >
                  ${this.#presetLabel(p, t, end)}
                </button>`;
              })}
            </div>`
          : nothing
      }
      ${
        this.from || this.to
          ? html`<button
              part="clear"
              type="button"
              aria-label=${t.clearDates(legend || t.from)}
              @click=${() => this.#clear()}
            >
              ${t.clear}
            </button>`
          : nothing
      }
      <p
        part="note"
        id="${id}-note"
        class="note ${this.invalid ? 'invalid' : ''}"
        role=${this.invalid ? 'alert' : nothing}
      >
        ${note}
      </p>
    </fieldset>`;
  }
}
