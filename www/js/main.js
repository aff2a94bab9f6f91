// Entry point: loads the resident's engine (WebAssembly), builds the page from its policy data,
// and registers the service worker that keeps the site available offline.

import t from '../i18n/zh-CN.js';
import { startApp } from './controller.js';
import { $, show } from './dom.js';
import { loadFull, loadResident } from './engine.js';
import { registerServiceWorker } from './offline.js';

async function main() {
  // Inside an agency's page (embed.js, or a plain iframe with ?embed=1): the embedding's own code
  // is loaded only there.
  const query = new URLSearchParams(location.search);
  const embedded = query.get('embed') === '1';
  if (embedded) document.documentElement.classList.add('embedded');
  let api;
  try {
    api = await loadResident();
  } catch (e) {
    const msg = $('loading');
    msg.textContent = typeof WebAssembly === 'object' ? t.loadFailed : t.noWasm;
    msg.className = 'notice notice-error';
    msg.setAttribute('role', 'alert');
    throw e;
  }
  const policies = api.policies();
  // Swap the loading line for the form in one go, so nothing already on screen moves.
  $('loading').remove();
  show($('app'), true);
  const app = startApp({ api, t, policies, loadFull });
  if (embedded) {
    const { startEmbed } = await import('./embedded.js');
    startEmbed({ query, app, loadFull });
  }
  registerServiceWorker(t);
}

main();
