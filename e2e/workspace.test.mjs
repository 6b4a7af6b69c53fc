// The whole lifecycle across both sides: a citizen submits; an operator (at desktop and
// at tablet width) takes it, assigns it from the list of staff, and asks for information; the citizen signs in with a code
// from the outbox, finds it in "Мои обращения" and answers; the operator resolves; the
// citizen sees Завершено and the answer. Then (last, since it moves the server's clock
// forward for good) the repeat request after 48 working hours without a visible change.
// axe-core on every screen.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, codeFor, expectAccessible, launch, newPage, shot } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const TABLET = { name: "tablet", width: 820, height: 1180 };

async function act(op, action, fill) {
  await op.selectOption("#field-action", action);
  for (const [sel, value] of fill) await op.fill(sel, value);
  await op.getByRole("button", { name: "Выполнить" }).click();
  await op.getByText("Готово: обращение обновлено.").waitFor();
}

[VIEWPORTS[1], TABLET].forEach((opView, i) => {
  describe(`lifecycle with the operator at ${opView.width}x${opView.height}`, () => {
    test("submit, take, ask, answer, resolve, see the answer", async () => {
      const tag = (s) => `${opView.name}-work-${s}`;
      // Its own numbers: e2e/visits.test.mjs signs in +791300000N, and a second code
      // for the same phone within a minute is refused (the resend interval).
      const phone = `+7913100000${i}`;
      const email = `sidorova${i}@mail.ru`;
      const citizen = await newPage(browser, VIEWPORTS[0]);
      const op = await newPage(browser, opView);

      // The citizen submits (through the API: the form has its own test).
      const resp = await citizen.request.post(`${BASE}/api/v1/tickets`, {
        data: {
          category: "technical", subject: `Ошибка при оплате ${i}`,
          description: "При оплате госпошлины страница зависает на последнем шаге.",
          full_name: "Сидорова Анна", phone, email, consent: true,
        },
      });
      assert.equal(resp.status(), 201);
      const { number } = await resp.json();

      // The operator signs in, finds it in the queue, opens it.
      await op.goto(`${BASE}/staff/signin`);
      await op.fill("#field-login", "operator");
      await op.fill("#field-password", "operator-demo-2026");
      await op.getByRole("button", { name: "Войти", exact: true }).click();
      await op.getByRole("heading", { level: 1, name: "Очередь обращений" }).waitFor();
      // Other tests fill the queue with requests due sooner: the topic narrows it down.
      await op.selectOption("#filter-category", "technical");
      await op.getByRole("button", { name: "Показать", exact: true }).click();
      const row = op.locator("tr", { hasText: number });
      await row.getByText("Получено").waitFor();
      await expectAccessible(op, "queue");
      await shot(op, tag("1-queue"));
      // A count is its filter: "unassigned" shows it (pressed), "open" shows all again.
      const chip = (name) => op.locator(".chips").getByRole("button", { name });
      await chip(/Без исполнителя/).click();
      await op.locator(".chips [aria-pressed=true]", { hasText: "Без исполнителя" }).waitFor();
      assert.equal(await op.locator("#filter-assignee").inputValue(), "none");
      await op.locator("tbody tr").first().waitFor();
      await chip(/Открыто/).click();
      await op.locator(".chips [aria-pressed=true]", { hasText: "Открыто" }).waitFor();
      assert.equal(await op.locator("#filter-assignee").inputValue(), "");
      await op.selectOption("#filter-category", "technical");
      await op.getByRole("button", { name: "Показать", exact: true }).click();
      await row.getByRole("link", { name: number }).click();
      await op.getByRole("heading", { level: 1, name: new RegExp(number) }).waitFor();
      await op.getByText("Сидорова Анна").waitFor();
      await expectAccessible(op, "staff request");

      // Take it; ask for information (an empty text first: the form says how to fix it).
      await act(op, "take", []);
      await op.locator("#ticket-status", { hasText: "В работе" }).waitFor();
      await op.locator("#ticket-assignee", { hasText: "Ольга Смирнова" }).waitFor();
      assert.equal(await op.locator("#field-action option[value=take]").count(), 0, "take is not offered again");
      // Assign it from the list of those who fit (none chosen first: the form says so).
      await op.selectOption("#field-action", "assign");
      await op.getByRole("button", { name: "Выполнить" }).click();
      await op.locator(".error-summary").getByText("Выберите сотрудника из списка").waitFor();
      await op.selectOption("#field-assignee", "supervisor");
      await op.getByRole("button", { name: "Выполнить" }).click();
      // The assignee is a person's name, not a login; "take" is not offered to the one
      // who has it (the operator, before assigning it on).
      await op.locator("#ticket-assignee", { hasText: "Марина Волкова" }).waitFor();
      await op.selectOption("#field-action", "ask_info");
      await op.getByRole("button", { name: "Выполнить" }).click();
      await op.locator(".error-summary").getByText("Заполните поле «Текст»").waitFor();
      await act(op, "ask_info", [["#field-text", "Пришлите, пожалуйста, снимок экрана с ошибкой."], ["#field-days", "3"]]);
      await op.locator("#ticket-status", { hasText: "Ожидание" }).waitFor();
      await op.getByText("срок остановлен: ждём сведений заявителя").waitFor();
      // Worded for staff in their history, for the citizen on theirs.
      await op.locator(".timeline").getByText("Запрошена информация у заявителя").waitFor();
      await expectAccessible(op, "staff request after asking");
      await shot(op, tag("2-asked"));

      // The citizen signs in with the code and answers from "Мои обращения".
      await citizen.goto(`${BASE}/signin`);
      await citizen.fill("#field-contact", phone);
      await citizen.getByRole("button", { name: "Получить код" }).click();
      await citizen.fill("#field-code", await codeFor(citizen, phone));
      await citizen.getByRole("button", { name: "Войти", exact: true }).click();
      await citizen.waitForURL(`${BASE}/my`);
      const card = citizen.locator(".ticket-card", { hasText: number });
      await card.getByText("Ожидание").waitFor();
      await card.getByRole("link").click();
      // What is asked, and by when, is at the top of the card, the answer form under it.
      await citizen.locator("#ticket-todo", { hasText: "Пришлите, пожалуйста, снимок экрана с ошибкой." }).waitFor();
      await citizen.locator("#ticket-todo", { hasText: "Нужна информация от вас" }).waitFor();
      await citizen.locator("#ticket-todo", { hasText: "Ответьте в форме ниже" }).waitFor();
      // The answer's date stands still while the request waits for them.
      await citizen.getByText("срок остановлен, пока мы ждём ваших сведений").waitFor();
      assert.ok(await citizen.evaluate(() => {
        const todo = document.getElementById("ticket-todo").getBoundingClientRect();
        const form = document.getElementById("field-message").getBoundingClientRect();
        const history = document.getElementById("history-title").getBoundingClientRect();
        return todo.bottom <= form.top && form.bottom <= history.top;
      }), "the question, then the answer form, then the history");
      await expectAccessible(citizen, "citizen asked for information");
      await shot(citizen, tag("2b-citizen-asked"));
      // An hour passes while it waits (the server's development clock): when they answer,
      // the date moves by that hour, and the history says so.
      const waited = await citizen.request.post(`${BASE}/api/v1/dev/clock`, { data: { minutes: 60 }, headers: { "X-Helpdesk-Request": "1" } });
      assert.equal(waited.status(), 200, await waited.text());
      await citizen.fill("#field-message", "Снимок экрана прикладываю, ошибка «Сервис недоступен».");
      await citizen.getByRole("button", { name: "Отправить", exact: true }).click();
      await citizen.locator("#ticket-status", { hasText: "В работе" }).waitFor();
      assert.equal(await citizen.getByText("срок остановлен").count(), 0, "the clock runs again");
      const moved = citizen.locator(".timeline li", { hasText: "Срок ответа перенесён на" });
      await moved.waitFor();
      const date = /\d{2}\.\d{2}\.\d{4}\D+\d{2}:\d{2}/;
      const movedTo = (await moved.innerText()).match(/перенесён на\D*(\d{2}\.\d{2}\.\d{4}\D+\d{2}:\d{2})/)?.[1];
      assert.ok(movedTo, "the step names the new date");
      assert.equal((await citizen.locator(".facts").innerText()).match(date)?.[0], movedTo, "the date shown is the moved one");

      // The operator sees the answer after a reload, and resolves with a canned text.
      await op.reload();
      await op.getByText("ошибка «Сервис недоступен»").waitFor();
      await op.selectOption("#field-action", "resolve");
      await op.selectOption("#field-canned", "sms-code");
      assert.match(await op.inputValue("#field-text"), /номер телефона в профиле/);
      await act(op, "resolve", [["#field-text", "Сбой платёжного шлюза устранён, оплата проходит."]]);
      await op.locator("#ticket-status", { hasText: "Завершено" }).waitFor();
      await op.getByText("Обращение закрыто — действия недоступны.").waitFor();
      await expectAccessible(op, "resolved request");
      await shot(op, tag("3-resolved"));

      // The citizen sees Завершено and the answer.
      await citizen.reload();
      await citizen.locator("#ticket-status", { hasText: "Завершено" }).waitFor();
      await citizen.locator("#ticket-outcome", { hasText: "Сбой платёжного шлюза устранён" }).waitFor();
      assert.equal(await citizen.getByText("Ответ ожидается до").count(), 0, "no promise of an answer once it is given");
      await expectAccessible(citizen, "citizen sees the answer");
      await shot(citizen, tag("4-citizen-answer"));

      // Asked for their opinion: a rating is needed first; then their answer shows,
      // changeable for a day.
      const survey = citizen.locator("section", { has: citizen.getByRole("heading", { name: "Оцените решение" }) });
      await survey.getByRole("button", { name: "Отправить оценку" }).click();
      await survey.locator(".error-summary").getByText("Выберите оценку от 1 до 5").waitFor();
      const csat = survey.getByRole("group", { name: "Насколько вы довольны решением?" });
      await csat.locator("label", { hasText: /^4$/ }).click();
      const nps = survey.getByRole("group", { name: /Порекомендуете ли вы/ });
      await nps.locator("label", { hasText: /^9$/ }).click();
      await survey.locator("#field-comment").fill("Помогли за день, спасибо.");
      await expectAccessible(citizen, "survey form");
      await survey.scrollIntoViewIfNeeded();
      await shot(citizen, tag("4b-survey"));
      await survey.getByRole("button", { name: "Отправить оценку" }).click();
      await survey.getByText("Спасибо за оценку!").waitFor();
      await survey.locator("#survey-answer", { hasText: "4 из 5" }).waitFor();
      await survey.getByRole("button", { name: "Изменить оценку" }).waitFor();
      await expectAccessible(citizen, "survey answered");

      // The closing e-mail's one-time link: no sign-in, nothing of the request but its
      // number; it changes the rating once (within the day), then says it is used.
      const mail = (await (await citizen.request.get(`${BASE}/api/v1/dev/outbox`)).json())
        .find((m) => m.to === email && m.subject.includes("Завершено"));
      const link = mail.body.match(/https?:\/\/\S+\/survey\?\S+/)[0];
      const visitor = await newPage(browser, VIEWPORTS[0]);
      const rateByLink = async (n) => {
        await visitor.goto(link);
        await visitor.getByRole("heading", { level: 1, name: `Оценка решения по обращению № ${number}` }).waitFor();
        await visitor.getByRole("group", { name: "Насколько вы довольны решением?" }).locator("label", { hasText: new RegExp(`^${n}$`) }).click();
        await visitor.getByRole("button", { name: "Отправить оценку" }).click();
      };
      await rateByLink(5);
      await visitor.getByText("Спасибо за оценку!").waitFor();
      await visitor.locator("#survey-answer", { hasText: "5 из 5" }).waitFor();
      assert.equal(await visitor.getByText("Сбой платёжного шлюза").count(), 0, "no request details by the link");
      await expectAccessible(visitor, "survey by the e-mail's link");
      await shot(visitor, tag("4c-survey-link"));
      await rateByLink(3);
      await visitor.getByText("Ссылка неверна или уже использована").waitFor();
      assert.deepEqual(visitor.errors, [], "no script errors (link)");
      await visitor.context().close();
      const subjects = (await (await citizen.request.get(`${BASE}/api/v1/dev/outbox`)).json())
        .filter((m) => m.to === phone).map((m) => m.subject);
      assert.ok(subjects.some((s) => s.includes("нужна информация")), subjects.join(" | "));
      assert.ok(subjects.some((s) => s.includes("Завершено")), subjects.join(" | "));
      const bodies = (await (await citizen.request.get(`${BASE}/api/v1/dev/outbox`)).json())
        .filter((m) => m.to === phone && m.subject.includes("Завершено")).map((m) => m.body);
      // An SMS: the number and the status, in one segment.
      assert.ok(bodies.some((b) => b.includes("статус «Завершено»") && b.length <= 70), bodies.join(" | "));

      assert.deepEqual(op.errors, [], "no script errors (operator)");
      assert.deepEqual(citizen.errors, [], "no script errors (citizen)");
      await op.context().close();
      await citizen.context().close();
    });
  });
});

// Last of all the browser tests: it moves the server's clock five days forward.
describe("repeat request", () => {
  test("in work 48 working hours without a change: the citizen brings it up", async () => {
    const citizen = await newPage(browser, VIEWPORTS[0]);
    const resp = await citizen.request.post(`${BASE}/api/v1/tickets`, {
      data: {
        category: "payments", subject: "Платёж не зачислен",
        description: "Оплатил госпошлину неделю назад, в заявлении она не отображается.",
        full_name: "Петров Пётр", email: "petrov@example.ru", consent: true,
      },
    });
    assert.equal(resp.status(), 201);
    const { number, access_code: code } = await resp.json();
    // The operator takes it (through the API): it is "В работе" from now.
    const op = await newPage(browser, VIEWPORTS[1]);
    await op.request.post(`${BASE}/api/v1/auth/staff`, {
      data: { login: "operator", password: "operator-demo-2026" }, headers: { "x-helpdesk-request": "1" },
    });
    const seen = await (await op.request.get(`${BASE}/api/v1/staff/tickets/${number}`)).json();
    const took = await op.request.post(`${BASE}/api/v1/staff/tickets/${number}/actions`, {
      data: { version: seen.version, action: "take" }, headers: { "x-helpdesk-request": "1" },
    });
    assert.equal(took.status(), 200);

    const open = async () => {
      await citizen.goto(`${BASE}/status`);
      await citizen.fill("#field-number", number);
      await citizen.fill("#field-access_code", code);
      await citizen.getByRole("button", { name: "Показать статус" }).click();
      await citizen.locator("#ticket-status", { hasText: "В работе" }).waitFor();
    };
    await open();
    // Not yet: the page says from when.
    await citizen.locator("#repeat-later", { hasText: "повторный запрос можно будет отправить с" }).waitFor();
    assert.equal(await citizen.getByRole("button", { name: "Отправить повторный запрос" }).count(), 0);

    // Five days later, nothing has changed.
    const moved = await citizen.request.post(`${BASE}/api/v1/dev/clock`, { data: { minutes: 5 * 24 * 60 } });
    assert.equal(moved.status(), 200);
    await open();
    const form = citizen.locator("section", { has: citizen.getByRole("heading", { name: "Повторный запрос" }) });
    await form.getByText("больше 48 рабочих часов без видимых изменений").waitFor();
    await form.getByLabel("Сообщение (необязательно)").fill("я".repeat(1001));
    await form.getByRole("button", { name: "Отправить повторный запрос" }).click();
    const mistake = form.locator(".error-summary a").first();
    await mistake.waitFor();
    assert.match(await mistake.textContent(), /1000/, "the summary says the limit");
    await form.getByLabel("Сообщение (необязательно)").fill("Прошу ускорить: срок подачи документов истекает.");
    await form.getByLabel(/Прошу передать обращение специалисту/).check();
    await expectAccessible(citizen, "repeat request form");
    await shot(citizen, "mobile-repeat-1-form");
    await form.getByRole("button", { name: "Отправить повторный запрос" }).click();
    await citizen.locator(".timeline").getByText("Вы отправили повторный запрос").waitFor();
    await citizen.locator(".timeline").getByText("Просьба передать обращение специалисту.").waitFor();
    // The next one only after another 48 working hours.
    await citizen.locator("#repeat-later").waitFor();
    await shot(citizen, "mobile-repeat-2-sent");

    // The operator's queue has it on top, marked (signed in again: five days ended the
    // session).
    await op.goto(`${BASE}/staff/signin`);
    await op.fill("#field-login", "operator");
    await op.fill("#field-password", "operator-demo-2026");
    await op.getByRole("button", { name: "Войти", exact: true }).click();
    await op.getByRole("heading", { level: 1, name: "Очередь обращений" }).waitFor();
    const first = op.locator("table.queue tbody tr").first();
    await first.getByText(number).waitFor();
    await first.getByText("повторный запрос заявителя").waitFor();
    await expectAccessible(op, "queue with a repeat request");
    await shot(op, "desktop-repeat-3-queue");
    assert.deepEqual(citizen.errors, []);
    assert.deepEqual(op.errors, []);
    await op.context().close();
    await citizen.context().close();
  });
});
