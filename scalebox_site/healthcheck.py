"""The web server's health check, as a container runs it:

    python -m scalebox_site.healthcheck [URL]

Exits 0 when ``GET URL`` answers 200 with the JSON ``"pong"`` within the time allowed,
1 otherwise. URL defaults to ``/v1/ping`` on the port of ``SCALEBOX_WEB_BIND`` on this
host. The request names a host of ``DJANGO_ALLOWED_HOSTS``, so the check passes whatever
names the site is served under. Imports nothing of Django: it runs every few seconds.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request

TIMEOUT_S = 5.0


def default_url(bind: str) -> str:
    """``/v1/ping`` on the first TCP address of a gunicorn bind list, reached locally."""
    for address in (item.strip() for item in bind.split(",")):
        if not address or address.startswith(("unix:", "fd://")):
            continue
        host, _, port = address.rpartition(":")
        if host in ("", "0.0.0.0", "[::]", "::"):  # every interface: this host's loopback
            host = "127.0.0.1"
        return f"http://{host}:{port}/v1/ping"
    raise ValueError(f"no TCP address to check in SCALEBOX_WEB_BIND={bind!r}; pass a URL")


def host_header(allowed_hosts: str) -> str | None:
    """A host name Django accepts: the first of DJANGO_ALLOWED_HOSTS that names one."""
    for entry in (item.strip() for item in allowed_hosts.split(",")):
        name = entry.lstrip(".")  # ".example.com" allows example.com itself
        if name and name != "*":
            return name
    return None


def check(url: str, host: str | None) -> str | None:
    """None when the server is healthy, else what is wrong."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            body = response.read(1024)
    except (urllib.error.URLError, OSError) as exc:
        return f"{url}: {exc}"
    try:
        answer = json.loads(body)
    except ValueError:
        answer = None
    if answer != "pong":
        return f'{url}: answered {body[:100]!r}, not "pong"'
    return None


def main(argv: list[str]) -> int:
    try:
        url = (
            argv[0]
            if argv
            else default_url(os.environ.get("SCALEBOX_WEB_BIND") or "127.0.0.1:8000")
        )
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    problem = check(url, host_header(os.environ.get("DJANGO_ALLOWED_HOSTS") or "localhost"))
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
