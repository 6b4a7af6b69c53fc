#!/usr/bin/env python3
"""Measures each Lambda function's start-up: from process start to its first answer,
and the answers after it, against a minimal local Lambda Runtime API (the protocol
Lambda speaks to `bootstrap`) with moto behind the AWS SDK.

Usage: lambda-startup.py BIN_DIR   (BIN_DIR holds the native release build of the Lambda
binary, `lambda`, which runs the function `_HANDLER` names, as in AWS;
scripts/lambda-startup.sh prepares everything and calls this.)
Needs AWS_ENDPOINT_URL (moto) and the HELPDESK_* variables of the functions.
"""
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class RuntimeApi:
    """Hands out queued events on /next and records answers on /response."""

    def __init__(self):
        self.events = queue.Queue()
        self.answers = {}
        self.answered = threading.Condition()

    def handler(api):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if not self.path.endswith("/invocation/next"):
                    self.send_error(404)
                    return
                request_id, payload = api.events.get()
                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Lambda-Runtime-Aws-Request-Id", request_id)
                self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000))
                self.send_header(
                    "Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:us-east-1:123456789012:function:helpdesk",
                )
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                parts = self.path.split("/")
                request_id = parts[-2] if len(parts) > 2 else ""
                self.send_response(202)
                self.end_headers()
                with api.answered:
                    api.answers[request_id] = (time.perf_counter(), parts[-1], body)
                    api.answered.notify_all()

        return Handler

    def invoke(self, payload, timeout=30):
        request_id = str(uuid.uuid4())
        self.events.put((request_id, payload))
        deadline = time.time() + timeout
        with self.answered:
            while request_id not in self.answers:
                left = deadline - time.time()
                if left <= 0:
                    raise TimeoutError("no answer from the function")
                self.answered.wait(left)
            return self.answers.pop(request_id)


def http_event(method, path, body):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "functions", "tests", "events", "apigw-v2-request.json")) as f:
        event = json.load(f)
    event["rawPath"] = "/prod" + path
    event["requestContext"]["http"]["path"] = "/prod" + path
    event["requestContext"]["http"]["method"] = method
    event["body"] = json.dumps(body)
    return event


TICKET = {
    "category": "technical",
    "subject": "Не приходит СМС-код",
    "description": "При входе на портал код подтверждения не приходит уже второй день.",
    "full_name": "Иванов Иван Иванович",
    "phone": "+79123456789",
    "consent": True,
}

# The request the submission function creates; the status function then looks it up.
CREATED = {}

CASES = {
    "submission": lambda: http_event("POST", "/api/v1/tickets", TICKET),
    "status": lambda: http_event("POST", "/api/v1/tickets/lookup", CREATED),
    "fanout": lambda: {"Records": []},
    "sweep": lambda: {"source": "aws.scheduler"},
}


def measure(bin_dir, name, warm_calls=15):
    api = RuntimeApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), api.handler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ)
    env.update(
        AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_address[1]}",
        AWS_LAMBDA_FUNCTION_NAME=f"helpdesk-{name}",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE="256",
        AWS_LAMBDA_FUNCTION_VERSION="$LATEST",
        AWS_LAMBDA_LOG_STREAM_NAME="local",
        AWS_LAMBDA_LOG_GROUP_NAME=f"/aws/lambda/helpdesk-{name}",
        RUST_LOG="warn",
        _HANDLER=name,
    )
    started = time.perf_counter()
    proc = subprocess.Popen([os.path.join(bin_dir, "lambda")], env=env)
    try:
        answered_at, kind, body = api.invoke(CASES[name]())
        cold = (answered_at - started) * 1000
        if kind != "response":
            raise RuntimeError(f"{name}: {kind}: {body[:300]!r}")
        warm = []
        for _ in range(warm_calls):
            t0 = time.perf_counter()
            answered_at, kind, _ = api.invoke(CASES[name]())
            warm.append((answered_at - t0) * 1000)
        return cold, statistics.median(warm), body
    finally:
        proc.kill()
        proc.wait()
        server.shutdown()


def provision():
    """A table, topic, bucket and verified sender in moto, named in the environment."""
    import boto3

    suffix = uuid.uuid4().hex[:8]
    ddb = boto3.client("dynamodb")
    table = f"helpdesk-startup-{suffix}"
    keys = ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"]
    index = lambda n: {
        "IndexName": f"gsi{n}",
        "KeySchema": [
            {"AttributeName": f"gsi{n}pk", "KeyType": "HASH"},
            {"AttributeName": f"gsi{n}sk", "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": "ALL"},
    }
    ddb.create_table(
        TableName=table,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": k, "AttributeType": "S"} for k in keys],
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        GlobalSecondaryIndexes=[index(1), index(2)],
    )
    topic = boto3.client("sns").create_topic(Name=f"events-{suffix}")["TopicArn"]
    bucket = f"attachments-{suffix}"
    boto3.client("s3").create_bucket(Bucket=bucket)
    sender = f"noreply-{suffix}@example.org"
    boto3.client("sesv2").create_email_identity(EmailIdentity=sender)
    os.environ.update(
        HELPDESK_TABLE=table,
        HELPDESK_EVENTS_TOPIC=topic,
        HELPDESK_ATTACHMENTS_BUCKET=bucket,
        HELPDESK_EMAIL_FROM=sender,
    )


def main():
    bin_dir = sys.argv[1]
    provision()
    print(f"{'function':<12} {'first answer':>13} {'warm p50':>9}  (ms; process start -> first answer)")
    for name in CASES:
        cold, warm, body = measure(bin_dir, name)
        if name == "submission":
            created = json.loads(json.loads(body)["body"])
            CREATED.update(number=created["number"], access_code=created["access_code"])
        print(f"{name:<12} {cold:13.1f} {warm:9.2f}  {body[:60].decode(errors='replace')}")


if __name__ == "__main__":
    main()
