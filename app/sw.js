// The service worker: shows the browser push notifications the server sends about a
// citizen's requests and opens the request's page when one is clicked. It caches
// nothing and answers no fetch: every page and API call goes to the network as before.
// Registered only when the citizen turns push on (app/src/pages/push.rs).
"use strict";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// Only a path on this site: a payload can never send the citizen elsewhere.
function sitePath(url) {
  return typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : "/notifications";
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (_) {
    data = {};
  }
  const title = typeof data.title === "string" && data.title ? data.title : "Служба поддержки Госуслуг";
  event.waitUntil(self.registration.showNotification(title, {
    body: typeof data.body === "string" ? data.body : "",
    tag: typeof data.tag === "string" ? data.tag : undefined,
    icon: "/favicon.ico",
    data: { url: sitePath(data.url) },
  }));
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
