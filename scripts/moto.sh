#!/usr/bin/env bash
# Starts the moto server (DynamoDB, SNS, SQS, SES and S3 in one process) for running the
# cloud tests by hand: prints the variables to export, then serves until Ctrl-C.
#   scripts/moto.sh            then, in another shell, the exports it prints and e.g.
#   HELPDESK_TEST_BACKEND=aws cargo test -p helpdesk-functions --features aws --test it -- api::
source "$(dirname "$0")/setup.sh"
ensure_cloud_tools
start_moto
echo "export AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1"
wait "$MOTO_PID"
