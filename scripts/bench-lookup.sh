#!/usr/bin/env bash
# Status lookups per second against the release server with the embedded store, on
# loopback: submits one request, then wrk POSTs lookups for 10 s with 2 threads and 32
# connections, printing throughput and latency percentiles; then the same wrk against the
# ceiling, a minimal axum handler echoing the same JSON body (examples/echo_server.rs),
# and the ratio. Needs wrk (installed from Debian if missing).
source "$(dirname "$0")/setup.sh"
PORT=${PORT:-18080}
start_bench_server
RESP=$(curl -s -X POST "http://127.0.0.1:$PORT/api/v1/tickets" -H 'content-type: application/json' -d '{
  "category":"technical","subject":"Не приходит СМС-код","full_name":"Иванов Иван",
  "description":"Код подтверждения не приходит уже второй день подряд.","phone":"+79123456789","consent":true}')
NUMBER=$(echo "$RESP" | sed -n 's/.*"number":"\([^"]*\)".*/\1/p')
CODE=$(echo "$RESP" | sed -n 's/.*"access_code":"\([^"]*\)".*/\1/p')
LUA=$(mktemp)
cat > "$LUA" <<LUA
wrk.method = "POST"
wrk.body = '{"number":"$NUMBER","access_code":"$CODE"}'
wrk.headers["Content-Type"] = "application/json"
$WRK_REPORT
LUA
cargo build --release -q -p helpdesk-functions --example echo_server
echo "POST /api/v1/tickets/lookup"
LOOKUP=$(wrk -t2 -c32 -d10s -s "$LUA" "http://127.0.0.1:$PORT/api/v1/tickets/lookup" | tail -1)
echo "$LOOKUP"
awk '/^VmRSS/ { printf "  server resident: %d MB\n", $2 / 1024 }' "/proc/$SERVER/status"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
ECHO_PORT=$((PORT + 1))
"$ROOT/target/release/examples/echo_server" "127.0.0.1:$ECHO_PORT" &
ECHO=$!
at_exit 'kill $ECHO 2>/dev/null || true'
sleep 0.5
echo "the ceiling: a minimal axum handler echoing the same JSON body"
CEILING=$(wrk -t2 -c32 -d10s -s "$LUA" "http://127.0.0.1:$ECHO_PORT/api/v1/tickets/lookup" | tail -1)
echo "$CEILING"
rm -f "$LUA"
rate() { echo "$1" | awk '{ sub("/s", "", $1); print $1 }'; }
awk -v a="$(rate "$LOOKUP")" -v b="$(rate "$CEILING")" 'BEGIN { printf "lookups: %.2fx the ceiling (goal 0.5x)\n", a / b }'
