// The WebAssembly API (dist/pkg/yibao.js), called in Chromium, against the native CLI on the same
// cases: results deep-equal, errors with the same code, field and message, policies() equal to
// `yibao policies`, explainText() equal to `yibao explain`.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SCENARIOS, cli, cliEstimate, gotoApp, openBrowser, openContext, startSite } from './helpers.mjs';

let site;
let browser;
let ctx;
let page;

before(async () => {
  site = await startSite();
  browser = await openBrowser();
  ctx = await openContext(browser, site);
  page = await ctx.newPage();
  await gotoApp(page, site.url);
  // The public API: dist/pkg/yibao.js (docs/CONTRACT.md).
  await page.evaluate(async () => {
    window.__yibao = await import(new URL('pkg/yibao.js', location.href).href);
    await window.__yibao.default();
  });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/** Calls estimate in the page; returns { result } or { error, isError }. */
async function wasmEstimate(input) {
  return page.evaluate((arg) => {
    try {
      return { result: window.__yibao.estimate(arg) };
    } catch (e) {
      const error = { code: e.code, field: e.field, path: e.path, message: e.message };
      for (const k of ['key', 'args', 'missing', 'needs']) if (e[k] !== undefined) error[k] = e[k];
      return { error, isError: e instanceof Error };
    }
  }, input);
}

test('policies() equals `yibao policies`', async () => {
  const wasm = await page.evaluate(() => window.__yibao.policies());
  assert.deepEqual(wasm, cli(['policies']).json);
});

for (const { name, scenario } of SCENARIOS.valid) {
  test(`estimate, valid: ${name}`, async () => {
    const native = cliEstimate(scenario);
    assert.equal(native.status, 0, JSON.stringify(native.json));
    const wasm = await wasmEstimate(scenario);
    assert.ok(wasm.result, `wasm threw: ${JSON.stringify(wasm.error)}`);
    assert.deepEqual(wasm.result, native.json);
  });
}

for (const c of SCENARIOS.invalid) {
  test(`estimate, invalid: ${c.name}`, async () => {
    // Raw text goes to the CLI as is, and to estimate() as a string (which it parses as JSON).
    const native = c.raw !== undefined ? cliEstimate(c.raw, true) : cliEstimate(c.scenario);
    assert.equal(native.status, 2, 'the CLI refuses it');
    const wasm = await wasmEstimate(c.raw !== undefined ? c.raw : c.scenario);
    assert.ok(wasm.error, `wasm gave a result: ${JSON.stringify(wasm.result)?.slice(0, 200)}`);
    assert.ok(wasm.isError, 'estimate throws an Error');
    if (c.raw !== undefined && native.json.error.code === 'invalid_json') {
      // Text that is not JSON: the browser's JSON.parse and the command line's parser stop at
      // their own positions, so only the code, the field and the sentence's kind must agree.
      assert.equal(wasm.error.code, 'invalid_json');
      assert.equal(wasm.error.field, native.json.error.field);
      assert.deepEqual(wasm.error.path, native.json.error.path);
      assert.equal(wasm.error.key, native.json.error.key);
      return;
    }
    assert.deepEqual(wasm.error, native.json.error);
  });
}

test('explainText() equals `yibao explain`', async () => {
  for (const { scenario } of SCENARIOS.valid.slice(0, 6)) {
    const native = cli(['explain', '-'], JSON.stringify(scenario));
    assert.equal(native.status, 0);
    const wasm = await page.evaluate((sc) => window.__yibao.explainText(sc), scenario);
    assert.equal(wasm.trimEnd(), native.text.trimEnd());
  }
});

test('no console errors; no request left the site', () => ctx.check());
