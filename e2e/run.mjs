// Starts the local server (the real binary, a fresh data directory, a free port), runs
// the browser tests against it, stops it. usage: node e2e/run.mjs <server-binary> <spa-dir>
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

// Optional further arguments pick test files by name (`admin`, `workspace`); all by default.
const [binary, spa, ...only] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const data = mkdtempSync(join(tmpdir(), "helpdesk-e2e-"));
const server = spawn(binary, [], {
  // The chat's operator hours as at a weekday noon, so the hand-off works at any hour
  // the tests run; a clock the last test moves forward (POST /dev/clock) to let 48
  // working hours pass.
  env: { ...process.env, HELPDESK_ADDR: "127.0.0.1:0", HELPDESK_DATA_DIR: data, HELPDESK_SPA_DIR: spa, RUST_LOG: "warn",
    HELPDESK_OPERATORS_AT: "2026-12-07T12:00:00+03:00", HELPDESK_DEV_CLOCK: "1",
    // Browser push to the stand-in push service of e2e/push.test.mjs.
    HELPDESK_PUSH_ALLOW: "http://127.0.0.1" },
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("server did not start in 20 s")), 20000);
  createInterface({ input: server.stdout }).on("line", (line) => {
    const m = line.match(/^helpdesk is running at (\S+?)\/?$/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
});
console.log(`server at ${url}`);
const tests = readdirSync(here)
  .filter((f) => f.endsWith(".test.mjs") && (only.length === 0 || only.some((o) => f.startsWith(o))))
  .map((f) => join(here, f));
const run = spawn(process.execPath, ["--test", "--test-concurrency=1", ...tests], {
  env: { ...process.env, BASE_URL: url }, stdio: "inherit",
});
const code = await new Promise((resolve) => run.on("exit", resolve));
server.kill("SIGTERM");
rmSync(data, { recursive: true, force: true });
process.exit(code ?? 1);
