import pytest
from django.core.exceptions import ImproperlyConfigured

from scalebox_site.env import database_from_url, env_bool, env_float, env_int, env_list


def test_env_int_parses_and_rejects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SB_X", "12")
    assert env_int("SB_X", 3) == 12
    monkeypatch.setenv("SB_X", "")
    assert env_int("SB_X", 3) == 3
    monkeypatch.setenv("SB_X", "twelve")
    with pytest.raises(ImproperlyConfigured, match="SB_X must be an integer"):
        env_int("SB_X", 3)
    monkeypatch.setenv("SB_X", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("SB_X", 3, minimum=1)


def test_env_bool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SB_B", "yes")
    assert env_bool("SB_B") is True
    monkeypatch.setenv("SB_B", "0")
    assert env_bool("SB_B", True) is False
    monkeypatch.setenv("SB_B", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SB_B must be a boolean"):
        env_bool("SB_B")


def test_env_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SB_L", " a, b ,,c ")
    assert env_list("SB_L") == ["a", "b", "c"]


def test_database_url_postgres() -> None:
    db = database_from_url("postgres://u:p%40ss@db.example:6543/scalebox?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("scalebox", "u", "p@ss")
    assert (db["HOST"], db["PORT"]) == ("db.example", "6543")
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_database_url_sqlite_paths() -> None:
    assert database_from_url("sqlite:////abs/x.db")["NAME"] == "/abs/x.db"
    assert database_from_url("sqlite:///rel.db")["NAME"] == "rel.db"


def test_database_url_errors() -> None:
    with pytest.raises(ImproperlyConfigured, match="unsupported scheme 'mysql'"):
        database_from_url("mysql://x/y")
    with pytest.raises(ImproperlyConfigured, match="must name a database"):
        database_from_url("postgres://u@host/")


def test_env_numbers_refuse_out_of_range_and_non_finite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SB_N", "61")
    with pytest.raises(ImproperlyConfigured, match="SB_N must be at most 60"):
        env_int("SB_N", 3, maximum=60)
    with pytest.raises(ImproperlyConfigured, match="SB_N must be at most 60"):
        env_float("SB_N", 3.0, maximum=60)
    for raw in ("nan", "inf", "-inf"):
        monkeypatch.setenv("SB_N", raw)
        with pytest.raises(ImproperlyConfigured, match="SB_N must be a finite number"):
            env_float("SB_N", 3.0, minimum=0.1)
    monkeypatch.setenv("SB_N", "2.5")
    assert env_float("SB_N", 3.0, minimum=0.1, maximum=60) == 2.5
