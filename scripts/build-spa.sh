#!/usr/bin/env bash
# Builds the SPA into dist/ (or $1): release wasm, wasm-bindgen, wasm-opt, hashed and
# precompressed assets. Prints the bundle sizes.
#
# Six wasm modules: the home page's (index.html) and the request form's (submit.html),
# both pre-rendered, no Leptos (the citizens' first load), the citizens' app (app.html: every other citizen page), the staff's
# (staff.html: the same app with the operators' and admins' pages, feature `staff`), and
# two that load on first use: the knowledge base's search module and the chat's. The
# bundle step fails if the citizens' first load is over its budget.
source "$(dirname "$0")/setup.sh"
DIST="${1:-$ROOT/dist}"
ensure_wasm_toolchain
# CARGO_TARGET_DIR is honoured: the test command builds the SPA in a directory of its
# own, alongside the native tests.
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$TARGET/spa-bindgen"
WASM="$TARGET/wasm32-unknown-unknown/wasm-release"
rm -rf "$OUT"
log "building the SPA (wasm32, profile wasm-release): the staff's bundle"
cargo build -p helpdesk-app --features staff --target wasm32-unknown-unknown --profile wasm-release
wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name helpdesk_staff "$WASM/helpdesk_app.wasm"
log "the home page's module, the form's, the citizens' bundle, the search module and the chat module"
cargo build -p helpdesk-app-front -p helpdesk-app -p helpdesk-app-search -p helpdesk-app-chat --target wasm32-unknown-unknown --profile wasm-release
# Alone: built with the others, its `module` feature (the form's exports and the whole
# form) would be the citizens' app's too, which links it for uploads only.
cargo build -p helpdesk-app-form --target wasm32-unknown-unknown --profile wasm-release
for module in helpdesk_app_front helpdesk_app_form helpdesk_app helpdesk_app_search helpdesk_app_chat; do
  wasm-bindgen --target web --no-typescript --out-dir "$OUT" "$WASM/$module.wasm"
done
node app/bundle.mjs "$OUT" "$DIST"
