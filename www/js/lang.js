// Owns the page's language: which one it is in, the switch between Chinese and English, and
// putting the static page's words in that language.
// * The language is the person's own choice, kept in localStorage (never a cookie); else the one
//   an agency's embedding asks for (`lang` in the query, data-lang); else Chinese.
// * Chinese is built into the page. English is fetched only when chosen: the page's words
//   (js/english.js, with the comparison's, the document panel's and the embedding's) and the
//   engine's catalogue (i18n/engine-en.json, for the resident's build, which carries Chinese only).
// * Switching saves the choice (in the address instead where storage is forbidden) and reloads: the scenario is in the address bar (#s=), so nothing
//   typed is lost, and every word on the page, the engine's included, is drawn once in one language.

import { $ } from './dom.js';

const KEY = 'yibao-lang';
const LANGS = ['zh-CN', 'en'];

/** The page's language: 'zh-CN' or 'en'. */
export function chosenLang(query) {
  let stored = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    // Storage may be forbidden (a sandboxed embedding, strict privacy settings): not remembered.
  }
  return [stored, query.get('lang')].find((l) => LANGS.includes(l)) || 'zh-CN';
}

/**
 * The English words and the engine's English catalogue, loaded together; resolves to
 * `{ t, catalogue }`, or rejects if either cannot be fetched (offline before the first choice).
 */
export function loadEnglish() {
  const words = import('./english.js');
  const catalogue = fetch(new URL('../i18n/engine-en.json', import.meta.url)).then((r) => {
    if (!r.ok) throw new Error(String(r.status));
    return r.json();
  });
  return Promise.all([words, catalogue]).then(([m, catalogue]) => ({ t: m.default, catalogue }));
}

/**
 * Puts the static page's words (the elements the build marked `data-t`) in the language of `t`
 * (the scripts' words, with the static page's own as `t.page`: the build fills the page from both).
 */
export function translatePage(t) {
  const { page } = t;
  document.documentElement.lang = page.lang;
  for (const el of document.querySelectorAll('[data-t]')) {
    const v = page[el.dataset.t] ?? t[el.dataset.t];
    if (typeof v === 'string') el.textContent = v;
  }
  const meta = document.querySelector('meta[name="description"]');
  if (meta) meta.content = page.pageDescription;
  $('lang-switch').lang = page.langOtherCode;
}

/**
 * The switch: remembers the other language and reloads in it. `beforeReload` puts the scenario in
 * the address bar first.
 */
export function bindSwitch(beforeReload) {
  const button = $('lang-switch');
  button.addEventListener('click', () => {
    beforeReload();
    const url = new URL(location.href);
    try {
      localStorage.setItem(KEY, button.lang);
      // The choice is the person's: a link they share opens in the recipient's own language.
      url.searchParams.delete('lang');
    } catch {
      // Storage is forbidden: the address carries the choice instead.
      url.searchParams.set('lang', button.lang);
    }
    // An address that differs only after "#" would move within the page, not reload it.
    if (url.search === location.search) location.reload();
    else location.replace(url.href);
  });
}
