// What the page says where the documents are silent (issue 6), in Chromium: the critical-illness
// scope with both choices, floors shown as floors, bounds beside the amounts, a banded local
// schedule edited by keyboard, and every missing parameter marked at once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliEstimate, encodeLink, gotoApp, readContribution, readTotals, useSite, waitForResult } from './helpers.mjs';

const env = useSite();

const link = (sc) => `${env.site.url}#s=${encodeLink(sc)}`;

async function boundText(page, k) {
  const label = page.locator(`[data-bound="${k}"]`);
  const note = page.locator(`#bound-note-${k}`);
  return {
    label: (await label.isVisible()) ? (await label.textContent()).trim() : '',
    note: (await note.isVisible()) ? (await note.textContent()).trim() : '',
  };
}

// DY2020 二(二): 贫困人口 table, burden 60000 − 20000 = 40000.
const DONGYING = {
  policy: 'dongying-2020',
  tier: 'resident',
  groups: ['dibao'],
  visits: [{ care: 'special_outpatient', level: 2, total: '60000', basic_paid: '20000' }],
};

test('the Dongying 门诊慢特病 example: a lower bound under the fallback, 22750.00 with the wider scope', async () => {
  const page = await env.ctx.newPage();
  try {
    await gotoApp(page, link(DONGYING));
    await waitForResult(page, DONGYING);
    let totals = await readTotals(page);
    assert.equal(totals.critical, '0.00');
    let b = await boundText(page, 'critical');
    assert.equal(b.label, '至少');
    assert.match(b.note, /文件未规定/);
    assert.equal((await boundText(page, 'out_of_pocket')).label, '最多');
    const warnings = await page.$$eval('#warning-list li', (li) => li.map((x) => x.textContent));
    assert.ok(warnings.some((w) => w.includes('第1次就诊（门诊慢特病）')), warnings.join('\n'));

    // The agency's scope, chosen by keyboard in the critical-illness group.
    await page.focus('#params-layer-critical-summary');
    await page.keyboard.press('Enter');
    await page.focus('#param-critical_scope');
    const values = await page.$$eval('#param-critical_scope option', (os) => os.map((o) => o.value));
    await page.keyboard.press('Home');
    for (let i = 0; i < values.indexOf('inpatient+special_outpatient'); i++) await page.keyboard.press('ArrowDown');
    const wide = { ...DONGYING, params: { critical_scope: 'inpatient+special_outpatient' } };
    await waitForResult(page, wide);
    totals = await readTotals(page);
    // (40000 − 5000) × 65% = 22750.00; out of pocket 60000 − 20000 − 22750 = 17250.00.
    assert.equal(totals.critical, '22750.00');
    assert.equal(totals.out_of_pocket, '17250.00');
    b = await boundText(page, 'critical');
    assert.deepEqual(b, { label: '', note: '' });
    assert.deepEqual(totals, Object.fromEntries(Object.keys(totals).map((k) => [k, cliEstimate(wide).json[k]])));
  } finally {
    await page.close();
  }
});

test('a subsidy the document gives as a floor reads "不低于"', async () => {
  const sc = { policy: 'national-2020', tier: 'resident', params: { disposable_income: '30000' }, visits: [] };
  const page = await env.ctx.newPage();
  try {
    await gotoApp(page, link(sc));
    await waitForResult(page, sc);
    assert.equal((await page.textContent('#contribution-subsidy')).trim(), '不低于 550.00 元');
    assert.deepEqual(await readContribution(page), { individual: '280.00', subsidy: '550.00', subsidy_is_minimum: true });
  } finally {
    await page.close();
  }
});

test('an unknown cap shows the critical payment as "最多", and the agency\'s "no cap" makes it exact', async () => {
  const sc = { policy: 'national-2020', tier: 'resident', params: { disposable_income: '30000' }, visits: [{ care: 'inpatient', level: 3, total: '1000000', basic_paid: '100000' }] };
  const page = await env.ctx.newPage();
  try {
    await gotoApp(page, link(sc));
    await waitForResult(page, sc);
    // (900000 − 15000) × 60% = 531000.00 (N2020 二(五)).
    assert.equal((await readTotals(page)).critical, '531000.00');
    const b = await boundText(page, 'critical');
    assert.equal(b.label, '最多');
    assert.equal(b.note, '未计封顶线（文件未规定），实际支付可能更低');
    assert.equal((await boundText(page, 'out_of_pocket')).label, '至少');
    await page.focus('#params-layer-critical-summary');
    await page.keyboard.press('Enter');
    await page.focus('#param-critical_cap-none');
    await page.keyboard.press('Space');
    await waitForResult(page, { ...sc, params: { disposable_income: '30000', critical_cap: 'none' } });
    assert.equal((await readTotals(page)).critical, '531000.00');
    assert.deepEqual(await boundText(page, 'critical'), { label: '', note: '' });
    assert.ok(await page.$eval('#param-critical_cap', (e) => e.disabled), 'the amount is not asked for when there is no cap');
  } finally {
    await page.close();
  }
});

test('a band table: add and remove bands by keyboard, errors on the band at fault', async () => {
  const sc = { policy: 'tianjin-2022', tier: 'high', visits: [{ care: 'inpatient', level: 3, total: '400000', basic_paid: '50000' }] };
  const page = await env.ctx.newPage();
  try {
    await gotoApp(page, link(sc));
    await page.focus('#params-layer-critical-summary');
    await page.keyboard.press('Enter');
    const type = async (sel, text) => {
      await page.focus(sel);
      await page.keyboard.press('Control+A');
      await page.keyboard.type(text);
    };
    await type('#param-critical_schedule-deductible', '20000');
    await type('#param-critical_schedule-band-0-upto', '100000');
    await type('#param-critical_schedule-band-0-ratio', '0.5');
    await page.focus('#param-critical_schedule-add');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#param-critical_schedule-band-1-upto');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'param-critical_schedule-band-1-upto');
    // A limit below the previous one: the error names the second band's limit.
    await page.keyboard.type('90000');
    await type('#param-critical_schedule-band-1-ratio', '0.6');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#error-summary:not([hidden])');
    const href = await page.$eval('#error-list a', (a) => a.getAttribute('href'));
    assert.equal(href, '#param-critical_schedule-band-1-upto');
    assert.equal(await page.$eval('#param-critical_schedule-band-1-upto', (e) => e.getAttribute('aria-invalid')), 'true');
    // Fix it, add a third band, then remove the second.
    await type('#param-critical_schedule-band-1-upto', '200000');
    await page.focus('#param-critical_schedule-add');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#param-critical_schedule-band-2-upto');
    await page.keyboard.type('300000');
    await type('#param-critical_schedule-band-2-ratio', '0.7');
    await page.focus('#param-critical_schedule-cap-none');
    await page.keyboard.press('Space');
    const three = {
      ...sc,
      params: { critical_schedule: { deductible: '20000', bands: [{ upto: '100000', ratio: '0.5' }, { upto: '200000', ratio: '0.6' }, { upto: '300000', ratio: '0.7' }], cap: 'none' } },
    };
    await waitForResult(page, three);
    // burden 350000: 80000 × 50% + 100000 × 60% + 100000 × 70% = 170000.00, nothing above 30万.
    assert.equal((await readTotals(page)).critical, '170000.00');
    await page.focus('#param-critical_schedule-band-1 button[data-action=band-remove]');
    await page.keyboard.press('Enter');
    const two = { ...sc, params: { critical_schedule: { deductible: '20000', bands: [{ upto: '100000', ratio: '0.5' }, { upto: '300000', ratio: '0.7' }], cap: 'none' } } };
    await waitForResult(page, two);
    // 80000 × 50% + 200000 × 70% = 40000 + 140000 = 180000.00.
    assert.equal((await readTotals(page)).critical, '180000.00');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'param-critical_schedule-band-1-upto');
  } finally {
    await page.close();
  }
});

test('every missing parameter is marked at once', async () => {
  const sc = { policy: 'national-2020', tier: 'resident', visits: [{ care: 'inpatient', level: 2, total: '10000' }] };
  const expected = cliEstimate(sc).json.error;
  assert.ok(expected.missing.length >= 5, JSON.stringify(expected));
  const page = await env.ctx.newPage();
  try {
    await gotoApp(page, link(sc));
    await page.waitForSelector('#error-summary:not([hidden])');
    const items = await page.$$eval('#error-list li', (li) => li.map((x) => x.textContent.trim()));
    assert.deepEqual(items, expected.missing.map((m) => m.message));
    for (const m of expected.missing) {
      const id = `param-${m.field.slice('params.'.length)}`;
      assert.equal(await page.$eval(`#${id}`, (e) => e.getAttribute('aria-invalid')), 'true', id);
      assert.ok(await page.isVisible(`#${id}-error`), `${id} has its message beside it`);
    }
  } finally {
    await page.close();
  }
});

test('no console errors; no request left the site', () => env.ctx.check());
