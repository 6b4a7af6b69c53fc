#!/usr/bin/env bash
# The test command: installs what tests need, then runs every test: formatting and lints,
# unit and black-box API tests (with the kill -9 durability test), the SPA build, and
# the browser tests in Chromium (both viewports, axe-core).
source "$(dirname "$0")/setup.sh"
started=$(date +%s)
ensure_wasm_toolchain
ensure_browser_test_tools

log "format and lints"
cargo fmt --all -- --check
cargo clippy --all-targets -p helpdesk-shared -p helpdesk-functions -- -D warnings
cargo clippy -p helpdesk-app --target wasm32-unknown-unknown -- -D warnings

log "unit, contract and API tests"
cargo test -p helpdesk-shared -p helpdesk-functions -p helpdesk-app

log "SPA build"
DIST="$ROOT/target/e2e-dist"
"$ROOT/scripts/build-spa.sh" "$DIST"

log "browser tests"
cargo build -p helpdesk-functions --bin helpdesk-local
node e2e/run.mjs "$ROOT/target/debug/helpdesk-local" "$DIST"

log "all tests passed in $(( $(date +%s) - started )) s"
