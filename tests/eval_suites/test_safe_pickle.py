"""The unpickler for untrusted data refuses every global and so runs no code."""

from __future__ import annotations

import base64
import json
import os
import pickle
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest

from eval_suites.safe_pickle import UnsafePickle, compressed_pickle_loads, safe_loads


class _WritesFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.path}",))


def test_plain_values_load() -> None:
    value = {"a": [1, 2.5, "x", None, True], "b": (1, 2)}
    assert safe_loads(pickle.dumps(value)) == value
    text = json.dumps([{"input": "1", "output": "2"}])
    packed = base64.b64encode(zlib.compress(pickle.dumps(text))).decode()
    assert compressed_pickle_loads(packed) == text


@pytest.mark.parametrize("protocol", [0, 2, pickle.HIGHEST_PROTOCOL])
def test_a_global_is_refused_and_never_called(tmp_path: Path, protocol: int) -> None:
    marker = tmp_path / "ran"
    data = pickle.dumps(_WritesFile(marker), protocol=protocol)
    with pytest.raises(UnsafePickle, match="refused"):
        safe_loads(data)
    assert not marker.exists()


def test_classes_and_functions_are_refused() -> None:
    with pytest.raises(UnsafePickle, match=r"collections\.OrderedDict"):
        safe_loads(pickle.dumps(OrderedDict(a=1)))
    with pytest.raises(UnsafePickle, match="refused"):
        safe_loads(pickle.dumps(len))


def test_garbage_is_an_unsafe_pickle_error() -> None:
    with pytest.raises(UnsafePickle, match="not a loadable pickle"):
        safe_loads(b"\x80\x05garbage")
    with pytest.raises(UnsafePickle, match="base64"):
        compressed_pickle_loads("!!! not base64 !!!")
    with pytest.raises(UnsafePickle, match="zlib"):
        compressed_pickle_loads(base64.b64encode(b"not zlib").decode())
