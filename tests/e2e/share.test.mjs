// Share and print (issue 9): links carry the rules' version and say plainly when it has changed;
// the print stylesheet fits the summary, steps and clauses included, on one A4 page, with the
// rules' version, the date and the link, for every worked scenario in either language (a year
// of many steps prints each step's layer and clauses, its arithmetic staying on screen); the visits table downloads as CSV with the engine's
// amounts.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SCENARIOS, TIANJIN_TWO_VISITS as SCENARIO, cli, decodeLink, encodeLink, openLink, useSite } from './helpers.mjs';

const env = useSite({ acceptDownloads: true });

async function open(scenario = SCENARIO) {
  const page = await env.ctx.newPage();
  await page.addInitScript(() => {
    window.print = () => {
      window.__printed = (window.__printed || 0) + 1;
    };
  });
  await page.goto(`${env.site.url}#s=${encodeLink(scenario)}`);
  await page.waitForFunction(() => document.getElementById('result').dataset.state === 'ok');
  return page;
}

const rules = async (page) => page.$eval('meta[name="yibao-rules"]', (m) => m.content);

test('a link carries the rules\' version, and one made under other rules says so', async () => {
  const page = await open();
  const version = await rules(page);
  assert.match(version, /^[0-9a-f]{8} \d{4}-\d\d-\d\d$/);
  // The address bar's link now carries it.
  await page.fill('#visits li:first-child input[id$="-total"]', '3001');
  await page.waitForFunction(() => location.hash.length > 3 && document.getElementById('result').dataset.state === 'ok');
  await page.waitForFunction((v) => {
    const b64 = location.hash.slice(3).replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)))).rules === v;
  }, version);
  assert.equal(await page.isHidden('#rules-changed'), true);
  await page.close();
  // A link from other rules: the page says so, and computes with today's.
  const old = await open({ ...SCENARIO, rules: '00000000 2020-01-01' });
  const note = await old.textContent('#rules-changed');
  assert.match(note, /00000000 2020-01-01/);
  assert.match(note, /规则已经更新/);
  assert.equal(await old.isVisible('#rules-changed'), true);
  assert.equal(decodeLink(await old.evaluate(() => location.hash)).rules, version);
  env.ctx.check();
  await old.close();
});

test('print gives one A4 page with the steps, the rules\' version, the date and the link', async () => {
  const page = await open();
  await page.click('#print');
  await page.waitForFunction(() => window.__printed === 1);
  assert.ok((await page.$$eval('#steps-body .step', (s) => s.length)) > 0, 'the steps are loaded for print');
  assert.equal(await page.textContent('#print-rules'), await rules(page));
  assert.equal(await page.textContent('#print-date'), new Date().toISOString().slice(0, 10));
  assert.equal(await page.textContent('#print-link'), await page.evaluate(() => location.href));
  assert.equal(await printedPages(page), 1, 'one A4 page');
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['#form', '#compare', '.actions']) assert.equal(await page.isHidden(hidden), true, hidden);
  assert.equal(await page.isVisible('#print-meta'), true);
  assert.equal(await page.isVisible('.disclaimer'), true);
  await page.close();
});

/** The pages of the PDF Chromium prints now, at A4 (the print stylesheet's @page). */
async function printedPages(page) {
  const pdf = await page.pdf({ format: 'A4' });
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
}

test('every worked scenario prints on one A4 page, in Chinese and in English, a 10-visit year included', async () => {
  for (const lang of ['zh-CN', 'en']) {
    const page = await env.ctx.newPage();
    await page.addInitScript((l) => {
      localStorage.setItem('yibao-lang', l);
      window.print = () => {
        window.__printed = (window.__printed || 0) + 1;
      };
    }, lang);
    await page.goto(env.site.url);
    await page.waitForSelector('#app:not([hidden])');
    for (const { name, scenario } of SCENARIOS.valid) {
      assert.equal(await openLink(page, scenario), 'ok', name);
      const printed = await page.evaluate(() => window.__printed || 0);
      await page.click('#print');
      await page.waitForFunction((k) => window.__printed > k, printed);
      // The steps are on the page to print: all of them, each with its clauses.
      const steps = await page.$$eval('#steps-body .step', (s) => s.map((x) => !!x.querySelector('.step-cites') || !x.querySelector('.citation')));
      assert.ok(steps.length > 0 && steps.every(Boolean), `${lang}, ${name}: every cited step has its printed clauses`);
      assert.equal(await printedPages(page), 1, `${lang}, ${name}: one A4 page`);
    }
    await page.evaluate(() => localStorage.removeItem('yibao-lang'));
    await page.close();
  }
  env.ctx.check();
});

test('the visits table downloads as CSV with the engine\'s amounts', async () => {
  const page = await open();
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
  const text = readFileSync(await d.path(), 'utf8');
  assert.ok(text.startsWith('\ufeff'), 'a byte-order mark, for spreadsheets');
  const lines = text.slice(1).trim().split('\r\n');
  assert.equal(lines[0], '就诊,就诊类型,医院级别,医疗总费用,基本医保,大病保险,医疗救助,个人自付');
  const want = cli(['estimate', '-'], JSON.stringify(SCENARIO)).json;
  assert.equal(lines[1], `1,普通门诊,三级医院,${['total', 'basic', 'critical', 'assistance', 'out_of_pocket'].map((k) => want.visits[0][k]).join(',')}`);
  assert.equal(lines[3], `全年合计,,,${['total', 'basic', 'critical', 'assistance', 'out_of_pocket'].map((k) => want[k]).join(',')}`);
  assert.match(await page.textContent('.actions + .hint'), /CSV/);
  await page.close();
});
