// Self-service: contacts and hours (whether operators are at work now, by a fixed clock,
// Moscow time whatever the browser's zone), linked from the header and the home page;
// the request form suggesting a topic from what is typed; axe on both widths.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, expectAccessible, formReady, launch, newPage, openMenu, shot } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const vp of [VIEWPORTS[0], VIEWPORTS[1]]) {
  describe(`contacts at ${vp.width}x${vp.height}`, () => {
    test("open now until 20:00 on a Monday morning; closed until tomorrow on a Sunday evening", async () => {
      const page = await newPage(browser, vp);
      const tag = (s) => `${vp.name}-contacts-${s}`;
      // Monday 7 December 2026, 09:00 in Moscow.
      await page.clock.setFixedTime(new Date("2026-12-07T06:00:00Z"));
      await page.goto(`${BASE}/`);
      await page.getByRole("link", { name: "Все контакты и часы работы" }).click();
      await page.getByRole("heading", { level: 1, name: "Контакты и часы работы" }).waitFor();
      assert.equal(await page.title(), "Контакты и часы работы — Служба поддержки Госуслуг");
      await page.locator("#operators-now", { hasText: "Операторы сейчас работают, до 20:00 (МСК)" }).waitFor();
      await page.getByRole("link", { name: "8 800 555-35-35" }).first().waitFor();
      await expectAccessible(page, "contacts, open");
      await shot(page, tag("1-open"));

      // Sunday 6 December 2026, 18:00 in Moscow; reached from the header.
      await page.clock.setFixedTime(new Date("2026-12-06T15:00:00Z"));
      await page.goto(`${BASE}/`);
      await openMenu(page);
      await page.getByRole("navigation").getByRole("link", { name: "Контакты" }).click();
      await page.locator("#operators-now", { hasText: "Начнут завтра в 08:00 (МСК)" }).waitFor();

      await openMenu(page);
      await page.getByRole("button", { name: "English" }).click();
      await page.locator("#operators-now", { hasText: "They start tomorrow at 08:00 (Moscow time)" }).waitFor();
      assert.equal(await page.title(), "Contacts and hours — Public Services Help Desk");
      await expectAccessible(page, "contacts, closed, English");
      await shot(page, tag("2-closed-en"));
      assert.deepEqual(page.errors, [], "no script errors");
      await page.context().close();
    });
  });
}

for (const vp of [VIEWPORTS[0], VIEWPORTS[1]]) {
  describe(`topic suggestion at ${vp.width}x${vp.height}`, () => {
    test("the form suggests the topic of what is typed; one press chooses it", async () => {
      const page = await newPage(browser, vp);
      await page.goto(`${BASE}/submit`);
      await page.getByRole("heading", { level: 1, name: "Подать обращение" }).waitFor();
      await formReady(page);
      await page.fill("#field-subject", "Не проходит оплата штрафа");
      await page.fill("#field-description", "Пытаюсь оплатить штраф ГИБДД по УИН, деньги списываются, а штраф не оплачен.");
      const hint = page.locator(".topic-suggestion", { hasText: "Оплата и платежи" });
      await hint.waitFor();
      await expectAccessible(page, "form with a topic suggestion");
      await shot(page, `${vp.name}-topic-1-suggested`);
      await hint.getByRole("button", { name: "Выбрать эту тему" }).click();
      assert.equal(await page.inputValue("#field-category"), "payments");
      await page.waitForFunction(() => document.activeElement?.id === "topic-picked");
      assert.match(await page.textContent("#topic-picked"), /Оплата и платежи/);
      assert.deepEqual(page.errors, [], "no script errors");
      await page.context().close();
    });
  });
}

