// The service worker: the citizens' app shell kept on the device (a second visit starts
// from it, also on a bad connection or none), and browser push (the notifications the
// server sends about a citizen's requests, opening the request's page when clicked).
//
// What it keeps: the citizens' three pages ("/", "/submit" and the app's page for every
// other citizen address) with their content-hashed modules and style, as built together
// (`VERSION`, `SHELL`: written in by app/bundle.mjs), and any other hashed asset once
// fetched (the search and chat modules). No API answer (they carry personal data, and
// say `no-store`) unless a signed-in citizen asked for their requests and chats to be
// readable offline (`PRIVATE`, below); never the staff's pages. A new build is a new worker: it waits
// until the citizen presses «Обновить» (app/pwa.js), so a page never runs half the old
// app and half the new one; then every page reloads on the new version and the old
// version's cache is deleted.
"use strict";

/*{{shell}}*/
const CACHE = `helpdesk-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)));
});

// A signed-in citizen's own pages, readable offline once they opted in on «Мои
// обращения»: the page makes this cache, with `OPTED_IN` in it, to say so, and deletes it
// on sign-out (or when the server says nobody is signed in). While it exists, the answers below are kept as
// they arrive — who is signed in, the list of requests, each request opened, the list of
// chats and each chat read — and given back when there is no connection.
const PRIVATE = "helpdesk-private";
const READABLE = /^\/api\/v1\/(auth\/session|my\/tickets|my\/tickets\/[0-9-]{9,11}|my\/chats|chat\/[0-9a-f]{32})$/;

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("helpdesk-") && key !== CACHE && key !== PRIVATE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// The page's «Обновить»: the waiting worker takes over.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

// Which kept page answers an address: the server's own rule (functions/src/http/spa.rs).
function shellFor(path) {
  if (path === "/" || path === "/index.html") return "/";
  if (path === "/submit" || path === "/submit.html") return "/submit";
  return "/app.html";
}

const OFFLINE = `<!doctype html><html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Нет соединения</title></head>
<body style="font-family: system-ui, sans-serif; margin: 2rem; line-height: 1.5; max-width: 40rem">
<h1>Нет соединения с интернетом</h1>
<p>Эта страница ещё не сохранена на устройстве. Проверьте подключение и обновите страницу.</p>
<p>Срочный вопрос — горячая линия 8 800 555-35-35 (бесплатно, круглосуточно).</p>
<h2 lang="en">No internet connection</h2>
<p lang="en">This page is not kept on this device yet. Check the connection and reload the page.</p>
</body></html>`;

async function page(request) {
  const url = new URL(request.url);
  const cache = await caches.open(CACHE);
  const kept = await cache.match(shellFor(url.pathname), { ignoreVary: true });
  if (kept) return kept;
  try {
    return await fetch(request);
  } catch (_) {
    return new Response(OFFLINE, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
  }
}

// The page writes this into the cache when the citizen opts in, and answers are kept only
// in a cache that holds it.
const OPTED_IN = "/offline-opt-in";

async function optedIn() {
  // Asked by the cache's name: `caches.open` makes the cache when it is not there.
  if (!(await caches.match(OPTED_IN, { cacheName: PRIVATE }))) return null;
  const cache = await caches.open(PRIVATE);
  if (await cache.match(OPTED_IN)) return cache;
  // Deleted in between (a sign-out): the `open` made it again, empty. No choice.
  await caches.delete(PRIVATE);
  return null;
}

// The network first; what it answered kept while the citizen's opt-in stands; the kept
// answer (the same address, its query included) when there is no network. The cache is
// taken before the request leaves: a sign-out while the answer travels deletes it, and
// the answer goes into the deleted cache and is gone with it (opening the cache by name
// after the answer came made it again, with the answer in it).
async function readable(request) {
  const kept = await optedIn();
  try {
    const response = await fetch(request);
    if (response.ok && kept) {
      try {
        await kept.put(request, response.clone());
      } catch (_) {
        // The choice was withdrawn meanwhile: nothing to keep.
      }
    }
    return response;
  } catch (failure) {
    const answer = kept && await kept.match(request, { ignoreVary: true });
    if (answer) return answer;
    throw failure;
  }
}

// Hashed names never change content: kept once fetched.
async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // Another site, the API and the staff's and development pages go to the network as
  // if there were no worker.
  if (url.origin !== self.location.origin) return;
  if (READABLE.test(url.pathname)) return event.respondWith(readable(request));
  if (/^\/(api|staff|dev)(\/|$)/.test(url.pathname)) return;
  if (url.pathname.startsWith("/assets/")) event.respondWith(asset(request));
  else if (request.mode === "navigate") event.respondWith(page(request));
});

// Only a path on this site: a payload can never send the citizen elsewhere.
function sitePath(url) {
  return typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : "/notifications";
}

// Whether a page of this site shows `chat` now (the chat's page with its id, or the
// browser's own chat): its new message is on screen already, no notification.
async function chatOnScreen(chat) {
  const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  return open.some((client) => {
    const url = new URL(client.url);
    const id = url.searchParams.get("id");
    return client.visibilityState === "visible" && url.origin === self.location.origin &&
      url.pathname === "/chat" && (!id || id === chat);
  });
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (_) {
    data = {};
  }
  const title = typeof data.title === "string" && data.title ? data.title : "Служба поддержки Госуслуг";
  const tag = typeof data.tag === "string" && data.tag ? data.tag : undefined;
  event.waitUntil((async () => {
    if (typeof data.chat === "string" && await chatOnScreen(data.chat)) return;
    await self.registration.showNotification(title, {
      body: typeof data.body === "string" ? data.body : "",
      tag,
      // A newer message about the same chat or request replaces the last, and is heard.
      renotify: Boolean(tag),
      icon: "/icons/icon-192.png",
      data: { url: sitePath(data.url) },
    });
  })());
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = sitePath(event.notification.data && event.notification.data.url);
  event.waitUntil((async () => {
    const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const client of open) {
      if (new URL(client.url).origin === self.location.origin && "focus" in client) {
        try {
          await client.navigate(url);
        } catch (_) {
          // A page this worker does not control cannot be navigated: open a new one.
          return self.clients.openWindow(url);
        }
        return client.focus();
      }
    }
    return self.clients.openWindow(url);
  })());
});

// The browser renewed the subscription: tell the server (the session cookie goes along).
self.addEventListener("pushsubscriptionchange", (event) => {
  const options = event.oldSubscription && event.oldSubscription.options;
  if (!options) return;
  event.waitUntil(self.registration.pushManager.subscribe(options).then((sub) =>
    fetch("/api/v1/my/push", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-helpdesk-request": "1" },
      body: JSON.stringify(sub),
    })));
});
