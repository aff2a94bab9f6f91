// The site as deployed: security and privacy headers of the page itself (CSP, no inline script or
// style, no cookies), the manifest and icons, cache versioning, and the visit list's keyboard
// controls (add, reorder, remove) with focus kept where a keyboard user expects it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DIST,
  SCENARIOS,
  canonical,
  decodeLink,
  encodeLink,
  gotoApp,
  waitForResult,
  useSite,
} from './helpers.mjs';

const env = useSite();

const REQUIRED_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

test('CSP forbids inline script; no inline script, no style attribute, no cookie', async () => {
  const { scenario } = SCENARIOS.valid.find((s) => s.scenario.visits.length >= 10);
  const page = await env.ctx.newPage();
  try {
    await gotoApp(page, `${env.site.url}#s=${encodeLink(scenario)}`);
    await waitForResult(page, scenario);
    await page.evaluate(() => {
      document.getElementById('steps').open = true;
      for (const d of document.querySelectorAll('details')) d.open = true;
    });
    await page.waitForSelector('#steps-body .step');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    const directives = csp.split(';').map((d) => d.trim());
    for (const d of REQUIRED_CSP) assert.ok(directives.includes(d), `CSP has ${d}`);
    assert.ok(!/unsafe-inline/.test(csp));
    assert.equal(await page.$$eval('script:not([src])', (s) => s.length), 0, 'no inline script');
    assert.equal(await page.$$eval('[style]', (s) => s.length), 0, 'no style attribute');
    assert.equal(await page.evaluate(() => document.cookie), '');
    assert.deepEqual(await env.ctx.context.cookies(), []);
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing stored');
  } finally {
    await page.close();
  }
});

test('opening a link, valid or not, shifts nothing on screen (no layout shift), at 4x CPU throttling on a phone', async () => {
  const ten = SCENARIOS.valid.find((s) => s.scenario.visits.length >= 10).scenario;
  const bad = { ...ten, visits: ten.visits.map((v, i) => (i === 1 ? { ...v, excluded: '99999999' } : v)) };
  for (const [what, scenario, state] of [['a 10-visit year', ten, 'ok'], ['the same year with an error', bad, 'error']]) {
    const page = await env.ctx.newPage();
    try {
      const cdp = await env.ctx.context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(`${env.site.url}#s=${encodeLink(scenario)}`);
      await page.waitForFunction((s) => document.getElementById('result').dataset.state === s, state);
      await page.waitForTimeout(500);
      const shift = await page.evaluate(() => window.__shift);
      assert.ok(shift < 0.01, `${what}: layout shift ${shift}`);
    } finally {
      await page.close();
    }
  }
});

test('manifest: installable, Chinese, standalone, icons served', async () => {
  const page = await env.ctx.newPage();
  try {
    await gotoApp(page, env.site.url);
    const href = await page.getAttribute('link[rel=manifest]', 'href');
    const res = await page.request.get(new URL(href, env.site.url).href);
    assert.match(res.headers()['content-type'], /^application\/manifest\+json/);
    const m = await res.json();
    assert.equal(m.name, '医保报销估算');
    assert.equal(m.lang, 'zh-CN');
    assert.equal(m.display, 'standalone');
    assert.ok(m.theme_color && m.start_url && m.short_name);
    const sizes = new Set(m.icons.map((i) => i.sizes));
    assert.ok(sizes.has('192x192') && sizes.has('512x512'));
    assert.ok(m.icons.some((i) => i.purpose === 'maskable'));
    for (const icon of m.icons) {
      const r = await page.request.get(new URL(icon.src, env.site.url).href);
      assert.equal(r.status(), 200, icon.src);
      assert.equal(r.headers()['content-type'], icon.type, icon.src);
    }
    const wasm = await page.request.get(`${env.site.url}pkg/yibao_bg.wasm`);
    assert.equal(wasm.headers()['content-type'], 'application/wasm');
  } finally {
    await page.close();
  }
});

test('every asset URL of the page carries the version that the service worker caches', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const version = /const VERSION ?= ?["']([0-9a-f]{12})["']/.exec(readFileSync(join(DIST, 'sw.js'), 'utf8'))[1];
  const urls = [...html.matchAll(/(?:href|src)="([^"]+\.(?:js|css|wasm)(?:\?[^"]*)?)"/g)].map((m) => m[1]);
  assert.ok(urls.length >= 4);
  for (const u of urls) assert.ok(u.endsWith(`?v=${version}`), `${u} is versioned`);
  const main = readFileSync(join(DIST, 'js/main.js'), 'utf8');
  assert.ok(main.includes(`pkg/yibao_bg.wasm?v=${version}`) && main.includes(`pkg/yibao.js?v=${version}`));
});

test('visits: add, move up and down, and remove by keyboard; focus follows; link follows', async () => {
  const sc = {
    policy: 'tianjin-2022',
    tier: 'high',
    visits: [
      { care: 'outpatient', level: 1, total: '100' },
      { care: 'outpatient', level: 2, total: '200' },
      { care: 'outpatient', level: 3, total: '300' },
    ],
  };
  const page = await env.ctx.newPage();
  const totals = async () => canonical(decodeLink(await page.evaluate(() => location.hash))).visits.map((v) => v.total);
  const focused = () => page.evaluate(() => ({ action: document.activeElement.dataset.action, text: document.activeElement.textContent }));
  try {
    await gotoApp(page, `${env.site.url}#s=${encodeLink(sc)}`);
    await waitForResult(page, sc);
    // Move the third visit up twice.
    const third = await page.$eval('#visits > li:nth-child(3) fieldset', (f) => f.id);
    await page.focus(`#${third} button[data-action=up]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#visits > li:nth-child(2) legend').textContent === '第2次就诊');
    assert.deepEqual(await focused(), { action: 'up', text: '上移：第2次就诊' });
    await page.keyboard.press('Space');
    // At the top, "上移" is disabled, so focus moves to "下移" of the same visit.
    assert.deepEqual(await focused(), { action: 'down', text: '下移：第1次就诊' });
    await page.waitForFunction(() => document.getElementById('result').dataset.state === 'ok');
    await waitForResult(page, { ...sc, visits: [sc.visits[2], sc.visits[0], sc.visits[1]] });
    assert.deepEqual(await totals(), ['300', '100', '200']);
    assert.match(await page.textContent('#live'), /移到第1位/);

    // Remove the first visit: focus goes to the visit now in its place.
    await page.focus(`#${third} button[data-action=remove]`);
    await page.keyboard.press('Enter');
    await waitForResult(page, { ...sc, visits: [sc.visits[0], sc.visits[1]] });
    assert.match(await page.evaluate(() => document.activeElement.id), /^visit-\d+-care$/);
    assert.match(await page.textContent('#live'), /已删除第1次就诊/);

    // Add one: a new visit with the focus on its care type.
    await page.focus('#add-visit');
    await page.keyboard.press('Enter');
    assert.equal(await page.$$eval('#visits > li', (l) => l.length), 3);
    const newCare = await page.$eval('#visits > li:nth-child(3) select[id$="-care"]', (s) => s.id);
    assert.equal(await page.evaluate(() => document.activeElement.id), newCare);
    // Still to be filled: the result says what is missing and shows no figure.
    await page.waitForFunction(() => document.getElementById('result').dataset.state === 'incomplete');
    assert.ok(await page.isHidden('#result-body'));
  } finally {
    await page.close();
  }
});

test('no console errors; no request left the site', () => env.ctx.check());
