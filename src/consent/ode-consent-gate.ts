import { LazyElement, type LazyView } from './base.js';
import { gateStyles } from './consent.styles.js';
import { loadActivation } from './store.js';

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
export class OdeConsentGate extends LazyElement<OdeConsentGate> {
  static override styles = gateStyles;

  static override properties = { purpose: { reflect: true }, vendor: {} };
  purpose = '';
  vendor?: string;
  /** @internal What the activated template put in the gate. */
  nodes: Node[] = [];

  /** Whether the content is shown. */
  get granted(): boolean {
    return !!this.store.config && this.store.get(this.purpose);
  }

  // the placeholder and the activation code load with the first gate (never needed to show the banner)
  protected override async loadView(): Promise<LazyView<OdeConsentGate>> {
    return (await Promise.all([import('./gate-placeholder.js'), loadActivation()]))[0];
  }
}
