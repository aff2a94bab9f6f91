// Gives the functions a wasm-bindgen module imports from its JS glue short names, in both files.
//
//   node scripts/short-imports.mjs <name>_bg.wasm <name>.js
//
// wasm-bindgen names each import after the JS it calls plus a hash of its signature, such as
// `__wbg_set_3f1d0b984ed272ed`, and the module they come from after the glue's file name
// (`./resident_bg.js`). The names are written twice, once in the module's import section and once
// as keys of the object the glue passes to `WebAssembly.instantiate`, and their 16 hex digits
// compress badly. Here they become `a`, `b`, … and the module `w`: on the page's engine and its
// glue together, 0.4 KB gzip less for every first visit (DESIGN.md, "How big is the page…").
//
// Nothing else changes. The script renames a key only where the glue has it exactly once, as a key
// (`name: function`), and leaves both files as they were otherwise, so a later wasm-bindgen whose
// glue looks different keeps working, only larger.

import { readFileSync, writeFileSync } from 'node:fs';
import { assemble, imports, sections, uleb } from './wasm-binary.mjs';

/** The short name of the `i`-th import: a, b, …, z, A, …, Z, aa, ab, … (valid JS identifiers). */
function shortName(i) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  let n = i;
  do {
    s = letters[n % letters.length] + s;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return s;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function main(wasmPath, gluePath) {
  const buf = readFileSync(wasmPath);
  let glue = readFileSync(gluePath, 'utf8');
  const secs = sections(buf);
  const sec = secs.find((x) => x.id === 2);
  if (!sec) return;
  // An import of a kind this does not know: the module is left alone.
  const entries = imports(buf, sec);
  if (!entries) return;
  // Only the glue's own module is renamed (`./<name>_bg.js`), and only if the glue names it once.
  const glueModule = entries.find((e) => e.module.startsWith('./') && e.module.endsWith('_bg.js'))?.module;
  if (!glueModule) return;
  const moduleKey = new RegExp(`"${escape(glueModule)}"(?=\\s*:)`, 'g');
  if ((glue.match(moduleKey) || []).length !== 1) return;
  const renames = new Map();
  for (const e of entries) {
    if (e.module !== glueModule || renames.has(e.name)) continue;
    const key = new RegExp(`(?<![\\w$])${escape(e.name)}(?=\\s*:)`, 'g');
    if ((glue.match(key) || []).length !== 1) return;
    renames.set(e.name, { to: shortName(renames.size), key });
  }
  const body = [uleb(entries.length)];
  for (const e of entries) {
    const module = e.module === glueModule ? 'w' : e.module;
    const name = e.module === glueModule ? renames.get(e.name).to : e.name;
    body.push(uleb(Buffer.byteLength(module)), Buffer.from(module), uleb(Buffer.byteLength(name)), Buffer.from(name), e.desc);
  }
  const out = assemble(buf, secs, new Map([[sec, Buffer.concat(body)]]));
  for (const { to, key } of renames.values()) glue = glue.replace(key, to);
  glue = glue.replace(moduleKey, '"w"');
  writeFileSync(wasmPath, out);
  writeFileSync(gluePath, glue);
}

const args = process.argv.slice(2);
if (args.length !== 2) {
  console.error('usage: short-imports.mjs <name>_bg.wasm <name>.js');
  process.exit(2);
}
main(args[0], args[1]);
