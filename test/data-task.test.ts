import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { DataTask, errorKind, isBusy } from '../src/core/data-task.js';
import { ApiError } from '../src/api/errors.js';

/** A promise settled from outside, and the signal the task handed to the work. */
interface Pending {
  resolve: (v: string) => void;
  reject: (e: unknown) => void;
  signal: AbortSignal;
}

class TaskHost extends LitElement {
  pending: Pending[] = [];
  done: string[] = [];
  errors: Error[] = [];
  /** What the shadow root said when onShown ran. */
  shown: string[] = [];
  /** The task's status at each update of the host. */
  renders: string[] = [];
  static override properties = { answer: { state: true } };
  /** Set by onDone, as a view sets what it shows from the answer. */
  answer?: string;
  task = new DataTask<string>(this, {
    task: (signal) =>
      new Promise<string>((resolve, reject) => {
        this.pending.push({ resolve, reject, signal });
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
    onDone: (v) => {
      this.done.push(v);
      this.answer = v;
    },
    onError: (e) => {
      this.errors.push(e);
    },
    onShown: () => {
      this.shown.push(`${this.shadowRoot!.textContent} busy=${this.hasAttribute('aria-busy')}`);
    },
  });
  override render() {
    return html`<p>${this.task.status}: ${this.task.value ?? ''}</p>`;
  }
  override updated() {
    this.renders.push(this.task.status);
  }
}
customElements.define('test-task-host', TaskHost);

const loading = (el: Element) => el.matches(':state(loading)');

describe('DataTask', () => {
  it('gives the host :state(loading) and aria-busy while waiting, and removes both once shown', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    expect(el.task.status).to.equal('idle');
    expect(el.hasAttribute('aria-busy')).to.equal(false);
    const run = el.task.run();
    expect(el.task.status).to.equal('loading');
    expect(el.getAttribute('aria-busy')).to.equal('true');
    expect(loading(el)).to.equal(true);
    expect(isBusy(el)).to.equal(true);
    el.pending[0].resolve('answer');
    await run;
    expect(el.task.status).to.equal('done');
    expect(el.shadowRoot!.textContent).to.contain('done: answer');
    expect(el.hasAttribute('aria-busy')).to.equal(false);
    expect(loading(el)).to.equal(false);
    expect(el.done).to.deep.equal(['answer']);
  });

  it('renders an answer once, already "done", when onDone changed what the host shows', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    const run = el.task.run();
    await el.updateComplete;
    el.renders = [];
    el.pending[0].resolve('answer');
    await run;
    expect(el.answer).to.equal('answer');
    expect(el.renders).to.deep.equal(['done']);
  });

  it('aborts the superseded run and drops its answer', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    const first = el.task.run();
    const second = el.task.run();
    expect(el.pending[0].signal.aborted).to.equal(true);
    el.pending[0].resolve('stale');
    el.pending[1].resolve('fresh');
    await Promise.all([first, second]);
    expect(el.done).to.deep.equal(['fresh']);
    expect(el.task.value).to.equal('fresh');
    expect(el.errors).to.deep.equal([]);
    expect(el.hasAttribute('aria-busy')).to.equal(false);
  });

  it('keeps the error, calls onError once, and clears the loading state', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    const run = el.task.run();
    el.pending[0].reject(new ApiError('Quota', 429, 'x', 'u'));
    await run;
    expect(el.task.status).to.equal('error');
    expect(el.task.errorKind).to.equal('quota');
    expect(el.errors.length).to.equal(1);
    expect(el.hasAttribute('aria-busy')).to.equal(false);
    // retry goes back to loading
    const again = el.task.retry();
    expect(el.getAttribute('aria-busy')).to.equal('true');
    el.pending[1].resolve('ok');
    await again;
    expect(el.task.status).to.equal('done');
    expect(el.task.error).to.equal(undefined);
  });

  it('keeps the host busy during side requests and drops them when a new run starts', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    const run = el.task.run();
    el.pending[0].resolve('first');
    await run;
    let release!: (v: number) => void;
    const side = el.task.request((signal) => {
      signal.addEventListener('abort', () => release(-1));
      return new Promise<number>((r) => (release = r));
    });
    expect(el.getAttribute('aria-busy')).to.equal('true');
    const next = el.task.run();
    expect(await side).to.equal(undefined);
    expect(el.getAttribute('aria-busy')).to.equal('true');
    el.pending[1].resolve('second');
    await next;
    expect(el.task.value).to.equal('second');
    expect(el.hasAttribute('aria-busy')).to.equal(false);
  });

  it('stops waiting when the host leaves the page', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    void el.task.run();
    el.remove();
    expect(el.pending[0].signal.aborted).to.equal(true);
    expect(el.hasAttribute('aria-busy')).to.equal(false);
    expect(loading(el)).to.equal(false);
  });

  it('classifies errors', () => {
    expect(errorKind(new ApiError('x', 0, undefined, 'u'))).to.equal('network');
    expect(errorKind(new ApiError('x', 503, undefined, 'u'))).to.equal('api');
    expect(errorKind(new ApiError('x', 0, 'ODE_TIMEOUT', 'u'))).to.equal('timeout');
    expect(errorKind(new ApiError('x', 200, 'ODE_SHAPE', 'u'))).to.equal('shape');
    expect(errorKind(new TypeError('x'))).to.equal('other');
    // the client's own kinds (src/api/errors.ts)
    expect(errorKind(new ApiError('x', 0, undefined, 'u', undefined, 'timeout'))).to.equal('timeout');
    expect(errorKind(new ApiError('x', 200, undefined, 'u', undefined, 'shape'))).to.equal('shape');
    expect(errorKind(new ApiError('x', 0, undefined, 'u', undefined, 'too-long'))).to.equal('api');
  });

  it('calls onShown once the host rendered the answer and the loading state is gone, never for a superseded run or an error', async () => {
    const el = await fixture<TaskHost>(html`<test-task-host></test-task-host>`);
    const first = el.task.run();
    const second = el.task.run();
    el.pending[0].resolve('stale');
    el.pending[1].resolve('fresh');
    await Promise.all([first, second]);
    expect(el.shown).to.deep.equal(['done: fresh busy=false']);
    const failing = el.task.run();
    el.pending[2].reject(new ApiError('Down', 503, undefined, 'u'));
    await failing;
    expect(el.shown).to.have.length(1);
  });
});
