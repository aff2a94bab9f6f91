// The document beside each step (issue 9): a step's "政策原文" opens the whole text of its
// document with the cited sentence highlighted and in view; the texts are not precached, are
// fetched on first opening, and then work offline. A step's amount marks the visit it belongs to.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeLink, openBrowser, openContext, startSite } from './helpers.mjs';

let browser;
let site;
let ctx;

before(async () => {
  site = await startSite();
  browser = await openBrowser();
  ctx = await openContext(browser, site);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const SCENARIO = {
  policy: 'tianjin-2022',
  tier: 'low',
  visits: [{ care: 'outpatient', level: 3, total: '3000' }],
};

async function stepsOpen(page) {
  await page.waitForFunction(() => document.getElementById('result').dataset.state === 'ok');
  await page.click('#steps-summary');
  await page.waitForSelector('#steps-body .doc-open');
}

test('a step\'s 政策原文 shows the sentence in its document, highlighted, and works offline afterwards', async () => {
  const page = await ctx.newPage();
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${site.url}#s=${encodeLink(SCENARIO)}`);
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  assert.ok(!fetched.some((p) => p.startsWith('/documents/')), 'no document text before a panel is opened');
  await stepsOpen(page);
  // The outpatient step cites TJ2021D 二(一).
  const button = page.locator('#steps-body .step-basic .doc-open').first();
  await button.click();
  await page.waitForSelector('#doc-dialog[open] mark#doc-quote');
  const mark = await page.textContent('#doc-quote');
  assert.match(mark, /年度起付标准统一为600元/);
  assert.match(await page.textContent('#doc-title'), /天津市关于做好2021年城乡居民基本医疗保障工作的通知/);
  assert.ok(fetched.includes('/documents/TJ2021D.txt'));
  // The sentence is scrolled into view inside the panel.
  const visible = await page.evaluate(() => {
    const m = document.getElementById('doc-quote').getBoundingClientRect();
    const box = document.getElementById('doc-text').getBoundingClientRect();
    return m.top >= box.top && m.top < box.bottom;
  });
  assert.ok(visible, 'the highlighted sentence is in view');
  // Escape closes it and gives focus back to the button.
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('doc-open')), true);
  // Offline, after a reload: the same panel still opens (the service worker kept the text).
  await ctx.setOffline(true);
  await page.reload();
  await stepsOpen(page);
  await page.locator('#steps-body .step-basic .doc-open').first().click();
  await page.waitForSelector('#doc-dialog[open] mark#doc-quote');
  assert.match(await page.textContent('#doc-quote'), /年度起付标准统一为600元/);
  await ctx.setOffline(false);
  await page.close();
});

test('a step\'s amount marks the visit it belongs to', async () => {
  const page = await ctx.newPage();
  await page.goto(`${site.url}#s=${encodeLink({ ...SCENARIO, visits: [...SCENARIO.visits, { care: 'outpatient', level: 1, total: '500' }] })}`);
  await stepsOpen(page);
  const amounts = page.locator('#steps-body .step-amount-link');
  // The last step with an amount belongs to the second visit.
  await amounts.last().focus();
  await page.keyboard.press('Enter');
  const marked = await page.$$eval('#visits-table tr', (rows) => rows.map((r) => r.classList.contains('is-highlighted')));
  assert.deepEqual(marked, [false, true]);
  ctx.check();
  await page.close();
});
