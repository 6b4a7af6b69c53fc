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
}
at_exit print_stages
warn_if_disk_low 8
ensure_wasm_toolchain
ensure_browser_test_tools
ensure_cloud_tools

stage "format and lints"
cargo fmt --all -- --check
cargo clippy --all-targets -p helpdesk-shared -p helpdesk-functions -p helpdesk-app-site -p helpdesk-app-front -p helpdesk-app-search -p helpdesk-app-chat --features helpdesk-functions/aws -- -D warnings
cargo clippy -p helpdesk-app -p helpdesk-app-front -p helpdesk-app-search -p helpdesk-app-chat --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p helpdesk-app --features staff --target wasm32-unknown-unknown -- -D warnings
"$ROOT/scripts/lint-infra.sh"

start_moto

# Every native cargo call below selects the same packages and features: a different set
# resolves different dependency features and builds every test binary a second time
# (gigabytes of target/ and minutes of CI).
NATIVE=(-p helpdesk-shared -p helpdesk-functions -p helpdesk-app-site -p helpdesk-app-front -p helpdesk-app -p helpdesk-app-search -p helpdesk-app-chat --features helpdesk-functions/aws,helpdesk-functions/redrive,helpdesk-app/staff)

stage "unit, contract (redb and DynamoDB), Lambda event and API tests"
cargo test "${NATIVE[@]}"

stage "API tests again over DynamoDB, SNS, SES and S3 (moto), with the fan-out"
HELPDESK_TEST_BACKEND=aws cargo test "${NATIVE[@]}" --test api --test api_edges --test auth --test workspace --test downloads --test roles --test queue --test faq --test chat --test chat_socket --test sla --test chat_wait --test reports --test survey --test notices --test push --test redrive

stage "Lambda functions (arm64)"
# Proves every function compiles and links for Lambda's arm64, with the dev profile:
# half the time of the optimised build, which deploys (and the script run alone) use.
"$ROOT/scripts/build-lambdas.sh" --check

stage "SPA build"
DIST="$ROOT/target/e2e-dist"
"$ROOT/scripts/build-spa.sh" "$DIST"

stage "browser tests"
# The server the browser tests drive is the one `cargo test` built above for the API tests
# (target/debug/helpdesk-local). `cargo build` would build it again from scratch: without
# the dev-dependencies, the AWS SDK's crates resolve other features (2 min here). This
# only makes sure it is there and current.
cargo test "${NATIVE[@]}" --no-run --quiet
node e2e/run.mjs "$ROOT/target/debug/helpdesk-local" "$DIST"

log "all tests passed in $(( $(date +%s) - started )) s"
