"""The layer contracts in pyproject.toml name every module of the apps they order, so a new
module cannot slip past ``lint-imports`` unchecked."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ORDERED_APPS = ("verification", "judges")
NOT_CODE = {"templates", "__pycache__"}


def _layered_modules() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return {name.strip() for layer in layers["layers"] for name in layer.split(":")}


def _app_modules(app: str) -> set[str]:
    found = set()
    for path in (ROOT / app).iterdir():
        if path.name in NOT_CODE or path.name.startswith("__init__"):
            continue
        if path.suffix == ".py":
            found.add(f"{app}.{path.stem}")
        elif path.is_dir() and (path / "__init__.py").exists():
            found.add(f"{app}.{path.name}")
    return found


def test_every_module_of_the_apps_has_a_layer() -> None:
    layered = _layered_modules()
    for app in ORDERED_APPS:
        missing = sorted(_app_modules(app) - layered)
        assert not missing, f"add these modules to a layer in pyproject.toml: {missing}"


def test_the_layers_name_no_module_that_is_gone() -> None:
    present = {m for app in ORDERED_APPS for m in _app_modules(app)} | {"eval_suites"}
    gone = sorted(_layered_modules() - present)
    assert not gone, f"pyproject.toml layers name modules that do not exist: {gone}"
