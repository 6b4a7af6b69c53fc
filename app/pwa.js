// The installable app, on the citizens' pages (written into each of their boot modules
// by app/bundle.mjs, so it costs no request of its own):
// - the service worker (app/sw.js) registered a few seconds after the page has loaded
//   (it then keeps the app's pages and modules; the first paint never waits for it),
//   not at all when the browser asks to save data;
// - «Обновить» when a new version is waiting, and every page reloaded on it once pressed;
// - a bar while there is no connection;
// - the offer to put the app on the home screen, from the browser's own prompt (on
//   iPhone and iPad, where Safari has none, where to tap), only from the citizen's
//   second visit on and not again for 30 days after «Не сейчас».
(() => {
  const sw = navigator.serviceWorker;
  const store = (() => { try { return window.localStorage; } catch (_) { return null; } })();
  const en = () => document.documentElement.lang === "en";
  const text = (ru, english) => (en() ? english : ru);

  // A bar at the bottom of the page: its words, its buttons ([label, action] pairs).
  const bars = new Map();
  function bar(kind, words, buttons = []) {
    hide(kind);
    const box = document.createElement("div");
    box.className = `pwa-bar pwa-${kind}`;
    box.setAttribute("role", "status");
    const p = document.createElement("p");
    p.textContent = words;
    box.append(p);
    for (const [label, action, secondary] of buttons) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = secondary ? "button button-secondary" : "button";
      b.textContent = label;
      b.addEventListener("click", action);
      box.append(b);
    }
    document.body.append(box);
    bars.set(kind, box);
  }
  function hide(kind) {
    bars.get(kind)?.remove();
    bars.delete(kind);
  }

  // No connection.
  const offline = () => bar("offline", text(
    "Нет соединения с интернетом. Открытые страницы работают, а введённый текст сохранится на этом устройстве.",
    "No internet connection. Open pages keep working, and what you type is kept on this device."));
  addEventListener("offline", offline);
  addEventListener("online", () => hide("offline"));
  if (navigator.onLine === false) offline();

  // Visits: a new one is a new browser session.
  let visits = Number(store?.getItem("helpdesk.visits") ?? 0);
  try {
    if (!sessionStorage.getItem("helpdesk.visit")) {
      sessionStorage.setItem("helpdesk.visit", "1");
      store?.setItem("helpdesk.visits", String(++visits));
    }
  } catch (_) { /* storage refused: never offered */ }

  // The home-screen offer.
  const LATER = "helpdesk.install-later";
  const MONTH = 30 * 24 * 3600 * 1000;
  addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    const later = Number(store?.getItem(LATER) ?? 0);
    if (visits < 2 || Date.now() - later < MONTH) return;
    bar("install", text(
      "Установите «Поддержку» на главный экран: чат с оператором и статус обращения — в одно касание.",
      "Put «Support» on your home screen: the chat with an operator and your request's status in one tap."), [
      [text("Установить", "Install"), async () => {
        hide("install");
        await event.prompt();
      }],
      [text("Не сейчас", "Not now"), () => {
        store?.setItem(LATER, String(Date.now()));
        hide("install");
      }, true],
    ]);
  });
  addEventListener("appinstalled", () => hide("install"));
  // Safari on iPhone and iPad has no such prompt: the same offer says where to tap.
  const ios = /iPhone|iPad|iPod/.test(navigator.userAgent) && !/CriOS|FxiOS|EdgiOS/.test(navigator.userAgent);
  if (ios && !navigator.standalone && visits >= 2 && Date.now() - Number(store?.getItem(LATER) ?? 0) >= MONTH) {
    bar("install", text(
      "Поставьте «Поддержку» на главный экран: нажмите «Поделиться», затем «На экран „Домой“».",
      "Put «Support» on your home screen: tap Share, then «Add to Home Screen»."), [
      [text("Понятно", "Got it"), () => {
        store?.setItem(LATER, String(Date.now()));
        hide("install");
      }, true],
    ]);
  }

  if (!sw || navigator.connection?.saveData) return;
  let updating = false;
  sw.addEventListener("controllerchange", () => {
    if (updating) location.reload();
  });
  function offer(worker) {
    bar("update", text("Вышла новая версия сайта.", "A new version of the site is out."), [
      [text("Обновить", "Update"), () => {
        updating = true;
        worker.postMessage("skip-waiting");
      }],
    ]);
  }
  async function register() {
    const reg = await sw.register("/sw.js");
    if (reg.waiting && sw.controller) offer(reg.waiting);
    reg.addEventListener("updatefound", () => {
      const worker = reg.installing;
      worker?.addEventListener("statechange", () => {
        if (worker.state === "installed" && sw.controller) offer(worker);
      });
    });
    // Back to the page after a while: is there a new version?
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") reg.update().catch(() => {});
    });
  }
  const later = () => setTimeout(() => register().catch(() => {}), sw.controller ? 0 : 4000);
  if (document.readyState === "complete") later();
  else addEventListener("load", later, { once: true });
})();
