// The local server for the browser tests: the real binary on a fresh data directory and
// a free port (used by run.mjs for each group, and by a test that needs a server of its
// own, e.g. to serve a second build of the SPA).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/// Starts `binary` serving the SPA in `spa` (with `env` added); its URL and a function
/// that stops it.
export async function startServer(binary, spa, env = {}) {
  const data = mkdtempSync(join(tmpdir(), "helpdesk-e2e-"));
  const server = spawn(binary, [], {
    // The chat's operator hours as at a weekday noon, so the hand-off works at any hour
    // the tests run; a clock the last test moves forward (POST /dev/clock) to let 48
    // working hours pass.
    env: { ...process.env, HELPDESK_ADDR: "127.0.0.1:0", HELPDESK_DATA_DIR: data, HELPDESK_SPA_DIR: spa, RUST_LOG: "warn",
      HELPDESK_OPERATORS_AT: "2026-12-07T12:00:00+03:00", HELPDESK_DEV_CLOCK: "1",
      // Browser push to the stand-in push service of e2e/push.test.mjs.
      HELPDESK_PUSH_ALLOW: "http://127.0.0.1",
      // Staff sign in with a password alone, as in development; e2e/twofactor.test.mjs
      // starts a server of its own with the deployment's default (supervisors and
      // admins set up an authenticator app).
      HELPDESK_STAFF_2FA: "off",
      // Every rate limit ×10: all of a group's citizens sign in from 127.0.0.1, and the
      // sign-in codes' 20 an hour per address is a limit the API tests check (the
      // browser tests show a 429 through a route of their own, e2e/citizen.test.mjs).
      HELPDESK_LIMIT_SCALE: "10", ...env },
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
  return { url, stop: () => { server.kill("SIGTERM"); rmSync(data, { recursive: true, force: true }); } };
}
