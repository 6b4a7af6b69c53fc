#!/usr/bin/env bash
# Status lookups per second against the release server with the embedded store, on
# loopback: submits one request, then wrk POSTs lookups for 10 s with 2 threads and 32
# connections, printing throughput and latency percentiles. Needs wrk (apt-get install wrk).
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
echo "POST /api/v1/tickets/lookup"
wrk -t2 -c32 -d10s -s "$LUA" "http://127.0.0.1:$PORT/api/v1/tickets/lookup" | tail -1
rm -f "$LUA"
