#!/usr/bin/env bash
# Builds the SPA into dist/ (or $1): release wasm, wasm-bindgen, wasm-opt, hashed and
# precompressed assets. Prints the bundle sizes.
source "$(dirname "$0")/setup.sh"
DIST="${1:-$ROOT/dist}"
ensure_wasm_toolchain
log "building the SPA (wasm32, profile wasm-release)"
# The app and the search engine's module (loaded only when a citizen searches).
cargo build -p helpdesk-app -p helpdesk-app-search --target wasm32-unknown-unknown --profile wasm-release
OUT="$ROOT/target/spa-bindgen"
rm -rf "$OUT"
for module in helpdesk_app helpdesk_app_search; do
  wasm-bindgen --target web --no-typescript --out-dir "$OUT" \
    "$ROOT/target/wasm32-unknown-unknown/wasm-release/$module.wasm"
done
node app/bundle.mjs "$OUT" "$DIST"
