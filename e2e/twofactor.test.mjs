// Staff's second factor in the browser, on a server of its own with the deployment's
// default (supervisors and admins must have an authenticator app): a supervisor's first
// sign-in sets one up (the QR code and the key; a wrong code said, the right one
// computed here as the app would, RFC 6238), the recovery codes are shown once; the next
// sign-in asks for the code, refuses the one used already and takes the next; a recovery
// code signs in once. An operator (not required) sets one up from the workspace.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { VIEWPORTS, expectAccessible, launch, newPage, shot } from "./browser.mjs";
import { startServer } from "./server.mjs";

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await startServer(process.env.HELPDESK_E2E_BINARY, process.env.HELPDESK_E2E_SPA, { HELPDESK_STAFF_2FA: "roles" });
});
after(async () => {
  await browser?.close();
  server?.stop();
});

function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, "")) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/// The app's code for `key` at 30-second step `step` (RFC 6238, SHA-1, six digits).
function totp(key, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac("sha1", base32(key)).update(counter).digest();
  const o = h[19] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1e6).padStart(6, "0");
}
const stepNow = () => Math.floor(Date.now() / 30000);

async function password(page, login) {
  await page.goto(`${server.url}/staff/signin`);
  await page.fill("#field-login", login);
  await page.fill("#field-password", `${login}-demo-2026`);
  await page.getByRole("button", { name: "Войти", exact: true }).click();
}

describe("staff's second factor", () => {
  test("a supervisor sets up an app at the first sign-in, then signs in with its code or a recovery code", async () => {
    const vp = VIEWPORTS[0];
    const page = await newPage(browser, vp);
    await password(page, "supervisor");
    await page.getByRole("heading", { level: 2, name: "Настройте вход с кодом из приложения" }).waitFor();
    const qr = page.getByRole("img", { name: "QR-код для приложения-аутентификатора" });
    await qr.waitFor();
    assert.ok((await qr.getAttribute("src")).startsWith("data:image/svg+xml"));
    const key = (await page.locator(".secret-key").textContent()).trim();
    assert.match(key, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    await expectAccessible(page, "second factor: set-up");
    await shot(page, `${vp.name}-2fa-1-enrol`);

    // A mistyped code is said at its field; a wrong one with the tries left.
    await page.fill("#field-app_code", "12345");
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.locator("#field-app_code-error").getByText("Код — 6 цифр из приложения-аутентификатора").waitFor();
    const step = stepNow();
    const right = totp(key, step);
    await page.fill("#field-app_code", right === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByText(/Код не подходит или уже использован.*Осталось 2 попытки/).waitFor();
    await page.fill("#field-app_code", right);
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByRole("heading", { level: 2, name: "Сохраните резервные коды" }).waitFor();
    const codes = await page.locator(".recovery-codes code").allTextContents();
    assert.equal(codes.length, 10);
    codes.forEach((c) => assert.match(c, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/));
    const file = await page.getByRole("link", { name: "Скачать коды (.txt)" }).getAttribute("href");
    assert.ok(decodeURIComponent(file).includes(codes[9]));
    await expectAccessible(page, "second factor: recovery codes");
    await shot(page, `${vp.name}-2fa-2-codes`);
    await page.getByRole("button", { name: "Я сохранил коды — продолжить" }).click();
    await page.getByRole("heading", { level: 1, name: "Очередь обращений" }).waitFor();

    // Next time: the code. The one used is refused; the next one opens.
    await page.getByRole("button", { name: "Выйти", exact: true }).first().click();
    await page.waitForURL(/\/staff\/signin$/);
    await password(page, "supervisor");
    await page.getByRole("heading", { level: 2, name: "Код из приложения" }).waitFor();
    await expectAccessible(page, "second factor: code");
    await shot(page, `${vp.name}-2fa-3-code`);
    await page.fill("#field-app_code", right);
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByText(/Код не подходит или уже использован/).waitFor();
    await page.fill("#field-app_code", totp(key, step + 1));
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByRole("heading", { level: 1, name: "Очередь обращений" }).waitFor();

    // A recovery code, typed in lower case: once.
    await page.getByRole("button", { name: "Выйти", exact: true }).first().click();
    await page.waitForURL(/\/staff\/signin$/);
    await password(page, "supervisor");
    await page.getByRole("button", { name: "Нет доступа к телефону? Войти по резервному коду" }).click();
    await page.fill("#field-recovery_code", codes[0].toLowerCase());
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByRole("heading", { level: 1, name: "Очередь обращений" }).waitFor();
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("an operator sets one up from the workspace", async () => {
    const vp = VIEWPORTS[1];
    const page = await newPage(browser, vp);
    await password(page, "operator");
    await page.getByRole("heading", { level: 1, name: "Очередь обращений" }).waitFor();
    await page.getByRole("link", { name: "Код из приложения" }).click();
    await page.getByRole("heading", { level: 1, name: "Вход с кодом из приложения" }).waitFor();
    await page.getByText("Добавьте второй шаг входа").waitFor();
    const key = (await page.locator(".secret-key").textContent()).trim();
    await expectAccessible(page, "second factor: optional set-up");
    await shot(page, `${vp.name}-2fa-4-optional`);
    await page.fill("#field-app_code", totp(key, stepNow()));
    await page.getByRole("button", { name: "Подтвердить" }).click();
    await page.getByRole("heading", { level: 2, name: "Сохраните резервные коды" }).waitFor();
    await page.getByRole("button", { name: "Я сохранил коды — продолжить" }).click();
    await page.getByText("Готово: вход с кодом из приложения настроен.").waitFor();
    // From now on the operator's password alone opens nothing either.
    await page.getByRole("link", { name: "Вернуться к работе" }).click();
    await page.getByRole("button", { name: "Выйти", exact: true }).first().click();
    await page.waitForURL(/\/staff\/signin$/);
    await password(page, "operator");
    await page.getByRole("heading", { level: 2, name: "Код из приложения" }).waitFor();
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
