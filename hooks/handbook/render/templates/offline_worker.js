/* Family Handbook: this family's site kept whole on the phone, so every page opens without a network.
   Written by the build from the family's folder (render/offline_worker.py); scoped to that folder.

   - Install: every file of this version is fetched past the browser's cache and checked against its
     fingerprint below; one missing or different file (an upload half done) fails the whole install,
     and the version already on the phone stays in use. So a version is on the phone whole or not at all.
   - Pages and files are served from this version's copy only: never old and new mixed.
   - A new version waits until the page says the parent is not in the middle of something
     (offline.js), then takes over, and the pages reload from it.
   - Videos are kept after their first play, and played from the copy with the ranges players ask for.
   - When the family's folder is gone from the host (a new link, or the site taken down), the page
     that finds it out (offline.js) removes the copies and this worker: the old address then shows
     what the host shows. */

const VERSION = "__VERSION__";
const FILES = __FILES__;
const VIDEOS = __VIDEOS__;

const SCOPE = self.registration.scope;
const PREFIX = "handbook " + SCOPE + " ";
const CACHE = PREFIX + VERSION;
const MEDIA = PREFIX + "videos";

function relative(url) {
  let path = url.href.slice(SCOPE.length).split(/[?#]/)[0];
  if (/(^|\/)index\.html$/.test(path)) path = path.slice(0, -"index.html".length);
  return path || "./";
}

async function fingerprint(body) {
  const digest = await crypto.subtle.digest("SHA-256", body);
  return Array.from(new Uint8Array(digest).slice(0, 8), function (b) {
    return b.toString(16).padStart(2, "0");
  }).join("");
}

async function keep(cache, path) {
  const url = new URL(path, SCOPE).href;
  const response = await fetch(url, { cache: "reload", credentials: "same-origin" });
  if (!response.ok) throw new Error(path + ": " + response.status);
  const body = await response.arrayBuffer();
  if ((await fingerprint(body)) !== FILES[path]) throw new Error(path + " is not of version " + VERSION);
  const type = response.headers.get("Content-Type");
  await cache.put(url, new Response(body, { headers: type ? { "Content-Type": type } : {} }));
}

self.addEventListener("install", function (event) {
  event.waitUntil((async function () {
    const cache = await caches.open(CACHE);
    try {
      await Promise.all(Object.keys(FILES).map(function (path) { return keep(cache, path); }));
    } catch (err) {
      await caches.delete(CACHE);
      throw err;
    }
  })());
});

self.addEventListener("activate", function (event) {
  event.waitUntil((async function () {
    const names = await caches.keys();
    await Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE && name !== MEDIA;
    }).map(function (name) { return caches.delete(name); }));
    const media = await caches.open(MEDIA);
    const kept = await media.keys();
    await Promise.all(kept.filter(function (request) {
      return VIDEOS.indexOf(relative(new URL(request.url))) < 0;
    }).map(function (request) { return media.delete(request); }));
    await self.clients.claim();
  })());
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "handbook-update") self.skipWaiting();
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  const path = relative(new URL(request.url));
  if (path === "sw.js") return; // update checks always ask the host
  if (VIDEOS.indexOf(path) >= 0) {
    event.respondWith(video(event, path));
  } else if (Object.prototype.hasOwnProperty.call(FILES, path)) {
    event.respondWith(fromCopy(request, path));
  }
});

async function fromCopy(request, path) {
  // caches.match, not caches.open: a copy being removed is not made again
  return (await caches.match(new URL(path, SCOPE).href, { cacheName: CACHE })) || fetch(request);
}

/* A video from the copy kept at its first play, or from the host while a whole copy is kept. */
async function video(event, path) {
  const url = new URL(path, SCOPE).href;
  const whole = await caches.match(url, { cacheName: MEDIA });
  if (whole) return ranged(whole, event.request.headers.get("Range"));
  event.waitUntil(fetch(url).then(async function (response) {
    if (response.status === 200) await (await caches.open(MEDIA)).put(url, response);
  }).catch(function () { /* offline: kept at a later play */ }));
  return fetch(event.request);
}

async function ranged(response, range) {
  const blob = await response.blob();
  const match = /^bytes=(\d*)-(\d*)$/.exec(range || "");
  if (!match) return new Response(blob, { headers: { "Content-Type": blob.type, "Accept-Ranges": "bytes" } });
  const start = match[1] ? Number(match[1]) : Math.max(0, blob.size - Number(match[2]));
  const end = match[1] && match[2] ? Math.min(Number(match[2]), blob.size - 1) : blob.size - 1;
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": blob.type,
      "Content-Range": "bytes " + start + "-" + end + "/" + blob.size,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
}
