// The admin's page at phone and desktop widths: canned responses are added (an empty
// form and an id in use first: the form says how to fix them), edited and deleted (after
// a confirmation); the audit trail shows those changes and the sign-in; a knowledge-base
// article is written (its mistakes shown first), published and found by a citizen's
// search; a topic's service level is changed (a wrong figure first) and a calendar day
// marked and unmarked. axe-core on every state: the whole page first, then the section
// each step changed.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, expectAccessible, launch, newPage, shot } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

VIEWPORTS.forEach((vp) => {
  describe(`admin at ${vp.width}x${vp.height}`, () => {
    test("add, edit and delete a canned response; read the audit trail", async () => {
      const page = await newPage(browser, vp);
      const tag = (s) => `${vp.name}-admin-${s}`;
      const id = `e2e-${vp.name}`;

      await page.goto(`${BASE}/staff/signin`);
      await page.fill("#field-login", "admin");
      await page.fill("#field-password", "admin-demo-2026");
      await page.getByRole("button", { name: "Войти", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "Администрирование" }).waitFor();
      const canned = page.locator("section", { has: page.getByRole("heading", { name: "Готовые ответы" }) });
      await canned.getByText("Не приходит СМС-код").waitFor();
      await expectAccessible(page, "admin page");
      await shot(page, tag("1-page"));

      // An empty form, then an id in use: each time the form says what to fix.
      await page.getByRole("button", { name: "Добавить ответ" }).click();
      await page.getByRole("button", { name: "Сохранить", exact: true }).click();
      const summary = canned.locator(".error-summary");
      await summary.getByText("Заполните поле «Код шаблона»").waitFor();
      await summary.getByText("Заполните поле «Текст по-русски»").waitFor();
      await expectAccessible(page, "canned form with errors", canned);
      await shot(page, tag("2-errors"));
      await page.fill("#field-id", "sms-code");
      await page.fill("#field-title_ru", "Проверка e2e");
      await page.fill("#field-text_ru", "Текст готового ответа для проверки.");
      await page.fill("#field-title_en", "E2E check");
      await page.fill("#field-text_en", "A canned text for the check.");
      await page.getByRole("button", { name: "Сохранить", exact: true }).click();
      await summary.getByText("«Код шаблона» уже занят").waitFor();
      assert.equal(await page.inputValue("#field-text_ru"), "Текст готового ответа для проверки.", "nothing typed is lost");
      await page.fill("#field-id", id);
      await page.getByRole("button", { name: "Сохранить", exact: true }).click();
      await page.getByText("Ответ сохранён.").waitFor();
      const card = page.locator(".ticket-card", { hasText: id });
      await card.getByText("Проверка e2e").waitFor();

      // Edit: the id stays, the title changes.
      await card.getByRole("button", { name: "Изменить" }).click();
      await page.fill("#field-title_ru", "Проверка e2e, изменено");
      await page.getByRole("button", { name: "Сохранить", exact: true }).click();
      await card.getByText("Проверка e2e, изменено").waitFor();

      // Delete, after a confirmation.
      await card.getByRole("button", { name: "Удалить" }).click();
      await card.getByText("Удалить готовый ответ «Проверка e2e, изменено»?").waitFor();
      await expectAccessible(page, "delete confirmation", canned);
      await shot(page, tag("3-confirm"));
      await card.getByRole("button", { name: "Удалить" }).click();
      await page.getByText("Ответ удалён.").waitFor();
      await page.locator(".ticket-card", { hasText: id }).waitFor({ state: "detached" });

      // The audit trail of today has all of it.
      const audit = page.locator("section", { has: page.getByRole("heading", { name: "Журнал действий" }) });
      await audit.getByRole("button", { name: "Показать" }).click();
      const rows = audit.locator("tbody tr", { hasText: "admin" });
      await rows.filter({ hasText: "Удалил готовый ответ" }).filter({ hasText: id }).waitFor();
      assert.ok(await rows.filter({ hasText: "Сохранил готовый ответ" }).filter({ hasText: id }).count() >= 2);
      assert.ok(await rows.filter({ hasText: "Вход в систему" }).count() >= 1);
      await expectAccessible(page, "audit trail", audit);
      await audit.scrollIntoViewIfNeeded();
      await shot(page, tag("4-audit"));

      assert.deepEqual(page.errors, [], "no script errors");
      await page.context().close();
    });

    test("write a knowledge-base article, publish it, and find it in the citizens' search", async () => {
      const page = await newPage(browser, vp);
      const word = { mobile: "гербарий", desktop: "глобус", small: "граммофон" }[vp.name];
      const slug = `e2e-${vp.name}-article`;
      await page.goto(`${BASE}/staff/signin`);
      await page.fill("#field-login", "admin");
      await page.fill("#field-password", "admin-demo-2026");
      await page.getByRole("button", { name: "Войти", exact: true }).click();
      const kb = page.locator("section", { has: page.getByRole("heading", { name: "База знаний", exact: true }) });
      await kb.locator(".faq-admin-item").first().waitFor();
      await kb.getByRole("button", { name: "Новая статья" }).click();
      await kb.getByRole("button", { name: "Сохранить", exact: true }).click();
      const summary = kb.locator(".error-summary");
      await summary.getByText("«Адрес статьи»").first().waitFor();
      await summary.getByText("«Заголовок по-русски»").first().waitFor();
      await expectAccessible(page, "article form with errors", kb);
      await page.fill("#field-slug", slug);
      await page.selectOption("#field-topic", "technical");
      await page.fill("[id='field-ru.title']", `Проверочная статья: ${word}`);
      await page.fill("[id='field-ru.answer']", `Это статья для проверки поиска по слову ${word}.`);
      await page.fill("[id='field-ru.steps']", "Первый шаг\nВторой шаг");
      await page.fill("[id='field-en.title']", `A check article ${vp.name}`);
      await page.fill("[id='field-en.answer']", "An article to check the search.");
      await page.check("#field-published");
      await kb.getByRole("button", { name: "Сохранить", exact: true }).click();
      await kb.getByText("Статья сохранена.").waitFor();
      await kb.locator(".faq-admin-item", { hasText: slug }).getByText("опубликована").waitFor();
      await shot(page, `${vp.name}-admin-5-article`);

      // A citizen's search finds it, and its page shows the steps.
      const citizen = await newPage(browser, vp);
      await citizen.goto(`${BASE}/faq?q=${encodeURIComponent(word)}`);
      await citizen.locator("#faq-results .faq-results li").first().getByText(`Проверочная статья: ${word}`).waitFor();
      await citizen.locator("#faq-results .faq-results li a").first().click();
      await citizen.getByRole("heading", { level: 1, name: `Проверочная статья: ${word}` }).waitFor();
      await citizen.getByText("Второй шаг").waitFor();
      assert.deepEqual(page.errors, [], "no script errors");
      assert.deepEqual(citizen.errors, [], "no script errors");
      await citizen.context().close();
      await page.context().close();
    });

    test("change a topic's service level and mark a day in the calendar", async () => {
      const page = await newPage(browser, vp);
      const tag = (s) => `${vp.name}-admin-${s}`;
      await page.goto(`${BASE}/staff/signin`);
      await page.fill("#field-login", "admin");
      await page.fill("#field-password", "admin-demo-2026");
      await page.getByRole("button", { name: "Войти", exact: true }).click();
      const levels = page.locator("section", { has: page.getByRole("heading", { name: "Сроки ответа", exact: true }) });
      const card = levels.locator(".ticket-card", { hasText: "Предложения" });
      await card.getByText("48 ч в календарном времени").waitFor();

      // A wrong figure is refused at its field; what was typed stays.
      await card.getByRole("button", { name: "Изменить сроки: Предложения" }).click();
      await page.fill("#field-first_response", "0");
      await page.fill("#field-remind_hours", "1000");
      await levels.getByRole("button", { name: "Сохранить", exact: true }).click();
      const summary = levels.locator(".error-summary");
      await summary.getByText("«Срок первого ответа»: от 1 минуты до 720 часов").waitFor();
      await summary.getByText("«Напоминать каждые, ч»: число от 1 до 168").waitFor();
      await expectAccessible(page, "service level form with errors", levels);
      await shot(page, tag("6-levels-errors"));
      await page.fill("#field-first_response", "2,5");
      await page.fill("#field-resolution", "24");
      await page.selectOption("#field-resolution_clock", "working");
      await page.uncheck("#field-escalate");
      await page.fill("#field-remind_hours", "12");
      await levels.getByRole("button", { name: "Сохранить", exact: true }).click();
      await levels.getByText("Сроки сохранены. Их получат новые обращения.").waitFor();
      await card.getByText("Первый ответ: 2 ч 30 мин в рабочем времени · Решение: 24 ч в рабочем времени").waitFor();
      await card.getByText("просроченное обращение остаётся у операторов, руководителям сообщают").waitFor();
      await card.getByText("изменено").waitFor();
      // Back to the shipped figures (the next width starts from them): "по умолчанию".
      await card.getByRole("button", { name: "Изменить сроки: Предложения" }).click();
      await page.fill("#field-first_response", "8");
      await page.fill("#field-resolution", "48");
      await page.selectOption("#field-resolution_clock", "calendar");
      await page.check("#field-escalate");
      await page.fill("#field-remind_hours", "24");
      await levels.getByRole("button", { name: "Сохранить", exact: true }).click();
      await card.getByText("по умолчанию").waitFor();
      await card.getByText("48 ч в календарном времени").waitFor();

      // The chat's first-reply time: a wrong figure refused, 45 s saved, 30 again.
      const chat = levels.locator("#levels-chat");
      await chat.getByText("секунд: 30").waitFor();
      const setChat = async (value) => {
        await chat.getByRole("button", { name: "Изменить срок ответа в чате" }).click();
        await page.fill("#field-first_reply_seconds", value);
        await chat.getByRole("button", { name: "Сохранить", exact: true }).click();
      };
      await setChat("0");
      await chat.locator(".error-summary").getByText("«Первый ответ в чате, секунд»: число от 1 до 3600").waitFor();
      await page.fill("#field-first_reply_seconds", "45");
      await chat.getByRole("button", { name: "Сохранить", exact: true }).click();
      await levels.getByText("Срок ответа в чате сохранён.").waitFor();
      await levels.locator("#levels-chat").getByText("секунд: 45").waitFor();
      await setChat("30");
      await levels.locator("#levels-chat").getByText("по умолчанию").waitFor();

      // A day off by transfer in 2027, then an ordinary day again.
      await page.selectOption("#field-year", "2027");
      await levels.getByText("07.01.2027, чт").waitFor();
      await page.fill("#field-date", "2027-01-11");
      await page.selectOption("#field-kind", "day_off");
      await levels.getByRole("button", { name: "Отметить день" }).click();
      await levels.getByText("Календарь сохранён.").waitFor();
      const day = levels.locator(".calendar-days .ticket-card", { hasText: "11.01.2027, пн" });
      await day.getByText("выходной по переносу").waitFor();
      await expectAccessible(page, "calendar with a day marked", levels);
      await day.scrollIntoViewIfNeeded();
      await shot(page, tag("7-calendar"));
      await day.getByRole("button", { name: "Сделать обычным днём: 11.01.2027, пн" }).click();
      await day.waitFor({ state: "detached" });

      // The audit trail of today has the changes.
      const audit = page.locator("section", { has: page.getByRole("heading", { name: "Журнал действий" }) });
      await audit.getByRole("button", { name: "Показать" }).click();
      const rows = audit.locator("tbody tr", { hasText: "Изменил сроки или календарь" });
      await rows.filter({ hasText: "suggestion: first response 150 min working" }).first().waitFor();
      await rows.filter({ hasText: "2027-01-11: ordinary" }).first().waitFor();
      assert.deepEqual(page.errors, [], "no script errors");
      await page.context().close();
    });
  });
});
