// Through the page: for every valid scenario, fill the form with the keyboard in Chromium and
// check that the five amounts (data-amount), the per-visit table and the contribution equal what
// the native CLI computes for the same scenario in this run. The address bar must then hold a
// link to exactly that scenario.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AMOUNT_KEYS,
  SCENARIOS,
  canonical,
  cliEstimate,
  decodeLink,
  gotoApp,
  fillByKeyboard,
  readContribution,
  readTotals,
  readVisitRows,
  waitForResult,
  useSite,
} from './helpers.mjs';

const env = useSite();

test('at least 20 scenarios, covering all four policies', () => {
  assert.ok(SCENARIOS.valid.length >= 20);
  const used = new Set(SCENARIOS.valid.map((s) => s.scenario.policy));
  for (const id of ['national-2020', 'national-2022', 'dongying-2020', 'tianjin-2022']) assert.ok(used.has(id), id);
  assert.ok(SCENARIOS.valid.some((s) => s.scenario.visits.length >= 10), 'a 10-visit year');
  assert.ok(SCENARIOS.valid.some((s) => s.scenario.visits.length === 0), 'a year without visits');
});

for (const { name, scenario } of SCENARIOS.valid) {
  test(`by keyboard: ${name}`, async () => {
    const native = cliEstimate(scenario);
    assert.equal(native.status, 0);
    const page = await env.ctx.newPage();
    try {
      await gotoApp(page, env.site.url);
      await fillByKeyboard(page, scenario);
      await waitForResult(page, scenario);

      const totals = await readTotals(page);
      for (const k of AMOUNT_KEYS) assert.equal(totals[k], native.json[k], `${k} on the page`);

      const rows = await readVisitRows(page);
      if (scenario.visits.length) {
        assert.deepEqual(
          rows,
          native.json.visits.map((v) => AMOUNT_KEYS.map((k) => v[k])),
          'per-visit table',
        );
      }
      assert.deepEqual(await readContribution(page), native.json.contribution, 'contribution');
      const warnings = await page.$$eval('#warning-list li', (li) => li.map((x) => x.textContent));
      assert.deepEqual(warnings, native.json.warnings, 'warnings');

      // The link in the address bar is this scenario.
      assert.deepEqual(canonical(decodeLink(await page.evaluate(() => location.hash))), canonical(scenario));
    } finally {
      await page.close();
    }
  });
}

test('the explanation shows every step with its citations: quote, document, 文号 and clause', async () => {
  const { scenario } = SCENARIOS.valid.find((s) => s.scenario.policy === 'tianjin-2022');
  const native = cliEstimate(scenario).json;
  const page = await env.ctx.newPage();
  try {
    await gotoApp(page, env.site.url);
    await fillByKeyboard(page, scenario);
    await waitForResult(page, scenario);
    // Collapsed by default; open it with the keyboard.
    await page.focus('#steps > summary');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#steps-body .step');
    const steps = await page.$$eval('#steps-body .step', (els) =>
      els.map((s) => ({
        title: s.querySelector('.step-title').textContent,
        quotes: [...s.querySelectorAll('blockquote')].map((b) => b.textContent),
        sources: [...s.querySelectorAll('.citation .source')].map((p) => p.textContent),
      })),
    );
    assert.equal(steps.length, native.steps.length);
    steps.forEach((s, i) => {
      assert.equal(s.title, native.steps[i].title);
      // Steps cite by id; each sentence travels once, in the result's citations table.
      assert.deepEqual(s.quotes, native.steps[i].citations.map((id) => native.citations[id].quote).filter(Boolean));
    });
    steps.forEach((s, i) => {
      const cites = native.steps[i].citations.map((id) => native.citations[id]);
      assert.equal(s.sources.length, cites.length, s.title);
      cites.forEach((c, j) => {
        assert.ok(s.sources[j].includes(c.document), `${s.title}: ${s.sources[j]}`);
        if (c.number) assert.ok(s.sources[j].includes(c.number), s.sources[j]);
        assert.ok(s.sources[j].includes(c.clause), s.sources[j]);
      });
    });
  } finally {
    await page.close();
  }
});

test('no console errors; no request left the site', () => env.ctx.check());
