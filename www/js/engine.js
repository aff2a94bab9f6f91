// Owns the two builds of the engine (DESIGN.md, "Why two builds of the engine for the page?"):
// * the resident's build (pkg/resident.js, whose glue the page's script bundles): everything but
//   the step-by-step explanation, loaded at start and precached for offline use;
// * the full build (pkg/yibao.js, the public API): loaded only when someone opens the explanation
//   or an agency's parameter set is used, then kept by the service worker for offline use;
// (The agencies' build, pkg/agency.js, is loaded by js/embedded.js, only inside an agency's page.)

import initResident, * as resident from '../pkg/resident.js';

const RESIDENT_WASM = new URL('../pkg/resident_bg.wasm', import.meta.url);

/** Loads the resident's engine; resolves to its API (estimate, policies, addCatalogue). */
export async function loadResident() {
  await initResident({ module_or_path: RESIDENT_WASM });
  return resident;
}

let full = null;

/** The full engine (with steps and parameter sets), loaded on first use. */
export function loadFull() {
  if (!full) {
    full = import('../pkg/yibao.js').then(async (m) => {
      await m.default({ module_or_path: new URL('../pkg/yibao_bg.wasm', import.meta.url) });
      return m;
    });
    // A failed load (offline before the first opening) may be retried later.
    full.catch(() => {
      full = null;
    });
  }
  return full;
}
