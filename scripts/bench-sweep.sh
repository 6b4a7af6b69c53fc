#!/usr/bin/env bash
# The service levels' sweep with many open requests, against the release server with
# the embedded store and its development clock: submits 1,000 requests, moves the clock
# three days forward (their first-response and resolution dates pass), submits N more
# (default 99,000: due in the future), then runs the sweep (`POST /dev/sweep`, what the
# minute's timer runs) and prints what it did, the items it read and how long it took;
# then once more (nothing due: what a sweep costs with N + 1,000 open requests).
#   scripts/bench-sweep.sh [N]
source "$(dirname "$0")/setup.sh"
N=${1:-99000}
PORT=${PORT:-18082}
export HELPDESK_DEV_CLOCK=1 HELPDESK_SLA_SWEEP=0
start_bench_server

python3 - "$PORT" "$N" <<'PY'
import http.client, json, sys, threading, time
port, n = int(sys.argv[1]), int(sys.argv[2])
def call(c, method, path, body=None):
    c.request(method, path, json.dumps(body) if body is not None else None,
              {"content-type": "application/json"})
    r = c.getresponse(); data = r.read()
    assert r.status < 300, (path, r.status, data[:200])
    return json.loads(data) if data else None
def submit(count):
    def share(k):
        c = http.client.HTTPConnection("127.0.0.1", port)
        for i in range(k, count, 4):
            call(c, "POST", "/api/v1/tickets", {"category": "technical", "subject": f"Вопрос {i}",
                "full_name": "Иванов Иван", "consent": True, "phone": "+79123456789",
                "description": "Подробное описание вопроса для проверки контроля сроков."})
    started = time.time()
    threads = [threading.Thread(target=share, args=(k,)) for k in range(4)]
    for t in threads: t.start()
    for t in threads: t.join()
    return time.time() - started
c = http.client.HTTPConnection("127.0.0.1", port)
took = submit(1000)
call(c, "POST", "/api/v1/dev/clock", {"minutes": 3 * 24 * 60})
took += submit(n)
print(f"submitted {1000 + n} requests in {took:.0f} s; 1000 of them are past both their dates")
for label in ["the sweep with 1000 overdue", "the next sweep (nothing due)"]:
    s = call(c, "POST", "/api/v1/dev/sweep")
    print(f"{label}: {s['examined']} due steps (first response late {s['flagged']}, escalated {s['escalated']}, "
          f"raced {s['raced']}), {s['read']} items read, {s['ms']:.0f} ms")
PY
