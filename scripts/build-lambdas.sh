#!/usr/bin/env bash
# Builds every Lambda function for arm64 with cargo-lambda (zig as the cross linker) and
# prints each function's zipped size. Output: target/lambda/<function>/bootstrap.zip.
source "$(dirname "$0")/setup.sh"
ensure_cloud_tools
FUNCTIONS=(submission status account workspace fanout redelivery)
args=()
for f in "${FUNCTIONS[@]}"; do args+=(--bin "$f"); done
log "cargo lambda build --release --arm64 (${FUNCTIONS[*]})"
cargo lambda build --release --arm64 --output-format zip -p helpdesk-functions "${args[@]}"
printf '%-12s %10s %10s\n' function zip binary
for f in "${FUNCTIONS[@]}"; do
  zip="target/lambda/$f/bootstrap.zip"
  [ -f "$zip" ] || { echo "missing $zip" >&2; exit 1; }
  raw=$(python3 -c "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo('bootstrap').file_size)" "$zip")
  printf '%-12s %7d KiB %7d KiB\n' "$f" $(( $(stat -c %s "$zip") / 1024 )) $(( raw / 1024 ))
done
