// node scripts/measure-decide.mjs [DIST] [ten|tianjin]: what the open tier-comparison and
// cost-curve panels add to the page's own thread after each update ("yibao:decide", measured in
// decide.js), at 4x CPU throttling, over 12 updates of a 10-visit year (docs/PERFORMANCE.md).
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { readFileSync } from 'node:fs';
const dist = process.argv[2] || new URL('../dist', import.meta.url).pathname;
const scenarios = JSON.parse(readFileSync(new URL('../tests/e2e/scenarios.json', import.meta.url), 'utf8'));
const ten = scenarios.valid.find((s) => s.scenario.visits.length >= 10).scenario;
const which = process.argv[3] || 'ten';
// Tianjin, two tiers to compare: seven outpatient visits across levels and three hospital stays.
const TJ_VISITS = [
  { care: 'outpatient', level: 1, total: '400' }, { care: 'outpatient', level: 2, total: '597.1' },
  { care: 'inpatient', level: 3, total: '22674', excluded: '1500.50' }, { care: 'outpatient', level: 1, total: '691.3' },
  { care: 'outpatient', level: 2, total: '788.4' }, { care: 'inpatient', level: 3, total: '26685', excluded: '1500.50' },
  { care: 'outpatient', level: 1, total: '982.6' }, { care: 'outpatient', level: 2, total: '1079.7' },
  { care: 'inpatient', level: 3, total: '30696', excluded: '1500.50' }, { care: 'outpatient', level: 1, total: '1273.9' },
];
const tj = {"policy":"tianjin-2022","tier":"low","params":{"inpatient_deductible_l1":"500","inpatient_deductible_l2":"800","inpatient_deductible_l3":"1000","inpatient_deductible_mode":"per_visit","inpatient_cap":"180000"},"visits":TJ_VISITS};
const sc = which === 'ten' ? ten : tj;
const site = await serve({ port: 0, dir: dist, root: dist });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await page.goto(`${site.url}#s=${Buffer.from(JSON.stringify(sc)).toString('base64url')}`);
await page.waitForFunction(() => document.getElementById('result').dataset.state === 'ok');
page.setDefaultTimeout(20000); await page.click('#compare summary'); await page.waitForSelector('#compare-body table'); await page.click('#curve summary');
await page.waitForSelector('#curve-body svg');
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
const times = [];
for (let i = 0; i < 12; i++) {
  const t = await page.evaluate((value) => new Promise((done) => {
    const input = document.querySelector('#visits li:nth-child(2) input[id$="-total"]');
    const before = performance.getEntriesByName('yibao:decide').length;
    input.value = value; input.dispatchEvent(new Event('input', { bubbles: true }));
    const start = Date.now(); const poll = () => { const l = performance.getEntriesByName('yibao:decide'); if (l.length === before) { if (Date.now() - start > 15000) return done(-1); return setTimeout(poll, 5); } done(l[l.length - 1].duration); };
    poll();
  }), i % 2 ? '56000' : '56001.50');
  times.push(t);
}
times.sort((a, b) => a - b);
console.log(which, 'decide panels at 4x: median', times[6].toFixed(1), 'ms, all', times.map((x) => x.toFixed(0)).join(' '));
await browser.close(); await site.close();
