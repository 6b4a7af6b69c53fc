#!/usr/bin/env bash
# The test command: installs what tests need, then runs every test: formatting and lints
# (Rust and the AWS template), unit, contract and black-box API tests over the embedded
# store and again over DynamoDB/SNS/SES/S3 (a moto server it starts), Lambda event tests,
# the arm64 Lambda builds, the SPA build, and the browser tests in Chromium.
source "$(dirname "$0")/setup.sh"
started=$(date +%s)
# Each stage's time, printed as a table at the end (and on failure, up to the stage that
# failed).
STAGES=()
stage_started=$started
stage_name="install what tests need"
stage() {
  local now; now=$(date +%s)
  STAGES+=("$(printf '%-58s %5d s' "$stage_name" $(( now - stage_started )))")
  stage_started=$now
  stage_name=$1
  log "$1"
}
print_stages() {
  stage "(end)" >/dev/null
  printf '\n%-58s %7s\n' "stage" "time"
  printf '%s\n' "${STAGES[@]}"
  printf '%-58s %5d s\n' "total" $(( $(date +%s) - started ))
  # The disk it took: CI machines have little to spare (a run once died of a full disk).
  printf 'target/: %s; free: %s\n' "$(du -sh "$ROOT/target" 2>/dev/null | cut -f1)" \
    "$(df -Ph "$ROOT/target" | awk 'NR == 2 { print $4 }')"
}
at_exit print_stages
warn_if_disk_low 8
# No incremental compilation: the test command builds each crate once per run, and
# the incremental caches doubled the workspace crates' share of target/ (≈ 2 GiB) for
# nothing a clean clone can use.
export CARGO_INCREMENTAL=0
ensure_wasm_toolchain
ensure_browser_test_tools
ensure_cloud_tools

# Every native cargo call below selects the same packages and features: a different set
# resolves different dependency features and builds every test binary a second time
# (gigabytes of target/ and minutes of CI).
NATIVE=(-p helpdesk-shared -p helpdesk-functions -p helpdesk-app-site -p helpdesk-app-front -p helpdesk-app-form -p helpdesk-app -p helpdesk-app-search -p helpdesk-app-chat --features helpdesk-functions/aws,helpdesk-functions/redrive,helpdesk-app/staff)

# Clippy as the compiler of the workspace's own crates (what `cargo clippy` does, with
# code generation kept): every target the tests build (libraries, tests, binaries,
# examples) is linted with warnings denied while it compiles, and the dependencies are
# compiled once, not also checked apart. Every native cargo call uses it, or the
# workspace's crates would be compiled again; so does the SPA's build (each wasm crate
# linted with the features it ships with: the staff's bundle, the citizens', the
# modules), whose lint errors fail it like any other.
LINTED=(env RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)"
  CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__")

# The SPA builds from the start (beside the lints, then the native tests), in a target
# directory of its own (so neither waits for the other's lock): its fat-LTO links and
# wasm-opt run on one core each for minutes, and the tests spend much of their time
# waiting on fsync and moto, so the two share the machine's cores better than they take
# turns. Its output is shown when it is awaited.
DIST="$ROOT/target/e2e-dist"
SPA_LOG="$ROOT/target/spa-build.log"
in_background "$SPA_LOG" "${LINTED[@]}" CARGO_TARGET_DIR="$ROOT/target/spa" "$ROOT/scripts/build-spa.sh" "$DIST"
SPA_BUILD=$BG_PID

stage "format and the template's lints"
cargo fmt --all -- --check
# The Rust code is linted by the builds that compile it anyway (LINTED below): the native
# code by the tests' build, the wasm code by the SPA's. A separate `cargo clippy` checked
# every dependency again for nothing: ≈ 190 s natively, and for wasm 136 s of a clean
# clone's lint stage (and 25 s of a rerun).
"$ROOT/scripts/lint-infra.sh"

start_moto

stage "the native tests' build, clippy on the native code"
# Built first, then run: the API tests over moto run beside the others (below), from the
# same `it` binary. JSON for the artifacts (where that binary is), diagnostics as text.
IT=$("${LINTED[@]}" cargo test "${NATIVE[@]}" --no-run --message-format=json-render-diagnostics |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "it" and m.get("executable"):
        print(m["executable"])')
[ -x "$IT" ] || { echo "the integration-test binary was not built" >&2; exit 1; }

stage "unit, contract (redb and DynamoDB), Lambda event and API tests; beside them the API tests over DynamoDB, SNS, SES and S3 (moto)"
# The arm64 check starts here, in a target directory of its own (which keeps the cargo
# calls from taking turns on target/'s lock): the tests spend much of their time waiting
# on fsync and moto, which leaves CPU to share.
# It proves the functions compile and link for Lambda's arm64, with the dev profile:
# half the time of the optimised build, which deploys (and the script run alone) use.
ARM64_LOG="$ROOT/target/arm64-check.log"
# At the lowest priority, and awaited last: the tests, the SPA's build and the browser
# tests come first, and it takes the time they leave idle (in a rerun, ≈ 110 s it had
# added between the moto run and the browser tests).
in_background "$ARM64_LOG" env CARGO_TARGET_DIR="$ROOT/target/arm64-check" nice -n 19 "$ROOT/scripts/build-lambdas.sh" --check
ARM64_BUILD=$BG_PID
# The API tests over moto, by two workers with a moto server each (scripts/api-tests-moto.sh),
# while `cargo test` runs everything over the embedded store (and the DynamoDB adapter's
# contract tests over the first moto server).
MOTO_TESTS_LOG="$ROOT/target/api-tests-moto.log"
in_background "$MOTO_TESTS_LOG" "$ROOT/scripts/api-tests-moto.sh" "$IT" 2
MOTO_TESTS=$BG_PID
"${LINTED[@]}" cargo test "${NATIVE[@]}"

stage "API tests over DynamoDB, SNS, SES and S3 (moto), with the fan-out (the rest of them)"
if ! wait "$MOTO_TESTS"; then
  cat "$MOTO_TESTS_LOG"
  echo "the API tests over moto failed (above)" >&2
  exit 1
fi
cat "$MOTO_TESTS_LOG"

stage "SPA build with clippy on the wasm code (the rest of it: it started with the native tests)"
if ! wait "$SPA_BUILD"; then
  cat "$SPA_LOG"
  echo "the SPA build failed (above)" >&2
  exit 1
fi
cat "$SPA_LOG"

stage "browser tests"
# The server the browser tests drive is the one `cargo test` built above for the API tests
# (target/debug/helpdesk-local). `cargo build` would build it again from scratch: without
# the dev-dependencies, the AWS SDK's crates resolve other features (2 min here). This
# only makes sure it is there and current.
"${LINTED[@]}" cargo test "${NATIVE[@]}" --no-run --quiet
node e2e/run.mjs --groups 2 "$ROOT/target/debug/helpdesk-local" "$DIST"

stage "Lambda functions (arm64) (the rest of it: it started with the tests' runs, at the lowest priority)"
if ! wait "$ARM64_BUILD"; then
  cat "$ARM64_LOG"
  echo "the arm64 build of the Lambda functions failed (above)" >&2
  exit 1
fi
tail -n 3 "$ARM64_LOG"

log "all tests passed in $(( $(date +%s) - started )) s"
