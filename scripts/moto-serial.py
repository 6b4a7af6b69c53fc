#!/usr/bin/env python3
"""moto's server answering one request at a time. Threaded (moto_server's default),
moto checks a transaction's conditions and writes without a lock, so two concurrent
TransactWriteItems with the same `attribute_not_exists` condition can both succeed,
which DynamoDB never allows; the concurrent-retry test of idempotency keys caught it.

It also answers GET /helpdesk-test/sent.json: the SMS messages SNS sent and the e-mail SES
sent, as moto's /moto-api/data.json lists them, and nothing else. data.json serialises
every object moto tracks (every DynamoDB item of every test so far), so each call cost more
than the last: 51 calls were 97 % of this server's time in the API tests' run.

Usage: moto-serial.py HOST PORT
"""
import json
import os
import sys

from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

SENT_PATH = "/helpdesk-test/sent.json"


def sent(app):
    """`app`, answering SENT_PATH itself."""
    from moto.core.model_instances import model_data

    def fields(service, model, names):
        tracked = model_data.get(service, {}).get(model)
        instances = tracked.instances_tracked if tracked is not None else []
        return [{n: getattr(i, n, None) for n in names} for i in instances]

    def wrapped(environ, start_response):
        if environ.get("PATH_INFO") != SENT_PATH:
            return app(environ, start_response)
        body = json.dumps({
            "sns": {"SMS": fields("sns", "SMS", ["phone_number", "message"])},
            "ses": {"Message": fields(
                "ses", "Message", ["source", "destinations", "subject", "body"])},
        }).encode()
        start_response("200 OK", [("Content-Type", "application/json"),
                                  ("Content-Length", str(len(body)))])
        return [body]

    return wrapped


host, port = sys.argv[1], int(sys.argv[2])
os.environ.setdefault("MOTO_PORT", str(port))
run_simple(
    host,
    port,
    sent(DomainDispatcherApplication(create_backend_app)),
    threaded=False,
    request_handler=MotoRequestHandler,
)
