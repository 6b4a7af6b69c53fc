// A signed-in citizen's requests and chats readable offline, after they opted in on «Мои
// обращения»: nothing kept before the choice; after it, the request and the chat they
// opened open with no connection (the service worker answers from the device); a chat
// message written offline goes once the connection is back; signing out deletes what
// was kept.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, codeFor, expectAccessible, launch, newPage, shot } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const H = { "x-helpdesk-request": "1" };

/// Waits until `check` (run in the page) holds.
async function until(page, check, what) {
  for (let i = 0; i < 100; i++) {
    if (await page.evaluate(check)) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`not in 25 s: ${what}`);
}

/// The API addresses the device keeps for reading offline.
const keptApi = (page) => page.evaluate(async () => {
  if (!(await caches.has("helpdesk-private"))) return null;
  return (await (await caches.open("helpdesk-private")).keys()).map((r) => new URL(r.url).pathname);
});

describe("reading offline at 390x844", () => {
  test("opted in, a request and a chat open with no connection; sign-out deletes them", async () => {
    const vp = VIEWPORTS[0];
    const page = await newPage(browser, vp, { serviceWorkers: "allow" });
    const phone = "+79125550101";
    await page.request.post(`${BASE}/api/v1/auth/code`, { data: { contact: phone }, headers: H });
    const code = await codeFor(page, phone);
    assert.equal((await page.request.post(`${BASE}/api/v1/auth/verify`, { data: { contact: phone, code }, headers: H })).status(), 200);
    const submitted = await page.request.post(`${BASE}/api/v1/tickets`, {
      data: { category: "payments", subject: "Не прошла оплата госпошлины", description: "Деньги списаны, а статус не изменился.",
        full_name: "Сидорова Анна", phone, consent: true },
      headers: H,
    });
    assert.equal(submitted.status(), 201);
    const { number } = await submitted.json();
    const started = await page.request.post(`${BASE}/api/v1/chat`, { data: {}, headers: H });
    const chat = (await started.json()).chat.id;
    const said = await page.request.post(`${BASE}/api/v1/chat/${chat}/messages`, { data: { text: "как оплатить госпошлину со скидкой" }, headers: H });
    assert.equal(said.status(), 200);

    await page.goto(`${BASE}/my`);
    await page.getByRole("heading", { level: 1, name: "Мои обращения" }).waitFor();
    // The worker comes a few seconds after the load; then this page is its.
    await until(page, () => Boolean(navigator.serviceWorker.controller), "the service worker");
    const choice = page.getByLabel(/Сохранять на этом устройстве мои обращения/);
    assert.equal(await choice.isChecked(), false);
    await page.reload();
    await page.getByText(number).first().waitFor();
    assert.equal(await keptApi(page), null, "nothing kept before the choice");
    await choice.check();
    await until(page, () => caches.has("helpdesk-private"), "the choice made");
    await expectAccessible(page, "offline reading chosen");
    await shot(page, `${vp.name}-offline-1-chosen`);

    // What the citizen opens from now on is kept.
    await page.reload();
    await page.getByText(number).first().waitFor();
    await page.goto(`${BASE}/my/${number}`);
    await page.getByText("Не прошла оплата госпошлины").first().waitFor();
    await page.goto(`${BASE}/chat?id=${chat}`);
    await page.getByText("как оплатить госпошлину со скидкой").first().waitFor();
    const kept = await keptApi(page);
    const digits = number.replaceAll("-", "");
    for (const path of ["/api/v1/auth/session", "/api/v1/my/tickets", `/api/v1/my/tickets/${digits}`, `/api/v1/chat/${chat}`]) {
      assert.ok(kept.includes(path), `${path} in ${kept}`);
    }

    // No connection: the request and the chat still open, from the device.
    await page.context().setOffline(true);
    await page.goto(`${BASE}/my/${number}`);
    await page.getByText("Не прошла оплата госпошлины").first().waitFor();
    await page.locator(".pwa-offline").getByText("Нет соединения с интернетом.").waitFor();
    await shot(page, `${vp.name}-offline-2-request`);
    await page.goto(`${BASE}/chat?id=${chat}`);
    await page.getByText("как оплатить госпошлину со скидкой").first().waitFor();
    // A message written with no connection waits in the browser, said so, and goes
    // once the connection is back.
    await page.fill("#chat-text", "Напишу, пока нет связи");
    await page.getByRole("button", { name: "Отправить", exact: true }).click();
    const waiting = page.locator("#chat-log li", { hasText: "Напишу, пока нет связи" });
    await waiting.getByText("не отправлено — отправим, когда появится связь").waitFor();
    await shot(page, `${vp.name}-offline-3-chat`);
    await page.context().setOffline(false);
    await waiting.getByText("не отправлено").waitFor({ state: "detached", timeout: 20000 });
    const read = await (await page.request.get(`${BASE}/api/v1/chat/${chat}`)).json();
    assert.equal(read.messages.filter((m) => m.text === "Напишу, пока нет связи").length, 1, "sent once");
    await page.context().setOffline(true);
    await page.goto(`${BASE}/my`);
    await page.getByText(number).first().waitFor();

    // Back online, signed out: nothing of it stays on the device.
    await page.context().setOffline(false);
    await page.reload();
    await page.getByRole("button", { name: "Выйти", exact: true }).last().click();
    await page.waitForURL(`${BASE}/`);
    assert.equal(await keptApi(page), null, "deleted at sign-out");
    await page.context().setOffline(true);
    await page.goto(`${BASE}/my/${number}`);
    await page.locator("main").waitFor();
    await page.waitForTimeout(500);
    assert.equal(await page.getByText("Не прошла оплата госпошлины").count(), 0);
    await page.context().setOffline(false);
    await page.close();
  });
});
