// Debian's Chromium through playwright-core (no browser download), and axe-core checks.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { chromium } from "playwright-core";

export const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8080";
const shots = join(dirname(fileURLToPath(import.meta.url)), "screenshots");
mkdirSync(shots, { recursive: true });

export const VIEWPORTS = [
  { name: "mobile", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
  // The smallest phones still in use: everything must fit without sideways scrolling.
  { name: "small", width: 320, height: 640 },
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/// A page that fails the test on any script error.
export async function newPage(browser, viewport) {
  const context = await browser.newContext({ viewport, locale: "ru-RU" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Failed fetches (the 404 of a wrong code) are network logs, not script errors.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  page.errors = errors;
  return page;
}

export async function expectAccessible(page, label) {
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
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
  if (summary.length) throw new Error(`axe violations on ${label}:\n  ${summary.join("\n  ")}`);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}
