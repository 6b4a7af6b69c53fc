#!/usr/bin/env bash
# The run command: installs what is missing, builds the SPA and the server, and starts
# the whole helpdesk on this machine (embedded store in ./data, local outbox).
# HELPDESK_ADDR=127.0.0.1:9000 scripts/run.sh to choose the address.
source "$(dirname "$0")/setup.sh"
"$ROOT/scripts/build-spa.sh" "$ROOT/dist"
log "building the local server (release)"
cargo build --release -p helpdesk-functions --bin helpdesk-local
export HELPDESK_SPA_DIR="$ROOT/dist" HELPDESK_DATA_DIR="${HELPDESK_DATA_DIR:-$ROOT/data}"
exec "$ROOT/target/release/helpdesk-local"
