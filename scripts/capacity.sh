#!/usr/bin/env bash
# Prints the DynamoDB items and request units each API call reads and writes (counted at
# the store port) and what that costs per million calls at on-demand prices.
source "$(dirname "$0")/setup.sh"
cargo test -q -p helpdesk-functions --test it -- capacity:: --nocapture 2>&1 | grep -v "^running\|^test result\|^$"
