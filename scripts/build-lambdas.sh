#!/usr/bin/env bash
# Builds the Lambda binary for arm64 with cargo-lambda (zig as the cross linker) and
# prints its zipped size. Output: target/lambda/lambda/bootstrap.zip. One binary serves
# every function of infra/template.yaml: each function's Handler names the one it runs
# (functions/src/cloud/handlers), and SAM packages the same binary for each.
#
# `--check` (the test command): the dev profile instead of release. It proves that the
# functions compile and link for arm64 in about half the time (no optimisation); its
# binary is big and slow, not the one to deploy, so no size is printed. The test command
# runs it with CARGO_TARGET_DIR=target/arm64-check, beside the moto run.
source "$(dirname "$0")/setup.sh"
ensure_cloud_tools
OUT="${CARGO_TARGET_DIR:-target}/lambda/lambda"
if [ "${1:-}" = --check ]; then
  log "cargo lambda build --arm64, dev profile (the Lambda binary)"
  # Dependencies unoptimised (the tests' builds take opt-level 1, Cargo.toml): nothing
  # here runs, so optimising would only make the check longer.
  cargo lambda build --arm64 --config 'profile.dev.package."*".opt-level=0' \
    -p helpdesk-functions --bin lambda
  [ -x "$OUT/bootstrap" ] || { echo "missing $OUT/bootstrap" >&2; exit 1; }
  echo "the Lambda binary built and linked for arm64: $OUT/bootstrap"
  exit 0
fi
log "cargo lambda build --release --arm64 (the Lambda binary)"
cargo lambda build --release --arm64 --output-format zip -p helpdesk-functions --bin lambda
zip="$OUT/bootstrap.zip"
[ -f "$zip" ] || { echo "missing $zip" >&2; exit 1; }
raw=$(python3 -c "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo('bootstrap').file_size)" "$zip")
printf '%-12s %10s %10s\n' binary zip unzipped
printf '%-12s %7d KiB %7d KiB\n' lambda $(( $(stat -c %s "$zip") / 1024 )) $(( raw / 1024 ))
