// A supervisor's reports at phone and desktop widths: a request arrives (through the
// API); the supervisor opens the reports from the workspace, sees it counted today, the
// charts with their text summaries and tables, and the definitions; a range that starts
// tomorrow is refused with how to fix it; a week's range shows seven days; the CSV
// downloads with a byte-order mark and Russian headers; the quick ranges (a year, a
// week) at one press. axe-core on every state.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { BASE, VIEWPORTS, expectAccessible, launch, newPage, shot } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// A date in Moscow, `days` from today, as YYYY-MM-DD.
function moscowDay(days) {
  const at = new Date(Date.now() + 3 * 3600 * 1000 + days * 86400 * 1000);
  return at.toISOString().slice(0, 10);
}

VIEWPORTS.filter((vp) => vp.name !== "small").forEach((vp) => {
  describe(`reports at ${vp.width}x${vp.height}`, () => {
    test("today's requests counted, charts with tables, a refused range, a week, the CSV", async () => {
      const page = await newPage(browser, vp);
      const tag = (s) => `${vp.name}-reports-${s}`;
      const sent = await page.request.post(`${BASE}/api/v1/tickets`, {
        data: {
          category: "payments", subject: "Отчёт: проверка", full_name: "Петров Пётр",
          description: "Проверяем, что новое обращение видно в отчётах руководителя.",
          phone: "+79123456780", consent: true,
        },
      });
      assert.equal(sent.status(), 201);

      await page.goto(`${BASE}/staff/signin`);
      await page.fill("#field-login", "supervisor");
      await page.fill("#field-password", "supervisor-demo-2026");
      await page.getByRole("button", { name: "Войти", exact: true }).click();
      await page.getByRole("link", { name: "Отчёты" }).click();
      await page.getByRole("heading", { level: 1, name: "Отчёты" }).waitFor();
      const key = page.locator("section", { has: page.getByRole("heading", { name: "Главное за период" }) });
      const received = key.locator(".figure", { hasText: "Получено" }).locator("strong");
      await received.waitFor();
      assert.ok(Number(await received.textContent()) >= 1, "today's request is counted");
      const chart = page.getByRole("img", { name: /Обращения по дням/ });
      await chart.waitFor();
      await page.getByText("Как считаются показатели").waitFor();
      await page.getByText(/Решено с первого обращения — из решённых/).waitFor();
      await expectAccessible(page, "reports");
      await shot(page, tag("1-page"));

      // The table behind the chart: a row per day, today's with the request.
      const perDay = page.locator("section", { has: page.getByRole("heading", { name: "Обращения по дням" }) });
      await perDay.getByText("Таблица").click();
      const rows = perDay.locator("tbody tr");
      assert.equal(await rows.count(), 30);
      assert.ok(Number(await rows.last().locator("td").first().textContent()) >= 1);

      // A range starting tomorrow: refused, with what to do; nothing typed is lost.
      await page.fill("#field-from", moscowDay(1));
      await page.getByRole("button", { name: "Показать" }).click();
      await page.locator(".error-summary").getByText("Начало периода — не позже сегодняшнего дня").waitFor();
      assert.equal(await page.inputValue("#field-from"), moscowDay(1));
      await expectAccessible(page, "reports, a refused range");
      await shot(page, tag("2-refused"));

      // A week, filtered to the request form.
      await page.fill("#field-from", moscowDay(-6));
      await page.fill("#field-to", moscowDay(0));
      await page.selectOption("#field-channel", "form");
      await page.getByRole("button", { name: "Показать" }).click();
      await page.waitForFunction(() => document.querySelectorAll("section tbody tr").length > 0
        && document.querySelector("section details tbody").children.length === 7);
      assert.equal(await page.locator(".error-summary li").count(), 0, "no errors left");
      await shot(page, tag("3-week"));

      // The CSV: a BOM, Russian headers, the week and its total.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Скачать CSV (Excel)" }).click(),
      ]);
      assert.equal(download.suggestedFilename(), `report-${moscowDay(-6)}-${moscowDay(0)}.csv`);
      const csv = readFileSync(await download.path(), "utf8");
      assert.ok(csv.startsWith("\uFEFFДата;Получено;Решено;Отказано;Чатов;Передано оператору\r\n"), csv.slice(0, 80));
      const lines = csv.trim().split("\r\n");
      assert.equal(lines.length, 1 + 7 + 1);
      assert.match(lines.at(-1), /^Итого;[1-9]\d*;/);

      // A quick range: the last 7 days at one press, the button marked as chosen.
      await page.getByRole("button", { name: "Год" }).click();
      // A year's line and table go by week (53 points from the range's first day).
      await page.waitForFunction(() => document.querySelector("section details tbody").children.length === 53);
      await page.locator("figcaption p").filter({ hasText: /^По неделям, с первого дня недели\./ }).waitFor();
      const week = page.getByRole("button", { name: "7 дней" });
      await week.click();
      await page.waitForFunction(() => document.querySelector("section details tbody").children.length === 7);
      assert.equal(await week.getAttribute("aria-pressed"), "true");
      assert.equal(await page.inputValue("#field-from"), moscowDay(-6));
      await expectAccessible(page, "reports, a week");
      await page.close();
    });
  });
});
