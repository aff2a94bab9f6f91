#!/usr/bin/env node
// Assembles the deployable site in dist/ around the wasm package that build.sh has already put in
// dist/pkg/:
//   1. copies www/ and fills the static page and the manifest with the UI strings (www/i18n);
//   2. versions the cache: a content hash of the whole site goes into every asset URL (?v=<hash>)
//      and into the service worker, together with the list of files to precache.
// Usage: node scripts/build-site.mjs [distDir]

import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { minify as terse } from 'terser';
import { parse as parseToml } from 'smol-toml';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Content-Security-Policy of every page: no inline script or style, nothing from elsewhere. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const VERSIONED = /\.(js|css|wasm)$/;

/** The engine's two builds in dist/pkg (build.sh makes them): the public API and the resident's. */
const ENGINE_FILES = ['yibao.js', 'yibao_bg.wasm', 'resident.js', 'resident_bg.wasm', 'agency.js', 'agency_bg.wasm', 'batch.js', 'batch_bg.wasm'];

/** The page's scripts in www/js, each bundled into dist/js (with what it imports statically). */
const SCRIPTS = ['main', 'embedded', 'decide', 'decide-worker', 'docs', 'english', 'steps', 'configurator', 'batch', 'batch-worker'];
/** Those main.js loads with import() when first needed: files of their own, not in its bundle. */
const DYNAMIC = ['embedded', 'decide', 'docs', 'english', 'steps'];

/**
 * Files a first visit does not download: the full engine (loaded when the explanation is opened),
 * the agencies' engine and the embedding's code (loaded only inside an agency's page), the
 * configurator and embed.js (for officials), the batch page with its worker and engine build (for
 * officials too), every script but the page's own (main.js), the documents' texts and the
 * catalogues of other languages (loaded when chosen), and the resident's glue as a module of its
 * own (js/main.js bundles it; tools and tests load it). The service worker caches them on first use
 * instead of at install (DESIGN.md, "Why two builds of the engine for the page?").
 */
export const LAZY = new RegExp(
  '^(pkg/(yibao|agency|batch)(\\.js|_bg\\.wasm)|pkg/resident\\.js|i18n/engine-[a-zA-Z-]+\\.json|(embed|batch)\\.(js|html)' +
    `|js/(${SCRIPTS.filter((n) => n !== 'main').join('|')})\\.js` +
    '|documents/[A-Za-z0-9]+\\.txt|css/(embed|configurator|batch|decide|docs|steps)\\.css)$',
);

function walk(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, base));
    else out.push(relative(base, p).split(sep).join('/'));
  }
  return out;
}

const escapeHtml = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function lookup(t, key) {
  const v = key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), t);
  if (typeof v !== 'string') throw new Error(`UI string "${key}" is missing or not a plain string`);
  return v;
}

/**
 * Marks every element of the resident's page whose whole text is one UI string with
 * `data-t="key"`, so that the page can put it in another language (js/lang.js) without keeping a
 * copy of the page. A UI string that shares its element with other text would be missed, so it is
 * refused: wrap it in a <span>.
 */
export function markTranslatable(html) {
  const marked = html.replace(/<([a-z][a-z0-9]*)((?:\s[^>]*)?)>\s*\{\{(\w+)\}\}\s*<\/\1>/g, (m, tag, attrs, key) =>
    /^[A-Z]+$/.test(key) ? m : `<${tag}${attrs} data-t="${key}">{{${key}}}</${tag}>`,
  );
  for (const m of marked.matchAll(/>([^<]*)\{\{(\w+)\}\}/g)) {
    if (/^[A-Z]+$/.test(m[2])) continue;
    if (!marked.slice(0, m.index + 1).endsWith(` data-t="${m[2]}">`) || m[1].trim()) {
      throw new Error(`index.html: the UI string {{${m[2]}}} is not the whole text of its element; wrap it in a <span>`);
    }
  }
  return marked;
}

/** Fills {{key}} placeholders; VERSION is left for after hashing. */
function render(text, t, extra) {
  return text.replace(/\{\{([\w.]+)\}\}/g, (m, key) => {
    if (key in extra) return extra[key] === null ? m : escapeHtml(extra[key]);
    return escapeHtml(lookup(t, key));
  });
}


/**
 * The rules' version: a hash of the policy files and the documents they cite, and the date of the
 * newest of those documents. Links carry it (docs/CONTRACT.md, `rules`), so a link made today
 * says so when it is opened under other rules. It changes only when the rules do, not with every
 * deploy.
 */
function rulesVersion() {
  const hash = createHash('sha256');
  const files = [
    ...readdirSync(join(ROOT, 'data/policies')).sort().map((f) => join('data/policies', f)),
    'data/documents.toml',
    ...readdirSync(join(ROOT, 'data/documents')).sort().map((f) => join('data/documents', f)),
  ];
  for (const f of files) hash.update(f).update('\0').update(readFileSync(join(ROOT, f))).update('\0');
  const dates = [...readFileSync(join(ROOT, 'data/documents.toml'), 'utf8').matchAll(/^date = "(\d{4}-\d\d-\d\d)"/gm)].map((m) => m[1]).sort();
  return `${hash.digest('hex').slice(0, 8)} ${dates[dates.length - 1] || ''}`.trim();
}

/**
 * Terser after esbuild's minifier, for what a first visit downloads: terser picks short names by
 * how often each character is used, and writes Chinese text as \u escapes (`ascii_only`); both
 * compress better. On the page's bundle (js/main.js), Node's gzip -9: 17,547 → 16,732 bytes from
 * the names, → 16,538 with the escapes, for about the same raw size; three passes without comma
 * sequences, → 16,523 (DESIGN.md).
 */
async function shrink(code) {
  const out = await terse(code, { module: true, ecma: 2020, compress: { passes: 3, sequences: false }, mangle: true, format: { comments: false, ascii_only: true } });
  // A few small files (english.js: mostly strings) come out larger: they stay as esbuild left them.
  const gz = (s) => gzipSync(Buffer.from(s), { level: 9 }).length;
  return gz(out.code) < gz(code) ? out.code : code;
}

export async function buildSite(dist = join(ROOT, 'dist')) {
  const pkg = join(dist, 'pkg');
  for (const f of ENGINE_FILES) {
    if (!existsSync(join(pkg, f))) throw new Error(`${join(pkg, f)} is missing: run ./build.sh (it builds the wasm first)`);
  }
  for (const f of readdirSync(pkg)) {
    if (!ENGINE_FILES.includes(f)) rmSync(join(pkg, f), { recursive: true });
  }
  // The glue of the page's own engine builds is minified: its comments and whitespace are a third
  // of resident.js, and every first visit downloads it (pkg/yibao.js, the public API, stays as
  // wasm-bindgen writes it, documented, but for the short names build.sh gives its imports).
  for (const f of ['resident.js', 'agency.js', 'batch.js']) {
    const src = readFileSync(join(pkg, f), 'utf8');
    const out = await esbuild.transform(src, { minify: true, format: 'esm', target: 'es2020', legalComments: 'none', logLevel: 'warning' });
    writeFileSync(join(pkg, f), await shrink(out.code));
  }
  // The page's text: the scripts' strings and the static page's own (page.zh-CN.js, build only).
  // The officials' pages (embed.html, batch.html) are in Chinese only, with their own words
  // (officials.zh-CN.js).
  const load = async (f) => (await import(pathToFileURL(join(ROOT, 'www/i18n', f)).href)).default;
  const t = { ...(await load('zh-CN.js')), ...(await load('page.zh-CN.js')) };
  const officials = { ...t, ...(await load('officials.zh-CN.js')) };

  // 1. The page, styles, scripts, icons and manifest. The scripts (www/js, www/i18n) become one
  //    minified module, js/main.js, which imports the engine's module pkg/yibao.js at run time
  //    (that file is also the public WebAssembly API, so it stays a file of its own).
  cpSync(join(ROOT, 'www'), dist, {
    recursive: true,
    filter: (src) => !/[\\/]www[\\/](js|i18n)([\\/]|$)/.test(src) && !src.endsWith('.css'),
  });
  // The one classic script, for browsers too old for modules: minified, and still ES5.
  mkdirSync(join(dist, 'js'), { recursive: true });
  const legacy = readFileSync(join(ROOT, 'www/js/legacy.js'), 'utf8');
  writeFileSync(join(dist, 'js/legacy.js'), (await terse(legacy, { ecma: 5, compress: { passes: 2 }, mangle: true, format: { comments: false } })).code);
  // The bundles: the page (main.js) and what it loads when needed (DYNAMIC), the workers of the
  // comparison and of the batch page, and the pages for agencies (configurator.js, batch.js).
  await esbuild.build({
    entryPoints: SCRIPTS.map((n) => join(ROOT, `www/js/${n}.js`)),
    outdir: join(dist, 'js'),
    bundle: true,
    format: 'esm',
    // YIBAO_DEBUG=1 keeps the bundle readable (and adds a source map) for debugging and profiling.
    minify: process.env.YIBAO_DEBUG !== '1',
    sourcemap: process.env.YIBAO_DEBUG === '1' ? 'inline' : false,
    target: ['es2020'],
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [
      {
        name: 'engine-stays-external',
        setup(b) {
          b.onResolve({ filter: /\/pkg\/(yibao|agency|batch)\.js$/ }, (a) => ({ path: `../pkg/${a.path.split('/').pop()}`, external: true }));
          // The resident's glue is bundled into the page's script (js/engine.js gives it its
          // WebAssembly's URL): one file fewer for a first visit, and gzip sees both at once
          // (−0.25 KB). pkg/resident.js stays, for tools and tests, and is not precached.
          b.onResolve({ filter: /\/pkg\/resident\.js$/ }, () => ({ path: join(pkg, 'resident.js') }));
          // The page loads the embedding's code only inside an agency's page: a file of its own.
          b.onResolve({ filter: new RegExp(`^\\./(${DYNAMIC.join('|')})\\.js$`) }, (a) => (a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined));
        },
      },
    ],
  });
  if (process.env.YIBAO_DEBUG !== '1') {
    for (const n of SCRIPTS) writeFileSync(join(dist, `js/${n}.js`), await shrink(readFileSync(join(dist, `js/${n}.js`), 'utf8')));
  }
  mkdirSync(join(dist, 'css'), { recursive: true });
  for (const f of readdirSync(join(ROOT, 'www/css'))) {
    const css = readFileSync(join(ROOT, 'www/css', f), 'utf8');
    const out = await esbuild.transform(css, { loader: 'css', minify: true, charset: 'utf8', logLevel: 'warning' });
    writeFileSync(join(dist, 'css', f), out.code);
  }
  const indexPath = join(dist, 'index.html');
  // Without the indentation of its lines (it has no <pre> or <textarea>, where it would show):
  // 0.1 KB gzip of every first visit.
  const page = render(markTranslatable(readFileSync(indexPath, 'utf8')), t, { CSP, VERSION: null, RULES: rulesVersion() });
  writeFileSync(indexPath, page.replace(/\n[ \t]+/g, '\n'));
  for (const page of ['embed.html', 'batch.html']) {
    const p = join(dist, page);
    writeFileSync(p, render(readFileSync(p, 'utf8'), officials, { CSP, VERSION: null }));
  }
  // The documents' full texts, for the "政策原文" panel (docs.js): fetched when first shown, not
  // precached, so a first visit does not carry them (LAZY).
  mkdirSync(join(dist, 'documents'), { recursive: true });
  for (const m of readFileSync(join(ROOT, 'data/documents.toml'), 'utf8').matchAll(/^id = "([A-Za-z0-9]+)"[\s\S]*?^file = "([^"]+)"/gm)) {
    cpSync(join(ROOT, 'data/documents', m[2]), join(dist, 'documents', `${m[1]}.txt`));
  }
  // The engine's catalogues of other languages, for `addCatalogue` (docs/CONTRACT.md).
  mkdirSync(join(dist, 'i18n'), { recursive: true });
  for (const f of readdirSync(join(ROOT, 'data/messages'))) {
    if (!f.endsWith('.toml') || f === 'zh-CN.toml') continue;
    const cat = parseToml(readFileSync(join(ROOT, 'data/messages', f), 'utf8'));
    const json = {
      lang: cat.lang,
      messages: cat.messages,
      policy_texts: Object.fromEntries((cat.policy_texts || []).map((x) => [x.zh, x.text])),
    };
    writeFileSync(join(dist, 'i18n', `engine-${cat.lang}.json`), JSON.stringify(json));
  }
  const manPath = join(dist, 'manifest.webmanifest');
  const manifest = JSON.parse(readFileSync(manPath, 'utf8'));
  for (const [k, v] of Object.entries(manifest)) {
    const m = typeof v === 'string' && /^\{\{([\w.]+)\}\}$/.exec(v);
    if (m) manifest[k] = lookup(t, m[1]);
  }
  writeFileSync(manPath, `${JSON.stringify(manifest)}\n`);

  // 2. Version: a hash of everything the site serves (the worker itself excepted).
  const files = walk(dist).filter((f) => f !== 'sw.js');
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(f).update('\0').update(readFileSync(join(dist, f))).update('\0');
  }
  const version = hash.digest('hex').slice(0, 12);
  const v = (url) => `${url}?v=${version}`;

  for (const f of files) {
    const p = join(dist, f);
    if (f.endsWith('.html')) {
      let s = readFileSync(p, 'utf8').replace(/\{\{VERSION\}\}/g, version);
      s = s.replace(/(\s(?:href|src)=")([^"#?:]+\.(?:js|css|wasm))"/g, (m, a, url) => `${a}${v(url)}"`);
      writeFileSync(p, s);
    } else if (SCRIPTS.some((n) => f === `js/${n}.js`)) {
      // Relative module specifiers and asset URLs in our own scripts.
      const s = readFileSync(p, 'utf8').replace(/(['"])(\.{1,2}\/[^'"\s?]+\.(?:js|wasm|css))\1/g, (m, q, url) => `${q}${v(url)}${q}`);
      // The page's own builds of the engine; the agencies' build is the embedding's.
      const engines = { 'js/main.js': /^(yibao|resident_bg)/, 'js/embedded.js': /^agency/, 'js/batch-worker.js': /^batch/, 'js/decide-worker.js': /^yibao/ }[f];
      if (engines) {
        for (const url of ENGINE_FILES.filter((x) => engines.test(x)).map((x) => `../pkg/${x}`)) {
          if (!s.includes(v(url))) throw new Error(`${f}: the engine's URL ${url} was not versioned`);
        }
      }
      writeFileSync(p, s);
    }
  }

  const url = (f) => (VERSIONED.test(f) ? v(f) : f);
  const precache = ['./', ...files.filter((f) => !LAZY.test(f)).map(url)];
  const lazy = files.filter((f) => LAZY.test(f)).map(url);
  const swPath = join(dist, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  if (!sw.includes("'__VERSION__'") || !sw.includes("['__FILES__']") || !sw.includes("['__LAZY__']")) {
    throw new Error('www/sw.js lost its placeholders');
  }
  const filled = sw
    .replace("'__VERSION__'", `'${version}'`)
    .replace("['__FILES__']", JSON.stringify(precache))
    .replace("['__LAZY__']", JSON.stringify(lazy));
  // Every visitor downloads the worker: minified, its comments (for us, in www/sw.js) stay behind.
  // Only its local names are shortened: VERSION, FILES and LAZY keep theirs, each declared on its
  // own (tests and budgets.mjs read them), and it stays a classic script.
  writeFileSync(swPath, (await terse(filled, { ecma: 2020, compress: false, mangle: true, format: { comments: false } })).code);
  return { version, files: [...files, 'sw.js'] };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dist = process.argv[2] ? resolve(process.argv[2]) : join(ROOT, 'dist');
  const { version, files } = await buildSite(dist);
  console.log(`dist/: ${files.length} files, version ${version}`);
}
