import '../../src/filters/define-search.js';
import '../../src/filters/define-facets.js';
