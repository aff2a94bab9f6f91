// Invalid input in the page: the error summary (GOV.UK pattern) with a link to the field, the
// inline message with aria-invalid/aria-describedby, focus moving to the summary after a
// deliberate action (Enter, or opening a link) but never while typing, typed text kept, and no
// stale result shown as current.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  SCENARIOS,
  cliEstimate,
  encodeLink,
  gotoApp,
  readTotals,
  waitForResult,
  useSite,
} from './helpers.mjs';

const env = useSite();

const base = { policy: 'tianjin-2022', tier: 'high', visits: [{ care: 'outpatient', level: 1, total: '3000' }] };

async function openValid(scenario = base) {
  const page = await env.ctx.newPage();
  await gotoApp(page, `${env.site.url}#s=${encodeLink(scenario)}`);
  await waitForResult(page, scenario);
  return page;
}

const firstUid = (page) => page.$eval('#visits fieldset', (f) => f.id.replace('visit-', ''));
const activeId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);
const resultState = (page) => page.$eval('#result', (r) => r.dataset.state);

/** The result area shows no figure as current: its body is hidden and it says why. */
async function assertNoCurrentResult(page) {
  assert.notEqual(await resultState(page), 'ok');
  assert.equal(await page.isVisible('#result-body'), false, 'result body hidden');
  for (const el of await page.$$('[data-amount]')) {
    assert.equal(await el.isVisible(), false);
    assert.equal(await el.textContent(), '', 'old figures are emptied, not just hidden');
  }
}

test('a bad amount: summary with link, inline message, text kept, no stale result', async () => {
  const page = await openValid();
  try {
    const uid = await firstUid(page);
    const input = `#visit-${uid}-total`;
    await page.focus(input);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3,000 元');
    // While typing, nothing jumps: focus stays in the field.
    assert.equal(await activeId(page), `visit-${uid}-total`);
    // Leave the field (Tab): the error shows, focus goes where Tab sent it, not to the summary.
    await page.keyboard.press('Tab');
    await page.waitForSelector('#error-summary:not([hidden])');
    assert.notEqual(await activeId(page), 'error-summary');

    const expected = cliEstimate({ ...base, visits: [{ ...base.visits[0], total: '3,000 元' }] }).json.error;
    const link = page.locator('#error-summary a');
    assert.equal(await link.count(), 1);
    assert.equal(await link.getAttribute('href'), `#visit-${uid}-total`);
    assert.equal((await link.textContent()).trim(), expected.message);
    assert.equal(await page.getAttribute('#error-summary', 'role'), 'alert');

    // Inline: message next to the field, wired to it.
    assert.equal(await page.getAttribute(input, 'aria-invalid'), 'true');
    const describedBy = (await page.getAttribute(input, 'aria-describedby')).split(' ');
    assert.ok(describedBy.includes(`visit-${uid}-total-error`));
    assert.equal((await page.textContent(`#visit-${uid}-total-error`)).trim(), expected.message);
    assert.ok(await page.isVisible(`#visit-${uid}-total-error`));

    // Nothing typed is lost.
    assert.equal(await page.inputValue(input), '3,000 元');
    await assertNoCurrentResult(page);

    // Enter in a field is the deliberate "check": focus moves to the summary.
    await page.focus(input);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement.id === 'error-summary');

    // Following the summary link takes focus to the field and keeps the #s= link.
    const hashBefore = await page.evaluate(() => location.hash);
    await page.keyboard.press('Tab'); // into the summary's link
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), `#visit-${uid}-total`);
    await page.keyboard.press('Enter');
    assert.equal(await activeId(page), `visit-${uid}-total`);
    assert.equal(await page.evaluate(() => location.hash), hashBefore);

    // Correcting the value clears every trace of the error and brings the result back.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3000');
    await waitForResult(page, base);
    assert.ok(await page.isHidden('#error-summary'));
    assert.equal(await page.getAttribute(input, 'aria-invalid'), null);
    assert.ok(await page.isHidden(`#visit-${uid}-total-error`));
    assert.equal((await readTotals(page)).basic, '1320.00');
  } finally {
    await page.close();
  }
});

test('a half-typed amount is not flagged while typing continues', async () => {
  const page = await openValid();
  try {
    const uid = await firstUid(page);
    await page.focus(`#visit-${uid}-total`);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12.');
    await page.waitForFunction(() => document.getElementById('result').dataset.state === 'typing');
    assert.ok(await page.isHidden('#error-summary'), 'no error yet');
    await assertNoCurrentResult(page);
    await page.keyboard.type('5');
    await waitForResult(page, { ...base, visits: [{ ...base.visits[0], total: '12.5' }] });
    // If typing stops on a bad value, the error appears by itself, without moving focus.
    await page.keyboard.type('.');
    await page.waitForSelector('#error-summary:not([hidden])', { timeout: 3000 });
    assert.equal(await activeId(page), `visit-${uid}-total`);
  } finally {
    await page.close();
  }
});

test('excluded cost above total: error on the excluded field', async () => {
  const page = await openValid();
  try {
    const uid = await firstUid(page);
    await page.focus(`#visit-${uid}-excluded`);
    await page.keyboard.type('5000');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement.id === 'error-summary');
    const expected = cliEstimate({ ...base, visits: [{ ...base.visits[0], excluded: '5000' }] }).json.error;
    assert.equal(expected.field, 'visits[0].excluded');
    assert.equal(await page.getAttribute('#error-summary a', 'href'), `#visit-${uid}-excluded`);
    assert.equal((await page.textContent(`#visit-${uid}-excluded-error`)).trim(), expected.message);
    await assertNoCurrentResult(page);
  } finally {
    await page.close();
  }
});

test('a missing required parameter is first a gentle prompt, then an error once visited', async () => {
  const page = await env.ctx.newPage();
  try {
    await gotoApp(page, env.site.url);
    // Nothing entered yet: the result area says what is still needed; no error summary.
    assert.equal(await resultState(page), 'incomplete');
    assert.ok(await page.isHidden('#error-summary'));
    assert.equal(await page.evaluate(() => location.hash), '', 'the address bar is left alone');

    await page.focus('#policy');
    await page.keyboard.press('Home');
    const idx = await page.$$eval('#policy option', (os) => os.findIndex((o) => o.value === 'national-2022'));
    for (let i = 0; i < idx; i++) await page.keyboard.press('ArrowDown');
    await page.waitForSelector('#param-disposable_income');
    const uid = await firstUid(page);
    await page.focus(`#visit-${uid}-level`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.focus(`#visit-${uid}-total`);
    await page.keyboard.type('30000');
    await page.focus(`#visit-${uid}-basic_paid`);
    await page.keyboard.type('12000');
    await page.waitForFunction(() => document.getElementById('result-todo').textContent.includes('居民人均可支配收入'));
    assert.equal(await resultState(page), 'incomplete');
    assert.ok(await page.isHidden('#error-summary'));
    await assertNoCurrentResult(page);

    // Following the prompt's link reaches the field; leaving it empty turns it into an error.
    await page.click('#result-todo a');
    assert.equal(await activeId(page), 'param-disposable_income');
    await page.keyboard.press('Tab');
    await page.waitForSelector('#error-summary:not([hidden])');
    const expected = cliEstimate({ policy: 'national-2022', tier: 'resident', visits: [{ care: 'inpatient', level: 2, total: '30000', basic_paid: '12000' }] }).json.error;
    assert.equal(expected.field, 'params.disposable_income');
    assert.equal((await page.textContent('#error-summary a')).trim(), expected.message);
    assert.equal(await page.getAttribute('#param-disposable_income', 'aria-invalid'), 'true');

    await page.focus('#param-disposable_income');
    await page.keyboard.type('35100');
    await page.waitForFunction(() => document.getElementById('result').dataset.state === 'ok');
    assert.ok(await page.isHidden('#error-summary'));
  } finally {
    await page.close();
  }
});

// Every invalid case that can be a link (raw text cannot; 501 visits would only be slow).
for (const c of SCENARIOS.invalid.filter((x) => x.raw === undefined && x.scenario?.visits?.length !== 501)) {
  test(`a link with invalid input focuses the summary: ${c.name}`, async () => {
    const expected = cliEstimate(c.scenario).json.error;
    const page = await env.ctx.newPage();
    try {
      await gotoApp(page, `${env.site.url}#s=${encodeLink(c.scenario)}`);
      await page.waitForSelector('#error-summary:not([hidden])');
      await page.waitForFunction(() => document.activeElement.id === 'error-summary');
      // One line per fault: every missing parameter at once (docs/CONTRACT.md, `missing`).
      const want = expected.missing ? expected.missing.map((m) => m.message) : [expected.message];
      const items = await page.$$eval('#error-list li', (li) => li.map((x) => x.textContent.trim()));
      assert.deepEqual(items, want);
      // Every field the engine can name has a control to point at.
      const hrefs = await page.$$eval('#error-list li', (li) => li.map((x) => x.querySelector('a')?.getAttribute('href') ?? null));
      for (const href of hrefs) {
        assert.ok(href, `a link to the field ${expected.field}`);
        assert.ok(await page.$(href), `${href} exists`);
      }
      await assertNoCurrentResult(page);
    } finally {
      await page.close();
    }
  });
}

test('an unknown group from a link can be unticked to fix the error', async () => {
  const sc = { policy: 'tianjin-2022', tier: 'high', groups: ['assistance', 'vip'], visits: [{ care: 'outpatient', level: 1, total: '3000' }] };
  const page = await env.ctx.newPage();
  try {
    await gotoApp(page, `${env.site.url}#s=${encodeLink(sc)}`);
    await page.waitForFunction(() => document.activeElement.id === 'error-summary');
    const href = await page.getAttribute('#error-summary a', 'href');
    assert.equal(await page.$eval(href, (e) => e.value), 'vip');
    await page.focus(href);
    await page.keyboard.press('Space');
    const fixed = { ...sc, groups: ['assistance'] };
    await waitForResult(page, fixed);
    assert.equal((await readTotals(page)).basic, cliEstimate(fixed).json.basic);
  } finally {
    await page.close();
  }
});

test('no console errors; no request left the site', () => env.ctx.check());
