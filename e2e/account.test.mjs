// Sign-in: a citizen with a one-time code read from the outbox sees "Мои обращения" and
// adds information without the access code; staff sign in with a password (a wrong one
// first) at desktop, tablet and phone widths; axe-core on every page.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, codeFor, expectAccessible, focused, launch, newPage, openMenu, shot } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const TABLET = { name: "tablet", width: 820, height: 1180 };

VIEWPORTS.forEach((vp, i) => {
  describe(`citizen account at ${vp.width}x${vp.height}`, () => {
    test("sign in with a code, see my requests, add information, sign out", async () => {
      const page = await newPage(browser, vp);
      const tag = (s) => `${vp.name}-account-${s}`;
      const phone = `+7912000000${i}`;

      // A request submitted earlier, without signing in, naming this phone.
      const submitted = await page.request.post(`${BASE}/api/v1/tickets`, {
        data: {
          category: "payments", subject: "Не прошла оплата пошлины",
          description: "Деньги списаны, но в личном кабинете пошлина не оплачена.",
          full_name: "Петрова Мария", phone, consent: true,
        },
      });
      assert.equal(submitted.status(), 201);
      const { number } = await submitted.json();

      await page.goto(`${BASE}/`);
      await openMenu(page);
      await page.getByRole("navigation").getByRole("link", { name: "Войти" }).click();
      await page.getByRole("heading", { level: 1, name: "Вход" }).waitFor();
      await expectAccessible(page, "sign-in");

      // A mistake first: the summary says how to fix it.
      await page.fill("#field-contact", "12345");
      await page.getByRole("button", { name: "Получить код" }).click();
      await page.locator(".error-summary").getByText("+7 912 345-67-89").waitFor();
      await page.fill("#field-contact", phone);
      await page.getByRole("button", { name: "Получить код" }).click();
      await page.getByText("Мы отправили SMS с кодом на номер").waitFor();
      // The next thing to type has focus.
      await page.waitForFunction(() => document.activeElement?.id === "field-code");
      await page.getByText(/Новый код можно запросить через \d+ секунд/).waitFor();
      await expectAccessible(page, "code step");
      await shot(page, tag("1-code"));

      // A wrong code says how many tries are left; the right one signs in.
      const code = await codeFor(page, phone);
      await page.fill("#field-code", code === "000000" ? "000001" : "000000");
      await page.getByRole("button", { name: "Войти", exact: true }).click();
      await page.getByText("Осталось 2 попытки").waitFor();
      await page.fill("#field-code", code);
      await page.getByRole("button", { name: "Войти", exact: true }).click();

      await page.waitForURL(`${BASE}/my`);
      await page.getByRole("heading", { level: 1, name: "Мои обращения" }).waitFor();
      await page.getByText("+7 *** ***-**-0" + i).waitFor();
      const card = page.locator(".ticket-card", { hasText: number });
      await card.getByText("Получено").waitFor();
      await expectAccessible(page, "my requests");
      await shot(page, tag("2-mine"));

      // The home page (its own module, not the app) knows who is signed in too: the
      // account's link, sign-out and the bell; "Главная" from the app leads there.
      await page.getByRole("link", { name: "Служба поддержки Госуслуг" }).click();
      await page.getByRole("heading", { level: 1, name: "Чем мы можем помочь?" }).waitFor();
      await openMenu(page);
      await page.getByRole("navigation").getByRole("link", { name: "Мои обращения" }).waitFor();
      await page.getByRole("navigation").getByRole("button", { name: "Выйти" }).waitFor();
      await page.locator("a.bell").getByText("1").waitFor();
      assert.equal(await page.getAttribute("a.bell", "aria-label"), "Уведомления: 1 непрочитанных");
      await expectAccessible(page, "home page signed in");
      await shot(page, tag("2-home-signed-in"));
      await page.getByRole("navigation").getByRole("link", { name: "Мои обращения" }).click();
      await page.getByRole("heading", { level: 1, name: "Мои обращения" }).waitFor();

      // A chat started while signed in is the citizen's: listed on "Мои обращения" (drawn
      // by the chat module) and opened again from there by its id and the session alone
      // (this browser's own chat forgotten first).
      if (i === 0) {
        await page.goto(`${BASE}/chat`);
        await page.getByLabel("Сообщение").fill("Как оплатить госпошлину?");
        await page.getByLabel("Сообщение").press("Enter");
        const log = page.getByRole("log", { name: "Переписка" });
        await log.locator(".msg-bot").nth(1).waitFor();
        await page.evaluate(() => localStorage.removeItem("helpdesk.chat"));
        await page.goto(`${BASE}/my`);
        await card.getByText("Получено").waitFor();
        const chats = page.getByRole("list", { name: "Чаты с поддержкой" });
        await chats.getByText("Отвечает бот").waitFor();
        await expectAccessible(page, "my requests and chats");
        await shot(page, tag("2-mine-chats"));
        await chats.getByRole("link", { name: "Как оплатить госпошлину?" }).click();
        await page.waitForURL(/\/chat\?id=[0-9a-f]{32}$/);
        await log.locator(".msg-citizen", { hasText: "Как оплатить госпошлину?" }).waitFor();
        await log.locator(".msg-bot").nth(1).waitFor();
        await page.goto(`${BASE}/my`);
        await card.getByText("Получено").waitFor();
      }

      // The request without its access code; add information.
      await card.getByRole("link", { name: `№ ${number}` }).click();
      await page.locator("#ticket-status", { hasText: "Получено" }).waitFor();
      await page.fill("#field-message", "Прикладываю номер платёжного поручения: 123456.");
      await page.getByRole("button", { name: "Отправить", exact: true }).click();
      await page.locator(".banner-success").waitFor();
      await page.locator(".timeline").getByText("платёжного поручения").waitFor();
      await expectAccessible(page, "my request");
      await shot(page, tag("3-ticket"));

      // Sign out from the header: "My requests" now asks to sign in.
      await page.getByRole("link", { name: "Все мои обращения" }).click();
      await openMenu(page);
      await page.locator(".site-header").getByRole("button", { name: "Выйти", exact: true }).click();
      await page.waitForURL(`${BASE}/`, { timeout: 5000 }).catch(async (e) => {
        throw new Error(`after sign-out at ${page.url()}: ${e.message}`);
      });
      await page.goto(`${BASE}/my`);
      await page.waitForURL(`${BASE}/signin`);

      assert.deepEqual(page.errors, [], "no script errors");
      await page.context().close();
    });
  });
});

for (const vp of [VIEWPORTS[1], TABLET, VIEWPORTS[0]]) {
  describe(`staff sign-in at ${vp.width}x${vp.height}`, () => {
    test("a wrong password, then the workspace, then sign out", async () => {
      const page = await newPage(browser, vp);
      const tag = (s) => `${vp.name}-staff-${s}`;
      await page.goto(`${BASE}/staff/signin`);
      await page.getByRole("heading", { level: 1, name: "Вход для сотрудников" }).waitFor();
      await expectAccessible(page, "staff sign-in");

      await page.getByRole("button", { name: "Войти", exact: true }).click();
      await page.locator(".error-summary").getByText("Заполните поле «Логин»").waitFor();
      await page.fill("#field-login", "supervisor");
      await page.fill("#field-password", "not the password");
      await page.getByRole("button", { name: "Войти", exact: true }).click();
      await page.getByText("Неверный логин или пароль. До блокировки осталось 2 попытки").waitFor();
      await expectAccessible(page, "staff sign-in refused");
      await shot(page, tag("1-signin"));

      await page.fill("#field-password", "supervisor-demo-2026");
      await page.getByRole("button", { name: "Войти", exact: true }).click();
      await page.waitForURL(`${BASE}/staff`);
      await page.getByText("Руководитель").waitFor();
      await openMenu(page);
      await page.getByRole("navigation").getByRole("link", { name: "Рабочее место" }).waitFor();
      await expectAccessible(page, "workspace");
      await shot(page, tag("2-workspace"));

      await page.getByRole("button", { name: "Выйти на всех устройствах" }).click();
      await page.waitForURL(`${BASE}/staff/signin`);
      assert.deepEqual(page.errors, [], "no script errors");
      await page.context().close();
    });
  });
}

describe("many requests at 390x844", () => {
  test("a page at a time, newest first, filtered by status", async () => {
    const page = await newPage(browser, VIEWPORTS[0]);
    const phone = "+79120000099";
    const numbers = [];
    for (let i = 0; i < 22; i++) {
      const resp = await page.request.post(`${BASE}/api/v1/tickets`, {
        data: {
          category: "application_status", subject: `Вопрос номер ${i}`,
          description: "Обычный вопрос, чтобы список стал длинным.", full_name: "Орлова Вера", phone, consent: true,
        },
      });
      assert.equal(resp.status(), 201);
      numbers.push((await resp.json()).number);
    }
    // Signed in through the API: the browser's context keeps the cookie.
    await page.request.post(`${BASE}/api/v1/auth/code`, { data: { contact: phone }, headers: { "x-helpdesk-request": "1" } });
    const code = await codeFor(page, phone);
    const verified = await page.request.post(`${BASE}/api/v1/auth/verify`, { data: { contact: phone, code }, headers: { "x-helpdesk-request": "1" } });
    assert.equal(verified.status(), 200);

    await page.goto(`${BASE}/my`);
    await page.getByRole("heading", { level: 1, name: "Мои обращения" }).waitFor();
    const cards = page.locator(".ticket-card");
    await cards.first().waitFor();
    assert.equal(await cards.count(), 20, "the first page");
    assert.match(await cards.first().textContent(), new RegExp(numbers[21]), "newest first");
    await page.getByText("Показано 20 из 22").waitFor();
    await page.getByRole("button", { name: "Показать ещё" }).click();
    assert.equal(await cards.count(), 22);
    await page.waitForFunction(() => document.activeElement?.id === "card-20");
    assert.equal(await page.getByRole("button", { name: "Показать ещё" }).count(), 0);
    // Nothing is closed yet.
    await page.getByRole("button", { name: /Закрытые/ }).click();
    await page.getByText("Таких обращений нет.").waitFor();
    await page.getByRole("button", { name: /^Все/ }).click();
    assert.equal(await cards.count(), 20);
    await expectAccessible(page, "many requests");
    await shot(page, "mobile-account-4-many");
    assert.deepEqual(page.errors, [], "no script errors");
    await page.context().close();
  });
});
