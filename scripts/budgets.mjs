#!/usr/bin/env node
// Measures the page budgets and records them in docs/PERFORMANCE.md under "## Page budgets"
// (only that section is rewritten). Run through `./build.sh budgets`, which builds dist/ first.
//
//  1. Size: every file of dist/ compressed with gzip -9, summed; the policy documents' pages are
//     also shown separately.                                   Budget ≤ 100 KB, goal 60 KB.
//  2. Lighthouse (npm lighthouse, mobile preset with its simulated slow 4G and 4× CPU) on the
//     empty page, a 10-visit result and an error state.
//     Targets: performance ≥ 0.95, accessibility 1.0, best practices 1.0.
//  3. Recompute: in Chromium with 4× CPU throttling (CDP Emulation.setCPUThrottlingRate), the
//     time from a changed amount in a 10-visit year to the new result drawn. Target ≤ 16 ms.
//
// Options: --no-write (print only), --runs N (recompute samples, default 40).

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './build-site.mjs';
import { serve } from './serve.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launch } from '../tests/e2e/browser.mjs';

const args = process.argv.slice(2);
const WRITE = !args.includes('--no-write');
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 40;
const DIST = join(ROOT, 'dist');
const KB = (n) => (n / 1024).toFixed(1);

function walk(dir, base = dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p, base) : [p.slice(base.length + 1)];
  });
}

const scenarios = JSON.parse(readFileSync(join(ROOT, 'tests/e2e/scenarios.json'), 'utf8'));
const tenVisits = scenarios.valid.find((s) => s.scenario.visits.length >= 10).scenario;
const link = (sc) => `#s=${Buffer.from(JSON.stringify(sc)).toString('base64url')}`;

// ------------------------------------------------------------------ 1. size

function sizes() {
  const rows = walk(DIST)
    .sort()
    .map((f) => {
      const raw = readFileSync(join(DIST, f));
      return { file: f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
    });
  const sum = (list) => list.reduce((a, r) => a + r.gz, 0);
  const docs = rows.filter((r) => r.file.startsWith('docs/'));
  const app = rows.filter((r) => !r.file.startsWith('docs/'));
  const wasm = rows.find((r) => r.file.endsWith('.wasm'));
  return { rows, total: sum(rows), app: sum(app), docs: sum(docs), wasm: wasm.gz, wasmRaw: wasm.raw };
}

// ------------------------------------------------------------------ 2. Lighthouse

/** Runs a command without blocking this process (which is also serving the site). */
function run(cmd, argv, options) {
  return new Promise((done, fail) => {
    const child = spawn(cmd, argv, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

async function lighthouse(url) {
  const bin = join(ROOT, 'node_modules/.bin/lighthouse');
  const r = await run(
    bin,
    [
      url,
      '--quiet',
      '--output=json',
      '--output-path=stdout',
      '--only-categories=performance,accessibility,best-practices',
      // Lighthouse drives Chromium itself; it needs the new headless mode named explicitly.
      `--chrome-flags=${CHROMIUM_ARGS.map((a) => (a === '--headless' ? '--headless=new' : a)).join(' ')}`,
    ],
    { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH } },
  );
  if (r.status !== 0) throw new Error(`lighthouse failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const lhr = JSON.parse(r.stdout);
  const cat = (k) => lhr.categories[k].score;
  const failing = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable')
    .map((a) => `${a.id} (${a.score})`);
  const metric = (id) => lhr.audits[id]?.displayValue || '';
  return {
    performance: cat('performance'),
    accessibility: cat('accessibility'),
    bestPractices: cat('best-practices'),
    fcp: metric('first-contentful-paint'),
    lcp: metric('largest-contentful-paint'),
    tbt: metric('total-blocking-time'),
    cls: metric('cumulative-layout-shift'),
    failing,
    version: lhr.lighthouseVersion,
  };
}

// ------------------------------------------------------------------ 3. recompute time

async function recompute(url, { openSteps }) {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('result').dataset.state === 'ok');
    if (openSteps) {
      await page.evaluate(() => {
        document.getElementById('steps').open = true;
      });
      await page.waitForSelector('#steps-body .step');
    }
    const samples = [];
    for (let i = 0; i < RUNS + 5; i++) {
      // Change one amount as typing would (alternating values so every run really recomputes),
      // then time the work the debounced update does: estimate() in wasm and the DOM update;
      // and, separately, until the next frame has been painted.
      const t = await page.evaluate(
        (value) =>
          new Promise((done) => {
            const input = document.querySelector('#visits li:nth-child(2) input[id$="-total"]');
            const before = performance.getEntriesByName('yibao:recompute').length;
            input.value = value;
            input.dispatchEvent(new Event('input', { bubbles: true }));
            const poll = () => {
              const list = performance.getEntriesByName('yibao:recompute');
              if (list.length === before) return setTimeout(poll, 5);
              const m = list[list.length - 1];
              requestAnimationFrame(() =>
                setTimeout(() => done({ work: m.duration, frame: performance.now() - m.startTime })),
              );
            };
            poll();
          }),
        i % 2 ? '56000' : '56001.50',
      );
      if (i >= 5) samples.push(t); // the first few warm up the JIT
    }
    const stat = (key) => {
      const v = samples.map((s) => s[key]).sort((a, b) => a - b);
      return { median: v[Math.floor(v.length / 2)], p95: v[Math.floor(v.length * 0.95)], max: v[v.length - 1] };
    };
    const steps = await page.$$eval('#steps-body .step', (l) => l.length);
    return { work: stat('work'), frame: stat('frame'), steps };
  } finally {
    await browser.close();
  }
}

// ------------------------------------------------------------------ run and record

const startLoad = loadavg()[0].toFixed(1); // timings are only as quiet as the machine
const site = await serve({ port: 0 });
let out;
try {
  const size = sizes();
  console.log(`size: dist/ ${KB(size.total)} KB gzip (wasm ${KB(size.wasm)} KB)`);

  const invalid = { ...tenVisits, visits: tenVisits.visits.map((v, i) => (i === 1 ? { ...v, excluded: '99999999' } : v)) };
  const pages = [
    ['empty page', site.url],
    ['10-visit result', `${site.url}${link(tenVisits)}`],
    ['error state', `${site.url}${link(invalid)}`],
  ];
  const lh = [];
  for (const [name, url] of pages) {
    const r = await lighthouse(url);
    lh.push({ name, ...r });
    console.log(`lighthouse ${name}: performance ${r.performance}, accessibility ${r.accessibility}, best practices ${r.bestPractices}; FCP ${r.fcp}, LCP ${r.lcp}, TBT ${r.tbt}, CLS ${r.cls}${r.failing.length ? `; below 1: ${r.failing.join(', ')}` : ''}`);
  }

  const closed = await recompute(`${site.url}${link(tenVisits)}`, { openSteps: false });
  const open = await recompute(`${site.url}${link(tenVisits)}`, { openSteps: true });
  const ms = (x) => `${x.toFixed(1)} ms`;
  for (const [name, r] of [['explanation closed', closed], ['explanation open', open]]) {
    console.log(`recompute (${name}): work median ${ms(r.work.median)}, p95 ${ms(r.work.p95)}; to next frame median ${ms(r.frame.median)}, p95 ${ms(r.frame.p95)}`);
  }

  const chromium = spawnSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const date = new Date().toISOString().slice(0, 10);
  const cpu = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${startLoad} when it began`;
  const pass = (ok) => (ok ? 'met' : '**not met**');
  const lhMin = (k) => Math.min(...lh.map((r) => r[k]));
  const topFiles = [...size.rows].sort((a, b) => b.gz - a.gz).slice(0, 8);
  out = `## Page budgets

Command: \`./build.sh budgets\` (builds \`dist/\`, then runs \`node scripts/budgets.mjs\`, which
rewrites this section). Measured ${date} on ${cpu}; ${chromium}; Lighthouse ${lh[0].version}.

| budget | target | measured | |
|---|---|---|---|
| all of \`dist/\`, gzip -9 per file, summed | ≤ 100 KB (goal 60 KB) | **${KB(size.total)} KB** | ${pass(size.total <= 100 * 1024)}${size.total <= 60 * 1024 ? ', goal met' : ''} |
| … the engine (\`pkg/yibao_bg.wasm\`) | | ${KB(size.wasm)} KB | |
| … the page itself (HTML, script bundle, CSS, wasm-bindgen glue, worker, manifest, icons) | | ${KB(size.app - size.wasm)} KB | |
| Lighthouse mobile, performance (lowest of the three pages) | ≥ 0.95 | **${lhMin('performance')}** | ${pass(lhMin('performance') >= 0.95)} |
| Lighthouse mobile, accessibility | 1.0 | **${lhMin('accessibility')}** | ${pass(lhMin('accessibility') >= 1)} |
| Lighthouse mobile, best practices | 1.0 | **${lhMin('bestPractices')}** | ${pass(lhMin('bestPractices') >= 1)} |
| recompute and re-render a 10-visit year, 4× CPU throttling, median (p95) | ≤ 16 ms | **${ms(closed.work.median)}** (${ms(closed.work.p95)}) | ${pass(closed.work.median <= 16)} |

Size by file (largest first, gzip -9): ${topFiles.map((r) => `\`${r.file}\` ${KB(r.gz)} KB`).join(', ')}.
The engine (\`pkg/yibao_bg.wasm\`, ${KB(size.wasmRaw)} KB raw) is ${KB(size.wasm)} KB of it; the policy data travel inside it.
The policy documents' full texts are not part of the site: the service worker precaches all of
\`dist/\`, so every resident would download them (about 25 KB gzip more) on the first visit. Each
step of the explanation shows the cited sentence verbatim with its document, 文号 and clause; the
full texts are in the repository (\`data/documents/\`), where the tests check every quote.
The page itself (HTML, the minified script bundle, CSS, the wasm-bindgen glue, worker, manifest and
icons) is ${KB(size.app - size.wasm)} KB; the 60 KB goal is out of reach while the engine alone is
${KB(size.wasm)} KB, so it depends on a smaller engine, not on the page.

Lighthouse (mobile preset: simulated slow 4G, 4× CPU slowdown), served gzip-compressed by
\`scripts/serve.mjs\`:

| page | performance | accessibility | best practices | FCP | LCP | TBT | CLS |
|---|---|---|---|---|---|---|---|
${lh.map((r) => `| ${r.name} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.fcp} | ${r.lcp} | ${r.tbt} | ${r.cls} |`).join('\n')}
${lh.some((r) => r.failing.length) ? `\nAudits below 1: ${lh.filter((r) => r.failing.length).map((r) => `${r.name}: ${r.failing.join(', ')}`).join('; ')}.\n` : ''}
Recompute: the 10-visit year of \`tests/e2e/scenarios.json\` (national-2022, every kind of local
parameter), one amount changed ${RUNS} times. "Work" is what the debounced update does
(\`estimate()\` in wasm, then updating the totals, bar, table and warnings), measured by the page's
own \`performance.measure('yibao:recompute')\`. "To next frame" runs until the following frame has
been painted: it adds style, layout and paint, and also the wait for the display's next frame
(up to 16.7 ms at 60 Hz), so it is an upper bound. The step-by-step explanation is only drawn while
it is open; visits and steps off screen are skipped by \`content-visibility: auto\`:

| 4× CPU throttling | work, median | work, p95 | to next frame, median | to next frame, p95 |
|---|---|---|---|---|
| explanation closed (default) | ${ms(closed.work.median)} | ${ms(closed.work.p95)} | ${ms(closed.frame.median)} | ${ms(closed.frame.p95)} |
| explanation open (${open.steps} steps with citations) | ${ms(open.work.median)} | ${ms(open.work.p95)} | ${ms(open.frame.median)} | ${ms(open.frame.p95)} |
`;
} finally {
  await site.close();
}

if (WRITE) {
  const path = join(ROOT, 'docs/PERFORMANCE.md');
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : '# Performance\n';
  const start = doc.indexOf('## Page budgets');
  if (start >= 0) {
    const next = doc.indexOf('\n## ', start + 3);
    doc = doc.slice(0, start) + out + (next >= 0 ? `\n${doc.slice(next + 1)}` : '');
  } else {
    doc = `${doc.trimEnd()}\n\n${out}`;
  }
  writeFileSync(path, doc);
  console.log('docs/PERFORMANCE.md: "## Page budgets" updated');
} else {
  console.log(out);
}
