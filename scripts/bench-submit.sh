#!/usr/bin/env bash
# Durable submissions per second against the release server with the embedded store, on
# loopback: wrk POSTs new requests for 10 s with 2 threads and 32 connections (every 201
# is on disk, fsync'd, before it is sent). Printed against two references measured in the
# same run on the same disk:
#   - the fsync ceiling: small writes each followed by fsync, one after another, per second
#     (what one commit per request could reach at best);
#   - the baseline: the same server committing every transaction on its own
#     (HELPDESK_STORE_BATCH=1), i.e. without group commit.
# Needs wrk (installed from Debian if missing).
source "$(dirname "$0")/setup.sh"
PORT=${PORT:-18080}
DURATION=${DURATION:-10s}

fsync_ceiling() {
  python3 - "$1" <<'PY'
import os, sys, time
path = os.path.join(sys.argv[1], "fsync-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
n, start = 0, time.monotonic()
while time.monotonic() - start < 3:
    os.pwrite(fd, b"x" * 512, (n % 64) * 4096)
    os.fsync(fd)
    n += 1
os.close(fd); os.unlink(path)
print(round(n / (time.monotonic() - start)))
PY
}

LUA=$(mktemp)
cat > "$LUA" <<LUA
wrk.method = "POST"
wrk.body = '{"category":"technical","subject":"Не приходит СМС-код","full_name":"Иванов Иван","description":"Код подтверждения не приходит уже второй день подряд.","phone":"+79123456789","consent":true}'
wrk.headers["Content-Type"] = "application/json"
$WRK_REPORT
LUA

run() { # $1 = HELPDESK_STORE_BATCH
  HELPDESK_STORE_BATCH=$1 start_bench_server
  wrk -t2 -c32 -d"$DURATION" -s "$LUA" "http://127.0.0.1:$PORT/api/v1/tickets" | tail -1
  awk '/^VmRSS|^VmHWM/ { printf "  %s %d MB", $1, $2 / 1024 } END { print "" }' "/proc/$SERVER/status"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
}

PROBE=$(mktemp -d)
CEILING=$(fsync_ceiling "$PROBE"); rmdir "$PROBE"
echo "fsync ceiling on this disk: $CEILING synced writes/s"
OUT=$(mktemp)
echo "POST /api/v1/tickets, each transaction committed on its own (HELPDESK_STORE_BATCH=1)"
run 1 | tee "$OUT"; BASE=$(grep /s "$OUT")
echo "POST /api/v1/tickets, group commit (default)"
run 256 | tee "$OUT"; GROUP=$(grep /s "$OUT")
rm -f "$OUT"
rate() { echo "$1" | awk '{ sub("/s", "", $1); print $1 }'; }
python3 - "$(rate "$GROUP")" "$(rate "$BASE")" "$CEILING" <<'PY'
import sys
group, base, ceiling = (float(x) for x in sys.argv[1:])
print(f"group commit: {group / base:.1f}x the baseline, {group / ceiling:.2f}x the fsync ceiling")
PY
rm -f "$LUA"
