import type { UiLang } from '../core/lang.js';
import {
  ConsentConfigError,
  compliant,
  configHash,
  fits,
  hex,
  isObj,
  normalize,
  opt,
  rules,
  type Schema,
  type ConsentConfig,
} from './config.js';
import { forget, readCookies, writeCookie } from './cookies.js';
import { COOKIE_MAX_DAYS, DAY_MS, choiceExpiry } from './dates.js';

/** Every way a choice can be made, in one typed list. */
export const CONSENT_SOURCES = ['accept-all', 'refuse-all', 'prefs', 'close', 'gpc', 'gate', 'api'] as const;
/** How a choice was made. */
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** The visitor's decision on one purpose. */
export interface PurposeDecision {
  /** 1 granted, 0 refused. */
  g: 0 | 1;
  /** When it was decided (epoch seconds): it holds `retentionMonths` from then, whatever happens to others. */
  t: number;
}

/** What the consent cookie holds (compact JSON, about 250 bytes). Times are epoch seconds. */
export interface ConsentRecord {
  v: 2;
  /** Policy version. */
  pv: string;
  /** Config hash (16 hex digits). */
  ch: string;
  /** Time of the latest decision. */
  t: number;
  /**
   * Expiry of the cookie: the latest expiry of its decisions, never more than 13 months after the earliest
   * one. Recomputed and checked on every read.
   */
  x: number;
  /** Each non-exempt purpose's decision, with its own time (a purpose never decided is absent). */
  p: Record<string, PurposeDecision>;
  /** How the latest decision was made. */
  src: ConsentSource;
  /** Language of the interface when the latest decision was made. */
  l: UiLang;
  /** Receipt id (24 hex digits), only when a receipt endpoint is configured. */
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
  /** When each purpose was decided, and until when that decision holds. */
  decisions: Record<string, { granted: boolean; time: string; expires: string }>;
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

/** Asked of the page's `<ode-consent-banner>` by {@link ConsentStore.showPreferences}, which opens its dialog. */
export interface ConsentPreferencesDetail {
  /** The store whose preferences are asked for: only the banner driving it answers. */
  store: ConsentStore;
  /** Where focus returns when the dialog closes. */
  opener: Element | null;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ode-consent-change': CustomEvent<ConsentChangeDetail>;
    'ode-consent-withdrawn': CustomEvent<{ purposes: string[] }>;
    'ode-consent-preferences': CustomEvent<ConsentPreferencesDetail>;
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

const time = (t: unknown): boolean => Number.isInteger(t) && (t as number) > 0;
const hexDigits =
  (n: number) =>
  (v: unknown): boolean =>
    typeof v === 'string' && v.length === n && /^[0-9a-f]+$/.test(v);

/**
 * What a stored record may hold, every field bounded: a policy version within 200 characters, a 16-digit
 * hash, a decision for `decidable` purposes only (the declared non-exempt ones), each no later than the
 * record, a known source and language, a 24-digit receipt id, and no other key.
 */
const recordSchema = (decidable: string[]): Schema => ({
  v: (v) => v === 2,
  pv: (v) => typeof v === 'string' && v.length <= 200,
  ch: hexDigits(16),
  t: time,
  x: time,
  p: (p, r) =>
    isObj(p) &&
    Object.entries(p).every(
      ([id, d]) =>
        decidable.includes(id) && fits(d, { g: (g) => g === 0 || g === 1, t: (t) => time(t) && t <= r.t }),
    ),
  src: (v) => CONSENT_SOURCES.includes(v),
  l: (v) => v === 'fr' || v === 'en',
  rid: opt(hexDigits(24)),
});

/** The record in `raw` if it is one of ours for `config`, or null. */
function parseRecord(raw: string | undefined, config: ConsentConfig): ConsentRecord | null {
  try {
    const r: unknown = JSON.parse(decodeURIComponent(raw!));
    const decidable = config.purposes.filter((p) => !p.exempt).map((p) => p.id);
    return fits(r, recordSchema(decidable)) ? (r as ConsentRecord) : null;
  } catch {
    // no cookie (undefined is not JSON), or not ours
    return null;
  }
}

/**
 * The consent cookie's name under `config`: on https without `cookieDomain`, `__Host-<cookieName>`; on
 * http (development), the configured name.
 */
const cookieNameOn = (config: ConsentConfig): string =>
  location.protocol === 'https:' && !config.cookieDomain ? `__Host-${config.cookieName}` : config.cookieName;

const unknown = (id: string) => `ode-consent: unknown purpose "${id}".`;

/**
 * The consent state of a page: reads and writes the first-party consent cookie, activates and
 * deactivates gated markup, deletes the cookies and stored keys of refused purposes, sends receipts, and
 * tells everyone (`ode-consent-change`, `ode-consent-withdrawn` on `document`). The elements share the
 * {@link consent} instance and follow it; the store knows none of them. Other code uses its API:
 *
 * ```js
 * import { consent } from 'open-data-elements/consent';
 * await consent.whenGranted('maps'); // resolves once "maps" is granted (immediately if it is)
 * consent.get('analytics'); consent.set({ video: true }); consent.reset();
 * ```
 *
 * Each purpose keeps its own decision time: granting one never extends another. A purpose whose decision
 * has expired is asked again (the banner shows) while the others hold.
 */
export class ConsentStore extends EventTarget {
  config?: ConsentConfig;
  /** Short SHA-256 of the canonical configuration. */
  hash = '';
  /** The stored choice (each decision still to be checked for expiry), or null when there is none. */
  record: ConsentRecord | null = null;
  /** Language recorded with a choice (the banner sets it from its `lang`). */
  lang: UiLang = 'en';
  /** The clock (epoch ms); tests replace it. */
  now: () => number = () => Date.now();

  /**
   * Validate `input`, then read the stored choice. Throws a `ConsentConfigError` listing every mistake.
   * A choice made under another policy version or configuration, or past its expiry, is ignored.
   */
  configure(input: unknown): Promise<void> {
    const generation = ++this.#generation;
    const done = this.#configure(input, generation);
    // `ready` waits for this configuration (or, if it is refused, for a later valid one)
    const settled = done.then(
      () => undefined,
      () => this.#next(),
    );
    this.#configuring = settled;
    void settled.then(() => {
      if (this.#configuring === settled) this.#configuring = undefined;
    });
    return done;
  }

  /** Configurations asked for so far: only the latest one is applied. */
  #generation = 0;
  /** The configuration being applied, while it is. */
  #configuring?: Promise<void>;

  async #configure(input: unknown, generation: number): Promise<void> {
    // the precise check and its messages load only to explain an invalid configuration
    if (!compliant(input)) {
      const m = await import('./messages.js');
      const problems = m.check(input, globalThis.location?.hostname ?? '', rules);
      throw new ConsentConfigError(m.explain(problems), problems);
    }
    const config = normalize(input as object);
    // everything asynchronous first: the configuration, its hash and the stored record are then set at
    // once, so that no one sees a configured store whose record has not been read yet
    const hash = await configHash(config);
    const stored = await this.#stored(config);
    // a later configuration was asked for meanwhile: it is the one that counts
    if (generation !== this.#generation) return;
    this.config = config;
    this.hash = hash;
    this.record = this.#trust(stored, config);
    if (
      !this.record &&
      config.gpc &&
      (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl === true
    )
      this.#all(false, 'gpc');
    else this.#sync([]);
  }

  /**
   * Name of the consent cookie on this page. On https without `cookieDomain`: `__Host-<cookieName>`, which
   * browsers accept only host-only, `Secure` and on `Path=/`, so no other site (a sibling on the same parent
   * domain included) can set one this page would read. On http (development), the configured name.
   */
  get cookieName(): string {
    return this.config ? cookieNameOn(this.config) : '';
  }

  /**
   * The stored record's raw value for `config`, and whether it was found under the configured name rather
   * than this page's (see {@link cookieName}). A record this site stored under the configured name (earlier
   * versions, or before https) or in the first format is migrated, by code loaded for that case only.
   * Undefined when there is none, or several (one from a parent domain?): then none is trusted.
   */
  async #stored(config: ConsentConfig): Promise<{ raw?: string; older: boolean }> {
    const name = cookieNameOn(config);
    const values = readCookies(name);
    if (values.length > 1) {
      console.warn(`ode-consent: several "${name}" cookies (one from a parent domain?): none is trusted.`);
      return { older: false };
    }
    let raw: string | undefined = values[0];
    const older =
      raw === undefined && name !== config.cookieName && readCookies(config.cookieName).length > 0;
    if (older || raw?.startsWith('%7B%22v%22%3A1%2C'))
      raw = await (await import('./migrate.js')).migrate(raw, config.cookieName);
    return { raw, older };
  }

  /**
   * The stored record, if it can be trusted under the current configuration (`config`, already set); one
   * found under the configured name is moved to this page's name.
   */
  #trust({ raw, older }: { raw?: string; older: boolean }, config: ConsentConfig): ConsentRecord | null {
    const r = parseRecord(raw, config);
    if (!r || r.pv !== config.policyVersion || r.ch !== this.hash) return null;
    // an expiry later than the decisions allow was stretched by someone else
    const now = this.now();
    if (r.x * 1000 > this.#expiry(r.p) + 999 || now >= r.x * 1000 || r.t * 1000 > now + 60_000) return null;
    if (older) {
      this.#write(r);
      writeCookie(config.cookieName, '', 0);
    }
    return r;
  }

  /** Resolves once configured (by the banner or {@link configure}). */
  get ready(): Promise<void> {
    return this.#configuring ?? (this.config ? Promise.resolve() : this.#next());
  }

  /** Resolves at the next change. */
  #next(): Promise<void> {
    return new Promise((resolve) => this.addEventListener('update', () => resolve(), { once: true }));
  }

  /** Whether decision time `t` (epoch seconds) still holds now. */
  #holds(t: number): boolean {
    const c = this.config!;
    const now = this.now();
    return t * 1000 <= now + 60_000 && now < choiceExpiry(t * 1000, c.retentionMonths, c.timeZone);
  }

  /** When a cookie holding decisions `p` expires (epoch ms): the latest of them, at most 13 months on. */
  #expiry(p: Record<string, PurposeDecision>): number {
    const c = this.config!;
    const times = Object.values(p).map((d) => d.t * 1000);
    // no purpose needs consent: nothing to keep
    if (!times.length) return this.now();
    const latest = Math.max(...times.map((t) => choiceExpiry(t, c.retentionMonths, c.timeZone)));
    return Math.min(latest, Math.min(...times) + COOKIE_MAX_DAYS * DAY_MS);
  }

  /**
   * The visitor's valid decision on `purpose`: true granted, false refused, undefined when never made or
   * expired (then it is asked again).
   */
  decision(purpose: string): boolean | undefined {
    const d = this.record?.p[purpose];
    return d && this.#holds(d.t) ? d.g === 1 : undefined;
  }

  /** Whether the visitor must still be asked: some purpose needing consent has no valid decision. */
  get needsChoice(): boolean {
    return !!this.config && this.config.purposes.some((p) => !p.exempt && this.decision(p.id) === undefined);
  }

  #purpose(id: string) {
    return this.config?.purposes.find((p) => p.id === id);
  }

  /** Whether `purpose` is granted now (exempt purposes always are). */
  get(purpose: string): boolean {
    const p = this.#purpose(purpose);
    if (this.config && !p) console.warn(unknown(purpose));
    return !!p && (p.exempt || this.decision(purpose) === true);
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
   * Record a choice. `choices` maps purpose ids to true/false, each stamped with the time of this decision;
   * purposes left out keep their current decision and its time (refused now when there is none). Throws
   * for an unknown purpose.
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
    const p: Record<string, PurposeDecision> = {};
    for (const { id, exempt } of c.purposes) {
      if (exempt) continue;
      const kept = this.decision(id);
      p[id] =
        id in choices || kept === undefined
          ? { g: choices[id] ? 1 : 0, t }
          : { g: kept ? 1 : 0, t: this.record!.p[id].t };
    }
    const record: ConsentRecord = {
      v: 2,
      pv: c.policyVersion,
      ch: this.hash,
      t,
      x: Math.floor(this.#expiry(p) / 1000),
      p,
      src,
      l: this.lang,
    };
    if (c.receiptEndpoint) record.rid = hex(crypto.getRandomValues(new Uint8Array(12)));
    this.record = record;
    this.#write(record);
    this.#sync(before);
    if (c.receiptEndpoint) navigator.sendBeacon?.(c.receiptEndpoint, JSON.stringify(this.receipt()));
    return record;
  }

  #write(record: ConsentRecord): void {
    const value = encodeURIComponent(JSON.stringify(record));
    writeCookie(this.cookieName, value, record.x - Math.floor(this.now() / 1000), {
      domain: this.config!.cookieDomain,
    });
  }

  /**
   * Forget the choice: withdraw everything (deleting the cookies and stored keys of every purpose needing
   * consent), delete the consent cookie — also one of the configured name a parent domain may have set,
   * which a page on http would otherwise read — and show the banner again.
   */
  reset(): void {
    const c = this.config;
    if (!c) return;
    const before = this.#granted();
    this.record = null;
    writeCookie(this.cookieName, '', 0, { domain: c.cookieDomain });
    forget([{ name: c.cookieName, domain: c.cookieDomain }]);
    this.#sync(before, true);
  }

  /**
   * Apply a change from the purposes granted `before` to those granted now: delete the first-party cookies
   * and stored keys of every refused or withdrawn purpose (all purposes needing consent when `all`), activate and
   * deactivate markup, tell everyone (which also resolves `whenGranted`). The activation code loads once the
   * page has gated markup (before that, nothing can be active); once loaded it runs synchronously with each
   * change.
   */
  #sync(before: string[], all = false): void {
    const c = this.config!;
    const after = this.#granted();
    const withdrawn = before.filter((id) => !after.includes(id));
    const granted = after.filter((id) => !before.includes(id));
    const refused = c.purposes.filter(
      (p) => !p.exempt && (all || withdrawn.includes(p.id) || this.decision(p.id) === false),
    );
    forget(
      refused.flatMap((p) => p.cookies.filter((k) => !k.thirdParty)),
      refused.flatMap((p) => p.storage),
    );
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
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      ...(r.rid ? { receiptId: r.rid } : {}),
      time: iso(r.t * 1000),
      expires: iso(r.x * 1000),
      policyVersion: r.pv,
      configHash: r.ch,
      controller: c.controller.name,
      choices: Object.fromEntries(c.purposes.map((p) => [p.id, this.get(p.id)])),
      decisions: Object.fromEntries(
        Object.entries(r.p).map(([id, d]) => [
          id,
          {
            granted: d.g === 1,
            time: iso(d.t * 1000),
            expires: iso(choiceExpiry(d.t * 1000, c.retentionMonths, c.timeZone)),
          },
        ]),
      ),
      source: r.src,
      language: r.l,
    };
  }

  /**
   * Open the preferences dialog of the page's `<ode-consent-banner>` (it answers `ode-consent-preferences`
   * on `document`); focus returns to `opener` when it closes.
   */
  showPreferences(opener: Element | null = null): void {
    const ask = new CustomEvent('ode-consent-preferences', {
      detail: { store: this, opener },
      cancelable: true,
    });
    if (document.dispatchEvent(ask))
      console.warn('ode-consent: no <ode-consent-banner> on this page to show the preferences.');
  }
}

/** The page's consent store, shared by every consent element. */
export const consent = new ConsentStore();
