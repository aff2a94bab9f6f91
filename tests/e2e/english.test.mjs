// English on the page (issue 9): a switch remembered in localStorage (no cookie) and reflected in
// <html lang>; in English, no Chinese character on the page outside the documents' own words
// (their quotes, titles, 文号 and clauses, which the page marks lang="zh-CN"), text in “quotes”,
// 《titles》 and bracketed official terms (…): the same rule as the engine's own test
// (tests/catalogue.rs, stray_chinese). The catalogues' completeness is tests/e2e/i18n.test.mjs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strayChinese } from './english-rules.mjs';
import { SCENARIOS, encodeLink, openLink, useSite } from './helpers.mjs';

const env = useSite();

/**
 * Every text a person can meet on the page, hidden parts included (notices, print-only lines,
 * closed panels), with what it is: text nodes outside elements marked lang="zh-CN" and outside
 * <noscript> (never shown where scripts run), the accessible attributes, the title and the
 * description.
 */
async function pageTexts(page) {
  return page.evaluate(() => {
    const out = [];
    const chinese = (el) => el.closest('[lang]') && el.closest('[lang]').lang.toLowerCase().startsWith('zh');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.nodeValue.trim() || el.closest('noscript, script, style') || chinese(el)) continue;
      out.push([`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`, n.nodeValue]);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder], [aria-description]')) {
      if (chinese(el)) continue;
      for (const a of ['aria-label', 'title', 'alt', 'placeholder', 'aria-description']) {
        if (el.hasAttribute(a)) out.push([`${el.tagName.toLowerCase()}[${a}]`, el.getAttribute(a)]);
      }
    }
    out.push(['title', document.title], ['meta description', document.querySelector('meta[name="description"]').content]);
    return out;
  });
}

async function assertEnglish(page, what) {
  const stray = (await pageTexts(page)).map(([where, text]) => [where, text, strayChinese(text)]).filter(([, , s]) => s);
  assert.deepEqual(stray, [], `${what}: Chinese outside document words, quotes, titles and bracketed terms`);
}

/** A page in `lang`: the choice as the switch stores it. */
async function pageIn(lang) {
  const page = await env.ctx.newPage();
  await page.addInitScript((l) => localStorage.setItem('yibao-lang', l), lang);
  return page;
}

/** Opens a panel and waits until it has drawn (no loading line left in it). */
async function openPanel(page, id) {
  await page.$eval(`#${id}`, (d) => {
    d.open = true;
  });
  await page.waitForFunction(
    (i) => {
      const body = document.querySelector(`#${i} > div`);
      return body && body.children.length > 0 && !body.querySelector('[role="status"]') && !/载入|loading/i.test(body.textContent.slice(0, 40));
    },
    id,
    { timeout: 20000 },
  );
}

test('the English page has no Chinese outside documents, quotes, titles and bracketed terms: every worked scenario, its steps, its comparison and its curve', async () => {
  const page = await pageIn('en');
  await page.goto(env.site.url);
  await page.waitForSelector('#app:not([hidden])');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  // The empty page: header, form, footer, and the policy picker's names.
  await assertEnglish(page, 'empty page');
  for (const [i, { name, scenario }] of SCENARIOS.valid.entries()) {
    assert.equal(await openLink(page, scenario), 'ok', name);
    await openPanel(page, 'steps');
    // The panels and the document dialog for every fourth scenario (they load the full engine once).
    if (i % 4 === 0) {
      await openPanel(page, 'compare');
      await openPanel(page, 'curve');
      await page.click('.doc-open');
      await page.waitForFunction(() => document.querySelector('#doc-text mark, #doc-text .hint'));
      await assertEnglish(page, `${name} (document panel open)`);
      await page.click('#doc-dialog .doc-head button');
      await page.waitForFunction(() => !document.getElementById('doc-dialog').open);
    }
    await assertEnglish(page, name);
  }
  env.ctx.check();
  await page.close();
});

test('the English page has no Chinese in its errors: every bad input of the table, and every missing parameter at once', async () => {
  const page = await pageIn('en');
  await page.goto(env.site.url);
  await page.waitForSelector('#app:not([hidden])');
  for (const { name, scenario, raw } of SCENARIOS.invalid) {
    if (raw !== undefined) continue; // not a scenario a link can carry
    assert.notEqual(await openLink(page, scenario), 'ok', name);
    await assertEnglish(page, name);
  }
  // A Tianjin hospital stay with nothing local given: all its parameters are asked for at once.
  await openLink(page, { policy: 'tianjin-2022', tier: 'low', groups: ['assistance'], visits: [{ care: 'inpatient', level: 3, total: '20000' }] });
  await page.waitForFunction(() => document.querySelectorAll('#error-list li').length > 1);
  await assertEnglish(page, 'all missing parameters');
  env.ctx.check();
  await page.close();
});

test('the language switch works by keyboard, is remembered in localStorage (no cookie), sets <html lang>, and keeps what was typed', async () => {
  const page = await env.ctx.newPage();
  // A first visit: no choice made yet (the tests above chose English in this context).
  await page.goto(env.site.url);
  await page.evaluate(() => localStorage.removeItem('yibao-lang'));
  await page.goto(`${env.site.url}#s=${encodeLink(SCENARIOS.valid[15].scenario)}`);
  await page.reload();
  await page.waitForFunction(() => document.getElementById('result').dataset.state === 'ok');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  // The switch is the first control after the skip link. (A switch reloads the page: the address
  // first takes the scenario, a same-document navigation, so the test waits for the load.)
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lang-switch');
  assert.equal(await page.$eval('#lang-switch', (b) => [b.textContent, b.lang].join(' ')), 'English en');
  // Something typed just before switching is kept.
  const total = '#visits li:first-child input[id$="-total"]';
  const n = await page.evaluate(() => performance.getEntriesByName('yibao:recompute').length);
  await page.fill(total, '3456');
  await page.waitForFunction((k) => performance.getEntriesByName('yibao:recompute').length > k, n);
  assert.equal(await page.$eval('#result', (r) => r.dataset.state), 'ok');
  const oopZh = (await page.textContent('[data-amount="out_of_pocket"]')).replace(/ 元$/, '');
  await page.fill(total, '3457');
  await page.focus('#lang-switch');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await page.waitForFunction(() => document.getElementById('result').dataset.state === 'ok');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.evaluate(() => localStorage.getItem('yibao-lang')), 'en');
  assert.equal(await page.evaluate(() => document.cookie), '');
  assert.deepEqual(await env.ctx.context.cookies(), []);
  // The same scenario, the same figures, in English words.
  assert.equal(await page.inputValue(total), '3457');
  await page.fill(total, '3456');
  await page.waitForFunction((o) => document.querySelector('[data-amount="out_of_pocket"]').textContent === `${o} yuan`, oopZh);
  assert.equal(await page.textContent('#h-result'), 'Estimate');
  assert.equal(await page.$eval('#lang-switch', (b) => [b.textContent, b.lang].join(' ')), '中文 zh-CN');
  await assertEnglish(page, 'after the switch');
  // Remembered: a new visit opens in English.
  const again = await env.ctx.newPage();
  await again.goto(env.site.url);
  await again.waitForSelector('#app:not([hidden])');
  assert.equal(await again.evaluate(() => document.documentElement.lang), 'en');
  await again.close();
  // And back to Chinese.
  await page.focus('#lang-switch');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Space')]);
  await page.waitForFunction(() => document.getElementById('result').dataset.state === 'ok');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await page.evaluate(() => localStorage.getItem('yibao-lang')), 'zh-CN');
  assert.equal(await page.textContent('#h-result'), '估算结果');
  env.ctx.check();
  await page.close();
});

test('an embedding asks for English with lang=en (data-lang), and the resident\'s own choice wins', async () => {
  const page = await env.ctx.newPage();
  await page.goto(env.site.url);
  await page.evaluate(() => localStorage.removeItem('yibao-lang'));
  await page.goto(`${env.site.url}?embed=1&lang=en&policy=tianjin-2022`);
  await page.waitForSelector('#app:not([hidden])');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await assertEnglish(page, 'embedded in English');
  await page.evaluate(() => localStorage.setItem('yibao-lang', 'zh-CN'));
  await page.reload();
  await page.waitForSelector('#app:not([hidden])');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  await page.evaluate(() => localStorage.removeItem('yibao-lang'));
  env.ctx.check();
  await page.close();
});

test('at 390 px no worked scenario makes the page scroll sideways, in either language, steps open', async () => {
  for (const lang of ['zh-CN', 'en']) {
    const page = await pageIn(lang);
    await page.goto(env.site.url);
    await page.waitForSelector('#app:not([hidden])');
    for (const { name, scenario } of SCENARIOS.valid) {
      assert.equal(await openLink(page, scenario), 'ok', name);
      await openPanel(page, 'steps');
      const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
      assert.ok(scroll <= width, `${lang}, ${name}: the page is ${scroll} px wide in a ${width} px window`);
    }
    await page.evaluate(() => localStorage.removeItem('yibao-lang'));
    await page.close();
  }
  env.ctx.check();
});
