import { LitElement, adoptStyles, nothing, type CSSResult, type PropertyDeclarations } from './lit.js';
import { closestLang, uiLang, type UiLang } from '../core/lang.js';
import { consent, type ConsentStore } from './store.js';
import type { ConsentTexts } from './strings.js';
import { kit, textsFor, type Kit } from './texts.js';

/** What every consent element shares: the store it follows, its language, its texts. */
export class ConsentElement extends LitElement {
  // static properties rather than decorators: no decorator helper in the entry file
  static override properties: PropertyDeclarations = { store: { attribute: false }, locale: { state: true } };
  /** The store it follows (default: the page's shared `consent`). */
  store: ConsentStore = consent;
  protected locale = 'en';
  readonly #refresh = (): void => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    this.locale = closestLang(this);
    this.store.addEventListener('update', this.#refresh);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.store.removeEventListener('update', this.#refresh);
  }

  /** The interface language. */
  get ui(): UiLang {
    return uiLang(this.locale);
  }

  /** The texts in the element's language, with `more` (a lazy part's own texts) and the tenant's overrides. */
  texts(more?: Record<UiLang, object>): ConsentTexts {
    return textsFor(this.ui, this.store.config, more);
  }
}

/** The lazily loaded view of a {@link LazyElement}: its styles, template and what it does after rendering. */
export interface LazyView<E> {
  styles: CSSResult;
  render(el: E, kit: Kit): unknown;
  updated?(el: E): void;
}

/**
 * A consent element whose view (template, styles, texts) loads when the first one connects: none is needed
 * to show the banner. It renders nothing until both the view and the configuration are there.
 */
export abstract class LazyElement<E> extends ConsentElement {
  #view?: LazyView<E>;
  protected abstract loadView(): Promise<LazyView<E>>;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadView().then((v) => {
      this.#view = v;
      adoptStyles(this.renderRoot as ShadowRoot, [
        ...(this.constructor as typeof LitElement).elementStyles,
        v.styles,
      ]);
      this.requestUpdate();
    });
  }

  protected override render(): unknown {
    return this.store.config ? (this.#view?.render(this as unknown as E, kit) ?? nothing) : nothing;
  }

  protected override updated(): void {
    this.#view?.updated?.(this as unknown as E);
  }
}
