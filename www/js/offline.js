// Service worker registration, and a notice when a new version has taken over.

import { $, h, fill, show } from './dom.js';

export function registerServiceWorker(t) {
  if (!('serviceWorker' in navigator)) return;
  const hadController = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The first install also fires this (clients.claim); only a replacement is news.
    if (!hadController) return;
    const box = $('update');
    fill(
      box,
      h(
        'p',
        null,
        `${t.updateReady} `,
        h('button', { type: 'button', class: 'button button-secondary button-small', onclick: () => location.reload() }, t.reload),
      ),
    );
    show(box, true);
  });
  navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' }).catch(() => {
    // Without a service worker the page still works online; nothing to tell the person.
  });
}
