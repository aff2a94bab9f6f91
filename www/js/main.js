// Entry point: loads the resident's engine (WebAssembly) and, when English is chosen, the page's
// and the engine's English; builds the page from the engine's policy data, and registers the
// service worker that keeps the site available offline.

import zh from '../i18n/zh-CN.js';
import { startApp } from './controller.js';
import { $, show } from './dom.js';
import { loadFull, loadResident } from './engine.js';
import { bindSwitch, chosenLang, loadEnglish, translatePage } from './lang.js';
import { registerServiceWorker } from './offline.js';

async function main() {
  // Inside an agency's page (embed.js, or a plain iframe with ?embed=1): the embedding's own code
  // is loaded only there.
  const query = new URLSearchParams(location.search);
  const embedded = query.get('embed') === '1';
  if (embedded) document.documentElement.classList.add('embedded');
  let lang = chosenLang(query);
  let app = null;
  bindSwitch(() => app && app.saveAddress());
  // English is fetched beside the engine, and the page's own words are put in English as soon as
  // they arrive, while the engine may still be loading.
  const resident = loadResident();
  resident.catch(() => {}); // handled below, once English is in place
  let t = zh;
  let en = null;
  if (lang === 'en') {
    try {
      en = await loadEnglish();
      t = en.t;
      translatePage(t);
    } catch {
      // Offline before English was ever loaded: the page stays in Chinese, and says so in both.
      lang = 'zh-CN';
      $('update').textContent = zh.englishFailed;
      show($('update'), true);
    }
  }
  let api;
  try {
    api = await resident;
    if (en) api.addCatalogue(en.catalogue);
  } catch (e) {
    const msg = $('loading');
    msg.textContent = typeof WebAssembly === 'object' ? t.loadFailed : t.noWasm;
    msg.className = 'notice notice-error';
    msg.setAttribute('role', 'alert');
    throw e;
  }
  // The engine's options for the page's language: none for Chinese, its default.
  const langOptions = lang === 'zh-CN' ? undefined : { lang };
  const policies = api.policies(langOptions);
  // The engine's start, drawing the form, and the first estimate: three tasks, none of them long
  // (docs/PERFORMANCE.md); the page is shown once all is drawn.
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
  await nextTask();
  app = startApp({ api, t, policies, loadFull, langOptions });
  await nextTask();
  app.start();
  // Swap the loading line for the form in one go, so nothing already on screen moves.
  $('loading').remove();
  show($('app'), true);
  if (embedded) {
    const { startEmbed } = await import('./embedded.js');
    startEmbed({ query, app, loadFull, words: t.embed, langOptions });
  }
  registerServiceWorker(t);
}

main();
