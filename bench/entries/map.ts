// core + <ode-map>: the difference with `core` is the map's eager cost (maplibre is a dynamic import).
// The core's define modules are imported here, not through './core.js': a module outside package.json
// "sideEffects" imported only for its effects is dropped by esbuild.
import '../../src/core/define-dataset.js';
import '../../src/table/define.js';
import '../../src/attribution/define.js';
import '../../src/map/define.js';
