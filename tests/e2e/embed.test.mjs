// An agency's embedding, across origins (docs/CONTRACT.md, "Embedding"): a host page served from
// another origin (a second port on 127.0.0.1) embeds the estimator with one <script> tag,
// data-policy, data-params-src (fetched by the host) and data-scenario. The frame shows the same
// amounts as `yibao estimate --params-set` with the same file; it resizes as visits are added and
// removed; a message from a foreign window changes nothing; a bad file shows its line.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AMOUNT_KEYS, ROOT, cli, encodeLink, openBrowser, openContext, readTotals, startSite } from './helpers.mjs';

const SET = readFileSync(join(ROOT, 'examples/params-tianjin-2022.toml'), 'utf8');
const JIAMUSI = readFileSync(join(ROOT, 'examples/jiamusi-2018/jiamusi-2018.toml'), 'utf8');
// A Jiamusi resident's stay at a 二级 hospital (examples/jiamusi-2018: deductible 400, 75%).
const JMS_STAY = {
  policy: 'jiamusi-2018',
  tier: 'resident',
  params: { inpatient_deductible_mode: 'per_visit' },
  visits: [{ care: 'inpatient', level: 2, total: '60000', excluded: '4000' }],
};
// A Tianjin 高档 adult's hospital stay: 400000, of which the slip says basic paid 50000.
const STAY = { policy: 'tianjin-2022', tier: 'high', visits: [{ care: 'inpatient', level: 3, total: '400000', basic_paid: '50000' }] };

let browser;
let site;
let host;

/** A second origin: the agency's site, serving its page, its parameter set and a foreign page. */
function startHost(pages) {
  return new Promise((done) => {
    const server = createServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      const body = pages[path];
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      const type = path.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
      res.writeHead(200, { 'content-type': type }).end(typeof body === 'function' ? body() : body);
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      done({ url: `http://127.0.0.1:${port}`, port, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

before(async () => {
  browser = await openBrowser();
  site = await startSite();
  const tag = (attrs) => `<script src="${site.url}embed.js" async ${attrs}></script>`;
  host = await startHost({
    '/params.toml': SET,
    '/jiamusi.toml': JIAMUSI,
    '/params.json': () => JSON.stringify(cli(['params', 'check', join(ROOT, 'examples/params-tianjin-2022.toml')]).json.set),
    '/json.html': () =>
      `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>json</title><h1>json</h1>${tag(
        `data-policy="tianjin-2022" data-params-src="/params.json" data-scenario="${encodeLink(STAY)}"`,
      )}`,
    '/jiamusi.html': () =>
      `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>佳木斯</title><h1>佳木斯</h1>${tag(
        `data-policy-src="/jiamusi.toml" data-scenario="${encodeLink(JMS_STAY)}"`,
      )}`,
    '/bad.toml': SET.replace('ratio = "0.7"', 'ratio = "1.7"'),
    '/agency.html': () =>
      `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>某市医保局</title><h1>某市医保局</h1>${tag(
        `data-policy="tianjin-2022" data-params-src="/params.toml" data-scenario="${encodeLink(STAY)}" data-color="#9fc5e8"`,
      )}<p id="after">页脚</p>`,
    '/bad.html': () => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bad</title>${tag('data-policy="tianjin-2022" data-params-src="/bad.toml"')}`,
    // A foreign window: an iframe of yet another origin (localhost is not 127.0.0.1) inside the
    // agency's page, which posts a different parameter set into the estimator's frame.
    '/evil.html': `<!doctype html><meta charset="utf-8"><script>
      const set = { policy: 'tianjin-2022', agency: { name: 'evil' }, params: { critical_scope: { value: 'inpatient', document: 'x', number: 'x', clause: 'x', date: 'x' } } };
      for (const type of ['params', 'policy']) parent.frames[0].postMessage({ yibao: 1, type, text: JSON.stringify(set) }, '*');
      parent.frames[0].postMessage({ yibao: 1, type: 'params', text: JSON.stringify(set) }, '*');
    </script>`,
  });
});

after(async () => {
  await browser?.close();
  await site?.close();
  await host?.close();
});

async function estimatorFrame(page) {
  const el = await page.waitForSelector('iframe');
  const frame = await el.contentFrame();
  await frame.waitForFunction(() => document.getElementById('result')?.dataset.state === 'ok', null, { timeout: 20_000 });
  return { el, frame };
}

test('the embedded estimator shows what `yibao estimate --params-set` gives, citing the agency', async () => {
  const ctx = await openContext(browser, site);
  const page = await ctx.newPage();
  await page.goto(`${host.url}/agency.html`);
  const { el, frame } = await estimatorFrame(page);
  // Inserted right after the script, before the page's own footer, with a meaningful title.
  assert.equal(await page.evaluate(() => document.querySelector('iframe').nextElementSibling.id), 'after');
  assert.ok((await el.getAttribute('title')).length > 4);
  await frame.waitForFunction(() => document.getElementById('embed-status')?.textContent.includes('示例经办机构'));
  const cliSet = cli(['estimate', '--params-set', join(ROOT, 'examples/params-tianjin-2022.toml'), '-'], JSON.stringify(STAY));
  assert.equal(cliSet.status, 0, cliSet.text);
  const totals = await readTotals(frame);
  for (const k of AMOUNT_KEYS) assert.equal(totals[k], cliSet.json[k], k);
  // Hand check (examples/params-tianjin-2022.toml, bands of the 2014 notice): burden 350000 →
  // (100000 − 20000) × 50% + 100000 × 60% + 100000 × 70% = 170000.
  assert.equal(totals.critical, '170000.00');
  // The policy is fixed: no picker.
  assert.equal(await frame.isVisible('#policy'), false);
  // The parameter's field says the agency set it, with its document.
  const note = await frame.textContent('.need-agency');
  assert.match(note, /本地经办机构设定/);
  assert.match(note, /关于公布2014年度城乡居民大病保险筹资和给付标准的通知/);
  // The colour was too light for white text: it was darkened to keep 4.5:1.
  const primary = await frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--primary').trim());
  assert.notEqual(primary.toLowerCase(), '#9fc5e8');
  ctx.check({ allowHosts: [new URL(host.url).host] });
});

test('the iframe grows and shrinks with its content, without a scrollbar', async () => {
  const ctx = await openContext(browser, site, { viewport: { width: 390, height: 700 } });
  const page = await ctx.newPage();
  await page.goto(`${host.url}/agency.html`);
  const { el, frame } = await estimatorFrame(page);
  const height = async () => (await el.boundingBox()).height;
  const fits = () => frame.evaluate(() => document.documentElement.scrollHeight <= document.documentElement.clientHeight + 1);
  await frame.waitForFunction(() => document.getElementById('embed-status')?.textContent.includes('示例经办机构'));
  // Settled: the same height twice, 300 ms apart.
  const settled = async () => {
    for (let last = -1; ; ) {
      await page.waitForTimeout(300);
      const h = await height();
      if (h === last) return h;
      last = h;
    }
  };
  const h0 = await settled();
  assert.notEqual(h0, 900, 'the iframe was sized to its content');
  assert.ok(await fits(), 'no scrolling inside the frame');
  for (let i = 0; i < 3; i++) await frame.click('#add-visit');
  await page.waitForFunction((h) => document.querySelector('iframe').getBoundingClientRect().height > h + 100, h0);
  const h1 = await height();
  assert.ok(await fits());
  for (let i = 0; i < 3; i++) {
    await frame.locator('#visits > li').last().locator('button[data-action="remove"]').click();
  }
  await page.waitForFunction((h) => document.querySelector('iframe').getBoundingClientRect().height < h - 100, h1);
  // Back to the same content, back to the same height; and it settles (no resize loop).
  assert.equal(await settled(), h0);
  assert.ok(await fits());
  ctx.check({ allowHosts: [new URL(host.url).host] });
});

test('a message from a foreign window changes nothing', async () => {
  const ctx = await openContext(browser, site);
  const page = await ctx.newPage();
  await page.goto(`${host.url}/agency.html`);
  const { frame } = await estimatorFrame(page);
  await frame.waitForFunction(() => document.getElementById('embed-status')?.textContent.includes('示例经办机构'));
  const before = await readTotals(frame);
  // A frame from another origin inside the agency's page, and the agency's page itself posting
  // with the wrong window, both aim at the estimator.
  await page.evaluate((url) => {
    const f = document.createElement('iframe');
    f.src = url;
    document.body.append(f);
  }, `http://localhost:${host.port}/evil.html`);
  await page.waitForTimeout(1500);
  assert.deepEqual(await readTotals(frame), before);
  assert.match(await frame.textContent('#embed-status'), /示例经办机构/);
  assert.doesNotMatch(await frame.textContent('#embed-status'), /evil/);
  ctx.check({ allowHosts: [new URL(host.url).host, `localhost:${host.port}`] });
});

test('a mistake in the parameter file is shown with its line, and the estimator still works', async () => {
  const ctx = await openContext(browser, site);
  const page = await ctx.newPage();
  await page.goto(`${host.url}/bad.html`);
  const el = await page.waitForSelector('iframe');
  const frame = await el.contentFrame();
  await frame.waitForFunction(() => document.getElementById('embed-status')?.classList.contains('notice-error'), null, { timeout: 20_000 });
  const text = await frame.textContent('#embed-status');
  const line = SET.split('\n').findIndex((l) => l.includes('ratio = "0.7"')) + 1;
  assert.match(text, new RegExp(`第${line}行`));
  assert.match(text, /不能大于1/);
  ctx.check({ allowHosts: [new URL(host.url).host] });
});

test('a policy file for a region that is not built in, fetched by the host, is estimated in the frame', async () => {
  const ctx = await openContext(browser, site);
  const page = await ctx.newPage();
  await page.goto(`${host.url}/jiamusi.html`);
  const { frame } = await estimatorFrame(page);
  const totals = await readTotals(frame);
  // examples/jiamusi-2018 (the 2018 interview's figures): in-policy 60000 − 4000 = 56000;
  // basic (56000 − 400) × 75% = 41700; burden 56000 − 41700 = 14300, critical illness
  // (14300 − 10000) × 50% = 2150; the person pays 60000 − 41700 − 2150 = 16150.
  assert.equal(totals.basic, '41700.00');
  assert.equal(totals.critical, '2150.00');
  assert.equal(totals.out_of_pocket, '16150.00');
  assert.equal(await frame.isVisible('#policy'), false, 'the loaded policy is fixed');
  ctx.check({ allowHosts: [new URL(host.url).host] });
});

test('a set in its JSON form is read by the full engine, without the agencies\' TOML build', async () => {
  const ctx = await openContext(browser, site);
  const requested = [];
  ctx.context.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const page = await ctx.newPage();
  await page.goto(`${host.url}/json.html`);
  const { frame } = await estimatorFrame(page);
  await frame.waitForFunction(() => document.getElementById('embed-status')?.textContent.includes('示例经办机构'));
  assert.equal((await readTotals(frame)).critical, '170000.00');
  assert.ok(requested.some((p) => p.endsWith('/pkg/yibao_bg.wasm')), 'the full engine');
  assert.ok(!requested.some((p) => p.includes('agency')), `no agencies' build: ${requested.join(' ')}`);
  ctx.check({ allowHosts: [new URL(host.url).host] });
});
