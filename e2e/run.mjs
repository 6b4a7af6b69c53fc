// Starts the local server (the real binary, a fresh data directory, a free port), runs
// the browser tests against it, stops it.
// usage: node e2e/run.mjs [--groups N] <server-binary> <spa-dir> [file-prefix...]
//
// `--groups N` (the test command uses 2) splits the test files into N groups of about
// equal time, each with a server of its own (its own data and clock), run at the same
// time: the browser waits on the server and the server on the disk, so two groups
// share the machine's cores better than one. Within a group the files run one after
// another in name order, as they do in one: `workspace` moves its server's clock forward
// last.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startServer } from "./server.mjs";

// Optional further arguments pick test files by name (`admin`, `workspace`); all by default.
const args = process.argv.slice(2);
let groups = 1;
if (args[0] === "--groups") {
  groups = Math.max(1, Number.parseInt(args[1], 10) || 1);
  args.splice(0, 2);
}
const [binary, spa, ...only] = args;
const here = dirname(fileURLToPath(import.meta.url));

// Seconds each file took in its group on the test machine (2026-12-04, its suites'
// durations summed), for balancing groups; a file not listed counts as 20.
const WEIGHT = { chat: 44, pages: 40, admin: 39, citizen: 25, visits: 24, account: 21, workspace: 19,
  pwa: 17, faq: 14, notices: 11, selfservice: 10, offline: 10, reports: 9, push: 9, twofactor: 5 };
const weight = (f) => WEIGHT[f.replace(/\.test\.mjs$/, "")] ?? 20;

const files = readdirSync(here)
  .filter((f) => f.endsWith(".test.mjs") && (only.length === 0 || only.some((o) => f.startsWith(o))));
// The heaviest file first into the lightest group; then each group in name order.
const parts = Array.from({ length: Math.min(groups, files.length) || 1 }, () => ({ files: [], weight: 0 }));
for (const f of [...files].sort((a, b) => weight(b) - weight(a))) {
  const g = parts.reduce((a, b) => (b.weight < a.weight ? b : a));
  g.files.push(f);
  g.weight += weight(f);
}

/// Runs one group against its own server. Its output streams as it comes; with more
/// than one group, each line starts with the group's number.
async function runGroup({ files: group }, i) {
  group.sort();
  const { url, stop } = await startServer(binary, spa);
  const label = parts.length > 1 ? `group ${i + 1} (${group.join(", ")})` : "";
  console.log(`server at ${url}${label ? ` for ${label}` : ""}`);
  const tests = group.map((f) => join(here, f));
  const run = spawn(process.execPath, ["--test", "--test-concurrency=1", ...tests], {
    // The binary and the SPA too, for a test that starts a server of its own.
    env: { ...process.env, BASE_URL: url, HELPDESK_E2E_BINARY: resolve(binary), HELPDESK_E2E_SPA: resolve(spa) }, stdio: ["ignore", parts.length > 1 ? "pipe" : "inherit", "inherit"],
  });
  if (run.stdout) createInterface({ input: run.stdout }).on("line", (line) => console.log(`[${i + 1}] ${line}`));
  const code = await new Promise((resolve) => run.on("close", resolve));
  stop();
  if (label) console.log(`${label}: ${code === 0 ? "passed" : "FAILED"}`);
  return code ?? 1;
}

const codes = await Promise.all(parts.map(runGroup));
process.exit(codes.every((c) => c === 0) ? 0 : 1);
