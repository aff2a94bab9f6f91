// The batch page for agencies (dist/batch.html): a claims file dropped on the page is settled in
// a Web Worker by the batch build of the engine, and the results CSV it offers for download is
// byte for byte the command line's (`yibao batch`). Cancelling stops the work and keeps what was
// chosen; a parameter file for another policy is refused with a link to its field. A million
// visits finish in under 10 s (issue 10); the time is printed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { claimsCsv, scopeSet } from './claims.mjs';
import { CLI, ROOT, useSite } from './helpers.mjs';

const env = useSite({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
const TMP = join(ROOT, 'tests/e2e/.tmp/batch');
mkdirSync(TMP, { recursive: true });

/** Writes `text` to TMP/name and returns its path. */
function file(name, text) {
  const p = join(TMP, name);
  writeFileSync(p, text);
  return p;
}

const SET = file('set.toml', scopeSet('inpatient'));
const REFORM = file('reform.toml', scopeSet('inpatient+special_outpatient', '测试经办机构（调整方案）'));

/** `yibao batch` on a file: the results CSV and the summary. */
function cliBatch(claims, ...args) {
  const out = join(TMP, 'cli-results.csv');
  const summary = join(TMP, 'cli-summary.json');
  const r = spawnSync(CLI, ['batch', '--policy', 'dongying-2020', ...args, '--out', out, '--summary', summary, claims], {
    encoding: 'utf8',
  });
  assert.ok(r.status === 0, `yibao batch: status ${r.status}: ${r.stderr}`);
  return { csv: readFileSync(out, 'utf8'), summary: JSON.parse(readFileSync(summary, 'utf8')) };
}

async function open() {
  const page = await env.ctx.newPage();
  await page.goto(`${env.site.url}batch.html`);
  await page.waitForFunction(() => document.querySelectorAll('#batch-policy option').length > 0);
  await page.selectOption('#batch-policy', 'dongying-2020');
  return page;
}

/** Drops the file at `path` on the drop zone, as a user dragging it from the desktop does. */
async function drop(page, path) {
  // A file input of the test's own holds the file; its File goes into the drop's DataTransfer.
  await page.evaluate(() => {
    const i = document.createElement('input');
    i.type = 'file';
    i.id = 'test-source';
    i.hidden = true;
    document.body.append(i);
  });
  await page.setInputFiles('#test-source', path);
  await page.evaluate(() => {
    const src = document.getElementById('test-source');
    const dt = new DataTransfer();
    dt.items.add(src.files[0]);
    const zone = document.getElementById('batch-drop');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    src.remove();
  });
}

async function download(page) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#batch-download')]);
  return readFileSync(await d.path(), 'utf8');
}

async function runToEnd(page) {
  await page.click('#batch-run');
  await page.waitForSelector('#batch-result:not([hidden])', { timeout: 120_000 });
}

test('a dropped file with a set and a reform gives the command line\'s results, summary and mistakes', async () => {
  const claims = file('small.csv', claimsCsv({ persons: 300, seed: 7, shuffle: true, bad: 6 }));
  const page = await open();
  await drop(page, claims);
  await page.waitForFunction(() => document.getElementById('batch-file-name').textContent.includes('small.csv'));
  await page.setInputFiles('#batch-set', SET);
  await page.setInputFiles('#batch-reform', REFORM);
  await runToEnd(page);
  const cli = cliBatch(claims, '--params-set', SET, '--reform', REFORM);
  assert.equal(await download(page), cli.csv, 'the downloaded CSV is the command line\'s');
  // The summary on the page is the engine's: its totals, regrouped.
  const cells = await page.$$eval('#batch-totals tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const byName = Object.fromEntries(cells.map((r) => [r[0], r.slice(1)]));
  const plain = (t) => t.replace(/,/g, '');
  assert.equal(plain(byName['大病保险'][0]), cli.summary.totals.critical);
  assert.equal(plain(byName['大病保险'][1]), cli.summary.reform.totals.critical);
  assert.equal(plain(byName['大病保险'][2]), cli.summary.reform.change.critical);
  assert.equal(plain(byName['基金支出（三项合计）'][2]), cli.summary.reform.change.fund);
  assert.equal(plain(byName['个人自付'][0]), cli.summary.totals.out_of_pocket);
  const who = await page.textContent('#batch-who');
  const { pay_more: more, pay_less: less, same } = cli.summary.reform;
  assert.equal(who, `调整后个人自付：${more} 人增加，${less} 人减少，${same} 人不变。`);
  // The histogram: one bar per bin in the SVG, and the same counts in the table beside it.
  assert.equal(await page.locator('#batch-hist-chart svg rect').count(), cli.summary.reform.histogram.length);
  const counts = await page.$$eval('#batch-hist-table tbody td', (tds) => tds.map((td) => td.textContent.replace(/,/g, '')));
  assert.deepEqual(counts, cli.summary.reform.histogram.map((b) => String(b.persons)));
  // The six malformed rows are listed with their line, column and the estimator's message.
  assert.equal(cli.summary.invalid_rows, 6);
  const mistakes = await page.$$eval('#batch-mistakes-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(
    mistakes,
    cli.summary.errors.map((e) => [String(e.line), e.column, e.person, e.message]),
  );
  env.ctx.check();
  await page.close();
});

test('a parameter file for another policy is refused, with a link to its field', async () => {
  const claims = file('tiny.csv', claimsCsv({ persons: 3, seed: 2 }));
  const other = file('tianjin.toml', readFileSync(join(ROOT, 'examples/params-tianjin-2022.toml'), 'utf8'));
  const page = await open();
  await page.setInputFiles('#batch-file', claims);
  await page.setInputFiles('#batch-set', other);
  await page.click('#batch-run');
  await page.waitForSelector('#batch-errors:not([hidden])');
  const link = page.locator('#batch-errors a');
  assert.equal(await link.getAttribute('href'), '#batch-set');
  assert.match(await link.textContent(), /适用于“tianjin-2022”，而选定的政策是“dongying-2020”/);
  await link.click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'batch-set');
  // Nothing was lost: the file is still chosen, and with the right policy the run succeeds.
  await page.selectOption('#batch-policy', 'tianjin-2022');
  assert.match(await page.textContent('#batch-file-name'), /tiny\.csv/);
  await page.close();
});

test('a million visits: dropped, cancelled, dropped again, settled in under 10 s, and the download equals the command line\'s', async () => {
  // 250,000 persons of 1 to 7 visits (4 on average): about a million rows, not sorted by person,
  // so the worker reads the file three times.
  const text = claimsCsv({ persons: 250_000, maxVisits: 7, seed: 11, shuffle: true });
  const rows = text.split('\n').length - 2;
  assert.ok(rows >= 990_000, `${rows} rows`);
  const claims = file('million.csv', text);
  const page = await open();
  await drop(page, claims);
  await page.setInputFiles('#batch-set', SET);
  await page.click('#batch-run');
  // Cancel in the middle: the page says so, and everything chosen is still there.
  await page.waitForFunction(() => document.getElementById('batch-progress').value > 0.2);
  await page.click('#batch-cancel');
  assert.match(await page.textContent('#batch-status'), /已取消/);
  assert.equal(await page.isHidden('#batch-result'), true);
  assert.equal(await page.isEnabled('#batch-run'), true);
  // The page stayed responsive throughout: it answers at once.
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  await drop(page, claims);
  const t0 = Date.now();
  await runToEnd(page);
  const seconds = (Date.now() - t0) / 1000;
  console.log(`# batch page: ${rows} visits in ${seconds.toFixed(2)} s (${await page.textContent('#batch-status')})`);
  assert.ok(seconds < 10, `a million visits took ${seconds} s`);
  const cli = cliBatch(claims, '--params-set', SET);
  const got = await download(page);
  assert.equal(got.length, cli.csv.length);
  assert.ok(got === cli.csv, 'the downloaded CSV is the command line\'s');
  env.ctx.check();
  await page.close();
});
