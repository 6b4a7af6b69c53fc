// Booking a visit: a citizen signs in from the booking page and comes back to it, is
// told what to choose, books a free time, gets the number and code (and the SMS), moves
// the visit, cancels it, and finds it by number and code — at phone and desktop widths,
// with axe-core on each step.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, expectAccessible, launch, newPage, shot } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The newest message to `to` whose subject matches, from the local outbox.
async function sentTo(page, to, subject) {
  for (let i = 0; i < 50; i++) {
    const resp = await page.request.get(`${BASE}/api/v1/dev/outbox`);
    const msg = (await resp.json()).find((m) => m.to === to && subject.test(m.subject));
    if (msg) return msg;
    await page.waitForTimeout(100);
  }
  throw new Error(`nothing like ${subject} sent to ${to}`);
}

/// Signs `phone` in on `page` with the code from the outbox and books the office's first
/// free time through the API: the day and the booking.
async function bookThroughApi(page, phone, office, service) {
  assert.equal((await page.request.post(`${BASE}/api/v1/auth/code`, { data: { contact: phone } })).status(), 202);
  const code = (await sentTo(page, phone, /Код для входа/)).body.match(/\b(\d{6})\b/)[1];
  assert.equal((await page.request.post(`${BASE}/api/v1/auth/verify`, { data: { contact: phone, code } })).status(), 200);
  const days = await (await page.request.get(`${BASE}/api/v1/appointments/offices/${office}/days`)).json();
  const day = days.find((d) => d.free > 0);
  const slots = await (await page.request.get(`${BASE}/api/v1/appointments/offices/${office}/days/${day.date}`)).json();
  const time = slots.slots.find((s) => s.free > 0).time;
  const resp = await page.request.post(`${BASE}/api/v1/my/appointments`, {
    headers: { "X-Helpdesk-Request": "1" },
    data: { service, office, date: day.date, time, terms: true },
  });
  assert.equal(resp.status(), 201, await resp.text());
  return { day, booking: (await resp.json()).booking };
}

VIEWPORTS.slice(0, 2).forEach((vp, i) => {
  describe(`booking a visit at ${vp.width}x${vp.height}`, () => {
    test("sign in, book, move, cancel, find by number and code", async () => {
      const page = await newPage(browser, vp);
      const tag = (s) => `${vp.name}-visits-${s}`;
      const phone = `+7913000000${i}`;

      // From the home page's actions.
      await page.goto(`${BASE}/`);
      await page.locator(`a.action[href="/appointments"]`).click();
      await page.getByRole("heading", { level: 1, name: "Запись на приём" }).waitFor();
      await expectAccessible(page, "visits signed out");
      await shot(page, tag("1-signed-out"));

      // Signing in from here comes back here.
      await page.getByRole("link", { name: "Войти и записаться" }).click();
      await page.fill("#field-contact", phone);
      await page.getByRole("button", { name: "Получить код" }).click();
      const code = (await sentTo(page, phone, /Код для входа/)).body.match(/\b(\d{6})\b/)[1];
      await page.fill("#field-code", code);
      await page.getByRole("button", { name: "Войти", exact: true }).click();
      await page.waitForURL(`${BASE}/appointments`);

      // Nothing chosen: the summary says what to choose, and links to it.
      await page.getByRole("button", { name: "Записаться" }).click();
      const summary = page.locator(".error-summary");
      await summary.getByText("Выберите услугу").waitFor();
      await summary.getByText("Отметьте согласие с условиями обслуживания").waitFor();
      await expectAccessible(page, "visits errors");

      await page.getByLabel("Подтверждение учётной записи").check();
      await page.getByLabel(/Центр услуг «Тверской»/).check();
      // The second day with free places (today's first time can pass the booking's lead
      // time between listing and booking), then its first free time.
      const day = page.locator(".day-button:not([disabled])").nth(1);
      await day.click();
      assert.equal(await day.getAttribute("aria-pressed"), "true");
      const firstTime = page.locator(".time-button").first();
      await firstTime.waitFor();
      const booked_time = (await firstTime.textContent()).trim();
      await firstTime.click();
      await page.getByLabel(/Я согласен с условиями обслуживания/).check();
      await expectAccessible(page, "visits chosen");
      await shot(page, tag("2-chosen"));
      await page.getByRole("button", { name: "Записаться" }).click();

      await page.getByRole("heading", { level: 2, name: "Вы записаны" }).waitFor();
      const number = (await page.locator(".confirmation dd").nth(0).textContent()).trim();
      const access = (await page.locator(".confirmation dd").nth(1).textContent()).trim();
      assert.match(number, /^\d{3}-\d{3}-\d{3}$/);
      await page.getByText("Паспорт гражданина РФ").first().waitFor();
      const sms = await sentTo(page, phone, /Запись на приём/);
      assert.ok(sms.body.includes(booked_time), sms.body);
      await expectAccessible(page, "visits booked");
      await shot(page, tag("3-booked"));
      // The calendar file of the booking, as the link downloads it.
      const href = await page.getByRole("link", { name: "Добавить в календарь (.ics)" }).first().getAttribute("href");
      const ics = await page.request.get(`${BASE}${href}`);
      assert.equal(ics.status(), 200);
      assert.match(await ics.text(), /BEGIN:VEVENT/);

      // "Мои записи": moved to another time of the same day.
      const card = page.locator(".my-visits .visit", { hasText: number });
      await card.getByText("Ждём вас").waitFor();
      await card.getByRole("button", { name: "Перенести" }).click();
      await card.locator(".day-button:not([disabled])").nth(1).click();
      const other = card.locator(".time-button").nth(1);
      await other.waitFor();
      const moved_time = (await other.textContent()).trim();
      await other.click();
      await card.getByRole("button", { name: "Перенести на это время" }).click();
      await card.getByText("Запись перенесена.").waitFor();
      await card.getByText(moved_time).first().waitFor();
      // The confirmation above tells the new time too.
      await page.locator(`section[aria-labelledby="book-title"]`).getByText(moved_time).first().waitFor();
      await expectAccessible(page, "visits moved");
      await shot(page, tag("4-moved"));

      // Cancelled, after a question.
      await card.getByRole("button", { name: "Отменить запись" }).click();
      await card.getByText("Время сразу станет доступно другим").waitFor();
      await card.getByRole("button", { name: "Да, отменить" }).click();
      await card.getByText("Запись отменена.").waitFor();
      await card.getByText("Отменена").first().waitFor();

      // Found by number and code: cancelled, nothing to change.
      await page.getByLabel("Номер записи").fill("12345");
      await page.getByRole("button", { name: "Найти" }).click();
      await page.locator(".error-summary").getByText("Номер записи — 9 цифр").waitFor();
      await page.getByLabel("Номер записи").fill(number);
      await page.getByLabel("Код доступа").fill(access);
      await page.getByRole("button", { name: "Найти" }).click();
      const found = page.locator("section[aria-labelledby=find-visit] .visit");
      await found.getByText("Отменена").waitFor();
      assert.equal(await found.getByRole("button", { name: "Перенести" }).count(), 0);
      await expectAccessible(page, "visits found");
      await shot(page, tag("5-found"));
      assert.deepEqual(page.errors, []);
    });
  });
});

describe("the office's day at 1280x800", () => {
  test("an operator sees the day's bookings and marks who came", async () => {
    // A citizen's booking, made through the API: the first free time.
    const phone = "+79130000099";
    const { day, booking } = await bookThroughApi(await newPage(browser, VIEWPORTS[1]), phone, "tverskaya", "documents");

    const op = await newPage(browser, VIEWPORTS[1]);
    await op.goto(`${BASE}/staff/signin`);
    await op.fill("#field-login", "operator");
    await op.fill("#field-password", "operator-demo-2026");
    await op.getByRole("button", { name: "Войти", exact: true }).click();
    await op.getByRole("heading", { level: 1, name: "Очередь обращений" }).waitFor();
    await op.getByRole("link", { name: "Приём по записи" }).click();
    await op.getByRole("heading", { level: 1, name: "Приём по записи" }).waitFor();
    await op.fill("#field-date", day.date);
    await op.getByRole("button", { name: "Показать" }).click();
    const row = op.locator("tr", { hasText: booking.number });
    await row.getByText(phone).waitFor();
    await row.getByText("Ждём вас").waitFor();
    await expectAccessible(op, "office day");
    await row.getByLabel("Заметка").fill("Принёс оригиналы");
    await row.getByRole("button", { name: "Пришёл", exact: true }).click();
    // A visit is marked on its day: today's is, a later one is refused with why.
    const today = new Date(Date.now() + 3 * 3600 * 1000).toISOString().slice(0, 10);
    if (day.date === today) {
      await row.getByText("Отметка сохранена.").waitFor();
      await row.getByText("Приём состоялся").waitFor();
    } else {
      await row.getByText("Визит отмечают в его день.").waitFor();
    }
    await shot(op, "desktop-visits-6-office-day");
    assert.deepEqual(op.errors, []);
  });
});

describe("the admins' centres at 390x844", () => {
  test("an admin closes a day; the visit booked in it is listed and marked, never dropped", async () => {
    // A citizen's visit at Zelenograd, booked through the API: the first free time.
    const phone = "+79130000098";
    const citizen = await newPage(browser, VIEWPORTS[1]);
    const { day, booking } = await bookThroughApi(citizen, phone, "zelenograd", "account");

    const page = await newPage(browser, VIEWPORTS[0]);
    const tag = (s) => `mobile-offices-${s}`;
    await page.goto(`${BASE}/staff/signin`);
    await page.fill("#field-login", "admin");
    await page.fill("#field-password", "admin-demo-2026");
    await page.getByRole("button", { name: "Войти", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Администрирование" }).waitFor();
    const section = page.locator("section", { has: page.getByRole("heading", { level: 2, name: "Центры приёма" }) });
    await section.locator("#field-centre").selectOption("zelenograd");
    await section.getByRole("heading", { level: 3, name: "Центр услуг «Зеленоград»" }).waitFor();
    await section.getByText("Все записи на ближайшие 30 дней умещаются в график.").waitFor();

    // No windows: the form says how to fix it, and keeps what was typed.
    await section.locator("#field-windows").fill("0");
    await section.getByRole("button", { name: "Сохранить центр" }).click();
    await section.locator(".error-summary").getByText("«Окна приёма»: число от 1 до 50").waitFor();
    await expectAccessible(page, "centre form with errors");
    await shot(page, tag("1-errors"));

    // The visit's day closed: saved, and the visit listed for the staff to call.
    await section.locator("#field-windows").fill("1");
    await section.locator("#field-exceptions").fill(day.date);
    await section.getByRole("button", { name: "Добавить день" }).click();
    await section.locator("li", { hasText: "закрыт" }).waitFor();
    await section.getByRole("button", { name: "Сохранить центр" }).click();
    await section.getByText("Центр сохранён: запись идёт по новому графику.").waitFor();
    const listed = section.locator(".ticket-card", { hasText: booking.number });
    await listed.getByText("центр в это время закрыт").waitFor();
    await listed.getByText(phone).waitFor();
    await expectAccessible(page, "centre saved with a visit to rearrange");
    await listed.scrollIntoViewIfNeeded();
    await shot(page, tag("2-unplaced"));

    // Citizens see the day closed; the citizen's visit still stands.
    const after = await (await citizen.request.get(`${BASE}/api/v1/appointments/offices/zelenograd/days/${day.date}`)).json();
    assert.deepEqual(after.slots, []);
    const mine = await (await citizen.request.get(`${BASE}/api/v1/my/appointments`)).json();
    assert.equal(mine.find((b) => b.number === booking.number).status, "booked");

    // The office's day marks it for the operator.
    const op = await newPage(browser, VIEWPORTS[1]);
    await op.goto(`${BASE}/staff/signin`);
    await op.fill("#field-login", "operator");
    await op.fill("#field-password", "operator-demo-2026");
    await op.getByRole("button", { name: "Войти", exact: true }).click();
    await op.getByRole("heading", { level: 1, name: "Очередь обращений" }).waitFor();
    await op.goto(`${BASE}/staff/appointments`);
    await op.locator("#field-office").selectOption("zelenograd");
    await op.fill("#field-date", day.date);
    await op.getByRole("button", { name: "Показать" }).click();
    await op.locator("tr", { hasText: booking.number }).getByText("Вне графика — свяжитесь с гражданином: центр в это время закрыт").waitFor();
    await expectAccessible(op, "office day with a visit outside the schedule");
    await shot(op, "desktop-offices-3-office-day");
    assert.deepEqual(page.errors, [], "no script errors");
    assert.deepEqual(op.errors, []);
  });
});
