// The citizens' app on the home screen: the manifest and what Chromium says of its
// installability, the service worker keeping the app's pages (the second load served by
// it), the pages working without a connection and saying so, and a new build offered
// with «Обновить» and taken by every page at once — at 390×844, axe on each state.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { BASE, VIEWPORTS, expectAccessible, launch, launchArgs, newPage, shot, watchErrors } from "./browser.mjs";
import { startServer } from "./server.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Waits until the page is controlled by a worker that has kept the whole shell (the
/// style and each of the three pages with its module, wasm and boot script: 13).
async function kept(page) {
  for (let i = 0; i < 100; i++) {
    const done = await page.evaluate(async () => {
      if (!navigator.serviceWorker.controller) return false;
      const keys = (await caches.keys()).filter((k) => k.startsWith("helpdesk-"));
      if (keys.length !== 1) return false;
      return (await (await caches.open(keys[0])).keys()).length >= 13;
    });
    if (done) return;
    await page.waitForTimeout(250);
  }
  throw new Error("the service worker did not keep the app's pages in 25 s");
}

/// Waits until `check` (run in the page) holds.
async function until(page, check, what) {
  for (let i = 0; i < 100; i++) {
    if (await page.evaluate(check)) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`not in 25 s: ${what}`);
}

describe("the installable app at 390x844", () => {
  test("installable; the second load from the device; offline said and working", async () => {
    // A profile of its own: Chromium never offers to install from an incognito window,
    // which every other test's context is.
    const profile = mkdtempSync(join(tmpdir(), "helpdesk-profile-"));
    const context = await chromium.launchPersistentContext(profile, {
      ...launchArgs(), viewport: { width: VIEWPORTS[0].width, height: VIEWPORTS[0].height }, locale: "ru-RU",
    });
    const page = watchErrors(context.pages()[0] ?? await context.newPage());
    const tag = (s) => `mobile-pwa-${s}`;
    await page.goto(`${BASE}/`);
    await page.getByRole("heading", { level: 1 }).waitFor();

    const manifest = await (await page.request.get(`${BASE}/manifest.webmanifest`)).json();
    assert.equal(manifest.short_name, "Поддержка");
    assert.equal(manifest.display, "standalone");
    assert.equal(manifest.start_url, "/");
    for (const size of ["192x192", "512x512"]) {
      const icon = manifest.icons.find((i) => i.sizes === size && i.purpose === "any");
      const resp = await page.request.get(`${BASE}${icon.src}`);
      assert.equal(resp.headers()["content-type"], "image/png");
    }
    assert.ok(manifest.icons.some((i) => i.purpose === "maskable"));
    assert.deepEqual(manifest.shortcuts.map((s) => s.url), ["/chat", "/status"]);
    assert.equal(manifest.shortcuts[0].short_name, "Поддержка");

    // The worker comes a few seconds after the load and keeps the shell.
    await kept(page);
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    assert.deepEqual(installabilityErrors, [], "Chromium: installable");
    // Detached: a session left open undoes the offline emulation below.
    await cdp.detach();

    // The second load comes from the device.
    const again = await page.reload();
    assert.ok(again.fromServiceWorker(), "the second load from the service worker");
    await page.getByRole("heading", { level: 1 }).waitFor();

    // No connection: the pages open and say so; what is typed stays.
    await page.context().setOffline(true);
    await page.goto(`${BASE}/submit`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    const bar = page.locator(".pwa-offline");
    await bar.getByText("Нет соединения с интернетом.").waitFor();
    await page.fill("#field-subject", "Не приходит код подтверждения");
    await expectAccessible(page, "offline form");
    await shot(page, tag("1-offline-form"));
    await page.goto(`${BASE}/faq`);
    await page.locator("header").first().waitFor();
    await bar.waitFor();
    // Back online: the bar goes; the draft is there.
    await page.context().setOffline(false);
    await bar.waitFor({ state: "detached" });
    await page.goto(`${BASE}/submit`);
    await page.locator("#submit-form[data-ready]").waitFor();
    assert.equal(await page.inputValue("#field-subject"), "Не приходит код подтверждения");
    // API answers are never kept.
    const cached = await page.evaluate(async () => {
      const urls = [];
      for (const key of await caches.keys()) {
        for (const r of await (await caches.open(key)).keys()) urls.push(new URL(r.url).pathname);
      }
      return urls;
    });
    assert.ok(!cached.some((u) => u.startsWith("/api/") || u.startsWith("/staff")), `${cached}`);
    assert.deepEqual(page.errors, [], "no script errors");
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });

  test("on an iPhone, from the second visit, where to tap to put it on the home screen", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 }, locale: "ru-RU", serviceWorkers: "block",
      userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
    });
    const page = watchErrors(await context.newPage());
    await page.goto(`${BASE}/`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    assert.equal(await page.locator(".pwa-install").count(), 0, "never on the first visit");
    // A new browser session is a new visit.
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    const offer = page.locator(".pwa-install");
    await offer.getByText("нажмите «Поделиться», затем «На экран „Домой“»").waitFor();
    await expectAccessible(page, "the home-screen hint");
    await shot(page, "mobile-pwa-3-ios-hint");
    await offer.getByRole("button", { name: "Понятно" }).click();
    await offer.waitFor({ state: "detached" });
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.waitForTimeout(500);
    assert.equal(await offer.count(), 0, "not again for a month");
    assert.deepEqual(page.errors, [], "no script errors");
    await context.close();
  });

  test("a new build is offered with «Обновить» and taken at once", async () => {
    // A server of its own on a copy of the build: the copy then becomes a new build.
    const dist = mkdtempSync(join(tmpdir(), "helpdesk-spa-"));
    cpSync(process.env.HELPDESK_E2E_SPA, dist, { recursive: true });
    const server = await startServer(process.env.HELPDESK_E2E_BINARY, dist);
    try {
      const page = await newPage(browser, VIEWPORTS[0], { serviceWorkers: "allow" });
      await page.goto(`${server.url}/`);
      await page.getByRole("heading", { level: 1 }).waitFor();
      await kept(page);
      const first = await page.evaluate(async () => (await caches.keys()).join());

      // The next build: another version of the worker (and of what it keeps).
      const sw = readFileSync(join(dist, "sw.js"), "utf8").replace(/const VERSION = "([0-9a-f]+)"/, 'const VERSION = "$1-next"');
      writeFileSync(join(dist, "sw.js"), sw);
      rmSync(join(dist, "sw.js.br"));
      rmSync(join(dist, "sw.js.gz"));
      await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
      const offer = page.locator(".pwa-update");
      await offer.getByText("Вышла новая версия сайта.").waitFor();
      await expectAccessible(page, "update offered");
      await shot(page, "mobile-pwa-2-update");
      // Still the old version until pressed; then the page reloads on the new one.
      assert.equal(await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("helpdesk-")).length), 2);
      await Promise.all([page.waitForEvent("load"), offer.getByRole("button", { name: "Обновить" }).click()]);
      await page.getByRole("heading", { level: 1 }).waitFor();
      await until(page, async () => (await caches.keys()).join().endsWith("-next"), "the new version's cache alone");
      const now = await page.evaluate(async () => (await caches.keys()).join());
      assert.notEqual(now, first);
      assert.equal(await offer.count(), 0);
      assert.deepEqual(page.errors, [], "no script errors");
      await page.context().close();
    } finally {
      server.stop();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
