import type { UiLang } from '../core/lang.js';
import {
  ConsentConfigError,
  compliant,
  configHash,
  hex,
  isObj,
  normalize,
  rules,
  type ConsentConfig,
} from './config.js';
import { deleteCookies, readCookie, writeCookie } from './cookies.js';
import { choiceExpiry, choiceValid } from './dates.js';

/** How a choice was made. */
export type ConsentSource = 'accept-all' | 'refuse-all' | 'prefs' | 'close' | 'gpc' | 'gate' | 'api';

/** What the consent cookie holds (compact JSON, about 200 bytes). Times are epoch seconds. */
export interface ConsentRecord {
  v: 1;
  /** Policy version. */
  pv: string;
  /** Config hash (16 hex digits). */
  ch: string;
  /** Decision time. */
  t: number;
  /** Expiry, recomputed and checked against `t` on every read. */
  x: number;
  /** Per-purpose choice, 1 granted, 0 refused (non-exempt purposes only). */
  p: Record<string, 0 | 1>;
  src: ConsentSource;
  /** Language of the interface when the choice was made. */
  l: string;
  /** Receipt id, only when a receipt endpoint is configured. */
  rid?: string;
}

/** Proof of one choice: what is sent to the receipt endpoint and what "Download my receipt" gives. */
export interface ConsentReceipt {
  receiptId?: string;
  time: string;
  expires: string;
  policyVersion: string;
  configHash: string;
  controller: string;
  choices: Record<string, boolean>;
  source: ConsentSource;
  language: string;
}

export interface ConsentChangeDetail {
  record: ConsentRecord | null;
  /** Purposes granted by this change. */
  granted: string[];
  /** Purposes withdrawn by this change. */
  withdrawn: string[];
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ode-consent-change': CustomEvent<ConsentChangeDetail>;
    'ode-consent-withdrawn': CustomEvent<{ purposes: string[] }>;
  }
}

/** The markup-activation code (activate.ts), once loaded. */
let activation: typeof import('./activate.js') | undefined;
/** Loads the markup-activation code: with the first gated markup of the page, or the first gate. */
export const loadActivation = async (): Promise<typeof import('./activate.js')> =>
  (activation ??= await import('./activate.js'));
/** Until it is loaded: looks for gated markup added to the page later. */
let early: MutationObserver | undefined;
let lookAgain = (): unknown => 0;

/**
 * Activate every template and script under `root` whose purposes are all granted (see activate.ts): for
 * markup the page's own observer cannot see, e.g. inside a shadow root. Resolves once done (the activation
 * code loads on first use).
 */
export const activateAll = async (
  root: ParentNode,
  granted: (purpose: string) => boolean,
  nonce?: string,
): Promise<void> => (await loadActivation()).activateAll(root, granted, nonce);

const SOURCES = 'accept-all refuse-all prefs close gpc gate api'.split(' ');

function parseRecord(raw: string | undefined): ConsentRecord | null {
  try {
    const r = JSON.parse(decodeURIComponent(raw!));
    return r?.v === 1 &&
      [r.pv, r.ch, r.l].every((s) => typeof s === 'string') &&
      [r.t, r.x].every(Number.isInteger) &&
      isObj(r.p) &&
      Object.values(r.p).every((b) => b === 0 || b === 1) &&
      SOURCES.includes(r.src)
      ? r
      : null;
  } catch {
    // no cookie (undefined is not JSON), or not ours
    return null;
  }
}

const unknown = (id: string) => `ode-consent: unknown purpose "${id}".`;

/**
 * The consent state of a page: reads and writes the first-party consent cookie, activates and
 * deactivates gated markup, deletes the cookies of withdrawn purposes, sends receipts, and tells
 * everyone (`ode-consent-change`, `ode-consent-withdrawn` on `document`). The elements share the
 * {@link consent} instance; other code uses its API:
 *
 * ```js
 * import { consent } from 'open-data-elements/consent';
 * await consent.whenGranted('maps'); // resolves once "maps" is granted (immediately if it is)
 * consent.get('analytics'); consent.set({ video: true }); consent.reset();
 * ```
 */
export class ConsentStore extends EventTarget {
  config?: ConsentConfig;
  /** Short SHA-256 of the canonical configuration. */
  hash = '';
  /** The valid stored choice, or null when the visitor must be asked. */
  record: ConsentRecord | null = null;
  /** Language recorded with a choice (the banner sets it from its `lang`). */
  lang: UiLang = 'en';
  /** The clock; tests replace it. */
  now: () => number = () => Date.now();
  /** Opens the preferences dialog (set by the banner). */
  ui?: (opener?: Element | null) => void;

  /**
   * Validate `input`, then read the stored choice. Throws a `ConsentConfigError` listing every mistake.
   * A choice made under another policy version or configuration, or past its expiry, is ignored.
   */
  async configure(input: unknown): Promise<void> {
    // the precise check and its messages load only to explain an invalid configuration
    if (!compliant(input)) {
      const m = await import('./messages.js');
      throw new ConsentConfigError(m.explain(m.check(input, globalThis.location?.hostname ?? '', rules)));
    }
    const config = normalize(input as object);
    const hash = await configHash(config);
    if (!hash) console.warn('ode-consent: no crypto.subtle outside https, so the config hash is empty.');
    this.config = config;
    this.hash = hash;
    const r = parseRecord(readCookie(config.cookieName));
    this.record =
      r &&
      r.pv === config.policyVersion &&
      r.ch === hash &&
      choiceValid(r.t * 1000, r.x * 1000, this.now(), config.retentionMonths, config.timeZone)
        ? r
        : null;
    if (
      !this.record &&
      config.gpc &&
      (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true
    )
      this.#decide({}, 'gpc');
    else this.#sync([]);
  }

  /** Resolves once configured (by the banner or {@link configure}). */
  get ready(): Promise<void> {
    return this.config ? Promise.resolve() : this.#next();
  }

  /** Resolves at the next change. */
  #next(): Promise<void> {
    return new Promise((resolve) => this.addEventListener('update', () => resolve(), { once: true }));
  }

  /** Whether the visitor must still be asked. */
  get needsChoice(): boolean {
    return !!this.config && !this.record;
  }

  #purpose(id: string) {
    return this.config?.purposes.find((p) => p.id === id);
  }

  /** Whether `purpose` is granted now (exempt purposes always are). */
  get(purpose: string): boolean {
    const p = this.#purpose(purpose);
    if (this.config && !p) console.warn(unknown(purpose));
    return !!p && (p.exempt || this.record?.p[purpose] === 1);
  }

  /** The granted purposes' ids. */
  #granted(): string[] {
    return (this.config?.purposes ?? []).filter((p) => this.get(p.id)).map((p) => p.id);
  }

  /** Resolves when `purpose` is granted (at once if it is). Rejects for a purpose the config does not declare. */
  async whenGranted(purpose: string): Promise<void> {
    await this.ready;
    if (!this.#purpose(purpose)) throw new Error(unknown(purpose));
    while (!this.get(purpose)) await this.#next();
  }

  /**
   * Record a choice. `choices` maps purpose ids to true/false; purposes left out keep their current
   * choice (refused when there is none). Throws for an unknown purpose.
   */
  set(choices: Record<string, boolean>, source: ConsentSource = 'api'): ConsentRecord {
    if (!this.config) throw new Error('ode-consent: set() before the configuration is loaded.');
    for (const id of Object.keys(choices)) if (!this.#purpose(id)) throw new Error(unknown(id));
    return this.#decide(choices, source);
  }

  /** Grant every purpose. */
  acceptAll(source: ConsentSource = 'accept-all'): ConsentRecord {
    return this.#all(true, source);
  }

  /** Refuse every purpose (also what closing the banner records, with source "close"). */
  refuseAll(source: ConsentSource = 'refuse-all'): ConsentRecord {
    return this.#all(false, source);
  }

  #all(granted: boolean, source: ConsentSource): ConsentRecord {
    return this.#decide(Object.fromEntries(this.config!.purposes.map((p) => [p.id, granted])), source);
  }

  #decide(choices: Record<string, boolean>, src: ConsentSource): ConsentRecord {
    const c = this.config!;
    const before = this.#granted();
    const t = Math.floor(this.now() / 1000);
    const p: Record<string, 0 | 1> = {};
    for (const { id, exempt } of c.purposes)
      if (!exempt) p[id] = (choices[id] ?? this.record?.p[id] === 1) ? 1 : 0;
    const record: ConsentRecord = (this.record = {
      v: 1,
      pv: c.policyVersion,
      ch: this.hash,
      t,
      x: Math.floor(choiceExpiry(t * 1000, c.retentionMonths, c.timeZone) / 1000),
      p,
      src,
      l: this.lang,
    });
    if (c.receiptEndpoint) record.rid = hex(crypto.getRandomValues(new Uint8Array(12)));
    writeCookie(c.cookieName, encodeURIComponent(JSON.stringify(record)), record.x - t, c.cookieDomain);
    this.#sync(before);
    if (c.receiptEndpoint) navigator.sendBeacon?.(c.receiptEndpoint, JSON.stringify(this.receipt()));
    return record;
  }

  /**
   * Forget the choice: withdraw every granted purpose (deleting their cookies), delete the consent cookie,
   * and show the banner again.
   */
  reset(): void {
    const c = this.config;
    if (!c) return;
    const before = this.#granted();
    this.record = null;
    writeCookie(c.cookieName, '', 0, c.cookieDomain);
    this.#sync(before);
  }

  /**
   * Apply a change from the purposes granted `before` to those granted now: delete the withdrawn purposes'
   * cookies, activate and deactivate markup, tell everyone (which also resolves `whenGranted`). The
   * activation code loads once the page has gated markup (before that, nothing can be active); once loaded
   * it runs synchronously with each change.
   */
  #sync(before: string[]): void {
    const c = this.config!;
    const after = this.#granted();
    const withdrawn = before.filter((id) => !after.includes(id));
    const granted = after.filter((id) => !before.includes(id));
    for (const p of c.purposes)
      if (withdrawn.includes(p.id))
        for (const k of p.cookies) if (!k.thirdParty) deleteCookies(k.name, k.domain);
    const get = (id: string) => this.get(id);
    const run = (a: typeof import('./activate.js')) => {
      if (withdrawn.length) a.deactivateAll(document, withdrawn);
      a.activateAll(document, get, c.nonce);
      a.watch(this.#granted().length > 0, get, c.nonce);
    };
    if (activation) run(activation);
    else {
      // the activation code loads once the page has gated markup (never to show the banner)
      lookAgain = () =>
        document.querySelector('[data-ode-purpose]') && (early?.disconnect(), loadActivation().then(run));
      if (!lookAgain())
        (early ??= new MutationObserver(() => lookAgain())).observe(document, {
          childList: true,
          subtree: true,
        });
    }
    this.dispatchEvent(new Event('update'));
    const detail: ConsentChangeDetail = { record: this.record, granted, withdrawn };
    document.dispatchEvent(new CustomEvent('ode-consent-change', { detail }));
    if (withdrawn.length)
      document.dispatchEvent(new CustomEvent('ode-consent-withdrawn', { detail: { purposes: withdrawn } }));
  }

  /** The receipt of the current choice, or null. */
  receipt(): ConsentReceipt | null {
    const r = this.record;
    const c = this.config;
    if (!r || !c) return null;
    const iso = (s: number) => new Date(s * 1000).toISOString();
    return {
      ...(r.rid ? { receiptId: r.rid } : {}),
      time: iso(r.t),
      expires: iso(r.x),
      policyVersion: r.pv,
      configHash: r.ch,
      controller: c.controller.name,
      choices: Object.fromEntries(c.purposes.map((p) => [p.id, this.get(p.id)])),
      source: r.src,
      language: r.l,
    };
  }

  /** Open the preferences dialog; focus returns to `opener` when it closes. */
  showPreferences(opener?: Element | null): void {
    if (this.ui) this.ui(opener);
    else console.warn('ode-consent: no <ode-consent-banner> on this page to show the preferences.');
  }
}

/** The page's consent store, shared by every consent element. */
export const consent = new ConsentStore();
