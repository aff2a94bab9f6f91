// Computes the tier comparison and the cost curve off the page's thread, with the full engine
// (pkg/yibao.js), so that the open panels add nothing to a live update (docs/PERFORMANCE.md).
// Each message is { id, kind: 'compare' | 'curve', scenario, visit, options }; the answer is
// { id, value } or { id, error } (the engine's message).

import init, { compareTiers, costCurve } from '../pkg/yibao.js';

let ready = null;

self.onmessage = async (e) => {
  const { id, kind, scenario, visit, options } = e.data;
  try {
    if (!ready) ready = init({ module_or_path: new URL('../pkg/yibao_bg.wasm', import.meta.url) });
    await ready;
    const value = kind === 'compare' ? compareTiers(scenario, options) : costCurve(scenario, visit, options);
    self.postMessage({ id, value });
  } catch (err) {
    self.postMessage({ id, error: (err && err.message) || String(err) });
  }
};
