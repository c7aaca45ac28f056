"""The production web tier: gunicorn's configuration, scripts/serve.sh on a real port with
DEBUG off (static files of the admin, the API docs and the dashboard served by
WhiteNoise, nothing loaded from a CDN), and the container's health check."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from scalebox_site import gunicorn_conf, healthcheck
from scalebox_site.storage import StaticFilesStorage

ROOT = Path(__file__).resolve().parents[2]
WEB_VARIABLES = [
    "SCALEBOX_WEB_BIND",
    "SCALEBOX_WEB_WORKERS",
    "SCALEBOX_WEB_THREADS",
    "SCALEBOX_WEB_TIMEOUT",
    "SCALEBOX_WEB_GRACEFUL_TIMEOUT",
    "SCALEBOX_WEB_KEEPALIVE",
    "SCALEBOX_WEB_MAX_REQUESTS",
    "SCALEBOX_WEB_ACCESS_LOG",
    "SCALEBOX_WEB_LOG_LEVEL",
    "SCALEBOX_WEB_CONTROL_SOCKET",
]


@pytest.fixture
def clean_web_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in WEB_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# --- gunicorn's configuration -----------------------------------------------------------


def test_defaults_size_the_server_to_the_host(clean_web_env: pytest.MonkeyPatch) -> None:
    values = gunicorn_conf.gunicorn_settings()
    assert values["wsgi_app"] == "scalebox_site.wsgi:application"
    assert values["bind"] == ["127.0.0.1:8000"]
    assert values["workers"] == len(os.sched_getaffinity(0))
    assert values["worker_class"] == "gthread"
    # A thread for every request admission may hold, so that none waits where no
    # deadline is known (gunicorn's own queue).
    assert values["threads"] == (
        settings.SCALEBOX_COMPAT_MAX_IN_FLIGHT + settings.SCALEBOX_COMPAT_MAX_QUEUED
    )
    assert values["timeout"] > settings.SCALEBOX_COMPAT_MAX_DEADLINE_S
    assert values["timeout"] > settings.SCALEBOX_MAX_WAIT_S
    assert values["graceful_timeout"] == 30
    assert values["max_requests"] == 0
    assert values["accesslog"] is None
    # No control socket unless asked for: two servers must not share $HOME/.gunicorn.
    assert values["control_socket_disable"] is True
    assert "control_socket" not in values


def test_the_default_timeout_follows_the_compat_deadline(clean_web_env: pytest.MonkeyPatch) -> None:
    with override_settings(SCALEBOX_COMPAT_MAX_DEADLINE_S=2000.0, SCALEBOX_MAX_WAIT_S=300.0):
        assert gunicorn_conf.gunicorn_settings()["timeout"] == 2000 + gunicorn_conf.TIMEOUT_MARGIN_S
    with override_settings(SCALEBOX_COMPAT_MAX_DEADLINE_S=60.0, SCALEBOX_MAX_WAIT_S=450.5):
        assert gunicorn_conf.gunicorn_settings()["timeout"] == 451 + gunicorn_conf.TIMEOUT_MARGIN_S


def test_the_default_threads_follow_the_admission_bounds(
    clean_web_env: pytest.MonkeyPatch,
) -> None:
    with override_settings(SCALEBOX_COMPAT_MAX_IN_FLIGHT=10, SCALEBOX_COMPAT_MAX_QUEUED=90):
        assert gunicorn_conf.gunicorn_settings()["threads"] == 100


def test_settings_come_from_the_environment(clean_web_env: pytest.MonkeyPatch) -> None:
    clean_web_env.setenv("SCALEBOX_WEB_BIND", "0.0.0.0:9000, unix:/run/scalebox/web.sock")
    clean_web_env.setenv("SCALEBOX_WEB_WORKERS", "3")
    clean_web_env.setenv("SCALEBOX_WEB_THREADS", "16")
    clean_web_env.setenv("SCALEBOX_WEB_TIMEOUT", "1000")
    clean_web_env.setenv("SCALEBOX_WEB_GRACEFUL_TIMEOUT", "12")
    clean_web_env.setenv("SCALEBOX_WEB_KEEPALIVE", "20")
    clean_web_env.setenv("SCALEBOX_WEB_MAX_REQUESTS", "5000")
    clean_web_env.setenv("SCALEBOX_WEB_ACCESS_LOG", "-")
    clean_web_env.setenv("SCALEBOX_WEB_CONTROL_SOCKET", "/run/scalebox/gunicorn.ctl")
    values = gunicorn_conf.gunicorn_settings()
    assert values["bind"] == ["0.0.0.0:9000", "unix:/run/scalebox/web.sock"]
    assert (values["workers"], values["threads"]) == (3, 16)
    assert (values["timeout"], values["graceful_timeout"], values["keepalive"]) == (1000, 12, 20)
    assert (values["max_requests"], values["max_requests_jitter"]) == (5000, 500)
    assert values["accesslog"] == "-"
    assert values["control_socket_disable"] is False
    assert values["control_socket"] == "/run/scalebox/gunicorn.ctl"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        # A timeout at or below the compat deadline would kill workers mid-answer.
        ("SCALEBOX_WEB_TIMEOUT", "900"),
        ("SCALEBOX_WEB_TIMEOUT", "30"),
        ("SCALEBOX_WEB_WORKERS", "0"),
        ("SCALEBOX_WEB_THREADS", "many"),
    ],
)
def test_a_bad_value_is_refused_naming_it(
    clean_web_env: pytest.MonkeyPatch, name: str, value: str
) -> None:
    clean_web_env.setenv(name, value)
    with (
        override_settings(SCALEBOX_COMPAT_MAX_DEADLINE_S=900.0),
        pytest.raises(ImproperlyConfigured, match=name),
    ):
        gunicorn_conf.gunicorn_settings()


def _print_config(env: dict[str, str]) -> dict[str, str]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "scalebox_site" / "gunicorn_conf.py"),
            "--print-config",
        ],
        cwd="/",  # the config finds the project by itself
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def test_gunicorn_reads_the_config_file(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in WEB_VARIABLES}
    env.update(
        SCALEBOX_VAR_DIR=str(tmp_path),
        SCALEBOX_WEB_WORKERS="3",
        SCALEBOX_WEB_THREADS="5",
        SCALEBOX_COMPAT_MAX_DEADLINE_S="1200",
    )
    config = _print_config(env)
    assert config["wsgi_app"] == "scalebox_site.wsgi:application"
    assert config["workers"] == "3"
    assert config["threads"] == "5"
    assert config["worker_class"] == "gthread"
    assert config["timeout"] == str(1200 + gunicorn_conf.TIMEOUT_MARGIN_S)
    assert config["control_socket_disable"] == "True"
    assert config["chdir"] == str(ROOT)


# --- static file names --------------------------------------------------------------------


def test_static_urls_are_plain_before_collectstatic(tmp_path: Path) -> None:
    storage = StaticFilesStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("admin/css/base.css") == "/static/admin/css/base.css"


def test_static_urls_are_hashed_from_the_manifest(tmp_path: Path) -> None:
    manifest = {
        "paths": {"admin/css/base.css": "admin/css/base.0123456789ab.css"},
        "version": "1.1",
    }
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = StaticFilesStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("admin/css/base.css") == "/static/admin/css/base.0123456789ab.css"


# --- the health check ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bind", "url"),
    [
        ("0.0.0.0:8000", "http://127.0.0.1:8000/v1/ping"),
        ("127.0.0.1:9001", "http://127.0.0.1:9001/v1/ping"),
        ("unix:/run/web.sock,[::]:8080", "http://127.0.0.1:8080/v1/ping"),
        ("web.internal:80", "http://web.internal:80/v1/ping"),
    ],
)
def test_healthcheck_url_from_the_bind_address(bind: str, url: str) -> None:
    assert healthcheck.default_url(bind) == url


def test_healthcheck_needs_a_tcp_address() -> None:
    with pytest.raises(ValueError, match="SCALEBOX_WEB_BIND"):
        healthcheck.default_url("unix:/run/web.sock")


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        ("localhost,127.0.0.1", "localhost"),
        ("*", None),
        ("*, .example.org", "example.org"),
        ("scalebox.example.org", "scalebox.example.org"),
    ],
)
def test_healthcheck_names_an_allowed_host(allowed: str, host: str | None) -> None:
    assert healthcheck.host_header(allowed) == host


# --- scripts/serve.sh on a real port -----------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, url: str, env: dict[str, str]) -> None:
        self.url = url
        self.env = env


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    var_dir = tmp_path_factory.mktemp("web-var")
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in WEB_VARIABLES
        and key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
    }
    env.update(
        SCALEBOX_VAR_DIR=str(var_dir),
        DJANGO_DEBUG="0",
        SCALEBOX_WEB_BIND=f"127.0.0.1:{port}",
        SCALEBOX_WEB_WORKERS="1",
        SCALEBOX_WEB_THREADS="4",
    )
    env.pop("SCALEBOX_STATIC_ROOT", None)
    env.pop("DJANGO_ALLOWED_HOSTS", None)
    log = var_dir / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "serve.sh")],
            cwd="/",
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        # migrate on a new SQLite database, collectstatic, then gunicorn's boot.
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                pytest.fail(f"serve.sh exited {process.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{url}/v1/ping", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer /v1/ping:\n{log.read_text()}")
            time.sleep(0.5)
        assert (var_dir / "static" / "staticfiles.json").is_file()
        yield Server(url, env)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


CONTENT_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".png": "image/png",
}


def _assets(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+\.(?:css|js|png))"', page)


def _assert_served(base: str, path: str) -> httpx.Response:
    assert path.startswith("/static/"), path
    response = httpx.get(base + path, timeout=30)
    assert response.status_code == 200, path
    expected = CONTENT_TYPES[Path(path).suffix]
    assert response.headers["content-type"].split(";")[0] == expected, path
    assert response.content, path
    # Content-hashed names: cached for good.
    assert re.search(r"\.[0-9a-f]{12}\.\w+$", path), path
    assert "immutable" in response.headers["cache-control"], path
    return response


@pytest.mark.slow
def test_served_by_gunicorn(server: Server) -> None:
    response = httpx.get(f"{server.url}/v1/ping", timeout=30)
    assert response.json() == "pong"
    assert response.headers["server"] == "gunicorn"


@pytest.mark.slow
def test_admin_is_styled_with_debug_off(server: Server) -> None:
    page = httpx.get(f"{server.url}/admin/login/", timeout=30)
    assert page.status_code == 200
    stylesheets = [path for path in _assets(page.text) if path.endswith(".css")]
    base = [path for path in stylesheets if re.fullmatch(r"/static/admin/css/base\.\w+\.css", path)]
    assert base, stylesheets
    for path in stylesheets:
        _assert_served(server.url, path)
    # Compressed copies, chosen by Accept-Encoding.
    raw = httpx.get(server.url + base[0], headers={"Accept-Encoding": "gzip"}, timeout=30)
    assert raw.headers["content-encoding"] == "gzip"
    plain = httpx.get(server.url + base[0], headers={"Accept-Encoding": "identity"}, timeout=30)
    assert "content-encoding" not in plain.headers
    assert raw.content == plain.content  # httpx decodes the gzip body
    assert raw.num_bytes_downloaded < len(plain.content)


@pytest.mark.slow
def test_api_docs_load_everything_from_the_server(server: Server) -> None:
    page = httpx.get(f"{server.url}/api/v1/docs/", timeout=30)
    assert page.status_code == 200
    assert "cdn." not in page.text
    assert "https://" not in page.text
    assets = _assets(page.text)
    names = {Path(re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", path)).name for path in assets}
    assert {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"} <= names
    for path in assets:
        _assert_served(server.url, path)
    bundle = next(path for path in assets if "swagger-ui-bundle" in path)
    assert b"SwaggerUIBundle" in httpx.get(server.url + bundle, timeout=30).content
    schema = httpx.get(f"{server.url}/api/v1/schema/", timeout=30)
    assert schema.status_code == 200
    assert "openapi" in schema.text


@pytest.mark.slow
def test_dashboard_assets_with_debug_off(server: Server) -> None:
    page = httpx.get(f"{server.url}/login/", timeout=30)
    assert page.status_code == 200
    assets = _assets(page.text)
    assert any(re.fullmatch(r"/static/dashboard/dashboard\.\w+\.css", path) for path in assets)
    assert any(re.fullmatch(r"/static/dashboard/dashboard\.\w+\.js", path) for path in assets)
    for path in assets:
        _assert_served(server.url, path)


def _healthcheck(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scalebox_site.healthcheck"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_healthcheck_passes_on_a_live_server(server: Server) -> None:
    result = _healthcheck(server.env)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_healthcheck_fails_when_the_site_refuses_its_host(server: Server) -> None:
    # The server allows localhost; a check that names another host gets Django's 400.
    result = _healthcheck({**server.env, "DJANGO_ALLOWED_HOSTS": "other.example"})
    assert result.returncode == 1
    assert "400" in result.stderr


def test_healthcheck_fails_when_nothing_listens() -> None:
    env = {**os.environ, "SCALEBOX_WEB_BIND": f"127.0.0.1:{_free_port()}"}
    result = _healthcheck(env)
    assert result.returncode == 1
    assert "/v1/ping" in result.stderr


@pytest.mark.slow
def test_the_development_server_serves_static_files_with_debug_off(
    tmp_path: Path,
) -> None:
    """`manage.py runserver` with DEBUG off and no collectstatic: the admin's and the API
    docs' files are still served (WhiteNoise from the apps' own directories)."""
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
    }
    env.update(SCALEBOX_VAR_DIR=str(tmp_path), DJANGO_DEBUG="0")
    env.pop("SCALEBOX_STATIC_ROOT", None)
    env.pop("DJANGO_ALLOWED_HOSTS", None)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    log = tmp_path / "runserver.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                page = httpx.get(f"{base}/admin/login/", timeout=5)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"runserver did not answer:\n{log.read_text()}")
                time.sleep(0.5)
        assert page.status_code == 200
        assets = _assets(page.text)
        assert any(a.endswith("admin/css/base.css") for a in assets), assets
        docs = httpx.get(f"{base}/api/v1/docs/", timeout=30)
        assert docs.status_code == 200
        for path in assets + _assets(docs.text):
            response = httpx.get(base + path, timeout=30)
            assert response.status_code == 200, path
            expected = CONTENT_TYPES[Path(path).suffix]
            assert response.headers["content-type"].split(";")[0] == expected, path
            assert response.content, path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
