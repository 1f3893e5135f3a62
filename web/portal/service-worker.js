// The portal's service worker (built into dist/sw.js by vite.config.ts). It caches the app
// shell so the portal opens offline and installs as an app; it never caches an API response.
const SHELL = __SHELL__;
const CACHE = 'portal-shell-__VERSION__';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('portal-shell-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || url.pathname.includes('/api/')) return;
  const scope = new URL(self.registration.scope);
  if (request.mode === 'navigate') {
    // The network first, so a new release shows at once; the cached shell when offline.
    event.respondWith(fetch(request).catch(() => caches.match(new URL('./', scope).href)));
    return;
  }
  const shellFile = SHELL.some((file) => new URL(file, scope).href === url.href);
  if (shellFile) event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
});
