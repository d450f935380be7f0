/* What the consent entry uses from lit, imported once (one import statement in the bundle, not one per module). */
export { LitElement, adoptStyles, css, html, nothing } from 'lit';
export type { CSSResult, PropertyDeclarations, PropertyValues, TemplateResult } from 'lit';
