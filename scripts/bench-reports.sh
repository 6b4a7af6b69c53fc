#!/usr/bin/env bash
# Reports over a year of rollups: writes the rollups 4.2 million requests and 1.5
# million chats over 365 days would leave (synthetic traffic counted by the same code as
# real traffic, `helpdesk-admin bench-rollups`), starts the release server on them and
# asks a supervisor's year report, a quarter's and the default 30 days, one at a time;
# prints items read and latency percentiles.
#   scripts/bench-reports.sh [requests] [chats]
source "$(dirname "$0")/setup.sh"
REQUESTS=${1:-4200000}
CHATS=${2:-1500000}
PORT=${PORT:-18083}
cargo build --release -q -p helpdesk-functions --bin helpdesk-local --bin helpdesk-admin
DATA=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
HELPDESK_DATA_DIR=$DATA "$ROOT/target/release/helpdesk-admin" bench-rollups "$REQUESTS" "$CHATS"
HELPDESK_ADDR=127.0.0.1:$PORT HELPDESK_DATA_DIR=$DATA HELPDESK_SPA_DIR=$DATA/none \
  HELPDESK_LIMIT_SCALE=10000000 RUST_LOG=warn "$ROOT/target/release/helpdesk-local" >/dev/null &
SERVER=$!
sleep 1

python3 - "$PORT" <<'PY'
import http.client, json, sys, time, datetime
port = int(sys.argv[1])
c = http.client.HTTPConnection("127.0.0.1", port)
c.request("POST", "/api/v1/auth/staff", json.dumps({"login": "supervisor", "password": "supervisor-demo-2026"}),
          {"content-type": "application/json", "x-helpdesk-request": "1"})
r = c.getresponse(); r.read()
cookie = r.getheader("set-cookie").split(";")[0]
today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=3))).date()
for label, days in [("a year (365 days)", 365), ("a quarter (91 days)", 91), ("30 days", 30)]:
    start = today - datetime.timedelta(days=days - 1)
    path = f"/api/v1/staff/reports?from={start}&to={today}"
    times = []
    for i in range(21):
        t0 = time.perf_counter()
        c.request("GET", path, headers={"cookie": cookie})
        r = c.getresponse(); body = r.read()
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status == 200, (r.status, body[:200])
    rep = json.loads(body)
    received = sum(d["received"] for d in rep["days"])
    times = sorted(times[1:])
    print(f"{label}: {rep['items_read']} items read, {received} requests received in the range; "
          f"p50 {times[len(times) // 2]:.1f} ms, p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms (20 calls)")
PY
