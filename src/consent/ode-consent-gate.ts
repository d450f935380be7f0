import { adoptStyles, html, nothing, type TemplateResult } from 'lit';
import { materialize } from './activate.js';
import { ConsentElement } from './base.js';
import { gateStyles } from './consent.styles.js';
import { kit } from './texts.js';

/**
 * @summary Third-party content (a video, a social widget, an embed) that loads only once its purpose is
 * granted. Before that, a placeholder says what will load and from whom, with a button that grants the
 * purpose and shows it. On withdrawal the content is removed again.
 *
 * ```html
 * <ode-consent-gate purpose="video">
 *   <template><iframe src="https://www.youtube-nocookie.com/embed/…" title="…"></iframe></template>
 * </ode-consent-gate>
 * ```
 *
 * @attr purpose - Id of the purpose, as declared in the consent configuration (required).
 * @attr vendor - Who provides the content, when it is not the purpose's third-party vendors.
 * @attr lang - Interface language, else the closest `lang` of the page.
 *
 * @prop {ConsentStore} store - The store it follows (default: the shared `consent`).
 *
 * @slot - Where the template's content goes once granted (the `<template>` itself stays inert).
 * @slot placeholder - Replaces the default explanation in the placeholder.
 *
 * @csspart placeholder - The box shown before consent.
 * @csspart button - The "Allow and show" button.
 * @csspart error - The message shown for a missing or unknown purpose.
 *
 * @cssprop --ode-consent-gate-min-height - Height the gate reserves from first paint, placeholder or content (set it to
 *   the content's height: no layout shift when the placeholder, then the content, appear).
 * @cssprop --ode-consent-button-bg - Button background.
 * @cssprop --ode-consent-button-fg - Button text colour.
 * @cssprop --ode-color-border - Placeholder border.
 */
export class OdeConsentGate extends ConsentElement {
  static override styles = gateStyles;

  static override properties = { purpose: { reflect: true }, vendor: {} };
  purpose = '';
  vendor?: string;
  private nodes: Node[] = [];

  /** Whether the content is shown. */
  get granted(): boolean {
    return !!this.store.config && this.store.get(this.purpose);
  }

  protected override updated(): void {
    const on = this.granted;
    if (on && !this.nodes.length) {
      const template = this.querySelector(':scope > template');
      if (template instanceof HTMLTemplateElement) {
        const frag = materialize(template, this.store.config?.nonce);
        this.nodes = [...frag.childNodes];
        this.append(frag);
      }
    } else if (!on && this.nodes.length) {
      for (const n of this.nodes) (n as ChildNode).remove();
      this.nodes = [];
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // the placeholder's code loads with the first gate (never needed to show the banner)
    void import('./gate-placeholder.js').then((m) => {
      this.placeholder = m;
      adoptStyles(this.renderRoot as ShadowRoot, [...gateStyles, m.placeholderStyles]);
      this.requestUpdate();
    });
  }

  private placeholder?: typeof import('./gate-placeholder.js');

  protected override render(): TemplateResult | typeof nothing {
    const c = this.store.config;
    if (!c) return nothing;
    const p = c.purposes.find((x) => x.id === this.purpose);
    if (p && this.granted) return html`<slot></slot>`;
    return this.placeholder?.renderPlaceholder(this, p, kit) ?? nothing;
  }
}
