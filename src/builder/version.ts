import pkg from '../../package.json';

/** The package version written into the CDN URLs of snippets (from package.json, at build time). */
export const VERSION: string = pkg.version;
