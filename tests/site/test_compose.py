"""docker-compose.yml is checked by Compose itself (no Docker engine runs here)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from flower.command import apply_env_options
from flower.options import options

ROOT = Path(__file__).resolve().parents[2]


def _compose_command() -> list[str]:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run(
            [docker, "compose", "version"], capture_output=True, check=False
        ).returncode
        == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy:
        return [legacy]
    pytest.fail("neither `docker compose` nor `docker-compose` is installed (.ci/run installs it)")


def _config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_compose_command(), "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        check=False,
    )


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    """The services as Compose resolves them, with the variables it insists on."""
    result = _config({"SECRET_KEY": "compose-check", "FLOWER_BASIC_AUTH": "admin:s3cret"})
    assert result.returncode == 0, result.stderr
    services: dict[str, Any] = yaml.safe_load(result.stdout)["services"]
    return services


def test_compose_file_is_valid_and_has_every_service(services: dict[str, Any]) -> None:
    assert set(services) == {"postgres", "redis", "rabbitmq", "web", "worker", "flower"}
    assert services["worker"]["privileged"] is True
    env = services["worker"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    assert env["CELERY_BROKER_URL"].startswith("amqp://")
    assert env["CELERY_RESULT_BACKEND"].startswith("redis://")


def test_compose_refuses_to_start_without_a_secret_key() -> None:
    result = _config({"FLOWER_BASIC_AUTH": "admin:s3cret"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_compose_refuses_to_start_without_flower_credentials() -> None:
    result = _config({"SECRET_KEY": "compose-check"})
    assert result.returncode != 0
    assert "FLOWER_BASIC_AUTH" in result.stderr


def _command(service: dict[str, Any]) -> list[str]:
    command = service["command"]
    return command.split() if isinstance(command, str) else list(command)


def _healthcheck(service: dict[str, Any]) -> str:
    """The health check's command as one line (CMD and CMD-SHELL forms alike)."""
    test = service["healthcheck"]["test"]
    if isinstance(test, str):
        return test
    assert test[0] in {"CMD", "CMD-SHELL"}, test
    return " ".join(test[1:])


def test_web_runs_gunicorn_through_the_serve_script(services: dict[str, Any]) -> None:
    web = services["web"]
    assert _command(web) == ["./scripts/serve.sh"]
    serve = (ROOT / "scripts" / "serve.sh").read_text()
    assert "collectstatic" in serve
    assert "-m gunicorn -c scalebox_site/gunicorn_conf.py" in serve
    assert "runserver" not in serve
    # Listening on every interface of the container, on the published port.
    host, _, port = web["environment"]["SCALEBOX_WEB_BIND"].rpartition(":")
    assert host == "0.0.0.0"
    targets = [
        str(entry["target"]) if isinstance(entry, dict) else entry.rsplit(":", 1)[-1]
        for entry in web["ports"]
    ]
    assert targets == [port]
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    # A stop leaves gunicorn its graceful timeout (30 s by default) before the kill.
    grace = str(web["stop_grace_period"])
    assert grace.endswith("s") and int(grace.rstrip("s")) > 30


def test_web_health_is_the_ping_endpoint(services: dict[str, Any]) -> None:
    check = services["web"]["healthcheck"]
    assert _healthcheck(services["web"]) == ".venv/bin/python -m scalebox_site.healthcheck"
    assert check["retries"] >= 1
    assert "start_period" in check  # migrate and collectstatic run before gunicorn starts


def test_worker_health_is_a_ping_over_the_broker(services: dict[str, Any]) -> None:
    worker = services["worker"]
    command = _command(worker)
    name = command[command.index("-n") + 1]
    assert name == "worker@%h"
    check = _healthcheck(worker)
    assert check.startswith(".venv/bin/celery -A scalebox_site inspect ping")
    # The node it pings is this container's own: worker@ and the host name %h stands for
    # ($$ is Compose's escape for the shell's $).
    assert re.search(r"-d worker@\$\$?HOSTNAME\b", check), check
    assert worker["healthcheck"]["timeout"]


def test_flower_asks_for_basic_auth(services: dict[str, Any]) -> None:
    flower = services["flower"]
    assert flower["environment"]["FLOWER_BASIC_AUTH"] == "admin:s3cret"
    assert "--basic-auth" not in " ".join(_command(flower))  # the variable is the one source
    assert "/healthcheck" in _healthcheck(flower)


def test_flower_reads_its_credentials_from_the_environment() -> None:
    """Flower takes FLOWER_<OPTION> variables as options: FLOWER_BASIC_AUTH is --basic-auth."""
    saved = options.basic_auth
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("FLOWER_BASIC_AUTH", "admin:s3cret,ops:other")
            apply_env_options()
        assert options.basic_auth == ["admin:s3cret", "ops:other"]
    finally:
        options.basic_auth = saved
