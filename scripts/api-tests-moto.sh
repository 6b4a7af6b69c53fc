#!/usr/bin/env bash
# The API tests again over DynamoDB, SNS, SES and S3 (moto): every module of the
# integration-test binary IT but four, which build their own embedded store (the capacity
# counts, the kill -9 tests, the Lambda events) or none (the template), by WORKERS workers
# (default 2), each with a moto server of its own.
#
# One moto server answers one request at a time (scripts/moto-serial.py): behind one, 80
# tests took 78 s, moto busy three quarters of it. Each test keeps to the server it was
# given (its table, topic, queue and bucket are made there), so the servers share
# nothing. The test process's output is printed only for a test that failed; fails if
# any did.
#
# usage: scripts/api-tests-moto.sh IT [WORKERS]
#   IT: the `it` test binary (`cargo test --test it --no-run` prints where it is)
source "$(dirname "$0")/setup.sh"
IT=$1
WORKERS=${2:-2}
ensure_cloud_tools
moto_credentials

mapfile -t TESTS < <("$IT" --list --format terse |
  sed -n 's/: test$//p' |
  grep -Ev '^(capacity|durability|deployment|lambda_events)::' | sort -r)
if [ "${#TESTS[@]}" -eq 0 ]; then
  echo "no API tests listed by $IT" >&2
  exit 1
fi

# The tests are handed out one at a time to a worker per moto server, each running one
# test per process of IT: a test takes the next worker free, so one long test does not
# hold back a shard of short ones. Slowest first, by the times the last run took
# (target/api-tests-moto.times). Without them (a clean clone) in reverse name order, an
# order as arbitrary as any other, which today starts the three slowest (workspace::,
# roles::, reports::, 7–12 s each) first.
TIMES="$ROOT/target/api-tests-moto.times"
if [ -f "$TIMES" ]; then
  mapfile -t TESTS < <(printf '%s\n' "${TESTS[@]}" |
    awk -v times="$TIMES" 'BEGIN { while ((getline l < times) > 0) { split(l, f, " "); t[f[2]] = f[1] } }
      { print (($0 in t) ? t[$0] : 1e9), $0 }' | sort -k1,1nr -k2 | cut -d' ' -f2)
fi
WORK=$(mktemp -d)
at_exit "rm -rf '$WORK'"
echo 0 >"$WORK/next"
# The index of the next test to run (taken under a lock).
take() {
  flock "$WORK/next" bash -c 'n=$(cat "$1"); echo $((n + 1)) >"$1"; echo "$n"' _ "$WORK/next"
}
worker() {
  local url=$1 out=$2 i started
  while i=$(take) && [ "$i" -lt "${#TESTS[@]}" ]; do
    started=$(date +%s%N)
    if HELPDESK_TEST_BACKEND=aws AWS_ENDPOINT_URL="$url" "$IT" --exact "${TESTS[$i]}" >"$out.$i" 2>&1; then
      echo "$(( ($(date +%s%N) - started) / 1000000 )) ${TESTS[$i]}" >>"$out.times"
    else
      echo "${TESTS[$i]} $out.$i" >>"$WORK/failed"
    fi
  done
}
PIDS=()
for n in $(seq 1 "$WORKERS"); do
  moto_server "worker-$n"
  worker "$MOTO_URL" "$WORK/$n" &
  PIDS+=($!)
done
for pid in "${PIDS[@]}"; do wait "$pid"; done
cat "$WORK"/*.times 2>/dev/null | sort -k1,1nr >"$TIMES" || true
if [ -f "$WORK/failed" ]; then
  while read -r name output; do
    echo "--- $name (over moto):"
    cat "$output"
  done <"$WORK/failed"
  echo "API tests over moto failed: $(cut -d' ' -f1 "$WORK/failed" | tr '\n' ' ')" >&2
  exit 1
fi
log "${#TESTS[@]} API tests over moto passed, $WORKERS workers with a moto server each; the slowest:"
head -n 5 "$TIMES" | awk '{ printf "  %6.1f s  %s\n", $1 / 1000, $2 }'
