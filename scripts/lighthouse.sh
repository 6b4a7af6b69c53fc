#!/usr/bin/env bash
# Lighthouse's mobile profile (a mid-range phone: 4x slower CPU, slow 4G) on the home
# page and the request form, against the local server (debug build; the SPA from
# `scripts/build-spa.sh`, built if missing). Prints each page's performance score, its
# largest paint, total blocking time, bytes and requests. Lighthouse comes from npm
# (into target/lighthouse, once), Chromium from Debian.
#
# usage: scripts/lighthouse.sh [dist-dir]   (default target/e2e-dist)
source "$(dirname "$0")/setup.sh"
DIST="${1:-$ROOT/target/e2e-dist}"
PORT=${PORT:-18090}
ensure_browser_test_tools
[ -f "$DIST/index.html" ] || scripts/build-spa.sh "$DIST"
LH="$ROOT/target/lighthouse"
if [ ! -x "$LH/node_modules/.bin/lighthouse" ]; then
  log "installing lighthouse (npm, once)"
  mkdir -p "$LH" && (cd "$LH" && npm install --no-audit --no-fund --silent lighthouse@12)
fi
cargo build -q -p helpdesk-functions --bin helpdesk-local
DATA=$(mktemp -d)
HELPDESK_ADDR=127.0.0.1:$PORT HELPDESK_DATA_DIR=$DATA HELPDESK_SPA_DIR=$DIST RUST_LOG=warn \
  "$ROOT/target/debug/helpdesk-local" >/dev/null &
SERVER=$!
at_exit 'kill $SERVER 2>/dev/null || true; rm -rf "$DATA"'
sleep 1
for path in / /submit; do
  OUT="$LH/report$(echo "$path" | tr / _).json"
  CHROME_PATH=$(command -v chromium) "$LH/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$path" \
    --quiet --only-categories=performance --form-factor=mobile --output=json --output-path="$OUT" \
    --chrome-flags="--headless=new --no-sandbox" >/dev/null 2>&1 || { echo "lighthouse failed on $path"; exit 1; }
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1]));
    const a = r.audits, ms = (k) => Math.round(a[k].numericValue);
    const items = a["network-requests"].details.items;
    const kib = items.reduce((n, i) => n + (i.transferSize || 0), 0) / 1024;
    console.log(`${process.argv[2].padEnd(8)} performance ${Math.round(r.categories.performance.score * 100)}` +
      `  FCP ${ms("first-contentful-paint")} ms  LCP ${ms("largest-contentful-paint")} ms` +
      `  TBT ${ms("total-blocking-time")} ms  CLS ${a["cumulative-layout-shift"].numericValue.toFixed(3)}` +
      `  ${kib.toFixed(1)} KiB over ${items.length} requests`);
  ' "$OUT" "$path"
done
