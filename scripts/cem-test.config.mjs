// @ts-check
/**
 * The manifest configuration for tests that analyse into a cache folder (scripts/manifest.test.js,
 * scripts/embed.test.js): the same as custom-elements-manifest.config.mjs, except that the analyzer
 * leaves package.json alone (by default it points `customElements` at wherever it wrote, which would
 * break the package and race scripts/package.test.js).
 */
import config from '../custom-elements-manifest.config.mjs';

export default { ...config, packagejson: false };
