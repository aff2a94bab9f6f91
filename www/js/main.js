// Entry point: loads the engine (WebAssembly), builds the page from its policy data, and registers
// the service worker that keeps the site available offline.

import init, * as api from '../pkg/yibao.js';
import t from '../i18n/zh-CN.js';
import { startApp } from './app.js';
import { $, show } from './dom.js';
import { registerServiceWorker } from './offline.js';

const WASM_URL = new URL('../pkg/yibao_bg.wasm', import.meta.url);

async function main() {
  try {
    await init({ module_or_path: WASM_URL });
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
  startApp({ api, t, policies });
  registerServiceWorker(t);
}

main();
