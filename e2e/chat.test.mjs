// The chat: a citizen on a phone (390×844) and an operator at a desk (1280×800, through
// the console's API until its page exists), with the server's operator hours fixed at a
// weekday noon (run.mjs). The chat module loads only when the chat opens; the bot
// answers a quick question; "Нет" and a question it cannot answer hand off; the place
// in the queue; the operator takes it and writes; the socket is dropped mid-conversation
// and the messages sent meanwhile arrive once; a draft survives a reload; the end and
// a file each side sees (a wrong type refused first); the operator asks for a request
// and hands the chat to a colleague with a note, who transfers it to a specialist
// department (level 3) whose specialist takes it; the console's tone for a new chat;
// the rating; the transcript as PDF (its text read by pdftotext) and by e-mail; axe on
// the chat (the log is a live region).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, expectAccessible, launch, newPage, shot } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The operator at a desk: signed in, on the chat console (which keeps them online);
/// `call` uses the same session for what the test checks through the API.
async function operator(login = "operator", password = "operator-demo-2026") {
  const page = await newPage(browser, VIEWPORTS[1]);
  // Counts the console's tones (the oscillators it starts).
  await page.addInitScript(() => {
    window.__tones = 0;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args) { window.__tones += 1; return start.apply(this, args); };
  });
  await page.goto(`${BASE}/staff/signin`);
  await page.fill("#field-login", login);
  await page.fill("#field-password", password);
  await page.getByRole("button", { name: "Войти", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Очередь обращений" }).waitFor();
  await page.getByRole("link", { name: "Чаты с гражданами" }).click();
  await page.getByRole("heading", { level: 1, name: "Чаты с гражданами" }).waitFor();
  const call = async (method, path, data) => {
    const r = await page.request.fetch(`${BASE}/api/v1${path}`, { method, data, headers: { "x-helpdesk-request": "1" } });
    assert.ok(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`);
    return r.json();
  };
  return { page, call };
}

describe("chat", () => {
  // First, while no operator is online (nobody has opened the console yet): the bot
  // says so and the chat becomes a request, its mistakes shown at their fields.
  test("nobody online: the chat becomes a request with a number at once", async () => {
    const page = await newPage(browser, VIEWPORTS[2]);
    await page.goto(`${BASE}/chat`);
    const log = page.getByRole("log", { name: "Переписка" });
    await log.locator(".msg-bot").first().waitFor();
    const box = page.getByLabel("Сообщение");
    await box.fill("Не приходит СМС-код при входе");
    await box.press("Enter");
    await log.locator(".msg-bot").nth(1).waitFor();
    await page.getByRole("button", { name: "Связаться с оператором" }).click();
    await log.getByText("Сейчас нет свободных операторов в сети.").waitFor();
    const form = page.locator("#chat-request-form");
    await form.waitFor();
    await form.getByRole("button", { name: "Оставить обращение" }).click();
    await form.getByText("Заполните поле «ФИО»").waitFor();
    await form.getByText(/Укажите телефон или электронную почту/).waitFor();
    await form.getByText(/Отметьте согласие/).waitFor();
    await page.waitForFunction(() => document.activeElement?.id?.startsWith("chat-req-"));
    await expectAccessible(page, "chat request form with mistakes, 320 px");
    await shot(page, "small-chat-request-errors");
    assert.equal(await page.getByLabel("Тема обращения").inputValue(), "technical", "the topic the bot recognised");
    await page.getByLabel("ФИО").fill("Иванов Иван Иванович");
    await page.getByLabel("Телефон").fill("+7 912 345-67-89");
    await page.getByLabel(/Согласен на обработку/).check();
    await form.getByRole("button", { name: "Оставить обращение" }).click();
    const done = page.getByRole("status").filter({ hasText: "Обращение зарегистрировано" });
    await done.waitFor();
    assert.match(await done.textContent(), /\d{3}-\d{3}-\d{3}/);
    assert.match(await done.textContent(), /[A-Z0-9]{4}-[A-Z0-9]{4}/);
    await log.getByText(/Обращение зарегистрировано \d{3}-\d{3}-\d{3}/).waitFor();
    await expectAccessible(page, "chat request made, 320 px");
    await shot(page, "small-chat-request-made");
    // The bot's "Ответ помог?" goes once the chat has ended.
    assert.equal(await log.getByRole("button", { name: "Да" }).count(), 1);
    await page.getByRole("button", { name: "Завершить чат" }).click();
    await log.getByText("Вы завершили чат.").waitFor();
    assert.equal(await log.getByRole("button", { name: "Да" }).count(), 0, "nothing to mark in an ended chat");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test("bot, hand-off, live messages both ways, a dropped socket, rating", async () => {
    const op = await operator();
    assert.equal((await op.call("GET", "/staff/chats")).online >= 1, true, "the operator is online");

    const page = await newPage(browser, VIEWPORTS[0]);
    // Every socket the page opens, so the test can drop one as a bad network would.
    await page.addInitScript(() => {
      const Native = window.WebSocket;
      window.__sockets = [];
      window.WebSocket = class extends Native {
        constructor(...args) { super(...args); window.__sockets.push(this); }
      };
    });
    const loaded = [];
    page.on("request", (r) => loaded.push(new URL(r.url()).pathname));
    await page.goto(`${BASE}/`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    assert.ok(!loaded.some((p) => p.includes("_chat")), `the first load fetched the chat: ${loaded}`);

    await page.goto(`${BASE}/chat`);
    await page.getByRole("heading", { level: 1, name: "Чат с поддержкой" }).waitFor();
    const log = page.getByRole("log", { name: "Переписка" });
    await log.locator(".msg-bot").first().waitFor();
    assert.ok(loaded.some((p) => p.includes("helpdesk_app_chat")), "the chat module came with the chat");
    assert.match(await log.locator(".msg-bot").first().textContent(), /Здравствуйте/);
    await expectAccessible(page, "chat, the bot's greeting");
    await shot(page, "mobile-chat-1-greeting");

    // A quick question: an answer with its article, the topic, "Ответ помог?".
    await page.getByRole("button", { name: "Как восстановить пароль?" }).click();
    const answer = log.locator(".msg-bot").nth(1);
    await answer.getByRole("link").first().waitFor();
    assert.match(await answer.textContent(), /Тема: /);
    assert.equal(await page.getByRole("button", { name: "Как оплатить госпошлину?" }).count(), 0,
      "the quick questions go once the conversation moves on");
    await answer.getByRole("button", { name: "Нет" }).click();
    await log.getByText("Ответ не помог").waitFor();

    // What it cannot answer: the second miss hands off; the place in the queue.
    const box = page.getByLabel("Сообщение");
    await box.fill("рецепт борща");
    await box.press("Enter");
    await log.getByText("Чат в очереди к оператору").waitFor();
    await page.locator("#chat-state").getByText(/вы 1-й в очереди/).waitFor();
    await shot(page, "mobile-chat-2-waiting");

    // The operator's console lists it (within its 10 s refresh); "Взять"; the whole
    // history is there; they write, and each side sees the other at once.
    const console_ = op.page;
    const item = console_.locator(".chat-item", { hasText: "Как восстановить пароль?" });
    await item.waitFor({ timeout: 15000 });
    assert.match(await console_.title(), /^\(\d+\) Чаты с гражданами/, "a badge in the tab's title");
    assert.ok(await console_.evaluate(() => window.__tones) >= 1, "a tone for the new chat");
    await expectAccessible(console_, "chat console, a chat waiting");
    await shot(console_, "desktop-chat-console-1-waiting");
    await item.getByRole("button", { name: "Взять" }).click();
    const opLog = console_.getByRole("log", { name: "Переписка" });
    await opLog.getByText("рецепт борща").waitFor();
    assert.ok(await opLog.locator("li[data-seq='1']").count() === 1, "the whole history, the bot's part too");
    const chat = (await op.call("GET", "/staff/chats")).mine[0];
    await console_.getByLabel("Сообщение").fill("Здравствуйте! Меня зовут Ольга, помогу.");
    await console_.getByLabel("Сообщение").press("Enter");
    await log.getByText("Здравствуйте! Меня зовут Ольга, помогу.").waitFor();
    await page.locator("#chat-state").getByText("В чате оператор Ольга").waitFor();
    assert.equal(await page.getByRole("button", { name: "Связаться с оператором" }).isVisible(), false,
      "no hand-off button once a person has the chat");
    await box.fill("Не могу войти, пароль не подходит");
    await box.press("Enter");
    await log.locator(".msg-citizen", { hasText: "пароль не подходит" }).waitFor();
    await opLog.getByText("Не могу войти, пароль не подходит").waitFor();
    // A canned response goes into the box, to edit and send.
    await console_.getByLabel("Шаблон ответа").selectOption({ label: "Не приходит СМС-код" });
    assert.match(await console_.getByLabel("Сообщение").inputValue(), /^Проверьте, что номер телефона/);
    await console_.getByLabel("Сообщение").fill("");
    await expectAccessible(console_, "chat console, in a chat");
    await shot(console_, "desktop-chat-console-2-chat");

    // A file: refused by type at once, then a PDF that both sides see and can save.
    await page.setInputFiles("#chat-file", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
    await page.locator("#chat-error").getByText("Можно прикрепить PDF, JPG или PNG.").waitFor();
    const scan = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
    await page.setInputFiles("#chat-file", { name: "скан паспорта.pdf", mimeType: "application/pdf", buffer: scan });
    await log.getByRole("button", { name: "скан паспорта.pdf" }).waitFor();
    const opFile = opLog.getByRole("button", { name: "скан паспорта.pdf" });
    await opFile.waitFor();
    const [saved] = await Promise.all([console_.waitForEvent("download"), opFile.click()]);
    assert.equal(saved.suggestedFilename(), "скан паспорта.pdf");
    assert.equal(readFileSync(await saved.path(), "latin1"), scan.toString("latin1"), "the operator gets the same bytes");

    // The socket drops; two messages meanwhile; each arrives once after it reconnects.
    const before = await page.evaluate(() => window.__sockets.length);
    await page.evaluate(() => window.__sockets.at(-1).close());
    await op.call("POST", `/staff/chats/${chat.id}/messages`, { text: "Сбросьте пароль по ссылке «Забыли пароль?»." });
    await op.call("POST", `/staff/chats/${chat.id}/messages`, { text: "Код придёт в СМС." });
    await log.getByText("Код придёт в СМС.").waitFor();
    assert.ok(await page.evaluate(() => window.__sockets.length) > before, "it reconnected");
    assert.equal(await log.getByText("Сбросьте пароль по ссылке «Забыли пароль?».").count(), 1);
    assert.equal(await log.getByText("Код придёт в СМС.").count(), 1);
    const seqs = await log.locator("li[data-seq]").evaluateAll((li) => li.map((e) => Number(e.dataset.seq)));
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1), "every message once, in order");

    // A draft survives a reload (the chat goes on where it was).
    await box.fill("Черновик, который нельзя потерять");
    await page.reload();
    await log.getByText("Код придёт в СМС.").waitFor();
    assert.equal(await page.getByLabel("Сообщение").inputValue(), "Черновик, который нельзя потерять");
    await expectAccessible(page, "chat with an operator");
    await shot(page, "mobile-chat-3-operator");

    // The operator asks for a request: the citizen's side shows the form.
    await console_.getByRole("button", { name: "Предложить оформить обращение" }).click();
    await log.getByText("Оператор предлагает оформить обращение").waitFor();
    await page.getByLabel("ФИО").waitFor();
    await opLog.getByText("Гражданину предложено оформить обращение.").waitFor();

    // Handed to a colleague online, with a note only staff see.
    const sup = await operator("supervisor", "supervisor-demo-2026");
    await console_.getByRole("button", { name: "Передать коллеге" }).click();
    await console_.getByLabel("Кому").selectOption({ label: "Марина — Руководитель" });
    await console_.getByLabel(/Заметка для коллеги/).fill("Просила ответить письменно.");
    await expectAccessible(console_, "chat console, handing over");
    await console_.getByRole("button", { name: "Передать", exact: true }).click();
    await log.getByText("Разговор передан оператору Марина").waitFor();
    await page.locator("#chat-state").getByText("В чате оператор Марина").waitFor();
    assert.equal(await page.getByText("Просила ответить письменно.").count(), 0, "the note is for staff");
    const handed = sup.page.locator(".chat-item", { hasText: "Просила ответить письменно." });
    await handed.waitFor({ timeout: 15000 });

    // Марина sends it on to the technical department (level 3); its specialist, online,
    // finds it in the department's list and takes it with the whole history.
    const spec = await operator("specialist", "specialist-demo-2026");
    await handed.getByRole("button", { name: "Открыть" }).click();
    await sup.page.getByRole("log", { name: "Переписка" }).getByText("Код придёт в СМС.").waitFor();
    await sup.page.getByRole("button", { name: "Передать коллеге или в отдел" }).click();
    await sup.page.getByLabel("Кому").selectOption({ label: "Техническая поддержка — в сети: 1" });
    assert.equal(await sup.page.locator("option", { hasText: "Юридический отдел — нет никого в сети" }).isDisabled(), true,
      "a department with nobody online cannot be chosen");
    await sup.page.getByLabel(/Заметка для коллеги/).fill("Нужна проверка учётной записи.");
    await expectAccessible(sup.page, "chat console, transfer to a department");
    await shot(sup.page, "desktop-chat-console-3-department");
    await sup.page.getByRole("button", { name: "Передать", exact: true }).click();
    await log.getByText("Разговор передан в отдел «Техническая поддержка»").waitFor();
    const level3 = spec.page.locator(".chat-item", { hasText: "Передан в отдел: Техническая поддержка" });
    await level3.waitFor({ timeout: 15000 });
    assert.match(await level3.textContent(), /Нужна проверка учётной записи\./);
    await level3.getByRole("button", { name: "Взять" }).click();
    await spec.page.getByRole("log", { name: "Переписка" }).getByText("рецепт борща").waitFor();
    await spec.page.getByLabel("Сообщение").fill("Здравствуйте, это техническая поддержка.");
    await spec.page.getByLabel("Сообщение").press("Enter");
    await log.getByText("Здравствуйте, это техническая поддержка.").waitFor();
    await page.locator("#chat-state").getByText("В чате оператор Сергей").waitFor();
    await sup.page.context().close();
    await spec.page.context().close();

    // The end and the rating, once.
    await page.getByLabel("Сообщение").fill("");
    await page.getByRole("button", { name: "Завершить чат" }).click();
    await log.getByText("Вы завершили чат.").waitFor();
    await page.getByRole("button", { name: "Отправить оценку" }).click();
    await page.locator("#chat-error").getByText("Выберите оценку от 1 до 5.").waitFor();
    await page.getByLabel("5").check();
    await page.getByLabel("Комментарий (необязательно)").fill("Быстро помогли");
    await page.getByRole("button", { name: "Отправить оценку" }).click();
    await page.getByText("Спасибо за оценку!").waitFor();
    await expectAccessible(page, "chat, rated");
    await shot(page, "mobile-chat-4-rated");

    // The transcript: a PDF whose text names each side as the citizen saw them, and an
    // e-mail (a mistyped address first, shown at its field).
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Скачать PDF" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^chat-[0-9a-z]{8}\.pdf$/);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", await download.path(), "-"], { encoding: "utf8" });
    for (const line of ["Переписка в чате поддержки", "Оператор Ольга", "Вы ·", "Не могу войти, пароль не подходит",
      "Код придёт в СМС.", "Вы завершили чат.", "время московское"]) {
      assert.ok(text.includes(line), `the PDF says ${line}: ${text}`);
    }
    await page.locator("#chat-transcript-note").getByText("PDF сохранён в загрузки.").waitFor();
    const email = page.getByLabel("Отправить на почту");
    await email.fill("иван@почта.рф");
    await page.getByRole("button", { name: "Отправить", exact: true }).click();
    await page.locator("#chat-transcript-note").getByText("Часть адреса до @ пишется латиницей.").waitFor();
    assert.equal(await email.getAttribute("aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "chat-email");
    await email.fill("ivan@почта.рф");
    await page.getByRole("button", { name: "Отправить", exact: true }).click();
    await page.locator("#chat-transcript-note").getByText("Письмо с перепиской отправлено на ivan@почта.рф.").waitFor();
    const outbox = await (await page.request.get(`${BASE}/api/v1/dev/outbox`)).json();
    const mail = outbox.find((m) => m.subject === "Переписка в чате поддержки");
    assert.ok(mail?.body.includes("Оператор Ольга"), JSON.stringify(mail));
    await expectAccessible(page, "chat, transcript");
    await shot(page, "mobile-chat-5-transcript");
    assert.deepEqual(page.errors, []);
    await op.page.context().close();
  });
});
