// core + <ode-map>: the difference with `core` is the map's eager cost (maplibre is a dynamic import)
import './core.js';
import '../../src/map/define.js';
