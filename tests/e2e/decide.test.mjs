// The tier comparison and the cost curve on the page (issue 9): loaded with the full engine when
// a panel is first opened; the comparison shows the command line's figures (`yibao compare`), the
// chart's kinks sit at the policy's breakpoints (`yibao curve`), and a kink chosen by keyboard
// adds a visit at that cost. The first visit does not load them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TIANJIN_TWO_VISITS as SCENARIO, cli, encodeLink, useSite } from './helpers.mjs';

const env = useSite();

const plain = (t) => t.replace(/,/g, '');

async function open(scenario = SCENARIO) {
  const page = await env.ctx.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(`${env.site.url}#s=${encodeLink(scenario)}`);
  await page.waitForFunction(() => document.getElementById('result').dataset.state === 'ok');
  return { page, requested };
}

test('the comparison loads only when opened and shows the command line\'s figures', async () => {
  const { page, requested } = await open();
  assert.ok(!requested.some((p) => /decide|yibao_bg/.test(p)), `loaded before opening: ${requested}`);
  await page.click('#compare summary');
  await page.waitForSelector('#compare-body table');
  const want = cli(['compare', '-'], JSON.stringify(SCENARIO)).json;
  const cells = await page.$$eval('#compare-body tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(
    cells.map((r) => r.map(plain)),
    ['individual', 'out_of_pocket', 'year_cost'].map((k) => want.tiers.map((t) => t[k])),
  );
  const cheapest = await page.$$eval('#compare-body thead th', (ths) => ths.map((th) => !!th.querySelector('.tag-cheapest')));
  assert.deepEqual(cheapest.slice(1), want.tiers.map((t) => t.cheapest));
  assert.deepEqual(await page.$$eval('#compare-body .break-even', (ps) => ps.map((p) => p.textContent)), want.break_even.map((b) => b.text));
  // Editing the scenario recomputes the open panel.
  await page.fill('#visits li:first-child input[id$="-total"]', '5000');
  const edited = { ...SCENARIO, visits: [{ ...SCENARIO.visits[0], total: '5000' }, SCENARIO.visits[1]] };
  const want2 = cli(['compare', '-'], JSON.stringify(edited)).json;
  await page.waitForFunction(
    (y) => [...document.querySelectorAll('#compare-body .compare-total td')].map((td) => td.textContent.replace(/,/g, '')).join() === y,
    want2.tiers.map((t) => t.year_cost).join(),
  );
  env.ctx.check();
  await page.close();
});

test('the cost curve\'s kinks sit at the breakpoints, and one chosen by keyboard adds that visit', async () => {
  const { page } = await open();
  await page.click('#curve summary');
  await page.waitForSelector('#curve-body svg .kink');
  await page.selectOption('#curve-care', 'outpatient');
  await page.selectOption('#curve-level', '3');
  // The low tier pays 45% at 三级. The earlier outpatient visit used the whole 600 deductible, so
  // the next one is paid from its first 元, and the 4000 cap binds when T × 45% reaches what the
  // first visit left of it, 4000 − (3000 − 600) × 45% = 2920: T = 2920 / 45% = 6488.888…, so
  // from the 分 6488.89.
  const want = cli(['curve', '--care', 'outpatient', '--level', '3', '-'], JSON.stringify(SCENARIO)).json;
  const kinkTotals = want.points.filter((p) => p.kinks.length).map((p) => p.total);
  assert.deepEqual(kinkTotals, ['6488.89']);
  await page.waitForFunction((n) => document.querySelectorAll('#curve-body .curve-table th[scope=row]').length === n, want.points.length);
  const rows = await page.$$eval('#curve-body .curve-table th[scope=row]', (ths) => ths.map((th) => th.textContent.replace(/^\d+\. /, '').replace(/,/g, '')));
  assert.deepEqual(rows, want.points.map((p) => p.total));
  assert.match(await page.textContent('#curve-body .kink-row'), /二\(一\)/);
  // Keyboard: Tab to the kink's marker and press Enter.
  await page.focus('#curve-body svg .kink');
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /6,488\.89/);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#visits .visit-item').length === 3);
  const added = await page.evaluate(() => {
    const li = document.querySelectorAll('#visits .visit-item')[2];
    return [li.querySelector('select[id$="-care"]').value, li.querySelector('select[id$="-level"]').value, li.querySelector('input[id$="-total"]').value];
  });
  assert.deepEqual(added, ['outpatient', '3', '6488.89']);
  assert.match(await page.textContent('#live'), /6,488\.89/);
  env.ctx.check();
  await page.close();
});
