// The recorder's service worker: keeps the page and its files so it opens with no connection.
// Its files are served from the copy kept here at once, and refreshed from the server in the
// background whenever there is a connection.  The API (/api/) is never kept: it always goes to
// the server, and the page's outbox decides what to do when it cannot be reached.
const CACHE = "ward-recorder-v1";
const SHELL = ["/recorder/", "/recorder/recorder.js", "/recorder/outbox.js", "/recorder/photos.js",
  "/recorder/recorder.css", "/recorder/manifest.webmanifest"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith("/recorder/")) {
    return;
  }
  const key = url.pathname === "/recorder/index.html" ? "/recorder/" : url.pathname;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const kept = await cache.match(key);
    const fresh = fetch(event.request).then((response) => {
      if (response.ok) cache.put(key, response.clone());
      return response;
    });
    if (kept) {
      event.waitUntil(fresh.catch(() => undefined));
      return kept;
    }
    return fresh;
  }));
});
