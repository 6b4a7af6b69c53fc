// Every public page in both languages at 320, 390 and 1280 px: axe-core (WCAG 2.2 AA,
// label-in-name) and no sideways scrolling; the document title follows the language.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, expectAccessible, launch, newPage, openMenu } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PAGES = [
  ["/", { ru: "Чем мы можем помочь?", en: "How can we help?" }],
  ["/submit", { ru: "Подать обращение", en: "Submit a request" }],
  ["/status", { ru: "Проверить статус обращения", en: "Check the status of a request" }],
  ["/contacts", { ru: "Контакты и часы работы", en: "Contacts and hours" }],
  ["/faq", { ru: "Частые вопросы", en: "Questions and answers" }],
  ["/faq/payments", { ru: "Оплата и платежи", en: "Payments" }],
  ["/faq/password-recovery", { ru: "Забыли пароль: как восстановить доступ", en: "Forgot your password: how to get access back" }],
  ["/signin", { ru: "Вход", en: "Sign in" }],
  ["/staff/signin", { ru: "Вход для сотрудников", en: "Staff sign-in" }],
  ["/submitted", { ru: "Обращение принято", en: "Request received" }],
  ["/no-such-page", { ru: null, en: null }],
];

for (const vp of VIEWPORTS) {
  describe(`public pages at ${vp.width}x${vp.height}`, () => {
    test("Russian and English, accessible, titled", async () => {
      const page = await newPage(browser, vp);
      for (const lang of ["ru", "en"]) {
        if (lang === "en") {
          await page.goto(`${BASE}/`);
          await openMenu(page);
          await page.getByRole("button", { name: "English" }).click();
          await page.waitForFunction(() => document.documentElement.lang === "en");
        }
        for (const [path, h1] of PAGES) {
          await page.goto(`${BASE}${path}`);
          const heading = page.getByRole("heading", { level: 1 });
          await heading.first().waitFor();
          if (h1[lang]) {
            await page.getByRole("heading", { level: 1, name: h1[lang], exact: true }).waitFor();
          }
          const title = await page.title();
          const site = lang === "ru" ? "Служба поддержки Госуслуг" : "Public Services Help Desk";
          assert.ok(title.endsWith(site), `${path} ${lang}: ${title}`);
          await expectAccessible(page, `${path} (${lang}, ${vp.width} px)`);
          if (vp.width < 600) {
            // The folded menu, open, is accessible too (the header: the rest of the page
            // was checked just above).
            await openMenu(page);
            await expectAccessible(page, `${path} with the menu open (${lang}, ${vp.width} px)`, page.locator("header.site-header"));
          }
        }
      }
      assert.deepEqual(page.errors, [], "no script errors");
      await page.context().close();
    });
  });
}

describe("the home page", () => {
  test("painted without any script; text size and language carry into the app and back", async () => {
    // As sent: the page is in the HTML, so it shows before (and without) the wasm.
    const bare = await browser.newContext({ viewport: VIEWPORTS[1], javaScriptEnabled: false, locale: "ru-RU" });
    const plain = await bare.newPage();
    await plain.goto(`${BASE}/`);
    await plain.getByRole("heading", { level: 1, name: "Чем мы можем помочь?" }).waitFor();
    assert.equal(await plain.locator(".categories a").count(), 10);
    assert.equal(await plain.locator("a[href='tel:+78005553535']").count(), 2);
    assert.equal(await plain.getAttribute("form[role=search]", "action"), "/faq", "Enter searches without script too");
    await bare.close();

    const page = await newPage(browser, VIEWPORTS[1]);
    await page.goto(`${BASE}/`);
    await openMenu(page);
    await page.getByRole("button", { name: "A — Крупный шрифт" }).click();
    await page.waitForFunction(() => document.documentElement.style.fontSize === "125%");
    assert.equal(await page.getAttribute(".font-1", "aria-pressed"), "true");
    await page.getByRole("button", { name: "EN — English" }).click();
    await page.getByRole("heading", { level: 1, name: "How can we help?" }).waitFor();
    assert.equal(await page.title(), "Public Services Help Desk");
    // The redrawn buttons keep the choices, and the keyboard stays on the one pressed.
    assert.equal(await page.getAttribute(".font-1", "aria-pressed"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-lang")), "en");
    // Into the app: the same choices.
    await page.getByRole("link", { name: "Submit a request" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Submit a request" }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.style.fontSize), "125%");
    // And back: the app's home link loads the home page (its module, not the app).
    const loaded = [];
    page.on("request", (r) => loaded.push(new URL(r.url()).pathname));
    await page.getByRole("link", { name: "Public Services Help Desk" }).click();
    await page.getByRole("heading", { level: 1, name: "How can we help?" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/");
    assert.ok(loaded.includes("/") && !loaded.some((p) => p.includes("helpdesk_app_bg")), `${loaded}`);
    await openMenu(page);
    await page.getByRole("button", { name: "RU — Русский" }).click();
    await page.getByRole("heading", { level: 1, name: "Чем мы можем помочь?" }).waitFor();
    await page.getByRole("button", { name: "A — Обычный размер шрифта" }).click();
    await page.waitForFunction(() => document.documentElement.style.fontSize === "100%");
    assert.deepEqual(page.errors, [], "no script errors");
    await page.context().close();
  });
});

describe("two bundles", () => {
  test("a citizen's link to the staff's sign-in loads the staff's bundle, and back", async () => {
    const page = await newPage(browser, VIEWPORTS[1]);
    const loaded = [];
    page.on("request", (r) => loaded.push(new URL(r.url()).pathname));
    await page.goto(`${BASE}/signin`);
    await page.getByRole("heading", { level: 1, name: "Вход", exact: true }).waitFor();
    assert.ok(!loaded.some((p) => p.includes("helpdesk_staff")), `${loaded}`);
    await page.getByRole("link", { name: "Вход для сотрудников" }).click();
    await page.getByRole("heading", { level: 1, name: "Вход для сотрудников" }).waitFor();
    assert.ok(loaded.some((p) => p.includes("helpdesk_staff_bg")), `the staff's bundle: ${loaded}`);
    assert.equal(new URL(page.url()).pathname, "/staff/signin");
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Вход", exact: true }).waitFor();
    await page.goForward();
    await page.getByRole("heading", { level: 1, name: "Вход для сотрудников" }).waitFor();
    await page.getByRole("link", { name: "Подать обращение" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Подать обращение" }).waitFor();
    assert.deepEqual(page.errors, [], "no script errors");
    await page.context().close();
  });
});
