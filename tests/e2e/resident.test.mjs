// The page's own engine build (dist/pkg/resident.js, DESIGN.md "Why two builds of the engine for
// the page?") against the public API (dist/pkg/yibao.js), both run in Node on the same cases. The
// resident's build only leaves things out: no steps, no citation table, and what only programs
// read (the `details` feature, Cargo.toml): a result's `warning_messages`, an error's `key` and
// `args`, and some fields of `policies()`. Everything else must be the same, and the page must
// read none of the fields left out.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, test } from 'node:test';
import { DIST, ROOT, SCENARIOS } from './helpers.mjs';

/** What `policies()` leaves out without `details`: by the kind of object that has the field. */
const DETAILS = {
  policy: ['region'],
  tier: ['benefit_name', 'individual_is_minimum', 'subsidy_citations', 'alternatives', 'choice_citation'],
  param: ['fallback', 'part_of'],
  // In a result and in an error (and each of its missing parameters).
  result: ['warning_messages'],
  error: ['key', 'args'],
};

/** `o` without the members `keys`. */
const drop = (o, keys) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
/** A result without what only a build with the steps fills (the steps and their citations). */
const withoutSteps = ({ steps, citations, ...rest }) => rest;
/** A result as the page's engine gives it, less the steps. */
const residentResult = (r) => drop(withoutSteps(r), DETAILS.result);
/** An error as the page's engine gives it (and each of its missing parameters). */
const residentError = (e) => ({
  ...drop(e, DETAILS.error),
  ...(e.missing ? { missing: e.missing.map((m) => drop(m, DETAILS.error)) } : {}),
});

let resident;
let full;
let agency;

async function load(name) {
  const m = await import(pathToFileURL(join(DIST, `pkg/${name}.js`)).href);
  m.initSync({ module: readFileSync(join(DIST, `pkg/${name}_bg.wasm`)) });
  return m;
}

before(async () => {
  resident = await load('resident');
  full = await load('yibao');
  agency = await load('agency');
});

/** A call's result, or the error it throws as plain data. */
function call(f) {
  try {
    return { result: f() };
  } catch (e) {
    return { error: JSON.parse(JSON.stringify({ ...e, message: e.message })) };
  }
}

test('the page\'s engine gives every valid scenario the public API\'s result, without the steps and citations', () => {
  assert.ok(SCENARIOS.valid.length > 20);
  for (const { name, scenario } of SCENARIOS.valid) {
    const r = call(() => resident.estimate(scenario, {}));
    const f = call(() => full.estimate(scenario, {}));
    assert.ok(r.result && f.result, `${name}: both settle`);
    assert.deepEqual(r.result.steps, [], name);
    assert.deepEqual(Object.keys(r.result.citations), [], name);
    assert.ok(f.result.steps.length > 0, `${name}: the public API explains`);
    assert.ok(DETAILS.result.every((k) => k in f.result), `${name}: the public API has them`);
    assert.ok(DETAILS.result.every((k) => !(k in r.result)), `${name}: the page's engine leaves them out`);
    assert.deepEqual(residentResult(r.result), residentResult(f.result), name);
  }
});

test('the page\'s engine rejects every invalid scenario with the public API\'s error', () => {
  let n = 0;
  for (const { name, scenario } of SCENARIOS.invalid) {
    // Text input (`raw`) is the public API's alone: the page passes objects.
    if (scenario === undefined) continue;
    n++;
    const r = call(() => resident.estimate(scenario, {}));
    const f = call(() => full.estimate(scenario, {}));
    assert.ok(r.error && f.error, `${name}: both reject`);
    assert.ok(DETAILS.error.every((k) => k in f.error), `${name}: the public API has them`);
    assert.deepEqual(r.error, residentError(r.error), `${name}: the page's engine leaves them out`);
    assert.deepEqual(r.error, residentError(f.error), name);
  }
  assert.ok(n > 20);
});

test('the page\'s engine words every policy, tier and identity group as the public API does', () => {
  // Every warning a tier or a group brings (a tier the group's rule overrides, an assumption and
  // the sentences it quotes, a caveat), for each policy with every local value given (a plain
  // one of its unit; a schedule by its parts): the resident's registry keeps only the citations
  // and notes that something other than the steps shows (yibao_compile::without_steps_texts), so
  // a warning quoting another would differ.
  const visits = [
    { care: 'inpatient', level: 3, total: '260000' },
    { care: 'outpatient', level: 1, total: '3000' },
    { care: 'special_outpatient', level: 2, total: '40000' },
  ];
  let settled = 0;
  for (const p of full.policies({})) {
    const value = (q) =>
      q.unit === 'choice' ? q.choices[q.choices.length - 1].value
      : q.unit === 'ratio' ? '0.6'
      : /deductible/.test(q.id) ? '800'
      : /cap|limit/.test(q.id) ? '200000'
      : '30000';
    const params = Object.fromEntries(p.params.filter((q) => q.unit !== 'schedule').map((q) => [q.id, value(q)]));
    for (const tier of [undefined, ...p.tiers.map((t) => t.id)]) {
      for (const groups of [[], ...p.groups.map((g) => [g.id])]) {
        const scenario = { policy: p.id, ...(tier ? { tier } : {}), groups, params, visits };
        const name = JSON.stringify({ policy: p.id, tier, groups });
        const r = call(() => resident.estimate(scenario, {}));
        const f = call(() => full.estimate(scenario, {}));
        if (f.result) {
          settled++;
          assert.deepEqual(residentResult(r.result || {}), residentResult(f.result), name);
        } else {
          assert.deepEqual(r.error, residentError(f.error), name);
        }
      }
    }
  }
  assert.ok(settled > 40, `${settled} scenarios settled`);
});

/** The public API's policies with the `details` fields removed. */
function withoutDetails(policies) {
  return policies.map((p) => ({
    ...drop(p, DETAILS.policy),
    tiers: p.tiers.map((t) => drop(t, DETAILS.tier)),
    params: p.params.map((q) => drop(q, DETAILS.param)),
  }));
}

test('the page\'s engine lists the policies as the public API does, less the fields the page does not read', () => {
  const f = full.policies({});
  // The fields left out are there in the public API (so this test would notice a rename).
  assert.ok(f.every((p) => DETAILS.policy.every((k) => k in p)));
  assert.ok(f.some((p) => p.tiers.some((t) => DETAILS.tier.every((k) => k in t || k === 'choice_citation'))));
  assert.ok(f.some((p) => p.params.some((q) => 'fallback' in q)) && f.some((p) => p.params.some((q) => 'part_of' in q)));
  assert.deepEqual(resident.policies({}), withoutDetails(f));
  // In English too, with the catalogue the page fetches when English is chosen.
  resident.addCatalogue(JSON.parse(readFileSync(join(DIST, 'i18n/engine-en.json'), 'utf8')));
  assert.deepEqual(resident.policies({ lang: 'en' }), withoutDetails(full.policies({ lang: 'en' })));
});

test('the agencies\' build, which has no steps either, keeps every text and field of the public API', () => {
  // Its registry is baked without the steps too, but with `details`: nothing may be left out.
  assert.deepEqual(agency.policies({}), full.policies({}));
  for (const { name, scenario } of SCENARIOS.valid) {
    const a = agency.estimate(scenario, {});
    const f = full.estimate(scenario, {});
    assert.deepEqual(withoutSteps(a), withoutSteps(f), name);
  }
});

test('the page\'s scripts read none of the fields its engine leaves out', () => {
  // Every script of the resident's page; the officials' pages (configurator, batch) use builds
  // with every field.
  const dir = join(ROOT, 'www/js');
  const files = [
    ...readdirSync(dir).map((f) => join(dir, f)),
    ...readdirSync(join(dir, 'sections')).map((f) => join(dir, 'sections', f)),
  ].filter((f) => f.endsWith('.js') && !/[\\/](configurator|batch|batch-worker)\.js$/.test(f));
  // (`key` and `args` are common words in the page's own code: its reading of errors is checked
  // by the browser tests, which would fail if it needed them.)
  const fields = [...DETAILS.policy, ...DETAILS.tier, ...DETAILS.param, ...DETAILS.result];
  const read = new RegExp(`\\b(${fields.join('|')})\\b`);
  for (const f of files) {
    const src = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    const m = src.match(read);
    assert.equal(m, null, `${f} reads ${m && m[1]}, which the resident's build leaves out`);
  }
});
