#!/usr/bin/env bash
# The operators' queue with many open requests, against the release server with the
# embedded store, on loopback: submits N requests (default 10000, across every
# category) through the API, signs in as the demo operator, then prints
#  - how long one page takes at the start of the queue and deep into it (every page
#    walked with its cursor, 50 a page),
#  - wrk figures (10 s, 2 threads, 16 connections) for the first page, the counts, and
#    a rare filter (the worst case: a page examines up to 1000 requests).
#   scripts/bench-queue.sh [N]
# Needs wrk (apt-get install wrk; installed here if missing).
source "$(dirname "$0")/setup.sh"
N=${1:-10000}
PORT=${PORT:-18081}
start_bench_server

COOKIE=$(python3 - "$PORT" "$N" <<'PY'
import http.client, json, sys, threading, time
port, n = int(sys.argv[1]), int(sys.argv[2])
cats = ["registration", "applications", "application_status", "payments", "technical",
        "notifications", "appointments", "legal", "complaint"]
def submit(share):
    c = http.client.HTTPConnection("127.0.0.1", port)
    for i in share:
        # One request in a hundred is a suggestion: the rare filter below.
        cat = "suggestion" if i % 100 == 0 else cats[i % len(cats)]
        body = json.dumps({"category": cat, "subject": f"Вопрос номер {i}",
            "full_name": "Иванов Иван", "consent": True, "phone": "+79123456789",
            "description": "Подробное описание вопроса для проверки очереди операторов."})
        c.request("POST", "/api/v1/tickets", body, {"content-type": "application/json"})
        r = c.getresponse(); r.read()
        assert r.status == 201, r.status
started = time.time()
threads = [threading.Thread(target=submit, args=(range(k, n, 4),)) for k in range(4)]
for t in threads: t.start()
for t in threads: t.join()
took = time.time() - started
print(f"submitted {n} requests in {took:.1f} s ({n / took:.0f}/s, 4 clients)", file=sys.stderr)
c = http.client.HTTPConnection("127.0.0.1", port)
c.request("POST", "/api/v1/auth/staff", json.dumps({"login": "operator", "password": "operator-demo-2026"}),
          {"content-type": "application/json", "x-helpdesk-request": "1"})
r = c.getresponse(); r.read()
cookie = r.getheader("set-cookie").split(";")[0]
# Walk the whole queue, 50 a page, timing each page.
times, cursor, seen = [], "", 0
while True:
    t0 = time.perf_counter()
    c.request("GET", f"/api/v1/staff/queue?limit=50&cursor={cursor}", headers={"cookie": cookie})
    r = c.getresponse(); page = json.loads(r.read())
    times.append((time.perf_counter() - t0) * 1000)
    seen += len(page["items"])
    cursor = page.get("cursor")
    if not cursor: break
def pct(xs, p): xs = sorted(xs); return xs[min(len(xs) - 1, int(len(xs) * p / 100))]
first, last = times[: len(times) // 10], times[-(len(times) // 10):]
print(f"walked {len(times)} pages ({seen} requests): page p50 {pct(times, 50):.2f} ms, p99 {pct(times, 99):.2f} ms; "
      f"first tenth p50 {pct(first, 50):.2f} ms, last tenth p50 {pct(last, 50):.2f} ms", file=sys.stderr)
c.request("GET", "/api/v1/staff/queue/counts", headers={"cookie": cookie})
r = c.getresponse(); counts = json.loads(r.read())
print(f"counts: open {counts['open']}, unassigned {counts['unassigned']}, "
      f"by category {len(counts['by_category'])} kinds", file=sys.stderr)
print(cookie)
PY
)

LUA=$(mktemp)
trap 'kill $SERVER 2>/dev/null; rm -rf "$DATA" "$LUA"' EXIT
cat > "$LUA" <<LUA
wrk.headers["Cookie"] = "$COOKIE"
$WRK_REPORT
LUA
for path in "staff/queue?limit=50" "staff/queue/counts" "staff/queue?limit=50&category=suggestion"; do
  echo "GET /api/v1/$path"
  wrk -t2 -c16 -d10s -s "$LUA" "http://127.0.0.1:$PORT/api/v1/$path" | tail -1
done
