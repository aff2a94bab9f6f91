// Offline and updates: after one visit the service worker has precached everything a visit needs
// (all of dist/ except the lazy files: the full engine and other languages' catalogues, which it
// caches on first use), so the page reloads and computes with the network off; a new deploy installs a new cache, takes over,
// tells the person, and deletes the old cache.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LAZY } from '../../scripts/build-site.mjs';
import {
  AMOUNT_KEYS,
  DIST,
  SCENARIOS,
  cliEstimate,
  encodeLink,
  fillByKeyboard,
  gotoApp,
  openBrowser,
  openContext,
  readTotals,
  startSite,
  waitForResult,
} from './helpers.mjs';

let browser;
const cleanup = [];

before(async () => {
  browser = await openBrowser();
});

after(async () => {
  await browser?.close();
  for (const f of cleanup.reverse()) await f();
});

async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
}

const cacheNames = (page) => page.evaluate(() => caches.keys());

function swList(dir, name) {
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  return JSON.parse(new RegExp(`const ${name} ?= ?(\\[[\\s\\S]*?\\]);`).exec(sw)[1]);
}
const precacheList = (dir) => swList(dir, 'FILES');

function walk(dir, base = dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p, base) : [p.slice(base.length + 1)];
  });
}

test('the service worker precaches every file of dist/ but the lazy ones, and knows those', async () => {
  const list = precacheList(DIST).map((u) => u.split('?')[0]);
  const lazy = swList(DIST, 'LAZY').map((u) => u.split('?')[0]);
  const files = walk(DIST).filter((f) => f !== 'sw.js');
  assert.deepEqual([...list].filter((u) => u !== './').sort(), files.filter((f) => !LAZY.test(f)).sort());
  assert.deepEqual([...lazy].sort(), files.filter((f) => LAZY.test(f)).sort());
  assert.ok(lazy.includes('pkg/yibao_bg.wasm') && lazy.includes('i18n/engine-en.json'), lazy.join());
});

test('after one visit, the page loads and computes offline', async () => {
  const site = await startSite();
  cleanup.push(() => site.close());
  const ctx = await openContext(browser, site);
  const page = await ctx.newPage();
  await gotoApp(page, site.url);
  await controlled(page);
  const [name] = await cacheNames(page);
  const cached = await page.evaluate(async (n) => (await (await caches.open(n)).keys()).length, name);
  assert.equal(cached, precacheList(DIST).length, 'every file is in the cache');

  await ctx.setOffline(true);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  await page.reload();
  await page.waitForSelector('#app:not([hidden])');
  const { scenario } = SCENARIOS.valid.find((s) => s.scenario.policy === 'dongying-2020');
  await fillByKeyboard(page, scenario);
  await waitForResult(page, scenario);
  const native = cliEstimate(scenario).json;
  const totals = await readTotals(page);
  for (const k of AMOUNT_KEYS) assert.equal(totals[k], native[k], k);

  // A shared link also opens offline.
  const other = SCENARIOS.valid.find((s) => s.scenario.policy === 'national-2022').scenario;
  const page2 = await ctx.newPage();
  await gotoApp(page2, `${site.url}#s=${encodeLink(other)}`);
  await waitForResult(page2, other);
  assert.equal((await readTotals(page2)).out_of_pocket, cliEstimate(other).json.out_of_pocket);
  await ctx.setOffline(false);
  ctx.check();
  await ctx.context.close();
});

test('a new deploy takes over cleanly and deletes the old cache', async () => {
  // Deploy 1: a copy of dist/ in a temporary folder.
  const dir = mkdtempSync(join(tmpdir(), 'yibao-deploy-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(DIST, dir, { recursive: true });
  const site = await startSite(dir);
  cleanup.push(() => site.close());
  const ctx = await openContext(browser, site);
  const page = await ctx.newPage();
  await gotoApp(page, site.url);
  await controlled(page);
  const v1 = /const VERSION ?= ?["']([0-9a-f]+)["']/.exec(readFileSync(join(dir, 'sw.js'), 'utf8'))[1];
  assert.deepEqual(await cacheNames(page), [`yibao-${v1}`]);

  // Deploy 2: what a new build looks like: changed content, a new version everywhere.
  const v2 = 'a1b2c3d4e5f6';
  writeFileSync(join(dir, 'css/app.css'), `${readFileSync(join(dir, 'css/app.css'), 'utf8')}\n/* deploy 2 */\n`);
  for (const f of walk(dir).filter((x) => /\.(html|js)$/.test(x))) {
    const p = join(dir, f);
    writeFileSync(p, readFileSync(p, 'utf8').split(v1).join(v2));
  }

  // The next visit finds the new worker; it installs, takes over and announces itself.
  await page.reload();
  await page.waitForSelector('#update:not([hidden])', { timeout: 15_000 });
  await page.waitForFunction((n) => caches.keys().then((k) => k.length === 1 && k[0] === n), `yibao-${v2}`);
  // A reload now runs the new version, also offline.
  await ctx.setOffline(true);
  await page.reload();
  await page.waitForSelector('#app:not([hidden])');
  const css = await page.$eval('link[rel=stylesheet]', (l) => l.getAttribute('href'));
  assert.equal(css, `css/app.css?v=${v2}`);
  assert.match(await page.textContent('.version'), new RegExp(v2));
  await ctx.setOffline(false);
  ctx.check();
  await ctx.context.close();
});
