/**
 * @summary One series of an `<ode-chart>`: an aggregate of the chart's dataset or of another one,
 * drawn on the chart's x axis. It shows nothing itself; the chart reads its attributes and redraws
 * when they change (the chart watches its children: the series fires no event).
 *
 * @attr y - An ODSQL aggregate: `count(*)`, `sum(field)`, `avg(field)`, `min`, `max`, `median`,
 *   `percentile(field, 90)`.
 * @attr label - The series name in the legend, tooltip and table (default: words for `y`).
 * @attr type - Draw this series differently from the chart: `line`, `area`, `column`…
 * @attr axis - `left` (default) or `right`: a second y axis for another unit.
 * @attr x - The x field in another dataset, when named differently there (bucketed like the chart's).
 * @attr source - Id of an `<ode-dataset>` whose query this series follows (another dataset).
 * @attr domain - Portal of another dataset (with `dataset`, instead of `source`).
 * @attr dataset - Another dataset on that portal (property `datasetId`).
 */
export class OdeSeries extends HTMLElement {
  connectedCallback(): void {
    this.hidden = true;
  }

  get datasetId(): string | null {
    return this.getAttribute('dataset');
  }
  set datasetId(v: string | null) {
    if (v === null) this.removeAttribute('dataset');
    else this.setAttribute('dataset', v);
  }
}
