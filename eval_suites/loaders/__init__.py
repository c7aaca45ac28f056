"""Dataset loaders, one module each, registered by name; configs name them.

A loader turns a dataset source (bundled data, a local file, a hub dataset) into
``Task`` values: the tests in ScaleBox's own kinds (stdin/stdout, function call,
assert), the prompt a model sees, and the reference solution when there is one.
Loaders read; they never write to the database.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from eval_suites.dataset_config import ConfigError
from eval_suites.loaders.base import Dataset, Loader, LoaderError, Task

_LOADERS: dict[str, type[Loader]] = {}
_MODULES = (
    "humaneval",
    "humaneval_plus",
    "mbpp",
    "mbpp_plus",
    "livecodebench",
    "codecontests",
    "problem_package",
    "jsonl",
)


def register(name: str) -> Callable[[type[Loader]], type[Loader]]:
    def wrap(cls: type[Loader]) -> type[Loader]:
        if name in _LOADERS and _LOADERS[name] is not cls:
            raise RuntimeError(f"two dataset loaders are named {name!r}")
        cls.name = name
        _LOADERS[name] = cls
        return cls

    return wrap


def _import_all() -> None:
    for module in _MODULES:
        importlib.import_module(f"eval_suites.loaders.{module}")


def loader_names() -> list[str]:
    _import_all()
    return sorted(_LOADERS)


def loader_get(name: str) -> Loader:
    _import_all()
    cls = _LOADERS.get(name)
    if cls is None:
        raise ConfigError(
            f"dataset.loader: unknown loader {name!r}; known: {', '.join(sorted(_LOADERS))}"
        )
    return cls()


__all__ = ["Dataset", "Loader", "LoaderError", "Task", "loader_get", "loader_names", "register"]
