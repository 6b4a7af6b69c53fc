#!/usr/bin/env bash
# Status lookups per second against the release server with the embedded store, on
# loopback, against the ceiling: a minimal axum handler echoing the same JSON body
# (examples/echo_server.rs). Submits one request, then runs wrk (2 threads, 32
# connections, POSTing the lookup) against the two servers in turns, ROUNDS times
# (default 7) for BENCH_SECONDS each (default 4): the machine's speed drifts by ±20 % from
# minute to minute, so each round's lookups are compared with the ceiling measured right
# after them. Prints every round (throughput and latency percentiles), each round's ratio
# and their median. Needs wrk (installed from Debian if missing).
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
ECHO_PORT=$((PORT + 1))
"$ROOT/target/release/examples/echo_server" "127.0.0.1:$ECHO_PORT" &
ECHO=$!
at_exit 'kill $ECHO 2>/dev/null || true; rm -f "$LUA"'
sleep 0.5
ROUNDS=${ROUNDS:-7}
SECONDS_EACH=${BENCH_SECONDS:-4}
rate() { echo "$1" | awk '{ sub("/s", "", $1); print $1 }'; }
RATIOS=()
for round in $(seq "$ROUNDS"); do
  LOOKUP=$(wrk -t2 -c32 -d"${SECONDS_EACH}s" -s "$LUA" "http://127.0.0.1:$PORT/api/v1/tickets/lookup" | tail -1)
  CEILING=$(wrk -t2 -c32 -d"${SECONDS_EACH}s" -s "$LUA" "http://127.0.0.1:$ECHO_PORT/api/v1/tickets/lookup" | tail -1)
  RATIO=$(awk -v a="$(rate "$LOOKUP")" -v b="$(rate "$CEILING")" 'BEGIN { printf "%.2f", a / b }')
  RATIOS+=("$RATIO")
  echo "round $round: POST /api/v1/tickets/lookup"
  echo "$LOOKUP"
  echo "         the ceiling (a minimal axum handler echoing the same body)"
  echo "$CEILING"
  echo "         lookups: ${RATIO}x the ceiling"
done
awk '/^VmRSS/ { printf "server resident: %d MB\n", $2 / 1024 }' "/proc/$SERVER/status"
MEDIAN=$(printf '%s\n' "${RATIOS[@]}" | sort -n | awk '{ r[NR] = $1 } END { print r[int((NR + 1) / 2)] }')
echo "lookups: ${MEDIAN}x the ceiling, the median of ${ROUNDS} rounds (${RATIOS[*]}) (goal 0.5x)"
