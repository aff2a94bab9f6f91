// The resident page's words (issue 9): every UI string is in the Chinese catalogue and has an
// English translation with the same arguments; the scripts hold no words of their own. (The
// officials' pages, embed.html and batch.html, are in Chinese only: DESIGN.md.) Runs without a
// browser; tests/e2e/english.test.mjs loads the page in English.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { ROOT } from '../../scripts/build-site.mjs';
import { isCjk, strayChinese } from './english-rules.mjs';

const I18N = join(ROOT, 'www/i18n');
const load = async (f) => (await import(pathToFileURL(join(I18N, f)).href)).default;

/** Each Chinese catalogue of the resident's page, its English sibling, and the scripts that read it (and by what name). */
const CATALOGUES = [
  { zh: 'zh-CN.js', en: 'en.js', readers: { t: ['main.js', 'controller.js', 'result.js', 'steps.js', 'offline.js', 'schedule.js', 'sections/policy.js', 'sections/visits.js', 'sections/params.js', 'sections/errors.js'], zh: ['main.js'] } },
  { zh: 'page.zh-CN.js', en: 'page.en.js', readers: { page: ['lang.js'] } },
  { zh: 'decide.zh-CN.js', en: 'decide.en.js', readers: { s: ['decide.js'] } },
  { zh: 'docs.zh-CN.js', en: 'docs.en.js', readers: { s: ['docs.js'] } },
  { zh: 'embed.zh-CN.js', en: 'embed.en.js', readers: { s: ['embedded.js'] } },
];

/** A stand-in argument that records its own name wherever it is used (as text, a list or an object). */
function sentinel(name) {
  const tag = `⟦${name}⟧`;
  return new Proxy(
    {},
    {
      get(_, p) {
        if (p === Symbol.toPrimitive || p === 'toString') return () => tag;
        if (p === 'join' || p === 'map') return () => tag;
        // String methods (a message may capitalise an argument): the tag stands for the result.
        if (typeof p === 'string' && typeof String.prototype[p] === 'function') return () => tag;
        if (p === 'length') return 1;
        return typeof p === 'string' ? `⟦${name}.${p}⟧` : undefined;
      },
    },
  );
}

/** The arguments a message shows: the sentinel names found in its text. */
function shown(fn) {
  const names = fn.toString().match(/^\s*(?:function\s*\w*\s*)?\(?([^)=]*)\)?\s*=>/)[1].split(',').map((x) => x.trim()).filter(Boolean);
  const text = fn(...names.map(sentinel));
  assert.equal(typeof text, 'string');
  // (lower-cased: a message may capitalise an argument)
  return { names, args: [...new Set([...text.matchAll(/⟦([\w.]+)⟧/g)].map((m) => m[1].toLowerCase()))].sort(), text };
}

test('every UI string of the resident page has an English translation with the same keys, kinds and arguments', async () => {
  for (const { zh, en } of CATALOGUES) {
    const a = await load(zh);
    const b = await load(en);
    assert.deepEqual(Object.keys(b), Object.keys(a), `${en} has the keys of ${zh}, in the same order`);
    for (const k of Object.keys(a)) {
      assert.equal(typeof b[k], typeof a[k], `${en}: ${k} is a ${typeof a[k]} as in ${zh}`);
      if (typeof a[k] === 'string') {
        assert.ok(b[k].trim() || !a[k].trim(), `${en}: ${k} is empty`);
        continue;
      }
      const x = shown(a[k]);
      const y = shown(b[k]);
      assert.deepEqual(y.names, x.names, `${en}: ${k} takes the same arguments`);
      assert.deepEqual(y.args, x.args, `${en}: ${k} shows every argument ${zh} shows (${y.text})`);
    }
  }
});

test('the English catalogues have no Chinese outside “quotes”, 《titles》 and bracketed official terms', async () => {
  for (const { en } of CATALOGUES) {
    const b = await load(en);
    for (const [k, v] of Object.entries(b)) {
      if (en === 'page.en.js' && k === 'langOther') continue; // "中文", marked lang="zh-CN"
      const text = typeof v === 'function' ? shown(v).text : v;
      assert.equal(strayChinese(text), '', `${en}: ${k}: ${text}`);
    }
  }
});

/** The scripts' source without comments. */
function code(file) {
  return readFileSync(join(ROOT, 'www/js', file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

test('every string a script of the page reads is in its catalogue, and every catalogue string is used', async () => {
  const index = readFileSync(join(ROOT, 'www/index.html'), 'utf8');
  const manifest = readFileSync(join(ROOT, 'www/manifest.webmanifest'), 'utf8');
  for (const { zh, readers } of CATALOGUES) {
    const a = await load(zh);
    const used = new Set();
    for (const [name, files] of Object.entries(readers)) {
      for (const f of files) {
        for (const m of code(f).matchAll(new RegExp(`\\b${name}\\.(\\w+)`, 'g'))) {
          // t.page, t.decide, t.docs, t.embed: the English parts handed on (js/english.js).
          if (name === 't' && ['page', 'decide', 'docs', 'embed'].includes(m[1])) continue;
          assert.ok(m[1] in a, `${f} reads ${name}.${m[1]}, which ${zh} does not have`);
          used.add(m[1]);
        }
      }
    }
    // The static page's words: from page.zh-CN.js, or the scripts' catalogue (js/lang.js looks in both).
    if (zh === 'page.zh-CN.js' || zh === 'zh-CN.js') {
      const other = await load(zh === 'zh-CN.js' ? 'page.zh-CN.js' : 'zh-CN.js');
      for (const m of `${index}${manifest}`.matchAll(/\{\{(\w+)\}\}/g)) {
        if (/^[A-Z]+$/.test(m[1])) continue;
        assert.ok(m[1] in a || m[1] in other, `index.html or the manifest uses {{${m[1]}}}, which no catalogue has`);
        if (m[1] in a) used.add(m[1]);
      }
    }
    assert.deepEqual(Object.keys(a).filter((k) => !used.has(k)), [], `${zh}: strings no script or page uses`);
  }
});

test('the page\'s scripts hold no words of their own: no Chinese character outside comments', () => {
  const files = readdirSync(join(ROOT, 'www/js'), { recursive: true }).filter((f) => f.endsWith('.js') && !/^(batch|batch-worker|configurator)\.js$/.test(f));
  assert.ok(files.length > 15);
  for (const f of files) {
    const stray = [...code(f)].filter(isCjk).join('');
    assert.equal(stray, '', `www/js/${f} has words of its own: they belong in www/i18n`);
  }
});
