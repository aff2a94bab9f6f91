// Owns the two builds of the engine (DESIGN.md, "Why two builds of the engine for the page?"):
// * the resident's build (pkg/resident.js): everything but the step-by-step explanation, loaded at
//   start and precached for offline use;
// * the full build (pkg/yibao.js, the public API): loaded only when someone opens the explanation
//   or an agency's parameter set is used, then kept by the service worker for offline use;
// * the agencies' build (pkg/agency.js): the full API plus reading parameter sets and policy files
//   from their TOML text, loaded only on an agency's embedding that uses such a file.

import initResident, * as resident from '../pkg/resident.js';

const RESIDENT_WASM = new URL('../pkg/resident_bg.wasm', import.meta.url);

/** Loads the resident's engine; resolves to its API (estimate, policies, addCatalogue). */
export async function loadResident() {
  await initResident({ module_or_path: RESIDENT_WASM });
  return resident;
}

const lazy = {};

/** A build loaded on first use; a failed load (offline before the first use) may be retried. */
function load(name, js, wasm) {
  if (!lazy[name]) {
    lazy[name] = js().then(async (m) => {
      await m.default({ module_or_path: new URL(wasm, import.meta.url) });
      return m;
    });
    lazy[name].catch(() => {
      lazy[name] = null;
    });
  }
  return lazy[name];
}

/** The full engine (with steps and parameter sets). */
export const loadFull = () => load('full', () => import('../pkg/yibao.js'), '../pkg/yibao_bg.wasm');

/** The agencies' engine (the full one, plus TOML parameter sets and policy files). */
export const loadAgency = () => load('agency', () => import('../pkg/agency.js'), '../pkg/agency_bg.wasm');
