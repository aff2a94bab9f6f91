// The configurator for agencies (dist/embed.html): a parameter set and a policy file are checked
// as they are typed, with the line of each mistake; the snippet carries what was chosen; the
// preview is the embedded estimator using the set.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, useSite } from './helpers.mjs';

const env = useSite();
const SET = readFileSync(join(ROOT, 'examples/params-tianjin-2022.toml'), 'utf8');
const JIAMUSI = readFileSync(join(ROOT, 'examples/jiamusi-2018/jiamusi-2018.toml'), 'utf8');

async function open() {
  const page = await env.ctx.newPage();
  await page.goto(`${env.site.url}embed.html`);
  await page.waitForSelector('#cfg:not([hidden])');
  return page;
}

test('a parameter set is checked as it is pasted, and the snippet and preview use it', async () => {
  const page = await open();
  await page.selectOption('#cfg-policy', 'tianjin-2022');
  await page.fill('#cfg-params', SET);
  await page.waitForFunction(() => document.getElementById('cfg-params-status').textContent.includes('有效'));
  assert.match(await page.textContent('#cfg-params-status'), /示例经办机构.*2 项参数.*tianjin-2022/);
  await page.waitForFunction(() => document.getElementById('cfg-snippet').value.includes("data-params='"));
  const snippet = await page.inputValue('#cfg-snippet');
  assert.match(snippet, /<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js"\s+async/);
  assert.match(snippet, /data-policy="tianjin-2022"/);
  // The inline set is the engine's JSON form, in a single-quoted attribute.
  const inline = /data-params='([^']*)'/.exec(snippet)[1].replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  assert.equal(JSON.parse(inline).agency.name, '示例经办机构（格式示范）');
  // With an address on the agency's site, the snippet points there instead.
  await page.fill('#cfg-params-src', '/yibao/params.toml');
  await page.waitForFunction(() => document.getElementById('cfg-snippet').value.includes('data-params-src="/yibao/params.toml"'));
  assert.doesNotMatch(await page.inputValue('#cfg-snippet'), /data-params='/);
  // The preview: the embedded estimator, using the agency's values.
  const frame = await (await page.waitForSelector('#cfg-preview iframe')).contentFrame();
  await frame.waitForFunction(() => document.getElementById('embed-status')?.textContent.includes('示例经办机构'));
  assert.equal(await frame.isVisible('#policy'), false, 'the policy is fixed');
  await page.close();
});

test('a mistake in the set names its line and field', async () => {
  const page = await open();
  await page.selectOption('#cfg-policy', 'tianjin-2022');
  await page.fill('#cfg-params', SET.replace('clause = "二"\n', ''));
  await page.waitForFunction(() => document.getElementById('cfg-params-status').textContent.includes('有误'));
  const line = SET.split('\n').findIndex((l) => l === '[params.critical_scope]') + 1;
  const text = await page.textContent('#cfg-params-status');
  assert.match(text, new RegExp(`第${line}行（params\\.critical_scope\\.clause）`));
  assert.match(text, /缺少“clause”/);
  await page.close();
});

test('a policy file for a region that is not built in joins the list and the snippet', async () => {
  const page = await open();
  await page.click('#cfg-policy-file-box summary');
  await page.fill('#cfg-policy-file', JIAMUSI);
  await page.waitForFunction(() => document.getElementById('cfg-policy-file-status').textContent.includes('有效'));
  assert.equal(await page.inputValue('#cfg-policy'), 'jiamusi-2018');
  // A file that is loaded needs its address on the agency's site.
  await page.waitForFunction(() => document.getElementById('cfg-snippet').value.includes('data-policy="jiamusi-2018"'));
  assert.match(await page.textContent('#cfg-copy-status'), /地址/);
  await page.fill('#cfg-policy-src', '/yibao/jiamusi.toml');
  await page.waitForFunction(() => document.getElementById('cfg-snippet').value.includes('data-policy-src="/yibao/jiamusi.toml"'));
  // A mistake in it: the line and the field.
  const bad = JIAMUSI.replace(/^year = 2018$/m, 'year = "2018"');
  assert.notEqual(bad, JIAMUSI);
  await page.fill('#cfg-policy-file', bad);
  await page.waitForFunction(() => document.getElementById('cfg-policy-file-status').textContent.includes('有误'));
  const line = bad.split('\n').findIndex((l) => l === 'year = "2018"') + 1;
  assert.match(await page.textContent('#cfg-policy-file-status'), new RegExp(`第${line}行（year）`));
  await page.close();
});

test('no console errors; no request left the site', () => env.ctx.check());
