// Browser push: a signed-in citizen turns it on with a click on the notification
// centre (the permission granted, never asked on load), the subscription reaches the
// server, a change to their request is pushed to the subscription's endpoint encrypted
// for this browser (decrypted here with the browser's key, RFC 8291), the request's log
// says so, and turning it off removes it. Headless Chromium cannot reach a real push
// service (none offline; none in incognito contexts), so its PushManager is replaced by
// one handing out a subscription whose endpoint is a stand-in push service in this test
// and whose keys the test made; everything else is the real app and server.
import assert from "node:assert/strict";
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, codeFor, expectAccessible, launch, newPage, shot } from "./browser.mjs";

let browser;
let service;
const received = [];
before(async () => {
  browser = await launch();
  service = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201).end();
    });
  });
  await new Promise((ok) => service.listen(0, "127.0.0.1", ok));
});
after(async () => {
  await browser?.close();
  service?.close();
});

const H = { "x-helpdesk-request": "1" };
const b64url = (buf) => buf.toString("base64url");

/// RFC 8291 (aes128gcm, one record) as the browser opens it.
function decrypt(body, ecdh, auth) {
  const salt = body.subarray(0, 16);
  const idlen = body[20];
  const serverKey = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const shared = ecdh.computeSecret(serverKey);
  const info = Buffer.concat([Buffer.from("WebPush: info\0"), ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, auth, info, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 2, then zeros.
  return padded.subarray(0, padded.lastIndexOf(2)).toString("utf8");
}

[VIEWPORTS[0], VIEWPORTS[1]].forEach((vp, i) => {
  describe(`browser push at ${vp.width}x${vp.height}`, () => {
    test("turned on by a click, a change arrives encrypted for this browser, turned off", async () => {
      const page = await newPage(browser, vp, { serviceWorkers: "allow" });
      const tag = (s) => `${vp.name}-push-${s}`;
      const context = page.context();
      await context.grantPermissions(["notifications"], { origin: BASE });
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const endpoint = `http://127.0.0.1:${service.address().port}/push/${vp.name}`;
      await context.addInitScript(({ endpoint, p256dh, auth }) => {
        const made = () => {
          const sub = Object.create(PushSubscription.prototype);
          Object.defineProperty(sub, "endpoint", { value: endpoint });
          sub.toJSON = () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } });
          sub.unsubscribe = async () => { localStorage.removeItem("test-push"); return true; };
          return sub;
        };
        PushManager.prototype.subscribe = async function (options) {
          if (!options || !options.userVisibleOnly || !options.applicationServerKey) throw new Error("bad options");
          localStorage.setItem("test-push", "1");
          return made();
        };
        PushManager.prototype.getSubscription = async function () {
          return localStorage.getItem("test-push") ? made() : null;
        };
      }, { endpoint, p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) });

      const phone = `+7912444000${i}`;
      await page.request.post(`${BASE}/api/v1/auth/code`, { data: { contact: phone }, headers: H });
      const code = await codeFor(page, phone);
      assert.equal((await page.request.post(`${BASE}/api/v1/auth/verify`, { data: { contact: phone, code }, headers: H })).status(), 200);

      await page.goto(`${BASE}/notifications`);
      await page.getByRole("heading", { level: 2, name: "Уведомления в браузере" }).waitFor();
      // Nothing asked on load (the service worker the app keeps its pages with may be
      // registered, but no subscription is made).
      assert.equal(await page.evaluate(() => localStorage.getItem("test-push")), null);
      assert.equal(await page.locator("#all-status-push").count(), 0, "no push column before it is on");
      await expectAccessible(page, "push off");
      await shot(page, tag("1-off"));
      await page.getByRole("button", { name: "Включить в этом браузере" }).click();
      await page.getByText("Готово: уведомления включены").waitFor();
      await page.getByText("В этом браузере уведомления включены.").waitFor();
      await page.locator(".push-switch strong", { hasText: /^1$/ }).waitFor();
      assert.ok(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL.endsWith("/sw.js")));
      const column = page.locator("#all-status-push");
      await column.waitFor();
      assert.ok(await column.isChecked(), "push is on for every kind of news");
      await expectAccessible(page, "push on");
      await shot(page, tag("2-on"));

      // The citizen's request: its receipt is pushed, readable only with this browser's key.
      const before = received.length;
      const submitted = await page.request.post(`${BASE}/api/v1/tickets`, {
        data: {
          category: "technical", subject: "Не открывается личный кабинет",
          description: "После входа страница остаётся пустой.", full_name: "Орлова Мария", phone, consent: true,
        },
        headers: H,
      });
      assert.equal(submitted.status(), 201);
      const { number } = await submitted.json();
      for (let t = 0; t < 50 && received.length === before; t++) await page.waitForTimeout(100);
      const pushed = received.slice(before).filter((r) => r.url === `/push/${vp.name}`);
      assert.equal(pushed.length, 1);
      assert.equal(pushed[0].headers["content-encoding"], "aes128gcm");
      assert.match(pushed[0].headers.authorization, /^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
      const payload = JSON.parse(decrypt(pushed[0].body, ecdh, auth));
      assert.equal(payload.title, `Обращение ${number}`);
      assert.equal(payload.url, `/my/${number}`);
      assert.match(payload.body, new RegExp(`^Обращение ${number} принято`));
      assert.ok(!payload.body.includes("Орлова") && !payload.body.includes("4440"), "no personal data");

      await page.goto(`${BASE}/my/${number}`);
      await page.getByRole("button", { name: "Показать уведомления и настройки" }).click();
      const line = page.locator("table.delivery-log tr.delivery-push");
      await line.waitFor();
      assert.match(await line.textContent(), /127\.0\.0\.1.*отправлено/);

      if (i === 0) await chatReplyPushed(page, ecdh, auth, vp);

      await page.goto(`${BASE}/notifications`);
      await page.getByRole("button", { name: "Отключить в этом браузере" }).click();
      await page.getByText("Уведомления в этом браузере отключены.").waitFor();
      // The count is asked again after the message shows: wait for it rather than race it.
      await page.locator(".push-switch strong", { hasText: /^0$/ }).waitFor();
      await page.getByRole("button", { name: "Включить в этом браузере" }).waitFor();
      assert.deepEqual(page.errors, []);
      await page.close();
    });
  });
});

/// An operator's reply in the signed-in citizen's chat: pushed to the browser (who wrote,
/// not what), shown by the service worker as a notification whose tap opens that chat;
/// with the chat on screen, the next one shows nothing (the message is there already).
/// The push is handed to the service worker as the push service would
/// (`ServiceWorker.deliverPushMessage`); a notification's tap cannot be made headless,
/// so its address is opened.
async function chatReplyPushed(page, ecdh, auth, vp) {
  const op = await newPage(browser, VIEWPORTS[1]);
  const call = async (method, path, data) => {
    const r = await op.request.fetch(`${BASE}/api/v1${path}`, { method, data, headers: H });
    assert.ok(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`);
    return r.json();
  };
  await call("POST", "/auth/staff", { login: "operator", password: "operator-demo-2026" });
  await call("GET", "/staff/chats");
  const started = await page.request.post(`${BASE}/api/v1/chat`, { data: {}, headers: H });
  assert.equal(started.status(), 201);
  const { chat } = await started.json();
  const asked = await page.request.post(`${BASE}/api/v1/chat/${chat.id}/operator`, { data: {}, headers: H });
  assert.equal((await asked.json()).state, "waiting");
  await call("POST", `/staff/chats/${chat.id}/take`, {});
  const before = received.length;
  await call("POST", `/staff/chats/${chat.id}/messages`, { text: "Проверил ваш паспорт 4510, всё верно." });
  for (let t = 0; t < 50 && received.length === before; t++) await page.waitForTimeout(100);
  const pushed = received.slice(before).filter((r) => r.url === `/push/${vp.name}`);
  assert.equal(pushed.length, 1, "one push for the reply");
  const payload = JSON.parse(decrypt(pushed[0].body, ecdh, auth));
  assert.equal(payload.url, `/chat?id=${chat.id}`);
  assert.equal(payload.title, "Новое сообщение в чате поддержки");
  assert.ok(!payload.body.includes("4510"), `what was written stays in the chat: ${payload.body}`);

  const cdp = await page.context().newCDPSession(page);
  const registration = new Promise((ok) => cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
    const r = registrations.find((r) => !r.isDeleted && r.scopeURL === `${BASE}/`);
    if (r) ok(r.registrationId);
  }));
  await cdp.send("ServiceWorker.enable");
  const registrationId = await registration;
  const deliver = (data) => cdp.send("ServiceWorker.deliverPushMessage", { origin: `${BASE}/`, registrationId, data: JSON.stringify(data) });
  const shown = () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications())
    .map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url })));
  const waitShown = async (n) => {
    for (let t = 0; t < 50; t++) {
      const all = await shown();
      if (all.length >= n) return all;
      await page.waitForTimeout(100);
    }
    throw new Error(`no notification: ${JSON.stringify(await shown())}`);
  };
  await deliver(payload);
  const [note] = await waitShown(1);
  assert.deepEqual(note, { title: payload.title, body: payload.body, tag: `chat-${chat.id}`, url: `/chat?id=${chat.id}` });

  // The tap: the chat opens with the operator's words.
  await page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).forEach((n) => n.close()));
  await page.goto(`${BASE}${note.url}`);
  await page.getByText("Проверил ваш паспорт 4510, всё верно.").waitFor();
  await shot(page, `${vp.name}-push-3-chat`);
  // On screen: the chat's next push shows nothing; a request's still does.
  await deliver(payload);
  await deliver({ title: "Обращение 1", body: "Статус изменён", url: "/my/1", tag: "1" });
  const after = await waitShown(1);
  await page.waitForTimeout(300);
  assert.deepEqual((await shown()).map((n) => n.tag), ["1"], JSON.stringify(after));
  await cdp.detach();
  await op.close();
}

