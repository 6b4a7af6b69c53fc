#!/usr/bin/env bash
# Prints each Lambda function's start-up time (process start -> first answer, the
# function's share of a cold start) and warm answer time, running native release builds
# against a minimal local Lambda Runtime API, with moto behind the AWS SDK. The arm64
# builds for AWS are checked by scripts/build-lambdas.sh; this machine cannot run them.
source "$(dirname "$0")/setup.sh"
ensure_cloud_tools
log "native release build of the Lambda binary"
cargo build --release -p helpdesk-functions --features aws --bin lambda
start_moto
"$CLOUD_VENV/bin/python" "$ROOT/scripts/lambda-startup.py" "$ROOT/target/release"
