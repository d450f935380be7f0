import { css } from 'lit';
import { coreTokens } from './core-tokens.js';
import { moreTokens } from './more-tokens.js';

/**
 * Design tokens shared by every element, with the look of links and buttons. Override any `--ode-*`
 * custom property on the element or an ancestor. Dark mode follows `prefers-color-scheme` unless the page
 * sets the tokens itself. The consent suite needs no more; the data elements use `tokens` (tokens.ts).
 * Two modules, so that the consent banner's entry holds only `coreTokens` (its lazy parts add `moreTokens`).
 */
export const baseTokens = css`
  ${coreTokens}${moreTokens}
`;
