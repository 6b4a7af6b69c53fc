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
mkdir -p "$OUT"
# wasm-bindgen, then wasm-opt -Oz (npm's binaryen: Debian's older one breaks Leptos, see
# TOOLCHAIN.md) into `<module>_bg.opt.wasm`, which app/bundle.mjs takes. Each module's
# wasm-opt starts in the background as soon as cargo has built it (wasm-bindgen in the
# foreground: the citizens' build rewrites the staff's helpdesk_app.wasm). Binaryen's JS
# build runs on one core and takes a minute on the staff's bundle, which so overlaps the
# next cargo build instead of following it: the bundling was 139 of the build's 290 s
# when each wasm-opt ran after the last, one at a time.
OPTIMIZING=()
at_exit 'kill "${OPTIMIZING[@]}" 2>/dev/null || true'
optimize_in_background() {
  local wasm=$1 name=$2
  wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name "$name" "$WASM/$wasm.wasm"
  "$ROOT/app/node_modules/.bin/wasm-opt" "$OUT/${name}_bg.wasm" \
    -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$OUT/${name}_bg.opt.wasm" &
  OPTIMIZING+=($!)
}
log "building the SPA (wasm32, profile wasm-release): the staff's bundle"
cargo build -p helpdesk-app --features staff --target wasm32-unknown-unknown --profile wasm-release
optimize_in_background helpdesk_app helpdesk_staff
log "the home page's module, the citizens' bundle, the search module and the chat module"
cargo build -p helpdesk-app-front -p helpdesk-app -p helpdesk-app-search -p helpdesk-app-chat --target wasm32-unknown-unknown --profile wasm-release
for module in helpdesk_app helpdesk_app_front helpdesk_app_search helpdesk_app_chat; do
  optimize_in_background "$module" "$module"
done
log "the form's module"
# Alone: built with the others, its `module` feature (the form's exports and the whole
# form) would be the citizens' app's too, which links it for uploads only.
cargo build -p helpdesk-app-form --target wasm32-unknown-unknown --profile wasm-release
optimize_in_background helpdesk_app_form helpdesk_app_form
log "waiting for wasm-opt"
for pid in "${OPTIMIZING[@]}"; do
  wait "$pid" || { echo "wasm-opt failed (above)" >&2; exit 1; }
done
node app/bundle.mjs "$OUT" "$DIST"
