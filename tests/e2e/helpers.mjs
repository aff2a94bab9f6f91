// Shared by the browser tests: the site server, Chromium with a watch on console errors and on
// every request, the native CLI as the reference, and filling the form by keyboard.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { ROOT } from '../../scripts/build-site.mjs';

export { ROOT };
import { serve } from '../../scripts/serve.mjs';
import { launch } from './browser.mjs';

export const DIST = join(ROOT, 'dist');
export const CLI = join(ROOT, 'target/release/yibao');
export const SCENARIOS = JSON.parse(readFileSync(join(ROOT, 'tests/e2e/scenarios.json'), 'utf8'));

for (const [what, path] of [
  ['dist/ (run ./build.sh)', join(DIST, 'pkg/yibao_bg.wasm')],
  ['the CLI (run cargo build --release)', CLI],
]) {
  if (!existsSync(path)) throw new Error(`The browser tests need ${what}: ${path} is missing`);
}

// ------------------------------------------------------------------ the native reference

/** Runs `yibao <args>` with text on stdin; returns { status, json, text }. */
export function cli(args, input = '') {
  const r = spawnSync(CLI, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { status: r.status, json, text: r.stdout, stderr: r.stderr };
}

/** The CLI's result (status 0) or error document (status 2) for a scenario or raw text. */
export function cliEstimate(scenarioOrRaw, raw = false) {
  const r = cli(['estimate', '-'], raw ? scenarioOrRaw : JSON.stringify(scenarioOrRaw));
  assert.ok(r.status === 0 || r.status === 2, `CLI exit status ${r.status}: ${r.stderr}`);
  assert.ok(r.json, `CLI printed no JSON: ${r.text}`);
  return r;
}

export const POLICIES = cli(['policies']).json;

/**
 * A Tianjin low-tier year of two visits, shared by the tests of the decision panels and of share
 * and print. TJ2021D: outpatient at a 三级 hospital (annual deductible 600, cap 4000, 50% / 45%),
 * and a hospital stay with the local inpatient values given.
 */
export const TIANJIN_TWO_VISITS = {
  policy: 'tianjin-2022',
  tier: 'low',
  params: { inpatient_deductible_l3: '1000', inpatient_deductible_mode: 'per_visit', inpatient_cap: '180000' },
  visits: [
    { care: 'outpatient', level: 3, total: '3000' },
    { care: 'inpatient', level: 3, total: '20000', excluded: '500' },
  ],
};

// ------------------------------------------------------------------ links

export function encodeLink(scenario) {
  return Buffer.from(JSON.stringify(scenario), 'utf8').toString('base64url');
}

export function decodeLink(hash) {
  assert.ok(hash.startsWith('#s='), `address bar has no #s= link: ${hash}`);
  return JSON.parse(Buffer.from(hash.slice(3), 'base64url').toString('utf8'));
}

/**
 * A scenario in a comparable form: tier made explicit (absent means the policy's first tier),
 * groups sorted, empty groups/params dropped.
 */
export function canonical(sc) {
  const out = { ...sc };
  // The rules' version every link carries (docs/CONTRACT.md) is not part of the scenario.
  delete out.rules;
  const p = POLICIES.find((x) => x.id === sc.policy);
  if (p && out.tier === undefined) out.tier = p.tiers[0].id;
  if (!out.groups || !out.groups.length) delete out.groups;
  else out.groups = [...out.groups].sort();
  if (!out.params || !Object.keys(out.params).length) delete out.params;
  if (!out.visits) out.visits = [];
  return out;
}

// ------------------------------------------------------------------ site and browser

export async function startSite(root = DIST) {
  return serve({ root, port: 0 });
}

/**
 * A browser context that records console errors, page errors, failed requests and the host of
 * every request (pages, service worker, fetches). Call check() at the end of a test.
 */
export async function openContext(browser, site, options = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
  const problems = [];
  const hosts = new Set();
  const watch = (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
  context.on('page', watch);
  context.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'http:' || u.protocol === 'https:') hosts.add(u.host);
    else if (u.protocol !== 'data:' && u.protocol !== 'blob:') hosts.add(`${u.protocol}${u.host}`);
  });
  let offline = false;
  context.on('requestfailed', (req) => {
    // Requests cut short while offline are what the offline test is about; otherwise a fault.
    // ERR_ABORTED is a request cancelled by a navigation or a closing page, not a fault.
    const why = req.failure()?.errorText || '';
    if (!offline && !why.includes('ERR_ABORTED')) problems.push(`request failed: ${req.url()} ${why}`);
  });
  const siteHost = new URL(site.url).host;
  return {
    context,
    problems,
    hosts,
    async setOffline(value) {
      offline = value;
      await context.setOffline(value);
    },
    async newPage() {
      return context.newPage();
    },
    /**
     * No console errors, no page errors, and no request to any host but the site's own (and, for
     * an embedding's test, the agency's hosts in `allowHosts`).
     */
    check({ allowHosts = [] } = {}) {
      assert.deepEqual(problems, [], 'console errors, page errors or failed requests');
      assert.deepEqual(
        [...hosts].filter((h) => !allowHosts.includes(h)),
        [siteHost],
        'requests went to a host other than the site',
      );
    },
  };
}

export async function openBrowser() {
  return launch();
}

/**
 * The usual set-up of a test file: the site served, Chromium, and one watched context, opened
 * before the file's tests and closed after them. Use `env.site.url` and `env.ctx`.
 */
export function useSite(contextOptions = {}) {
  const env = { site: null, browser: null, ctx: null };
  before(async () => {
    env.site = await startSite();
    env.browser = await openBrowser();
    env.ctx = await openContext(env.browser, env.site, contextOptions);
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
  });
  return env;
}

/**
 * Opens a scenario's link in a page already showing the estimator (a hash change, no reload), and
 * waits until the page has computed it; resolves to the result's state (`ok`, `error`, …).
 */
export async function openLink(page, scenario) {
  const n = await page.evaluate(() => performance.getEntriesByName('yibao:recompute').length);
  await page.evaluate((h) => {
    location.hash = h;
  }, `#s=${encodeLink(scenario)}`);
  await page.waitForFunction((k) => performance.getEntriesByName('yibao:recompute').length > k, n);
  return page.$eval('#result', (r) => r.dataset.state);
}

export async function gotoApp(page, url) {
  await page.goto(url);
  await page.waitForSelector('#app:not([hidden])');
}

// ------------------------------------------------------------------ reading the page

export const AMOUNT_KEYS = ['total', 'basic', 'critical', 'assistance', 'out_of_pocket'];

/** "1,320.00 元" → "1320.00" */
export function plainAmount(text) {
  const m = /^([\d,]+\.\d{2}) 元$/.exec(text.trim());
  assert.ok(m, `not a formatted amount: "${text}"`);
  return m[1].replace(/,/g, '');
}

/** Waits until the result on screen belongs to the scenario in the address bar, and is valid. */
export async function waitForResult(page, expected) {
  await page.waitForFunction(
    (want) => {
      const r = document.getElementById('result');
      if (r.dataset.state !== 'ok' || `#s=${r.dataset.for}` !== location.hash) return false;
      if (!want) return true;
      // Compare the address bar's scenario with the one expected (groups in any order).
      const b64 = location.hash.slice(3).replace(/-/g, '+').replace(/_/g, '/');
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const sc = JSON.parse(new TextDecoder().decode(bytes));
      delete sc.rules;
      if (sc.groups) sc.groups.sort();
      const norm = (o) => JSON.stringify(o, Object.keys(flat(o)).sort());
      function flat(o, acc = {}) {
        if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) { acc[k] = 1; flat(v, acc); }
        return acc;
      }
      return norm(sc) === norm(want);
    },
    expected ? canonical(expected) : null,
    { timeout: 10_000 },
  );
}

export async function readTotals(page) {
  const out = {};
  for (const k of AMOUNT_KEYS) {
    const els = page.locator(`[data-amount="${k}"]`);
    assert.equal(await els.count(), 1, `exactly one element carries data-amount="${k}"`);
    assert.ok(await els.isVisible(), `data-amount="${k}" is visible`);
    out[k] = plainAmount(await els.textContent());
  }
  return out;
}

export async function readVisitRows(page) {
  return page.$$eval('#visits-table tr', (rows) =>
    rows.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.replace(/,/g, ''))),
  );
}

/** The contribution as shown; a floor reads "不低于 550.00 元" (docs/CONTRACT.md, subsidy_is_minimum). */
export async function readContribution(page) {
  const subsidy = (await page.textContent('#contribution-subsidy')).trim();
  const floor = subsidy.startsWith('不低于 ');
  return {
    individual: plainAmount(await page.textContent('#contribution-individual')),
    subsidy: plainAmount(floor ? subsidy.slice('不低于 '.length) : subsidy),
    subsidy_is_minimum: floor,
  };
}

// ------------------------------------------------------------------ filling the form by keyboard

const CARES = ['inpatient', 'outpatient', 'special_outpatient'];

async function activeId(page) {
  return page.evaluate(() => document.activeElement && document.activeElement.id);
}

/** Chooses an option of a focused <select> with Home and ArrowDown, as a keyboard user would. */
async function chooseByKeys(page, selector, value) {
  await page.focus(selector);
  const values = await page.$$eval(`${selector} option`, (os) => os.map((o) => o.value));
  const i = values.indexOf(String(value));
  assert.ok(i >= 0, `${selector} has no option ${value} (has ${values.join(', ')})`);
  await page.keyboard.press('Home');
  for (let k = 0; k < i; k++) await page.keyboard.press('ArrowDown');
  assert.equal(await page.$eval(selector, (e) => e.value), String(value), `${selector} chosen by keyboard`);
}

async function typeInto(page, selector, text) {
  await page.focus(selector);
  assert.equal(await activeId(page), selector.slice(1));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

/**
 * Fills the whole form for a scenario using the keyboard only: focus, arrow keys in selects and
 * radio groups, Space for checkboxes, Enter on buttons and typing in text fields.
 */
export async function fillByKeyboard(page, sc) {
  const policy = POLICIES.find((p) => p.id === sc.policy);
  assert.ok(policy, `scenario policy ${sc.policy} is built in`);
  await chooseByKeys(page, '#policy', sc.policy);

  // Tier: Tab lands on the checked radio; arrows move the choice.
  const tier = sc.tier ?? policy.tiers[0].id;
  await page.focus('#tiers input:checked');
  for (let k = 0; k < policy.tiers.length && (await page.$eval('#tiers input:checked', (e) => e.value)) !== tier; k++) {
    await page.keyboard.press('ArrowDown');
  }
  assert.equal(await page.$eval('#tiers input:checked', (e) => e.value), tier);

  // Groups: Space on each checkbox that should change.
  const want = new Set(sc.groups || []);
  const boxes = await page.$$eval('#groups input[type=checkbox]', (bs) => bs.map((b) => ({ id: b.id, value: b.value, checked: b.checked })));
  for (const b of boxes) {
    if (want.has(b.value) !== b.checked) {
      await page.focus(`#${b.id}`);
      await page.keyboard.press('Space');
    }
  }
  for (const g of want) assert.ok(boxes.some((b) => b.value === g), `group ${g} offered`);

  // Visits: the form starts with one; add with the button, or remove it when there are none.
  const visits = sc.visits || [];
  const uids = () => page.$$eval('#visits > li fieldset', (fs) => fs.map((f) => f.id.replace('visit-', '')));
  if (!visits.length) {
    const [uid] = await uids();
    await page.focus(`#visit-${uid} button[data-action=remove]`);
    await page.keyboard.press('Enter');
  }
  for (let i = 0; i < visits.length; i++) {
    let ids = await uids();
    if (ids.length <= i) {
      await page.focus('#add-visit');
      await page.keyboard.press('Enter');
      ids = await uids();
    }
    const uid = ids[i];
    const v = visits[i];
    const base = `#visit-${uid}`;
    // A new visit's care select gets focus; choose the care type with the arrow keys.
    assert.ok(CARES.includes(v.care));
    await chooseByKeys(page, `${base}-care`, v.care);
    if (v.level !== undefined) await chooseByKeys(page, `${base}-level`, v.level);
    await typeInto(page, `${base}-total`, v.total);
    if (v.excluded !== undefined) await typeInto(page, `${base}-excluded`, v.excluded);
    if (v.basic_paid !== undefined) await typeInto(page, `${base}-basic_paid`, v.basic_paid);
  }

  // Local parameters, which appear according to the visits.
  for (const [id, value] of Object.entries(sc.params || {})) {
    if (value !== null && typeof value === 'object') {
      await fillSchedule(page, id, value);
      continue;
    }
    const sel = `#param-${id}`;
    assert.ok(await page.$(sel), `the page shows parameter ${id}`);
    const closed = await page.$eval(sel, (e) => {
      const d = e.closest('details');
      return d && !d.open ? d.querySelector('summary').id : null;
    });
    if (closed) {
      // Open the collapsed group as a person would: focus its summary and press Enter.
      await page.focus(`#${closed}`);
      await page.keyboard.press('Enter');
    }
    const tag = await page.$eval(sel, (e) => e.tagName);
    if (tag === 'SELECT') await chooseByKeys(page, sel, value);
    else if (value === 'none') {
      // "No cap" is its own checkbox beside the amount.
      await page.focus(`${sel}-none`);
      await page.keyboard.press('Space');
    } else await typeInto(page, sel, value);
  }
}

/** Opens the collapsed parameter group holding a control, as a person would (Enter on its summary). */
async function openGroupOf(page, sel) {
  const closed = await page.$eval(sel, (e) => {
    const d = e.closest('details');
    return d && !d.open ? d.querySelector('summary').id : null;
  });
  if (closed) {
    await page.focus(`#${closed}`);
    await page.keyboard.press('Enter');
  }
}

/** Fills a schedule parameter's band table by keyboard: deductible, bands (added with Enter), cap. */
async function fillSchedule(page, id, value) {
  const base = `#param-${id}`;
  assert.ok(await page.$(`${base}-deductible`), `the page shows schedule ${id}`);
  await openGroupOf(page, `${base}-deductible`);
  if (value.deductible !== undefined) await typeInto(page, `${base}-deductible`, value.deductible);
  const bands = value.bands || [];
  for (let i = 0; i < bands.length; i++) {
    if (!(await page.$(`${base}-band-${i}-upto`))) {
      await page.focus(`${base}-add`);
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${base}-band-${i}-upto`);
      assert.equal(await activeId(page), `param-${id}-band-${i}-upto`, 'focus moves to the new band');
    }
    if (bands[i].upto !== undefined) await typeInto(page, `${base}-band-${i}-upto`, bands[i].upto);
    if (bands[i].ratio !== undefined) await typeInto(page, `${base}-band-${i}-ratio`, bands[i].ratio);
  }
  if (value.cap === 'none') {
    await page.focus(`${base}-cap-none`);
    await page.keyboard.press('Space');
  } else if (value.cap !== undefined) await typeInto(page, `${base}-cap`, value.cap);
}
