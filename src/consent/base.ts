import { LitElement, type PropertyDeclarations } from 'lit';
import { closestLang, uiLang, type UiLang } from '../core/lang.js';
import { consent, type ConsentStore } from './store.js';
import type { ConsentTexts } from './strings.js';
import { textsFor } from './texts.js';

/** What every consent element shares: the store it follows, its language, its texts. */
export class ConsentElement extends LitElement {
  // static properties rather than decorators: no decorator helper in the entry file
  static override properties: PropertyDeclarations = { store: { attribute: false }, locale: { state: true } };
  /** The store it follows (default: the page's shared `consent`). */
  store: ConsentStore = consent;
  protected locale = 'en';
  protected readonly refresh = (): void => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    this.locale = closestLang(this);
    this.store.addEventListener('update', this.refresh);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.store.removeEventListener('update', this.refresh);
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
