"""ScaleBox settings.

Everything that differs between a laptop and a cluster comes from the environment
(see ``scalebox_site/env.py``). With no variables set, ScaleBox runs in the embedded
default: SQLite under ``var/`` and Celery tasks executed in the calling process.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

from scalebox_site.env import (
    database_from_url,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_networks,
    env_redis_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SCALEBOX_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
# A development key is generated per checkout; production sets SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    _key_file = VAR_DIR / "secret_key"
    if _key_file.exists():
        SECRET_KEY = _key_file.read_text().strip()
    else:
        import secrets

        VAR_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = secrets.token_urlsafe(50)
        _key_file.write_text(SECRET_KEY)
        _key_file.chmod(0o600)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    # Swagger UI and Redoc served from our own static files, not from a CDN.
    "drf_spectacular_sidecar",
    "verification",
    "judges",
    "eval_suites",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (collected into STATIC_ROOT) answered before Django routes the request.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "scalebox_site.urls"
WSGI_APPLICATION = "scalebox_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "scalebox_site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": database_from_url(_database_url)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "scalebox.sqlite3"),
            # Case batches of the local pool write from several threads.
            "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"},
            # A file, not the shared in-memory database, so that those threads wait
            # for each other's locks instead of failing.
            # One per process: test runs side by side must not share it.
            "TEST": {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")},
        }
    }

# Judging and evaluations commit small transactions from several threads and processes:
# SQLite's write-ahead log lets readers run beside the one writer and makes each commit an
# append instead of a rewrite of the rollback journal.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    assert isinstance(_sqlite_options, dict)
    _sqlite_options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
# `manage.py collectstatic` (run by scripts/serve.sh and the Dockerfile) copies every
# static file here under a content-hashed name, compressed; WhiteNoise serves them.
STATIC_ROOT = Path(env_str("SCALEBOX_STATIC_ROOT", str(VAR_DIR / "static")))
# Empty until collectstatic runs (WhiteNoise warns of a missing one on every start).
with contextlib.suppress(OSError):  # a read-only place: WhiteNoise says what is missing
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Where collectstatic never ran (`manage.py runserver`, with DEBUG off too), WhiteNoise
# serves the files from where the apps keep them, under their plain names.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "scalebox_site.storage.StaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ScaleBox API",
    "VERSION": "1",
    # The schema endpoint describes the API; it is not one of its operations.
    "SERVE_INCLUDE_SCHEMA": False,
    # /api/v1/docs/ loads Swagger UI from drf-spectacular-sidecar's static files: the
    # docs work offline and under a Content-Security-Policy that names no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ProblemKindEnum": "verification.models.ProblemKind",
        "JudgeKindEnum": "judges.models.JudgeKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "verification.api.schema.add_ping",
        "verification.api.schema.strict_request_bodies",
    ],
}

# --- Celery --------------------------------------------------------------------------
from kombu import Exchange, Queue  # noqa: E402

from verification import priorities  # noqa: E402

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "")
# Seconds to wait for a TCP connection to the broker or the result backend.
SCALEBOX_BROKER_CONNECT_TIMEOUT_S = env_float(
    "SCALEBOX_BROKER_CONNECT_TIMEOUT_S", 2.0, minimum=0.1, maximum=60
)
# Retry-After of the 503 answered when the broker cannot take a submission.
SCALEBOX_RETRY_AFTER_S = env_int("SCALEBOX_RETRY_AFTER_S", 10, minimum=1)
# Embedded default: no broker, tasks run in the calling process.
SCALEBOX_EMBEDDED = not CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = SCALEBOX_EMBEDDED
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("SCALEBOX_TASK_SOFT_TIME_LIMIT", 600, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("SCALEBOX_TASK_TIME_LIMIT", 660, minimum=1)
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_DEFAULT_QUEUE = "scalebox"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Priorities (verification/priorities.py): ScaleBox's 0..9, 9 most urgent, become the
# broker's through priorities.broker_priority. On RabbitMQ every ScaleBox queue is a
# priority queue (x-max-priority: the default queue here, the language queues through
# task_queue_max_priority); a queue declared before without it must be migrated
# (`manage.py priority_queues`, README "Running distributed").
CELERY_TASK_QUEUES = (
    Queue(
        CELERY_TASK_DEFAULT_QUEUE,
        Exchange(CELERY_TASK_DEFAULT_QUEUE),
        routing_key=CELERY_TASK_DEFAULT_QUEUE,
        queue_arguments={"x-max-priority": priorities.MAX_PRIORITY},
    ),
)
CELERY_TASK_QUEUE_MAX_PRIORITY = priorities.MAX_PRIORITY
# Tasks sent without a priority (chord error callbacks, judge generation).
CELERY_TASK_DEFAULT_PRIORITY = priorities.broker_priority(priorities.INTERACTIVE, CELERY_BROKER_URL)
# Redis as broker: a task not acknowledged within this many seconds is delivered again.
# It bounds how long a case batch of a lost worker waits before another worker runs it.
# One list per priority level (priority_steps), each read before the next, queues within
# a level in the order the worker consumes them.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("SCALEBOX_REDIS_VISIBILITY_TIMEOUT", 900, minimum=1),
    "socket_connect_timeout": SCALEBOX_BROKER_CONNECT_TIMEOUT_S,
    "priority_steps": list(range(priorities.LOWEST, priorities.HIGHEST + 1)),
    "queue_order_strategy": "priority",
}
# A submit while the broker or the result backend is down fails within a few seconds
# (503 with Retry-After), not after the defaults' 20 retries. Workers raise the backend's
# retries back (verification/worker_signals.py): a result they cannot store costs a chord.
CELERY_BROKER_CONNECTION_TIMEOUT = SCALEBOX_BROKER_CONNECT_TIMEOUT_S
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = SCALEBOX_BROKER_CONNECT_TIMEOUT_S
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {
        "max_retries": env_int("SCALEBOX_RESULT_BACKEND_RETRIES", 2, minimum=0),
        "interval_start": 0,
        "interval_step": 0.5,
        "interval_max": 1,
    }
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Keep a worker's database connection across tasks (Celery closes it after every task
# otherwise): a new PostgreSQL connection per case batch costs more CPU than the batch's
# own queries. Django's CONN_MAX_AGE still retires old or broken connections.
CELERY_DB_REUSE_MAX = env_int("SCALEBOX_DB_REUSE_MAX", 1000, minimum=0)

# --- Counters shared by every web process and host ------------------------------------
# The compat rate limits (Django's cache) and compat admission (requests in flight and
# queued, verification/compat/admission.py) count in this Redis, so every web process
# and host draws on one budget. It defaults to the result backend when that is Redis;
# `local` (and the embedded default) counts in each process's own memory.
SCALEBOX_CACHE_URL = env_redis_url(
    "SCALEBOX_CACHE_URL",
    CELERY_RESULT_BACKEND if CELERY_RESULT_BACKEND.startswith(("redis://", "rediss://")) else "",
)
# Every key ScaleBox writes there starts with this, so deployments (or test runs) may
# share one Redis database; the cache's clear() deletes these keys only.
SCALEBOX_CACHE_KEY_PREFIX = env_str("SCALEBOX_CACHE_KEY_PREFIX", "scalebox")
# An admission slot is a lease of this many seconds, renewed by the process holding it
# every third of that: the slots of a process that dies are free again within it.
SCALEBOX_ADMISSION_LEASE_S = env_float("SCALEBOX_ADMISSION_LEASE_S", 30.0, minimum=1, maximum=3600)
# Connections a process keeps to that Redis, for admission and for the cache each. A web
# process has hundreds of threads (scalebox_site/gunicorn_conf.py); past this many busy at
# once a thread waits for a connection (each use is one short command or script), up to
# SCALEBOX_BROKER_CONNECT_TIMEOUT_S, where redis-py's own pool would refuse it at 100.
SCALEBOX_CACHE_POOL_SIZE = env_int("SCALEBOX_CACHE_POOL_SIZE", 32, minimum=1)
if SCALEBOX_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "verification.cache.PrefixedRedisCache",
            "LOCATION": SCALEBOX_CACHE_URL,
            "KEY_PREFIX": SCALEBOX_CACHE_KEY_PREFIX,
            "OPTIONS": {
                "socket_connect_timeout": SCALEBOX_BROKER_CONNECT_TIMEOUT_S,
                "socket_timeout": SCALEBOX_BROKER_CONNECT_TIMEOUT_S,
                "pool_class": "redis.BlockingConnectionPool",
                "max_connections": SCALEBOX_CACHE_POOL_SIZE,
                "timeout": SCALEBOX_BROKER_CONNECT_TIMEOUT_S,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Judging -----------------------------------------------------------------------
SCALEBOX_BATCH_SIZE = env_int("SCALEBOX_BATCH_SIZE", 25, minimum=1)
# A batch of a Python function-call judging calls its cases on one solver process (each
# case that does not pass there runs alone); off: every case runs alone.
SCALEBOX_BATCH_CALLS = env_bool("SCALEBOX_BATCH_CALLS", True)
# A batch of a Python stdin/stdout judging runs its cases in one sandboxed run, each in a
# fresh fork of the compiled program (each case that does not pass there runs alone);
# off: every case runs alone.
SCALEBOX_BATCH_STDIO = env_bool("SCALEBOX_BATCH_STDIO", True)
# Threads running a judging's batches in the embedded default; 0: three per CPU (a case's
# run waits off the CPU for much of its time: its cgroup attach, its program's exit).
SCALEBOX_LOCAL_POOL_SIZE = env_int("SCALEBOX_LOCAL_POOL_SIZE", 0, minimum=0)
SCALEBOX_MAX_SOURCE_BYTES = env_int("SCALEBOX_MAX_SOURCE_BYTES", 256 * 1024, minimum=1)
# Test data, built judges and the sandbox's own caches (compiled programs, its init, the
# fast path's program directories). The sandbox reads this and the next two from the
# environment itself, with the same defaults (verification/sandbox/config.py). Programs
# are bound into runs from it as the sandbox's uids: every directory above it must be
# searchable by other users (o+x).
SCALEBOX_WORKER_CACHE_DIR = Path(env_str("SCALEBOX_WORKER_CACHE_DIR", str(VAR_DIR / "cache")))
# One per host, shared by every ScaleBox process on it (verification/sandbox/slots.py).
SCALEBOX_SLOT_LOCK_DIR = Path(env_str("SCALEBOX_SLOT_LOCK_DIR", "/run/scalebox/slots"))
SCALEBOX_COMPILE_CACHE_BYTES = env_int("SCALEBOX_COMPILE_CACHE_BYTES", 2 * 1024**3)
SCALEBOX_TEST_CACHE_BYTES = env_int("SCALEBOX_TEST_CACHE_BYTES", 1024 * 1024 * 1024)
SCALEBOX_DEFAULT_TIME_LIMIT_S = env_float("SCALEBOX_DEFAULT_TIME_LIMIT_S", 2.0, minimum=0.01)
SCALEBOX_DEFAULT_MEMORY_LIMIT_MB = env_int("SCALEBOX_DEFAULT_MEMORY_LIMIT_MB", 512, minimum=16)
SCALEBOX_DEFAULT_OUTPUT_LIMIT_KB = env_int("SCALEBOX_DEFAULT_OUTPUT_LIMIT_KB", 64 * 1024, minimum=1)
SCALEBOX_UNSAFE_NO_ISOLATION = env_bool("SCALEBOX_UNSAFE_NO_ISOLATION", False)
SCALEBOX_WORKER_NAME = env_str("SCALEBOX_WORKER_NAME", f"embedded@{socket.gethostname()}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SCALEBOX_LOG_LEVEL", "WARNING")},
}

# --- API ---------------------------------------------------------------------------
SCALEBOX_MAX_REQUEST_BYTES = env_int("SCALEBOX_MAX_REQUEST_BYTES", 64 * 1024 * 1024, minimum=1024)
SCALEBOX_MAX_CASES = env_int("SCALEBOX_MAX_CASES", 2000, minimum=1)
SCALEBOX_MAX_BATCH_SUBMISSIONS = env_int("SCALEBOX_MAX_BATCH_SUBMISSIONS", 100, minimum=1)
SCALEBOX_MAX_WAIT_S = env_float("SCALEBOX_MAX_WAIT_S", 300.0, minimum=0)
DATA_UPLOAD_MAX_MEMORY_SIZE = SCALEBOX_MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024
REST_FRAMEWORK["EXCEPTION_HANDLER"] = "verification.api.errors.api_exception_handler"
MIDDLEWARE.insert(0, "verification.api.middleware.RequestSizeLimitMiddleware")

# --- Input bounds (verification/bounds.py, verification/api/parsers.py) ---------------
# The largest limits a problem, a package, a submission or a /run_code request may ask
# for; a value outside the range is refused with 400 saying the range.
SCALEBOX_MAX_TIME_LIMIT_S = env_float("SCALEBOX_MAX_TIME_LIMIT_S", 600.0, minimum=0.01)
SCALEBOX_MAX_MEMORY_LIMIT_MB = env_int("SCALEBOX_MAX_MEMORY_LIMIT_MB", 8192, minimum=16)
SCALEBOX_MAX_OUTPUT_LIMIT_KB = env_int("SCALEBOX_MAX_OUTPUT_LIMIT_KB", 128 * 1024, minimum=1)
# The largest file a /run_code request may place in the program's directory.
SCALEBOX_MAX_FILE_BYTES = env_int("SCALEBOX_MAX_FILE_BYTES", 16 * 1024 * 1024, minimum=1)
# JSON bodies nested deeper than this are refused before they are parsed.
SCALEBOX_MAX_JSON_DEPTH = env_int("SCALEBOX_MAX_JSON_DEPTH", 100, minimum=2)
# /run_code returns at most this much of stdout and of stderr (run_result.stdout_truncated).
SCALEBOX_RUN_CODE_MAX_OUTPUT_BYTES = env_int(
    "SCALEBOX_RUN_CODE_MAX_OUTPUT_BYTES", 8 * 1024 * 1024, minimum=1024
)
# Addresses or CIDR networks of reverse proxies whose X-Forwarded-For is believed when
# rate limiting anonymous clients; empty: the connection's own address is the client's.
SCALEBOX_TRUSTED_PROXIES = env_networks("SCALEBOX_TRUSTED_PROXIES")
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "verification.api.parsers.BoundedJSONParser",
    "verification.api.parsers.StrictFormParser",
    "verification.api.parsers.StrictMultiPartParser",
]

# --- Workers -----------------------------------------------------------------------
# Languages a worker self-tests and serves; empty means every known language.
SCALEBOX_WORKER_LANGUAGES = env_list("SCALEBOX_WORKER_LANGUAGES", [])
# Every worker records a heartbeat this often (a timer in its main process) ...
SCALEBOX_WORKER_HEARTBEAT_S = env_float(
    "SCALEBOX_WORKER_HEARTBEAT_S", 10.0, minimum=0.1, maximum=3600
)
# ... and one not seen for this long is dead: it offers no language, and the batches it
# held are sent again by the reconciliation sweep.
SCALEBOX_WORKER_STALE_S = env_float(
    "SCALEBOX_WORKER_STALE_S", 40.0, minimum=2 * SCALEBOX_WORKER_HEARTBEAT_S
)
# The reconciliation sweep (verification/services_reconcile.py) runs on the same timer
# of every worker, every SCALEBOX_RECONCILE_INTERVAL_S. It sends a judging QUEUED or
# RUNNING again when no live worker holds any of its batches and either a dead worker
# held one, or nothing happened to it for SCALEBOX_RECONCILE_DEADLINE_S while its queues
# are empty (its message was lost). A judging sent SCALEBOX_RECONCILE_MAX_ATTEMPTS times
# (the first included) that is stranded again ends with SE.
SCALEBOX_RECONCILE_INTERVAL_S = env_float("SCALEBOX_RECONCILE_INTERVAL_S", 15.0, minimum=0.1)
SCALEBOX_RECONCILE_DEADLINE_S = env_float("SCALEBOX_RECONCILE_DEADLINE_S", 120.0, minimum=0.1)
SCALEBOX_RECONCILE_MAX_ATTEMPTS = env_int(
    "SCALEBOX_RECONCILE_MAX_ATTEMPTS", 4, minimum=1, maximum=1000
)
# Workers store results with this many retries (a result backend restart must not fail
# chords); the web process uses SCALEBOX_RESULT_BACKEND_RETRIES to answer quickly.
SCALEBOX_WORKER_RESULT_BACKEND_RETRIES = env_int(
    "SCALEBOX_WORKER_RESULT_BACKEND_RETRIES", 20, minimum=0
)

# --- compatibility endpoints (/run_code, /common_evaluate_batch) --------------------
# Existing RL clients send no credentials: the operator may open these endpoints to
# anonymous callers, who are then rate limited per address.
SCALEBOX_COMPAT_ALLOW_ANONYMOUS = env_bool("SCALEBOX_COMPAT_ALLOW_ANONYMOUS", False)
SCALEBOX_COMPAT_ANON_RATE = env_str("SCALEBOX_COMPAT_ANON_RATE", "1200/min")
SCALEBOX_COMPAT_USER_RATE = env_str("SCALEBOX_COMPAT_USER_RATE", "")  # empty: unlimited
SCALEBOX_COMPAT_DEFAULT_MEMORY_MB = env_int("SCALEBOX_COMPAT_DEFAULT_MEMORY_MB", 1024, minimum=16)
SCALEBOX_COMPAT_DEFAULT_PRIORITY = env_int("SCALEBOX_COMPAT_DEFAULT_PRIORITY", 5, minimum=0)
# Admission control, per priority: counted in SCALEBOX_CACHE_URL's Redis across every web
# process and host when it is set, else per web process.
SCALEBOX_COMPAT_MAX_IN_FLIGHT = env_int("SCALEBOX_COMPAT_MAX_IN_FLIGHT", 32, minimum=1)
SCALEBOX_COMPAT_MAX_QUEUED = env_int("SCALEBOX_COMPAT_MAX_QUEUED", 256, minimum=0)
SCALEBOX_COMPAT_DEADLINE_MARGIN_S = env_float("SCALEBOX_COMPAT_DEADLINE_MARGIN_S", 10.0, minimum=0)
SCALEBOX_COMPAT_MAX_DEADLINE_S = env_float("SCALEBOX_COMPAT_MAX_DEADLINE_S", 900.0, minimum=1)
SCALEBOX_COMPAT_SANDBOX_RETRIES = env_int("SCALEBOX_COMPAT_SANDBOX_RETRIES", 2, minimum=0)

# --- Problem packages --------------------------------------------------------------
# The limit accepted solutions run under when a package's time limit is derived.
SCALEBOX_DERIVE_TIME_LIMIT_CAP_S = env_float("SCALEBOX_DERIVE_TIME_LIMIT_CAP_S", 10.0, minimum=0.1)

# --- Judge generation ----------------------------------------------------------------
# The OpenAI-compatible chat endpoint special judges are classified and written with.
SCALEBOX_LLM_BASE_URL = env_str("SCALEBOX_LLM_BASE_URL", "")  # including /v1
SCALEBOX_LLM_API_KEY = env_str("SCALEBOX_LLM_API_KEY", "")
SCALEBOX_LLM_MODEL = env_str("SCALEBOX_LLM_MODEL", "")
SCALEBOX_LLM_TIMEOUT_S = env_float("SCALEBOX_LLM_TIMEOUT_S", 120.0, minimum=0.1)
# Ask for a JSON object reply (response_format); turn off for servers that refuse it.
SCALEBOX_LLM_JSON_MODE = env_bool("SCALEBOX_LLM_JSON_MODE", True)
# Candidate judges tried per problem, each after the previous one's failures are fed back.
SCALEBOX_JUDGEGEN_MAX_ATTEMPTS = env_int("SCALEBOX_JUDGEGEN_MAX_ATTEMPTS", 3, minimum=1)
# Approve (and activate) validated generated judges without review: for bulk RL pipelines.
SCALEBOX_JUDGEGEN_AUTO_APPROVE = env_bool("SCALEBOX_JUDGEGEN_AUTO_APPROVE", False)
SCALEBOX_JUDGEGEN_CONCURRENCY = env_int("SCALEBOX_JUDGEGEN_CONCURRENCY", 4, minimum=1)
# Test cases a candidate is validated on, and the CPU seconds one of its checks may take.
SCALEBOX_JUDGEGEN_MAX_CASES = env_int("SCALEBOX_JUDGEGEN_MAX_CASES", 20, minimum=1)
SCALEBOX_JUDGEGEN_CHECK_CPU_S = env_float("SCALEBOX_JUDGEGEN_CHECK_CPU_S", 5.0, minimum=0.1)

# --- Evaluation suites -------------------------------------------------------------
# Where `manage.py evaluate` writes a run's files unless --output or the config says.
SCALEBOX_EVAL_DIR = Path(env_str("SCALEBOX_EVAL_DIR", str(VAR_DIR / "eval")))

# --- Dashboard -----------------------------------------------------------------------
LOGIN_URL = "dashboard:login"
LOGIN_REDIRECT_URL = "dashboard:run-list"
LOGOUT_REDIRECT_URL = "dashboard:login"
STATICFILES_DIRS = [BASE_DIR / "scalebox_site" / "static"]
# Flower's address as a browser reaches it (empty: no link on the status page).
SCALEBOX_FLOWER_URL = env_str("SCALEBOX_FLOWER_URL", "http://localhost:5555/")
SCALEBOX_DASHBOARD_PAGE_SIZE = env_int("SCALEBOX_DASHBOARD_PAGE_SIZE", 50, minimum=1)
# Seconds between two polls of a running submission's progress.
SCALEBOX_DASHBOARD_POLL_S = env_float("SCALEBOX_DASHBOARD_POLL_S", 1.0, minimum=0.1)
