// The citizen's journey, at phone and desktop width: a form with mistakes, the error
// summary, the draft kept across a reload, an attachment with progress, the number and
// code, the status, adding information, English, the outbox; axe-core on every page.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, expectAccessible, launch, newPage, shot } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");

for (const vp of VIEWPORTS) {
  describe(`citizen at ${vp.width}x${vp.height}`, () => {
    test("submit with mistakes, fix, get a number, check status, add information", async () => {
      const page = await newPage(browser, vp);
      const tag = (s) => `${vp.name}-${s}`;

      await page.goto(`${BASE}/`);
      await page.getByRole("heading", { level: 1, name: "Чем мы можем помочь?" }).waitFor();
      assert.equal(await page.getAttribute("html", "lang"), "ru");
      await page.getByText("8 800 555-35-35").first().waitFor();
      await expectAccessible(page, "home");
      await shot(page, tag("1-home"));

      await page.locator("main").getByRole("link", { name: /Подать обращение/ }).click();
      await page.getByRole("heading", { level: 1, name: "Подать обращение" }).waitFor();
      await expectAccessible(page, "empty form");

      // Mistakes: no topic, subject too short, bad phone, bad SNILS checksum, no consent.
      await page.fill("#field-subject", "Ой");
      await page.fill("#field-description", "При входе на портал код подтверждения не приходит уже второй день.");
      await page.fill("#field-full_name", "Иванов Иван Иванович");
      await page.fill("#field-phone", "12345");
      await page.fill("#field-snils", "112-233-445 96");
      // The message appears as soon as the person leaves the field.
      await page.locator("#field-phone").blur();
      await page.locator("#field-phone-error").waitFor();
      await page.getByRole("button", { name: "Отправить обращение" }).click();

      const summary = page.locator(".error-summary");
      await summary.getByRole("heading", { name: "Исправьте, пожалуйста, ошибки" }).waitFor();
      const links = summary.getByRole("link");
      const texts = await links.allTextContents();
      assert.ok(texts.length >= 5, `summary lists every mistake: ${texts}`);
      assert.ok(texts.some((t) => t.includes("СНИЛС") && t.includes("контрольное")), texts.join(" | "));
      assert.ok(texts.some((t) => t.includes("+7 912 345-67-89")), "the phone message gives an example");
      assert.ok(texts.some((t) => t.includes("согласие")));
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("error-summary")), true,
        "focus moves to the summary");
      await expectAccessible(page, "form with errors");
      await shot(page, tag("2-form-errors"));

      // A summary link takes focus to its field.
      await links.first().click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), "field-category");

      // A reload keeps what was typed.
      await page.reload();
      await page.locator("#field-description").waitFor();
      assert.equal(await page.inputValue("#field-full_name"), "Иванов Иван Иванович");
      assert.equal(await page.inputValue("#field-snils"), "112-233-445 96");

      // Fix everything, attach a file.
      await page.selectOption("#field-category", "technical");
      await page.fill("#field-subject", "Не приходит СМС-код");
      await page.fill("#field-phone", "8 (912) 345-67-89");
      await page.fill("#field-snils", "112-233-445 95");
      await page.check("#field-consent");
      await page.setInputFiles("#field-attachments", { name: "скан.pdf", mimeType: "application/pdf", buffer: PDF });
      await page.locator(".file", { hasText: "скан.pdf" }).locator(".file-size", { hasText: "MB" }).waitFor();
      await page.setInputFiles("#field-attachments", { name: "virus.exe", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ") });
      await page.locator(".file", { hasText: "virus.exe" }).locator(".error-message", { hasText: "PDF, JPG или PNG" }).waitFor();
      await page.locator(".file", { hasText: "virus.exe" }).getByRole("button", { name: /Удалить/ }).click();
      assert.equal(await page.locator(".error-summary li").count(), 0, "no errors left");
      await page.getByRole("button", { name: "Отправить обращение" }).click();

      await page.waitForURL(`${BASE}/submitted`);
      const number = (await page.textContent("#ticket-number")).trim();
      const code = (await page.textContent("#access-code")).trim();
      assert.match(number, /^\d{3}-\d{3}-\d{3}$/);
      assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      await page.getByText("Сохраните номер и код доступа").waitFor();
      await expectAccessible(page, "confirmation");
      await shot(page, tag("3-confirmation"));

      // Status, prefilled in this tab.
      await page.locator("main").getByRole("link", { name: "Проверить статус" }).click();
      assert.equal(await page.inputValue("#field-number"), number);
      await page.getByRole("button", { name: "Показать статус" }).click();
      await page.locator("#ticket-status", { hasText: "Получено" }).waitFor();
      await page.locator(".timeline").getByText("скан.pdf").waitFor();
      await expectAccessible(page, "status");

      // Add information.
      await page.fill("#field-message", "Сообщение с кодом так и не пришло, прикладываю скриншот.");
      await page.getByRole("button", { name: "Отправить", exact: true }).click();
      await page.locator(".banner-success").waitFor();
      await page.locator(".timeline").getByText("прикладываю скриншот").waitFor();
      await shot(page, tag("4-status"));

      // English, remembered.
      await page.getByRole("button", { name: "English" }).click();
      await page.locator("#ticket-status", { hasText: "Received" }).waitFor();
      await page.getByRole("heading", { level: 1, name: "Check the status of a request" }).waitFor();
      assert.equal(await page.getAttribute("html", "lang"), "en");
      await expectAccessible(page, "status in English");
      await shot(page, tag("5-status-en"));

      // A fresh lookup with a wrong code says "not found", in English.
      await page.getByRole("button", { name: "Check another request" }).click();
      await page.fill("#field-number", number);
      await page.fill("#field-access_code", code.startsWith("A") ? "BBBB-BBBB" : "AAAA-AAAA");
      await page.getByRole("button", { name: "Show status" }).click();
      await page.getByText("No request found").waitFor();

      // The outbox shows the confirmation the citizen would receive.
      await page.goto(`${BASE}/dev/outbox`);
      await page.locator(".outbox-item", { hasText: number }).first().waitFor();
      assert.equal(await page.getAttribute("html", "lang"), "en", "language remembered across visits");
      await expectAccessible(page, "outbox");

      // Bigger text is remembered too.
      await page.getByRole("button", { name: "Very large text" }).click();
      await page.reload();
      await page.locator("h1").waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.style.fontSize), "150%");
      await shot(page, tag("6-outbox-large"));

      assert.deepEqual(page.errors, [], "no script errors");
      await page.context().close();
    });
  });
}
