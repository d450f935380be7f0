import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbort } from '../api/client.js';
import { ApiError } from '../api/errors.js';

/** Where a view's data request stands. */
export type TaskStatus = 'idle' | 'loading' | 'done' | 'error';

/**
 * What kind of failure an error is, for messages and retry decisions:
 * - `api`: the portal answered with an error (4xx/5xx, its own message);
 * - `network`: the portal could not be reached, or the connection dropped;
 * - `timeout`: the portal did not answer in time;
 * - `quota`: the portal's request quota is spent (429);
 * - `shape`: the portal answered, but not what the Explore API v2.1 returns;
 * - `other`: anything else (a configuration error of ours, a chunk that failed to load…).
 */
export type ErrorKind = 'api' | 'network' | 'timeout' | 'quota' | 'shape' | 'other';

/** Classify an error thrown by a view's request. */
export function errorKind(e: unknown): ErrorKind {
  if (e instanceof DOMException && e.name === 'TimeoutError') return 'timeout';
  if (!(e instanceof ApiError)) return 'other';
  if (e.kind === 'timeout' || e.errorCode === 'ODE_TIMEOUT') return 'timeout';
  if (e.kind === 'shape' || e.errorCode === 'ODE_SHAPE') return 'shape';
  // refused before sending: nothing reached the portal, and trying again will not help
  if (e.kind === 'too-long') return 'api';
  if (e.status === 429) return 'quota';
  if (e.status === 0) return 'network';
  return 'api';
}

type Host = ReactiveControllerHost & HTMLElement;

const internalsOf = new WeakMap<HTMLElement, ElementInternals | null>();

/**
 * The element's `ElementInternals`, attached once and shared by everything that needs it (custom
 * states today). Null where the browser has none, or where the element attached its own first.
 */
export function hostInternals(host: HTMLElement): ElementInternals | null {
  let internals = internalsOf.get(host);
  if (internals === undefined) {
    try {
      internals = host.attachInternals();
    } catch {
      internals = null;
    }
    internalsOf.set(host, internals);
  }
  return internals;
}

/** Add or remove a custom state (`:state(name)`); engines without CustomStateSet are skipped. */
export function setCustomState(host: HTMLElement, name: string, on: boolean): void {
  const states = hostInternals(host)?.states;
  if (!states) return;
  try {
    if (on) states.add(name);
    else states.delete(name);
  } catch {
    // Chromium before 125 accepted only the `--name` form
    try {
      if (on) states.add(`--${name}`);
      else states.delete(`--${name}`);
    } catch {
      /* no custom states in this engine: aria-busy still says it */
    }
  }
}

/** The tasks of each host that are waiting for data: the host is busy while any is. */
const busyTasks = new WeakMap<HTMLElement, Set<object>>();

function markBusy(host: HTMLElement, task: object, busy: boolean): void {
  let set = busyTasks.get(host);
  if (!set) busyTasks.set(host, (set = new Set()));
  const before = set.size > 0;
  if (busy) set.add(task);
  else set.delete(task);
  const after = set.size > 0;
  if (before === after) return;
  setCustomState(host, 'loading', after);
  if (after) host.setAttribute('aria-busy', 'true');
  else host.removeAttribute('aria-busy');
}

/** True while any data task of the element is waiting for the portal. */
export function isBusy(host: HTMLElement): boolean {
  return (busyTasks.get(host)?.size ?? 0) > 0;
}

export interface DataTaskOptions<T> {
  /**
   * Ask the portal for what the view shows now. `signal` aborts when the request is superseded (a new
   * `run()`), cancelled or the element leaves the page. Throw to fail.
   */
  task: (signal: AbortSignal) => Promise<T>;
  /**
   * The answer of the current run, before the host re-renders (not called for superseded runs).
   * May return a promise (e.g. a drawing step): the loading state lasts until it settles.
   */
  onDone?: (value: T) => void | Promise<void>;
  /** The current run failed (not called for aborts or superseded runs). */
  onError?: (error: Error) => void;
  /**
   * The host has rendered the current run's answer (the loading state is gone): where a view fires
   * `ode-load`. Not called for superseded runs nor errors.
   */
  onShown?: (value: T) => void;
}

/**
 * The one data life cycle of every view: runs the view's request for the current shared query,
 * aborts the superseded one, drops stale answers (by generation), ignores aborts, keeps `status`,
 * `value` and `error`, re-renders the host, and gives the host the loading state — the custom state
 * `loading` (`ode-table:state(loading)`) and `aria-busy="true"` — while data is on the way, removed
 * once the answer is shown or has failed.
 *
 * Extra requests of the same view and the same query (a table's next page, a map's clusters) go
 * through `request()`: they keep the host busy, are dropped when a new run starts, and never
 * supersede each other.
 */
export class DataTask<T> implements ReactiveController {
  status: TaskStatus = 'idle';
  value?: T;
  error?: Error;
  readonly #host: Host;
  readonly #options: DataTaskOptions<T>;
  #generation = 0;
  #abort?: AbortController;
  readonly #side = new Set<AbortController>();
  /** Whether the main run or a side request is waiting. */
  #waiting = false;

  constructor(host: Host, options: DataTaskOptions<T>) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The kind of the current error, if any. */
  get errorKind(): ErrorKind | undefined {
    return this.error ? errorKind(this.error) : undefined;
  }

  /** Start (or restart) the request; the previous one, if any, is aborted and its answer ignored. */
  async run(): Promise<void> {
    const generation = this.#supersede();
    const controller = (this.#abort = new AbortController());
    this.status = 'loading';
    this.error = undefined;
    this.#sync();
    try {
      const value = await this.#options.task(controller.signal);
      if (generation !== this.#generation) return;
      this.value = value;
      const drawing = this.#options.onDone?.(value);
      // awaited only when it is a promise: awaiting a plain onDone would let the update its property
      // changes scheduled run first, with the status still "loading", and render the answer twice
      if (drawing) await drawing;
      if (generation !== this.#generation) return;
      this.status = 'done';
    } catch (e) {
      if (generation !== this.#generation || isAbort(e) || controller.signal.aborted) return;
      this.error = e instanceof Error ? e : new Error(String(e));
      this.status = 'error';
      this.#options.onError?.(this.error);
    }
    this.#host.requestUpdate();
    // busy until the host has rendered the answer (or the error)
    await this.#host.updateComplete;
    if (generation !== this.#generation) return;
    this.#sync();
    if (this.status === 'done') this.#options.onShown?.(this.value as T);
  }

  /** Run again (what every Retry button calls). */
  retry(): Promise<void> {
    return this.run();
  }

  /**
   * An extra request for the current run's query: aborted when a new run starts or the host leaves,
   * resolved with `undefined` if it was superseded meanwhile. Errors other than aborts are thrown.
   */
  async request<R>(work: (signal: AbortSignal) => Promise<R>): Promise<R | undefined> {
    const generation = this.#generation;
    const controller = new AbortController();
    this.#side.add(controller);
    this.#sync();
    try {
      const value = await work(controller.signal);
      return generation === this.#generation ? value : undefined;
    } catch (e) {
      if (generation !== this.#generation || isAbort(e) || controller.signal.aborted) return undefined;
      throw e;
    } finally {
      this.#side.delete(controller);
      if (generation === this.#generation) this.#sync();
    }
  }

  /** Stop waiting: abort every request of this task and go back to `idle` (e.g. no source any more). */
  cancel(): void {
    this.#supersede();
    this.status = 'idle';
    this.#sync();
    this.#host.requestUpdate();
  }

  /** Mark a failure found before any request (e.g. a bad attribute), shown like a request error. */
  fail(error: Error): void {
    this.#supersede();
    this.error = error;
    this.status = 'error';
    this.#sync();
    this.#options.onError?.(error);
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    // a view moved in the DOM reconnects at once: its caller runs it again from connectedCallback
    if (this.status === 'loading') this.status = 'idle';
    this.#supersede();
    this.#sync();
  }

  #supersede(): number {
    this.#abort?.abort();
    this.#abort = undefined;
    for (const c of this.#side) c.abort();
    this.#side.clear();
    return ++this.#generation;
  }

  #sync(): void {
    const waiting = this.status === 'loading' || this.#side.size > 0;
    if (waiting === this.#waiting) return;
    this.#waiting = waiting;
    markBusy(this.#host, this, waiting);
  }
}
