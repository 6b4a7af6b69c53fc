# Sourced by the other scripts: installs what they need on a fresh machine, from the
# registries this machine reaches (rustup, crates.io, npm, Debian). Idempotent and quick
# when everything is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Commands run when the script exits, in the order added (one EXIT trap holds them all,
# so a second caller does not replace the first's). A hook that fails (a process already
# gone) must not change the script's exit status: under `set -e` a failing command in the
# trap would exit 1 after every test had passed, so each runs with `|| true` and the
# status the script was leaving with is kept.
EXIT_HOOKS=()
at_exit() {
  EXIT_HOOKS+=("$1")
  trap 'exit_status=$?; for hook in "${EXIT_HOOKS[@]}"; do eval "$hook" || true; done; exit $exit_status' EXIT
}

# Runs "$@" in the background with its output in the file $1 ... (usage: in_background LOG
# CMD...), in a process group of its own (setsid), the whole group killed when this script
# exits: killing the job and its children left the grandchildren running after a failed
# run (the arm64 check's cargo under cargo-lambda, rustc under it). Sets BG_PID.
in_background() {
  local out=$1
  shift
  setsid "$@" >"$out" 2>&1 &
  BG_PID=$!
  at_exit "kill -- -$BG_PID 2>/dev/null || true"
}

# Says, before a long build, when the disk is too full for it: a build that runs out of
# space fails half an hour later with "No space left on device" in the middle of a crate.
warn_if_disk_low() {
  local need_gib=$1 free_gib
  mkdir -p "$ROOT/target"
  free_gib=$(( $(df -Pk "$ROOT/target" | awk 'NR == 2 { print $4 }') / 1024 / 1024 ))
  if [ "$free_gib" -lt "$need_gib" ]; then
    log "warning: ${free_gib} GiB free under target/; a build from scratch needs about ${need_gib} GiB"
  fi
}

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
  # chromium for the browser tests; poppler-utils' pdftotext reads the chat's PDF.
  if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
    log "installing Debian's chromium and poppler-utils (~1.5 min once)"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
  fi
  if [ ! -d e2e/node_modules/playwright-core ] || [ ! -f e2e/node_modules/axe-core/axe.min.js ]; then
    log "installing playwright-core and axe-core (npm)"
    (cd e2e && npm install --no-audit --no-fund --silent)
  fi
}

# The Python tools of the cloud half, pinned in scripts/cloud-tools.lock: moto (a
# DynamoDB/SNS/SQS/SES/S3-compatible server for tests), cargo-lambda (with zig, for the
# arm64 Lambda builds), cfn-lint, checkov and the SAM CLI. One venv outside the clone,
# named by the lock's hash, so clones share it and a changed lock gets a fresh one.
ensure_cloud_tools() {
  local hash
  hash=$(sha256sum scripts/cloud-tools.lock | cut -c1-12)
  CLOUD_VENV="${HELPDESK_TOOLS_DIR:-$HOME/.cache/helpdesk}/cloud-venv-$hash"
  if [ ! -f "$CLOUD_VENV/.complete" ]; then
    log "installing the cloud tools from PyPI into $CLOUD_VENV (a few minutes once)"
    rm -rf "$CLOUD_VENV"
    mkdir -p "$(dirname "$CLOUD_VENV")"
    python3 -m venv "$CLOUD_VENV"
    "$CLOUD_VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps \
      -r scripts/cloud-tools.lock
    touch "$CLOUD_VENV/.complete"
  fi
  export PATH="$CLOUD_VENV/bin:$PATH"
  if ! rustup target list --installed | grep -qx aarch64-unknown-linux-gnu; then
    log "adding the aarch64 Linux target (Lambda runs on arm64)"
    rustup target add aarch64-unknown-linux-gnu
  fi
}

# Starts a moto server on a free port (log: target/moto-NAME.log, NAME "main" unless
# given) and waits until it answers: its URL in MOTO_URL, its process in MOTO_PID. Fails
# (and so fails the caller) if it does not answer.
moto_server() {
  local port pid log="$ROOT/target/moto-${1:-main}.log"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$ROOT/target"
  # One request at a time: see scripts/moto-serial.py for why.
  "$CLOUD_VENV/bin/python" "$ROOT/scripts/moto-serial.py" 127.0.0.1 "$port" \
    >"$log" 2>&1 &
  pid=$!
  at_exit "kill $pid 2>/dev/null || true"
  if ! python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(150):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/moto-api/", timeout=1)
        sys.exit(0)
    except Exception:
        time.sleep(0.2)
sys.exit(1)
PY
  then
    echo "moto server did not start; its log:" >&2
    cat "$log" >&2
    return 1
  fi
  MOTO_URL="http://127.0.0.1:$port"
  MOTO_PID=$pid
}

# The credentials and region the AWS SDK needs to talk to moto (which checks neither).
moto_credentials() {
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
}

# Starts moto for this shell and exports what the AWS SDK needs to use it.
start_moto() {
  moto_server
  export AWS_ENDPOINT_URL="$MOTO_URL"
  moto_credentials
  log "moto server at $AWS_ENDPOINT_URL"
}

# For the measuring scripts: wrk, and the release server over a fresh data directory on
# $PORT with every rate limit lifted, stopped (and the directory removed) on exit.
# Sets DATA and SERVER.
start_bench_server() {
  command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
  cargo build --release -q -p helpdesk-functions --bin helpdesk-local
  DATA=$(mktemp -d)
  HELPDESK_ADDR=127.0.0.1:$PORT HELPDESK_DATA_DIR=$DATA HELPDESK_SPA_DIR=$DATA/none \
    HELPDESK_LIMIT_SCALE=10000000 RUST_LOG=warn "$ROOT/target/release/helpdesk-local" >/dev/null &
  SERVER=$!
  at_exit 'kill $SERVER 2>/dev/null || true; rm -rf "$DATA"'
  sleep 1
}

# The line wrk prints at the end in the measuring scripts (a Lua `done` hook): requests a
# second, latency percentiles, errors (non-2xx answers included).
WRK_REPORT=$(cat <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("  %.0f/s  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
)
