"""gunicorn's configuration, read from the environment:

    gunicorn -c scalebox_site/gunicorn_conf.py      (scripts/serve.sh, `make serve`)

``SCALEBOX_WEB_BIND``             address(es) to listen on, comma-separated
                                  (default 127.0.0.1:8000; the container: 0.0.0.0:8000)
``SCALEBOX_WEB_WORKERS``          worker processes (default: the CPUs this process may use)
``SCALEBOX_WEB_THREADS``          threads per worker, each serving one request (default
                                  SCALEBOX_COMPAT_MAX_IN_FLIGHT + SCALEBOX_COMPAT_MAX_QUEUED)
``SCALEBOX_WEB_TIMEOUT``          seconds a silent worker lives before it is killed; must
                                  exceed the longest request a client may be kept waiting
                                  (SCALEBOX_COMPAT_MAX_DEADLINE_S, SCALEBOX_MAX_WAIT_S), and
                                  defaults to that plus 30
``SCALEBOX_WEB_GRACEFUL_TIMEOUT`` seconds requests in flight may still take after a stop
                                  or reload (default 30)
``SCALEBOX_WEB_KEEPALIVE``        seconds an idle keep-alive connection is kept (default 5)
``SCALEBOX_WEB_MAX_REQUESTS``     requests after which a worker is replaced (default 0: never)
``SCALEBOX_WEB_ACCESS_LOG``       access log file, ``-`` for standard output (default none)
``SCALEBOX_WEB_LOG_LEVEL``        gunicorn's own log level (default info)
``SCALEBOX_WEB_CONTROL_SOCKET``   path of gunicorn's control socket (default none: off, so
                                  that servers of several checkouts never share one)

Workers are threaded (``gthread``): a compat request waits for its judging on a thread,
not on a whole process. A request that finds every thread of its worker busy waits in
gunicorn's queue, where nothing knows its deadline: no 504 comes before the client gives
up, and the server still runs it after it has. So by default a worker has a thread for
every request compat admission may hold (in flight and queued): what exceeds them waits
in admission, which answers 504 in time, and waits no longer than its deadline. A thread
waiting there costs little; /run_code gives back its database connection before it waits
(verification/compat/views.py), so the threads do not each hold one. The timeout is a
liveness bound on a worker, which keeps signalling the master while its threads wait; it
is kept above the longest request all the same, so that no worker class can cut an
answer short. The values that settings.py also reads (deadlines, trusted proxies) come
from Django's settings, so the two cannot disagree.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # gunicorn runs this file before the project is importable
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalebox_site.settings")

from django.conf import settings  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from scalebox_site.env import env_int, env_list, env_str  # noqa: E402

# Seconds a worker's timeout exceeds the longest request by default.
TIMEOUT_MARGIN_S = 30


def default_threads() -> int:
    """A thread for every request compat admission may hold: in flight and queued."""
    return settings.SCALEBOX_COMPAT_MAX_IN_FLIGHT + settings.SCALEBOX_COMPAT_MAX_QUEUED


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask, which a container narrows)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def longest_request_s() -> float:
    """The longest a request may keep its client waiting: a compat request's deadline
    or the API's ``?wait=``."""
    return max(settings.SCALEBOX_COMPAT_MAX_DEADLINE_S, settings.SCALEBOX_MAX_WAIT_S)


def gunicorn_settings() -> dict[str, Any]:
    """gunicorn's settings from the environment (see the module's docstring)."""
    longest = longest_request_s()
    timeout = env_int("SCALEBOX_WEB_TIMEOUT", math.ceil(longest) + TIMEOUT_MARGIN_S, minimum=1)
    if timeout <= longest:
        raise ImproperlyConfigured(
            f"SCALEBOX_WEB_TIMEOUT must exceed the longest request, {longest:g} s "
            f"(SCALEBOX_COMPAT_MAX_DEADLINE_S, SCALEBOX_MAX_WAIT_S), got {timeout}"
        )
    max_requests = env_int("SCALEBOX_WEB_MAX_REQUESTS", 0, minimum=0)
    control_socket = env_str("SCALEBOX_WEB_CONTROL_SOCKET", "")
    values: dict[str, Any] = {
        "wsgi_app": "scalebox_site.wsgi:application",
        "chdir": str(ROOT),
        "bind": env_list("SCALEBOX_WEB_BIND", ["127.0.0.1:8000"]),
        "workers": env_int("SCALEBOX_WEB_WORKERS", available_cpus(), minimum=1),
        "worker_class": "gthread",
        "threads": env_int("SCALEBOX_WEB_THREADS", default_threads(), minimum=1),
        "timeout": timeout,
        "graceful_timeout": env_int("SCALEBOX_WEB_GRACEFUL_TIMEOUT", 30, minimum=0),
        "keepalive": env_int("SCALEBOX_WEB_KEEPALIVE", 5, minimum=0),
        "max_requests": max_requests,
        "max_requests_jitter": max_requests // 10,
        "accesslog": env_str("SCALEBOX_WEB_ACCESS_LOG", "") or None,
        "errorlog": "-",
        "loglevel": env_str("SCALEBOX_WEB_LOG_LEVEL", "info"),
        "proc_name": "scalebox-web",
        "control_socket_disable": not control_socket,
    }
    if control_socket:
        values["control_socket"] = control_socket
    # The heartbeat file of each worker: on a memory filesystem a busy disk cannot stall it.
    if Path("/dev/shm").is_dir():
        values["worker_tmp_dir"] = "/dev/shm"
    # The reverse proxies believed for X-Forwarded-For are believed for X-Forwarded-Proto.
    if settings.SCALEBOX_TRUSTED_PROXIES:
        values["forwarded_allow_ips"] = ",".join(settings.SCALEBOX_TRUSTED_PROXIES)
    return values


globals().update(gunicorn_settings())
