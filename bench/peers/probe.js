/**
 * The "painted" probe, the same for every variant: on each animation frame it looks for the view's
 * data on screen, and records when that frame's work began on the main thread (`performance.now()` as
 * its callback starts) once the data is there. Not the callback's `now` argument: that is the time
 * the compositor asked for the frame, and a frame asked for during a long task runs after it with
 * that earlier time — before the answer was even read, for a view that handles its answer in one
 * long task (measured: frame times up to 60 ms earlier than the view's own "rows rendered" mark).
 * Both are kept: `painted` (the callback's start) and `frameTime` (its `now`).
 * - chart: coloured (saturated) pixels on a visible 2D canvas — data, not axes, grid or text;
 * - table: the first record's text in a visible element;
 * - map: the points' colour (#ff00ff) on a WebGL canvas (drawing buffers are preserved so they can be
 *   read; checked only on frames drawn after a data answer arrived).
 * The page's `window.__benchExpect = { kind, count, text }` says what to look for (`count` charts).
 */
(() => {
  let resolveDone;
  // `done` settles with the painted frame's time: the bench awaits it over the DevTools protocol, so no
  // waiting script of the driver runs in the page while it loads
  const done = new Promise((resolve) => (resolveDone = resolve));
  const state = (window.__bench = { painted: 0, longTasks: [], glDraws: 0, done });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });

  const contexts = new Map();
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, options) {
    const gl = type === 'webgl' || type === 'webgl2' || type === 'experimental-webgl';
    const ctx = getContext.call(this, type, gl ? { ...options, preserveDrawingBuffer: true } : options);
    if (ctx && !contexts.has(this)) {
      contexts.set(this, gl ? 'gl' : type);
      if (gl) {
        for (const name of ['drawElements', 'drawArrays', 'drawElementsInstanced', 'drawArraysInstanced']) {
          const draw = ctx[name];
          if (draw)
            ctx[name] = function (...args) {
              state.glDraws++;
              return draw.apply(this, args);
            };
        }
      }
    }
    return ctx;
  };

  // 2D canvases drawn on since their last check: only these are read back. Reading pixels is the
  // probe's costliest work (measured: 20-45 ms per 50 ms of a five-chart page's loading at CPU ×4 when
  // every canvas was read on every frame), and a page whose canvases exist before its data would pay
  // it for every frame of the wait.
  const drawnSinceCheck = new WeakSet();
  const ctx2d = CanvasRenderingContext2D.prototype;
  for (const name of [
    'fill',
    'fillRect',
    'stroke',
    'strokeRect',
    'fillText',
    'strokeText',
    'drawImage',
    'putImageData',
  ]) {
    const draw = ctx2d[name];
    ctx2d[name] = function (...args) {
      drawnSinceCheck.add(this.canvas);
      return draw.apply(this, args);
    };
  }
  /** The last check's answer for each 2D canvas: data pixels on it or not. */
  const showsData = new WeakMap();

  const visible = (el) =>
    el.isConnected &&
    el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
    el.getBoundingClientRect().width > 0;

  const saturated = (d, i) =>
    Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 80 && d[i + 3] > 128;
  const magenta = (d, i) => d[i] > 170 && d[i + 2] > 170 && d[i + 1] < 120 && d[i + 3] > 128;

  /** Coloured pixels along 9 rows and 9 columns of a 2D canvas. */
  function chartPainted(canvas) {
    const ctx = getContext.call(canvas, '2d');
    const { width: w, height: h } = canvas;
    if (!ctx || !w || !h) return false;
    for (let k = 1; k < 10; k++) {
      const row = ctx.getImageData(0, Math.floor((h * k) / 10), w, 1).data;
      for (let i = 0; i < row.length; i += 4) if (saturated(row, i)) return true;
      const col = ctx.getImageData(Math.floor((w * k) / 10), 0, 1, h).data;
      for (let i = 0; i < col.length; i += 4) if (saturated(col, i)) return true;
    }
    return false;
  }

  const scratch = document.createElement('canvas');
  function mapPainted(canvas) {
    const { width: w, height: h } = canvas;
    if (!w || !h) return false;
    scratch.width = w;
    scratch.height = h;
    const ctx = getContext.call(scratch, '2d', { willReadFrequently: true });
    ctx.clearRect(0, 0, w, h);
    ctx.drawImage(canvas, 0, 0);
    const d = ctx.getImageData(0, 0, w, h).data;
    for (let i = 0; i < d.length; i += 4) if (magenta(d, i)) return true;
    return false;
  }

  function textPainted(text) {
    const roots = [document];
    for (let r = 0; r < roots.length; r++) {
      const walker = document.createTreeWalker(roots[r], NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n = walker.currentNode; n; n = walker.nextNode()) {
        if (n.nodeType === 1 && n.shadowRoot) roots.push(n.shadowRoot);
        if (n.nodeType === 3 && n.data.trim() === text && n.parentElement && visible(n.parentElement)) {
          const rect = n.parentElement.getBoundingClientRect();
          if (rect.bottom > 0 && rect.top < innerHeight) return true;
        }
      }
    }
    return false;
  }

  const dataArrived = () =>
    performance
      .getEntriesByType('resource')
      .some((e) => e.name.includes('/api/explore/') && e.responseEnd > 0);

  let drawsSeen = 0;
  function check(now) {
    const started = performance.now();
    // set by the page's first inline script, after this probe
    const ex = window.__benchExpect;
    let done = false;
    if (!ex) return requestAnimationFrame(check);
    if (ex.kind === 'table') done = textPainted(ex.text);
    else if (ex.kind === 'chart') {
      let n = 0;
      for (const [canvas, type] of contexts) {
        if (type !== '2d' || !visible(canvas)) continue;
        if (drawnSinceCheck.has(canvas)) {
          drawnSinceCheck.delete(canvas);
          showsData.set(canvas, chartPainted(canvas));
        }
        if (showsData.get(canvas)) n++;
      }
      done = n >= (ex.count ?? 1);
    } else if (ex.kind === 'map' && state.glDraws > drawsSeen && dataArrived()) {
      drawsSeen = state.glDraws;
      for (const [canvas, type] of contexts)
        if (type === 'gl' && visible(canvas) && mapPainted(canvas)) done = true;
    }
    if (done) {
      state.painted = started;
      state.frameTime = now;
      resolveDone(started);
    } else requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
})();
