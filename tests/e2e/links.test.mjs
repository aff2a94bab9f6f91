// Shareable links: opening "#s=<base64url JSON>" fills the form and shows that scenario's result;
// editing updates the link; a link that is not a scenario says so; odd values survive a round trip.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AMOUNT_KEYS,
  SCENARIOS,
  canonical,
  cliEstimate,
  decodeLink,
  encodeLink,
  gotoApp,
  readTotals,
  waitForResult,
  useSite,
} from './helpers.mjs';

const env = useSite({ viewport: { width: 1280, height: 900 } });

async function open(hash) {
  const page = await env.ctx.newPage();
  await gotoApp(page, `${env.site.url}${hash}`);
  return page;
}

const visitValues = (page) =>
  page.$$eval('#visits > li', (lis) =>
    lis.map((li) => {
      const get = (k) => li.querySelector(`[id$="-${k}"]`).value;
      return { care: get('care'), level: get('level'), total: get('total'), excluded: get('excluded'), basic_paid: get('basic_paid') };
    }),
  );

test('a #s= link opens its scenario: form filled, result shown', async () => {
  const { scenario } = SCENARIOS.valid.find((s) => s.name.startsWith('national-2022: three visits'));
  const native = cliEstimate(scenario).json;
  const page = await open(`#s=${encodeLink(scenario)}`);
  try {
    await waitForResult(page, scenario);
    const totals = await readTotals(page);
    for (const k of AMOUNT_KEYS) assert.equal(totals[k], native[k], k);
    assert.equal(await page.$eval('#policy', (e) => e.value), scenario.policy);
    assert.deepEqual(
      await visitValues(page),
      scenario.visits.map((v) => ({ care: v.care, level: String(v.level), total: v.total, excluded: v.excluded ?? '', basic_paid: v.basic_paid ?? '' })),
    );
    for (const [id, value] of Object.entries(scenario.params)) {
      assert.equal(await page.$eval(`#param-${id}`, (e) => e.value), value, id);
    }
  } finally {
    await page.close();
  }
});

test('every valid scenario round-trips through its link', async () => {
  const page = await env.ctx.newPage();
  try {
    for (const { name, scenario } of SCENARIOS.valid) {
      await gotoApp(page, `${env.site.url}#s=${encodeLink(scenario)}`);
      await page.reload(); // a fresh document each time, like opening the link anew
      await page.waitForSelector('#app:not([hidden])');
      await waitForResult(page, scenario);
      const native = cliEstimate(scenario).json;
      const totals = await readTotals(page);
      for (const k of AMOUNT_KEYS) assert.equal(totals[k], native[k], `${name}: ${k}`);
    }
  } finally {
    await page.close();
  }
});

test('editing updates the link, and the new link reproduces the edit', async () => {
  const scenario = { policy: 'tianjin-2022', tier: 'high', visits: [{ care: 'outpatient', level: 1, total: '3000' }] };
  const page = await open(`#s=${encodeLink(scenario)}`);
  try {
    await waitForResult(page, scenario);
    const uid = await page.$eval('#visits fieldset', (f) => f.id.replace('visit-', ''));
    const historyBefore = await page.evaluate(() => history.length);
    await page.focus(`#visit-${uid}-total`);
    await page.keyboard.press('End');
    await page.keyboard.type('0'); // 3000 → 30000
    const edited = { ...scenario, visits: [{ care: 'outpatient', level: 1, total: '30000' }] };
    await waitForResult(page, edited);
    const hash = await page.evaluate(() => location.hash);
    assert.deepEqual(canonical(decodeLink(hash)), canonical(edited));
    // replaceState, not pushState: editing does not pile up history entries.
    assert.equal(await page.evaluate(() => history.length), historyBefore);

    const native = cliEstimate(edited).json;
    const again = await open(hash);
    await waitForResult(again, edited);
    assert.equal((await readTotals(again)).basic, native.basic);
    await again.close();
  } finally {
    await page.close();
  }
});

test('changing the fragment in the same tab loads the new scenario', async () => {
  const a = SCENARIOS.valid[0].scenario;
  const b = SCENARIOS.valid.find((s) => s.scenario.policy === 'dongying-2020').scenario;
  const page = await open(`#s=${encodeLink(a)}`);
  try {
    await waitForResult(page, a);
    await page.evaluate((h) => {
      location.hash = h;
    }, `#s=${encodeLink(b)}`);
    await waitForResult(page, b);
    assert.equal((await readTotals(page)).total, cliEstimate(b).json.total);
  } finally {
    await page.close();
  }
});

test('a link that is not a scenario is reported, and the form still works', async () => {
  const page = await open('#s=%%%not-base64');
  try {
    await page.waitForSelector('#error-summary:not([hidden])');
    assert.match(await page.textContent('#error-summary'), /链接/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
    assert.notEqual(await page.$eval('#result', (r) => r.dataset.state), 'ok');
  } finally {
    await page.close();
  }
});

test('values the form has no control for are kept and sent back unchanged', async () => {
  // An unknown group and an extra top-level field (a future optional field) from a link.
  const scenario = {
    policy: 'tianjin-2022',
    tier: 'low',
    groups: ['assistance', 'dibao'],
    visits: [{ care: 'outpatient', level: 2, total: '2000', note: 'kept' }],
    future_field: { x: 1 },
  };
  const page = await open(`#s=${encodeLink(scenario)}`);
  try {
    await waitForResult(page, scenario);
    // dibao is not a Tianjin group: shown, checked, and marked as not mentioned by this policy.
    const dibao = page.locator('#groups input[value="dibao"]');
    assert.ok(await dibao.isChecked());
    const native = cliEstimate(scenario).json;
    assert.equal((await readTotals(page)).basic, native.basic);
    assert.deepEqual(canonical(decodeLink(await page.evaluate(() => location.hash))), canonical(scenario));
  } finally {
    await page.close();
  }
});

test('no console errors; no request left the site', () => env.ctx.check());
