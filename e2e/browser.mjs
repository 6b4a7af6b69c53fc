// Debian's Chromium through playwright-core (no browser download), and axe-core checks.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8080";
const shots = join(dirname(fileURLToPath(import.meta.url)), "screenshots");
// axe-core, put into a page once and run there (`expectAccessible`).
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
mkdirSync(shots, { recursive: true });

export const VIEWPORTS = [
  { name: "mobile", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
  // The smallest phones still in use: everything must fit without sideways scrolling.
  { name: "small", width: 320, height: 640 },
];

/// Debian's Chromium and its flags, for `launch` and a persistent profile's launch.
export function launchArgs() {
  return {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  };
}

export async function launch() {
  return chromium.launch(launchArgs());
}

/// A page that fails the test on any script error. Service workers are blocked unless
/// asked for (`{ serviceWorkers: "allow" }`: the push and installable-app tests): the app
/// registers one a few seconds in, and pages it serves would bypass the tests' routes.
export async function newPage(browser, viewport, { serviceWorkers = "block" } = {}) {
  const context = await browser.newContext({ viewport, locale: "ru-RU", serviceWorkers });
  return watchErrors(await context.newPage());
}

/// Keeps a page's script errors (`page.errors`) and failed loads (`page.failedLoads`).
export function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Failed fetches (the 404 of a wrong code) are network logs, not script errors; they
  // are kept apart, for the pages that should cause none.
  const failedLoads = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (m.text().startsWith("Failed to load resource")) failedLoads.push(`${m.text()} ${m.location().url}`);
    else errors.push(m.text());
  });
  page.errors = errors;
  page.failedLoads = failedLoads;
  return page;
}

/// Opens the header's menu where it is collapsed (phones), so its links can be used.
// The request form is painted from the HTML before its module has loaded (and can be
// typed into then); the module marks the form once it checks, keeps and sends it, and
// the tests wait for that before they read what it put there (the draft, the topic from
// the address).
export async function formReady(page) {
  await page.locator("#submit-form[data-ready]").waitFor();
}

export async function openMenu(page) {
  const button = page.locator(".menu-button");
  if (await button.isVisible() && (await button.getAttribute("aria-expanded")) !== "true") {
    await button.click();
  }
}

/// What has focus, as "tag#id.class" (for messages), and whether it is on screen.
export async function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { name: "body", visible: false, text: "" };
    const r = e.getBoundingClientRect();
    return {
      name: `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${[...e.classList].map((c) => "." + c).join("")}`,
      visible: r.bottom > 0 && r.top < window.innerHeight && r.height > 0,
      text: (e.textContent ?? "").trim().slice(0, 120),
    };
  });
}

/// Fails on a page wider than the screen or on any axe violation. `within` (a locator)
/// narrows axe to the part of the page a step changed, on a page already checked whole
/// in the same test (the admin page: 1,300 elements, over a second a check).
export async function expectAccessible(page, label, within = null) {
  // Nothing wider than the screen: at 320 px a wide table or a long word would make the
  // whole page scroll sideways. When it does, name the widest offenders.
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const over = (e) => e && e.getBoundingClientRect().right > width + 1;
    // The outermost offenders: what widens the page, not everything inside it.
    return [...document.querySelectorAll("body *")]
      .filter((e) => over(e) && !over(e.parentElement))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${[...e.classList].map((c) => "." + c).join("")}`);
  });
  if (overflow.length) throw new Error(`wider than the screen on ${label}: ${overflow.join(", ")}`);
  // WCAG 2.2 too (target size), and the experimental "label in name" check that
  // Lighthouse runs (a button's name must contain what it shows). axe runs in the page
  // (the app has no frames), put there once per document: @axe-core/playwright's
  // `analyze()` put it there on every call, ran each frame apart, then joined the
  // results in a new blank page: 4.2 s a check on the admin pages against 1.3 s so (the
  // checks were two thirds of that file's time). Only violations come back: the passes
  // were most of the rest.
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE);
  const options = {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    rules: { "label-content-name-mismatch": { enabled: true } },
    resultTypes: ["violations"],
  };
  const result = within
    ? await within.evaluate((e, o) => window.axe.run(e, o), options)
    : await page.evaluate((o) => window.axe.run(document, o), options);
  const summary = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
  if (summary.length) throw new Error(`axe violations on ${label}:\n  ${summary.join("\n  ")}`);
}

/// A screenshot to look at: the whole page when it is at most three screens long, else
/// the screen as it is (where the test last acted: Playwright scrolls to what it clicks
/// and fills). The admin page is 40,000 px long on a phone: its whole-page shots took
/// a second each and showed nothing one could find.
export async function shot(page, name) {
  const tall = await page.evaluate(() => document.documentElement.scrollHeight > 3 * window.innerHeight);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: !tall });
}

/// The newest sign-in code sent to `to` (a phone or e-mail), read from the local
/// outbox (newest first), waiting up to 5 s for it.
export async function codeFor(page, to) {
  for (let i = 0; i < 50; i++) {
    const all = await (await page.request.get(`${BASE}/api/v1/dev/outbox`)).json();
    const msg = all.find((m) => m.to === to && /^(Код для входа|Your sign-in code)$/.test(m.subject));
    if (msg) return msg.body.match(/\b(\d{6})\b/)[1];
    await page.waitForTimeout(100);
  }
  throw new Error(`no code sent to ${to}`);
}

