// Kafae's service worker, written by hand: it keeps one versioned copy of the app shell so the app opens with no
// signal, and it never touches the API — records live in IndexedDB and travel through the sync protocol, so a
// cached API answer could only ever be a stale lie.
//
// The server fills in VERSION and SHELL (every file of web/ under /v/<version>/) when it loads web/, so each
// deploy is a new worker byte for byte; the browser installs it beside the old one and it waits until the person
// taps "Update" (a page never changes version under someone's thumb in the middle of a cupping).

const VERSION = '__KAFAE_VERSION__';
const SHELL = [/*__KAFAE_SHELL__*/];
const CACHE = `kafae-shell-${VERSION}`;
const PASS_THROUGH = ['/api/', '/p/', '/health', '/ready'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('kafae-shell-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (PASS_THROUGH.some((p) => url.pathname.startsWith(p))) return;
  if (request.mode === 'navigate') {
    // Every page of the app is the one shell (the screens are in the hash): answer from the cache at once.
    event.respondWith(fromCache('/').then((hit) => hit || fetch(request)));
    return;
  }
  event.respondWith((async () => {
    const hit = await fromCache(url.pathname);
    if (hit) return hit;
    // An unversioned path (the icons the manifest names) has its copy under the current version.
    const versioned = url.pathname.startsWith('/v/') ? null : await fromCache(`/v/${VERSION}${url.pathname}`);
    return versioned || fetch(request);
  })());
});

async function fromCache(path) {
  const cache = await caches.open(CACHE);
  return cache.match(path);
}
