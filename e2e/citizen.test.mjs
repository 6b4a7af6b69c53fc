// The citizen's journey, at phone and desktop width: a form with mistakes, the error
// summary, the draft kept across a reload, an attachment with progress, the number and
// code, the status, adding information, English, the outbox; axe-core on every page.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, expectAccessible, focused, formReady, launch, newPage, openMenu, shot } from "./browser.mjs";

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
      assert.equal(await page.title(), "Служба поддержки Госуслуг");
      await expectAccessible(page, "home");
      await shot(page, tag("1-home"));
      // An anonymous visit asks who is signed in without an error in the console.
      await page.waitForTimeout(300);
      assert.deepEqual(page.failedLoads, [], "no failed loads on an anonymous visit");
      const icon = await page.request.get(`${BASE}/favicon.ico`);
      assert.equal(icon.headers()["content-type"], "image/x-icon");
      // The page's own icon is written into it: no request of its own on the first load.
      assert.match(await page.getAttribute('link[rel="icon"]', "href"), /^data:image\/svg\+xml,%3Csvg/);

      // The skip link takes focus to the content: the next Tab is in <main>.
      await page.keyboard.press("Tab");
      assert.equal((await focused(page)).name, "a.skip-link");
      await page.keyboard.press("Enter");
      assert.equal((await focused(page)).name, "h1");
      await page.keyboard.press("Tab");
      assert.ok(await page.evaluate(() => document.querySelector("main").contains(document.activeElement)),
        `after the skip link, Tab goes into the content, not to ${(await focused(page)).name}`);

      // A topic opens its answers (a page load: the home page is not the app's; the FAQ
      // module loads for it), and "Задать вопрос оператору" the form with the topic
      // chosen; the document has the page's title, and within the app each new page's
      // heading has focus.
      await page.locator(".categories").getByRole("link").first().click();
      await page.getByRole("heading", { level: 1, name: "Регистрация и вход" }).waitFor();
      assert.equal(await page.title(), "Регистрация и вход — Служба поддержки Госуслуг");
      await page.getByRole("link", { name: "Задать вопрос оператору" }).click();
      await page.getByRole("heading", { level: 1, name: "Подать обращение" }).waitFor();
      await formReady(page);
      assert.equal(await page.inputValue("#field-category"), "registration");
      await page.waitForFunction(() => document.activeElement?.tagName === "H1");
      assert.equal(await page.title(), "Подать обращение — Служба поддержки Госуслуг");
      await page.selectOption("#field-category", "");
      await expectAccessible(page, "empty form");

      // "Очистить форму" can be undone.
      await page.fill("#field-subject", "Черновик");
      await page.getByRole("button", { name: "Очистить форму" }).click();
      assert.equal(await page.inputValue("#field-subject"), "");
      // Focus goes to "Вернуть введённое" with the next frame (the button pressed is gone).
      await page.waitForFunction(() => document.activeElement?.id === "undo-clear", null, { timeout: 2000 }).catch(() => {});
      assert.equal((await focused(page)).name, "button#undo-clear.link-button");
      await page.getByRole("button", { name: "Вернуть введённое" }).click();
      assert.equal(await page.inputValue("#field-subject"), "Черновик");

      // Mistakes: no topic, subject too short, bad phone, bad SNILS checksum, no consent.
      await page.fill("#field-subject", "Ой");
      await page.fill("#field-description", "При входе на портал код подтверждения не приходит уже второй день.");
      await page.fill("#field-full_name", "Иванов Иван Иванович");
      await page.fill("#field-phone", "12345");
      await page.fill("#field-email", "иван@почта.рф");
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
      assert.ok(texts.some((t) => t.includes("русскими буквами до знака @")), "says why иван@ cannot be used");
      // Focus moves to the summary in the frame after it renders.
      await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary"), null, { timeout: 2000 })
        .catch(() => assert.fail("focus moves to the summary"));
      await expectAccessible(page, "form with errors");
      await shot(page, tag("2-form-errors"));

      // A summary link takes focus to its field.
      await links.first().click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), "field-category");

      // A reload keeps what was typed.
      await page.reload();
      await formReady(page);
      assert.equal(await page.inputValue("#field-full_name"), "Иванов Иван Иванович");
      assert.equal(await page.inputValue("#field-snils"), "112-233-445 96");

      // Fix everything, attach a file.
      await page.selectOption("#field-category", "technical");
      await page.fill("#field-subject", "Не приходит СМС-код");
      await page.fill("#field-phone", "8 (912) 345-67-89");
      await page.fill("#field-snils", "112-233-445 95");
      // An internationalised domain is fine with Latin letters before the @.
      await page.fill("#field-email", "ivan@почта.рф");
      await page.check("#field-consent");
      await page.setInputFiles("#field-attachments", { name: "скан.pdf", mimeType: "application/pdf", buffer: PDF });
      await page.locator(".file", { hasText: "скан.pdf" }).locator(".file-size", { hasText: `${PDF.length} байт` }).waitFor();
      // The same file again (after a reload the field looks empty) is not attached twice.
      await page.setInputFiles("#field-attachments", { name: "скан.pdf", mimeType: "application/pdf", buffer: PDF });
      await page.locator(".file", { hasText: "скан.pdf" }).locator(".error-message", { hasText: "уже прикреплён" }).waitFor();
      await page.locator(".file", { hasText: "уже прикреплён" }).getByRole("button", { name: /Удалить/ }).click();
      await page.setInputFiles("#field-attachments", { name: "virus.exe", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ") });
      await page.locator(".file", { hasText: "virus.exe" }).locator(".error-message", { hasText: "PDF, JPG или PNG" }).waitFor();
      await page.locator(".file", { hasText: "virus.exe" }).getByRole("button", { name: /Удалить/ }).click();
      // The removed row's button is gone: the keyboard is back on the picker (in the next
      // frame; waited for, so it cannot move focus after the steps below).
      await page.waitForFunction(() => document.activeElement?.id === "field-attachments");
      assert.equal(await page.locator(".error-summary li").count(), 0, "no errors left");

      // Refused for too many requests: the message is next to the button, has focus and
      // says the wait the server asked for; nothing typed is lost.
      let answer;
      const answered = new Promise((resolve) => { answer = resolve; });
      await page.route("**/api/v1/tickets", async (route) => {
        await answered;
        await route.fulfill({
          status: 429, contentType: "application/problem+json", headers: { "retry-after": "3352" },
          body: JSON.stringify({ type: "about:blank", title: "Too many requests", status: 429, code: "rate_limited", retry_after: 3352 }),
        });
      });
      await page.focus("#field-consent");
      await page.keyboard.press("Tab");
      const send = await focused(page);
      assert.equal(send.text, "Отправить обращение", `the send button after the consent: ${JSON.stringify(send)}`);
      await page.keyboard.press("Enter");
      // While it is sent, the button keeps focus (a disabled one would drop it).
      await page.getByRole("button", { name: "Отправляем…" }).waitFor({ timeout: 10000 }).catch(async (e) => {
        const banner = await page.locator("form .banner").textContent();
        throw new Error(`not sending: the banner says ${JSON.stringify(banner)}, focus ${JSON.stringify(await focused(page))}`, { cause: e });
      });
      assert.equal((await focused(page)).text, "Отправляем…");
      answer();
      await page.locator(".banner", { hasText: "через 56 минут" }).waitFor();
      await page.waitForFunction(() => document.activeElement?.classList.contains("banner"));
      const refused = await focused(page);
      assert.ok(refused.name.includes("banner") && refused.visible, `the refusal has focus on screen: ${JSON.stringify(refused)}`);
      await shot(page, tag("2b-refused"));
      await page.unroute("**/api/v1/tickets");
      assert.equal(await page.inputValue("#field-full_name"), "Иванов Иван Иванович");
      await page.getByRole("button", { name: "Отправить обращение" }).click();

      await page.waitForURL(`${BASE}/submitted`);
      const number = (await page.textContent("#ticket-number")).trim();
      const code = (await page.textContent("#access-code")).trim();
      assert.match(number, /^\d{3}-\d{3}-\d{3}$/);
      assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      await page.getByText("Сохраните номер и код доступа").waitFor();
      assert.equal(await page.title(), "Обращение принято — Служба поддержки Госуслуг");
      // Focus is on the new page's heading; the first Tab reaches "copy", not the footer.
      await page.waitForFunction(() => document.activeElement?.tagName === "H1");
      await page.keyboard.press("Tab");
      assert.equal((await focused(page)).text, "Скопировать номер и код");
      await expectAccessible(page, "confirmation");
      await shot(page, tag("3-confirmation"));

      // Status, prefilled in this tab, by keyboard: focus goes to the request found.
      await page.locator("main").getByRole("link", { name: "Проверить статус" }).click();
      assert.equal(await page.inputValue("#field-number"), number);
      await page.focus("#field-access_code");
      await page.keyboard.press("Enter");
      await page.locator("#ticket-status", { hasText: "Получено" }).waitFor();
      await page.waitForFunction(() => document.activeElement?.id === "ticket-title");
      await page.locator(".timeline").getByText("скан.pdf").waitFor();
      await expectAccessible(page, "status");

      // Remembered on this device: a reload opens it again without typing anything.
      await page.check("#field-remember");
      await page.reload();
      await page.locator("#ticket-status", { hasText: "Получено" }).waitFor();

      // Add information, by keyboard: the confirmation takes focus, on screen.
      await page.fill("#field-message", "Сообщение с кодом так и не пришло, прикладываю скриншот.");
      await page.focus("#field-message");
      await page.keyboard.press("Tab"); // the file field
      await page.keyboard.press("Tab"); // the send button
      await page.keyboard.press("Enter");
      await page.locator(".banner-success").waitFor();
      await page.waitForFunction(() => document.activeElement?.classList.contains("banner-success"));
      const added = await focused(page);
      assert.ok(added.name.includes("banner-success") && added.visible, `the confirmation has focus on screen: ${JSON.stringify(added)}`);
      await page.locator(".timeline").getByText("прикладываю скриншот").waitFor();
      await shot(page, tag("4-status"));

      // English, remembered.
      await openMenu(page);
      await page.getByRole("button", { name: "English" }).click();
      await page.locator("#ticket-status", { hasText: "Received" }).waitFor();
      await page.getByRole("heading", { level: 1, name: "Check the status of a request" }).waitFor();
      assert.equal(await page.getAttribute("html", "lang"), "en");
      await expectAccessible(page, "status in English");
      await shot(page, tag("5-status-en"));

      // A fresh lookup with a wrong code says "not found", in English.
      await page.getByRole("button", { name: "Check another request" }).click();
      await page.waitForFunction(() => document.activeElement?.id === "field-number");
      // The remembered request is offered; "forget" removes it.
      await page.locator(".saved-list", { hasText: number }).waitFor();
      await page.getByRole("button", { name: `Forget № ${number}` }).click();
      assert.equal(await page.locator(".saved-list").count(), 0);
      await page.fill("#field-number", number);
      await page.fill("#field-access_code", code.startsWith("A") ? "BBBB-BBBB" : "AAAA-AAAA");
      await page.getByRole("button", { name: "Show status" }).click();
      await page.getByText("No request found").waitFor();
      assert.equal(await page.title(), "Check the status of a request — Public Services Help Desk");

      // The outbox shows the confirmation the citizen would receive.
      await page.goto(`${BASE}/dev/outbox`);
      await page.locator(".outbox-item", { hasText: number }).first().waitFor();
      // Sent to the internationalised domain in its ASCII form; the receipt says where
      // the code is (on the confirmation screen only).
      await page.locator(".outbox-item", { hasText: "ivan@xn--80a1acny.xn--p1ai" }).first().waitFor();
      await page.locator(".outbox-item", { hasText: "only on the screen after sending" }).or(
        page.locator(".outbox-item", { hasText: "только на экране после отправки" })).first().waitFor();
      assert.equal(await page.getAttribute("html", "lang"), "en", "language remembered across visits");
      await expectAccessible(page, "outbox");

      // Bigger text is remembered too; at the largest, the header leaves most of the
      // first screen to the page (its controls fold into "Menu" on a phone).
      await openMenu(page);
      await page.getByRole("button", { name: "Very large text" }).click();
      await page.reload();
      await page.locator("h1").waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.style.fontSize), "150%");
      const header = await page.locator(".site-header").boundingBox();
      // A phone folds the header into "Menu"; a desktop shows it all, wrapped.
      const share = vp.width < 600 ? 1 / 3 : 0.4;
      assert.ok(header.height < vp.height * share, `header ${header.height} px of ${vp.height}`);
      await expectAccessible(page, "outbox, largest text");
      await shot(page, tag("6-outbox-large"));
      await page.goto(`${BASE}/submit`);
      await formReady(page);
      await page.getByRole("button", { name: "Send request" }).click();
      await expectAccessible(page, "form with errors, largest text, English");
      // Nothing of the consent is cut off at the largest text.
      for (const sel of ["label[for=field-consent]", "#field-consent-error"]) {
        const box = await page.locator(sel).boundingBox();
        assert.ok(box.x + box.width <= vp.width, `${sel} ends at ${box.x + box.width} of ${vp.width}`);
      }
      await shot(page, tag("7-form-large-en"));

      assert.deepEqual(page.errors, [], "no script errors");
      await page.context().close();
    });
  });
}
