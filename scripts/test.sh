#!/usr/bin/env bash
# The test command: installs what tests need, then runs every test: formatting and lints
# (Rust and the AWS template), unit, contract and black-box API tests over the embedded
# store and again over DynamoDB/SNS/SES/S3 (a moto server it starts), Lambda event tests,
# the arm64 Lambda builds, the SPA build, and the browser tests in Chromium.
source "$(dirname "$0")/setup.sh"
started=$(date +%s)
warn_if_disk_low 8
ensure_wasm_toolchain
ensure_browser_test_tools
ensure_cloud_tools

log "format and lints"
cargo fmt --all -- --check
cargo clippy --all-targets -p helpdesk-shared -p helpdesk-functions -p helpdesk-app-search -p helpdesk-app-chat --features helpdesk-functions/aws -- -D warnings
cargo clippy -p helpdesk-app -p helpdesk-app-search -p helpdesk-app-chat --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p helpdesk-app --features staff --target wasm32-unknown-unknown -- -D warnings
"$ROOT/scripts/lint-infra.sh"

start_moto

# Every native cargo call below selects the same packages and features: a different set
# resolves different dependency features and builds every test binary a second time
# (gigabytes of target/ and minutes of CI).
NATIVE=(-p helpdesk-shared -p helpdesk-functions -p helpdesk-app -p helpdesk-app-search -p helpdesk-app-chat --features helpdesk-functions/aws,helpdesk-functions/redrive,helpdesk-app/staff)

log "unit, contract (redb and DynamoDB), Lambda event and API tests"
cargo test "${NATIVE[@]}"

log "API tests again over DynamoDB, SNS, SES and S3 (moto), with the fan-out"
HELPDESK_TEST_BACKEND=aws cargo test "${NATIVE[@]}" --test api --test api_edges --test auth --test workspace --test downloads --test roles --test queue --test faq --test chat --test chat_socket --test sla --test chat_wait --test reports --test survey --test notices --test push --test redrive

log "Lambda functions (arm64)"
# The test proves every function builds and links for Lambda's arm64; link-time
# optimisation only makes them smaller (deploy builds, and the script run alone, keep
# it), and costs minutes here, so the test run leaves it out.
CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  "$ROOT/scripts/build-lambdas.sh"

log "SPA build"
DIST="$ROOT/target/e2e-dist"
"$ROOT/scripts/build-spa.sh" "$DIST"

log "browser tests"
cargo build "${NATIVE[@]}" --bin helpdesk-local
node e2e/run.mjs "$ROOT/target/debug/helpdesk-local" "$DIST"

log "all tests passed in $(( $(date +%s) - started )) s"
