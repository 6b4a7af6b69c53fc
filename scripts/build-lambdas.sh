#!/usr/bin/env bash
# Builds every Lambda function for arm64 with cargo-lambda (zig as the cross linker) and
# prints each function's zipped size. Output: target/lambda/<function>/bootstrap.zip.
#
# `--check` (the test command): the dev profile instead of release. It proves that every
# function compiles and links for arm64 in about half the time (no optimisation); its
# binaries are big and slow, not the ones to deploy, so no sizes are printed. The test
# command runs it with CARGO_TARGET_DIR=target/arm64-check, beside the moto run.
source "$(dirname "$0")/setup.sh"
ensure_cloud_tools
# The functions are the binaries under src/bin/lambda/ in functions/Cargo.toml (the
# deployment test holds infra/template.yaml to the same list).
mapfile -t FUNCTIONS < <(awk '/^name = / { name = $3 } /^path = "src\/bin\/lambda\// { gsub(/"/, "", name); print name }' functions/Cargo.toml)
[ "${#FUNCTIONS[@]}" -gt 0 ] || { echo "no Lambda binaries found in functions/Cargo.toml" >&2; exit 1; }
args=()
for f in "${FUNCTIONS[@]}"; do args+=(--bin "$f"); done
if [ "${1:-}" = --check ]; then
  log "cargo lambda build --arm64, dev profile (${FUNCTIONS[*]})"
  cargo lambda build --arm64 -p helpdesk-functions "${args[@]}"
  for f in "${FUNCTIONS[@]}"; do
    bin="${CARGO_TARGET_DIR:-target}/lambda/$f/bootstrap"
    [ -x "$bin" ] || { echo "missing $bin" >&2; exit 1; }
  done
  echo "every function built and linked for arm64: ${FUNCTIONS[*]}"
  exit 0
fi
log "cargo lambda build --release --arm64 (${FUNCTIONS[*]})"
cargo lambda build --release --arm64 --output-format zip -p helpdesk-functions "${args[@]}"
printf '%-12s %10s %10s\n' function zip binary
for f in "${FUNCTIONS[@]}"; do
  zip="target/lambda/$f/bootstrap.zip"
  [ -f "$zip" ] || { echo "missing $zip" >&2; exit 1; }
  raw=$(python3 -c "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo('bootstrap').file_size)" "$zip")
  printf '%-12s %7d KiB %7d KiB\n' "$f" $(( $(stat -c %s "$zip") / 1024 )) $(( raw / 1024 ))
done
