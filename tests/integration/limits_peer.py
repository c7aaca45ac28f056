"""Another web process for tests/integration/test_shared_limits.py, configured by its
environment alone: ``python -m tests.integration.limits_peer spend N`` posts N anonymous
``/run_code`` requests and prints their status codes as JSON; ``... hold PRIORITY``
takes an admission slot, prints ``held``, and keeps it until a line arrives on stdin."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalebox_site.settings")

import django

django.setup()

from django.test import Client  # noqa: E402

from verification.compat.admission import admitted  # noqa: E402


def spend(count: int) -> None:
    client = Client()
    codes = [
        client.post("/run_code", data="{}", content_type="application/json").status_code
        for _ in range(count)
    ]
    print(json.dumps(codes), flush=True)


def hold(priority: int) -> None:
    with admitted(priority=priority, deadline_s=600):
        print("held", flush=True)
        sys.stdin.readline()


if __name__ == "__main__":
    command, arg = sys.argv[1], int(sys.argv[2])
    {"spend": spend, "hold": hold}[command](arg)
