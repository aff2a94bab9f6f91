// Times the page's engine (pkg/resident.js and its WebAssembly) of two or more built sites side by
// side, in Node: `policies()` and `estimate()` of the 10-visit year of tests/e2e/scenarios.json,
// three rounds, interleaved so that the machine's noise falls on all of them alike. For a build
// flag that makes the engine smaller, this says what it costs in speed (DESIGN.md, "Why talc, and
// why these flags?").
//
//   node scripts/compare-engines.mjs <dist-a> <dist-b> [...]

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './build-site.mjs';

const dirs = process.argv.slice(2).map((d) => resolve(d));
if (dirs.length < 2) {
  console.error('usage: compare-engines.mjs <dist-a> <dist-b> [...]');
  process.exit(2);
}
const scenarios = JSON.parse(readFileSync(resolve(ROOT, 'tests/e2e/scenarios.json'), 'utf8')).valid;
const ten = scenarios.find((s) => s.scenario.visits.length >= 10).scenario;
const engines = [];
for (const d of dirs) {
  const m = await import(pathToFileURL(resolve(d, 'pkg/resident.js')).href);
  m.initSync({ module: readFileSync(resolve(d, 'pkg/resident_bg.wasm')) });
  engines.push([d, m]);
}
const perCall = (f, n) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  return ((performance.now() - t0) / n) * 1000;
};
for (let round = 1; round <= 3; round++) {
  for (const [d, m] of engines) {
    const policies = perCall(() => m.policies(), 200);
    const estimate = perCall(() => m.estimate(ten), 1000);
    console.log(`round ${round} ${d}: policies() ${policies.toFixed(0)} µs, estimate(10 visits) ${estimate.toFixed(0)} µs`);
  }
}
