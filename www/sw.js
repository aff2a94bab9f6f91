// The service worker: precaches the site at install and serves it cache-first, so that after one
// visit the page loads and computes without a network. The build writes VERSION (a content hash of
// the site), FILES (what a first visit needs) and LAZY (the full engine and other languages'
// catalogues, which are fetched only when used and cached then, so they too work offline after
// their first use). A new deploy changes VERSION, so the browser
// installs this worker again: it fills a new cache, takes over at once, and deletes the old caches.

const VERSION = '__VERSION__';
const FILES = ['__FILES__'];
const LAZY = ['__LAZY__'];
const PREFIX = 'yibao-';
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Versioned URLs (?v=) can come from the HTTP cache; the rest must come from the server.
      await cache.addAll(FILES.map((url) => new Request(url, { cache: url.includes('?v=') ? 'default' : 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(respond(req));
});

async function respond(req) {
  const cache = await caches.open(CACHE);
  // The fragment (#s=) never reaches here; for pages a query string (e.g. added by a link
  // shortener) is ignored.
  const hit = await cache.match(req, { ignoreSearch: req.mode === 'navigate' });
  if (hit) return hit;
  try {
    const res = await fetch(req);
    // A lazy file of this version: keep it for offline use.
    const path = new URL(req.url).pathname + new URL(req.url).search;
    if (res.ok && LAZY.some((f) => path.endsWith(`/${f}`))) await cache.put(req, res.clone());
    return res;
  } catch (e) {
    // Offline and not precached: a page of the site under another name, or an asset of an older
    // version that is still running in an open tab.
    const fallback = req.mode === 'navigate' ? await cache.match('./') : await cache.match(req, { ignoreSearch: true });
    if (fallback) return fallback;
    throw e;
  }
}
