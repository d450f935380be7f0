// @ts-check
/**
 * maplibre-gl 6's worker, after it has downloaded and parsed a GeoJSON source given as a URL, posts the
 * whole parsed GeoJSON back to the page (`loadData` → `result.data`), which keeps it as the source's copy
 * (`GeoJSONSource#getData`). For an export of ~10,000 points that message is ~1 MB of features that the
 * page's main thread has to deserialise in one task (~100–300 ms at CPU ×4, the longest task after the
 * data arrives) although the map never needs it: tiles are cut in the worker.
 *
 * This patch, appended to `maplibre-gl-worker.mjs` where we ship it (our Vite builds, the benchmark, the
 * test runner), keeps that copy in the worker for the map's own data source (`ode-data`, see
 * src/map/engine.ts) only. It touches two internals (`self.worker._getWorkerSource`, `loadData`) and
 * does nothing if they are not there. With the patch, `getData()` of that source never resolves: the
 * element does not call it. Without the patch (an app that copies maplibre's worker itself), the map
 * works the same, with that one long task.
 */
export const WORKER_PATCH = `
;(() => {
  const w = self.worker;
  const get = w && w._getWorkerSource;
  if (typeof get !== 'function') return;
  w._getWorkerSource = function (mapId, type, source) {
    const s = get.call(this, mapId, type, source);
    if (type === 'geojson' && source === 'ode-data' && s && !s.odeNoEcho && typeof s.loadData === 'function') {
      s.odeNoEcho = true;
      const loadData = s.loadData;
      s.loadData = async function (params) {
        const result = await loadData.call(this, params);
        if (result && typeof result === 'object') delete result.data;
        return result;
      };
    }
    return s;
  };
})();
`;

/**
 * maplibre's worker module with the patch appended.
 * @param {Buffer | string} source the text of `maplibre-gl/dist/maplibre-gl-worker.mjs`
 */
export const patchWorker = (source) => `${source}\n${WORKER_PATCH}`;
