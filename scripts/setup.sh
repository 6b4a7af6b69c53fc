# Sourced by the other scripts: installs what they need on a fresh machine, from the
# registries this machine reaches (rustup, crates.io, npm, Debian). Idempotent and quick
# when everything is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_wasm_toolchain() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  # wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock.
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (matches Cargo.lock; takes ~2 min once)"
    cargo install wasm-bindgen-cli --version "=$want"
  fi
  if [ ! -x app/node_modules/.bin/wasm-opt ]; then
    log "installing wasm-opt (npm binaryen)"
    (cd app && npm install --no-audit --no-fund --silent)
  fi
}

ensure_browser_test_tools() {
  if ! command -v chromium >/dev/null 2>&1; then
    log "installing Debian's chromium (~1.5 min once)"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -d e2e/node_modules/playwright-core ]; then
    log "installing playwright-core and axe-core (npm)"
    (cd e2e && npm install --no-audit --no-fund --silent)
  fi
}
