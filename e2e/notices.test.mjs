// Notifications: the bell counts a signed-in citizen's news and rises when an operator
// acts, the centre lists it and marks it read, preferences are saved and obeyed (the
// outbox shows only the chosen channels), a request's page shows what went where; axe
// on every new page, at phone and desktop widths.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, codeFor, expectAccessible, focused, launch, newPage, openMenu, shot } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const H = { "x-helpdesk-request": "1" };

async function outbox(page) {
  return (await page.request.get(`${BASE}/api/v1/dev/outbox`)).json();
}

/// What the outbox holds about request `number`, by channel.
async function sentAbout(page, number) {
  const all = await outbox(page);
  return all.filter((m) => m.subject.includes(number)).map((m) => `${m.channel}: ${m.subject}`);
}

[VIEWPORTS[0], VIEWPORTS[1]].forEach((vp, i) => {
  describe(`notifications at ${vp.width}x${vp.height}`, () => {
    test("the bell counts news, the centre marks it read, preferences are obeyed, the log says what went where", async () => {
      const page = await newPage(browser, vp);
      const tag = (s) => `${vp.name}-notices-${s}`;
      const phone = `+7912333000${i}`;
      const submitted = await page.request.post(`${BASE}/api/v1/tickets`, {
        data: {
          category: "technical", subject: "Не приходит СМС-код",
          description: "Код подтверждения не приходит второй день подряд.",
          full_name: "Смирнова Анна", phone, email: `anna${i}@example.ru`, consent: true,
        },
      });
      assert.equal(submitted.status(), 201);
      const { number } = await submitted.json();
      await page.request.post(`${BASE}/api/v1/auth/code`, { data: { contact: phone }, headers: H });
      const code = await codeFor(page, phone);
      const verified = await page.request.post(`${BASE}/api/v1/auth/verify`, { data: { contact: phone, code }, headers: H });
      assert.equal(verified.status(), 200);

      await page.goto(`${BASE}/my`);
      await page.getByRole("heading", { level: 1, name: "Мои обращения" }).waitFor();
      await page.getByRole("link", { name: "Уведомления: 1 непрочитанных" }).waitFor();

      // An operator takes the request: the bell says so on the app's next page, no reload
      // (the home page is a page load of its own: it asks too).
      const op = await newPage(browser, VIEWPORTS[1]);
      await op.request.post(`${BASE}/api/v1/auth/staff`, { data: { login: "operator", password: "operator-demo-2026" }, headers: H });
      const act = async (body) => {
        const seen = await (await op.request.get(`${BASE}/api/v1/staff/tickets/${number}`)).json();
        const r = await op.request.post(`${BASE}/api/v1/staff/tickets/${number}/actions`, { data: { version: seen.version, ...body }, headers: H });
        assert.equal(r.status(), 200, await r.text());
      };
      await act({ action: "take" });
      await openMenu(page);
      await page.getByRole("navigation").getByRole("link", { name: "Проверить статус" }).click();
      const bell = page.getByRole("link", { name: "Уведомления: 2 непрочитанных" });
      await bell.waitFor();
      await shot(page, tag("1-bell"));
      await bell.click();
      await page.getByRole("heading", { level: 1, name: "Уведомления" }).waitFor();
      assert.equal((await focused(page)).name, "h1");
      const items = page.locator(".notices li");
      await items.first().waitFor();
      assert.equal(await items.count(), 2);
      assert.match(await items.first().textContent(), /статус «В работе»/);
      assert.match(await items.nth(1).textContent(), new RegExp(`Обращение № ${number} принято`));
      // Seen: the bell goes quiet.
      await page.getByRole("link", { name: "Уведомления", exact: true }).waitFor();
      await expectAccessible(page, "notification centre");
      await shot(page, tag("2-centre"));

      // No SMS for anything from now on; quiet hours need both times.
      for (const t of ["status", "info_asked", "answer", "reminder"]) {
        await page.locator(`#all-${t}-sms`).uncheck();
      }
      await page.getByLabel("Не присылать SMS и уведомления в браузер в тихие часы").check();
      await page.fill("#field-quiet_from", "");
      await page.getByRole("button", { name: "Сохранить настройки" }).click();
      await page.locator(".error-summary").getByText("«Тихие часы с»: время в виде ЧЧ:ММ").waitFor();
      await page.fill("#field-quiet_from", "22:00");
      await page.getByRole("button", { name: "Сохранить настройки" }).click();
      await page.getByText("Настройки сохранены.").waitFor();
      await expectAccessible(page, "preferences saved");
      await shot(page, tag("3-prefs"));
      // Kept: a fresh load shows them.
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Уведомления" }).waitFor();
      await page.locator("#all-status-email").waitFor();
      assert.equal(await page.locator("#all-status-sms").isChecked(), false);
      assert.equal(await page.locator("#all-answer-email").isChecked(), true);

      // A reply: by e-mail and on the site only.
      const smsBefore = (await sentAbout(page, number)).filter((m) => m.startsWith("sms")).length;
      assert.equal(smsBefore, 2, "the receipt and 'in work', before the change");
      await act({ action: "reply", text: "Проверьте, пожалуйста, номер телефона в профиле." });
      let sent = [];
      for (let k = 0; k < 50 && !sent.some((m) => m.startsWith("email: Ответ")); k++) {
        sent = await sentAbout(page, number);
        await page.waitForTimeout(100);
      }
      assert.ok(sent.includes(`email: Ответ по обращению № ${number}`), sent.join("\n"));
      assert.equal(sent.filter((m) => m.startsWith("sms")).length, smsBefore, "no SMS for the reply");

      // The e-mail has an HTML part with the portal's look and says why it came.
      const mail = (await outbox(page)).find((m) => m.channel === "email" && m.subject === `Ответ по обращению № ${number}`);
      assert.match(mail.body, /Вы получили это письмо, потому что этот адрес указан в обращении/);
      assert.ok(mail.html?.startsWith("<!doctype html>"), "an HTML part");
      const letter = await page.context().newPage();
      await letter.setContent(mail.html);
      await letter.getByText("Служба поддержки Госуслуг").waitFor();
      await shot(letter, tag("6-email"));
      await letter.close();

      // The request's page: what went where.
      await page.goto(`${BASE}/my/${number}`);
      await page.getByRole("button", { name: "Показать уведомления и настройки" }).click();
      const log = page.locator("table.delivery-log");
      await log.waitFor();
      await log.locator("tr.delivery-email", { hasText: "Ответ сотрудника" }).waitFor();
      assert.equal(await log.locator("tr.delivery-sms", { hasText: "Ответ сотрудника" }).count(), 0);
      assert.match(await log.locator("tr.delivery-sms").first().textContent(), /\+7 \*\*\* \*\*\*-\*\*-0\d.*отправлено/);
      // "Отправить ещё раз": the last news again, marked in the log; not twice in ten minutes.
      await page.getByRole("button", { name: "Отправить ещё раз" }).click();
      await page.getByText("Последнее уведомление отправлено ещё раз.").waitFor();
      await log.locator("tr.delivery-email", { hasText: "повторно" }).waitFor();
      await page.getByRole("button", { name: "Отправить ещё раз" }).click();
      await page.locator(".banner", { hasText: /через 10 минут/ }).waitFor();
      await page.getByText("Изменить настройки для этого обращения").click();
      await page.getByText("Сейчас действуют ваши общие настройки").waitFor();
      await expectAccessible(page, "request notifications");
      await shot(page, tag("4-log"));
      // Staff see the same log on the request's page.
      if (i === 1) {
        await op.goto(`${BASE}/staff/t/${number}`);
        await op.getByRole("button", { name: "Показать, что отправлено гражданину" }).click();
        await op.locator("table.delivery-log tr.delivery-email", { hasText: "Ответ сотрудника" }).first().waitFor();
        await expectAccessible(op, "staff delivery log");
        await shot(op, tag("5-staff"));
      }
      await op.context().close();
      await page.context().close();
    });
  });
});
