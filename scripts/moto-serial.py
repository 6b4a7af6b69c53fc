#!/usr/bin/env python3
"""moto's server answering one request at a time. Threaded (moto_server's default),
moto checks a transaction's conditions and writes without a lock, so two concurrent
TransactWriteItems with the same `attribute_not_exists` condition can both succeed,
which DynamoDB never allows; the concurrent-retry test of idempotency keys caught it.

Usage: moto-serial.py HOST PORT
"""
import os
import sys

from werkzeug.serving import run_simple
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

host, port = sys.argv[1], int(sys.argv[2])
os.environ.setdefault("MOTO_PORT", str(port))
run_simple(
    host,
    port,
    DomainDispatcherApplication(create_backend_app),
    threaded=False,
    request_handler=MotoRequestHandler,
)
