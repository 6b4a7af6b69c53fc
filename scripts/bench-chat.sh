#!/usr/bin/env bash
# The chat under load against the release server with the embedded store, on loopback:
# N chats (default 200) handed to an operator, M messages each (default 10) sent by all
# citizens at once; prints message delivery citizen -> operator (p50/p95/p99), the POST
# alone, the sockets held open, and the bot's reply time. usage: scripts/bench-chat.sh [N] [M]
source "$(dirname "$0")/setup.sh"
PORT=${PORT:-18081}
cargo build --release -q -p helpdesk-functions --bin helpdesk-local
cargo build --release -q -p helpdesk-functions --example bench_chat
DATA=$(mktemp -d)
# Operators at work (a weekday noon), every limit lifted.
HELPDESK_ADDR=127.0.0.1:$PORT HELPDESK_DATA_DIR=$DATA HELPDESK_SPA_DIR=$DATA/none \
  HELPDESK_OPERATORS_AT=2026-12-07T12:00:00+03:00 HELPDESK_LIMIT_SCALE=10000000 RUST_LOG=warn \
  "$ROOT/target/release/helpdesk-local" >/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
sleep 1
"$ROOT/target/release/examples/bench_chat" "http://127.0.0.1:$PORT" "${1:-200}" "${2:-10}"
echo "server resident memory: $(ps -o rss= -p $SERVER | awk '{printf "%.0f MB", $1/1024}')"
