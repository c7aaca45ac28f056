"""Header libraries a package's C or C++ validator may include without shipping them.

``validation.h`` is ScaleBox's own implementation of the public interface of the header
contest tool chains give their validators (``OutputValidator``, ``read_integer``,
``space``, ``newline``, exit codes 42/43); see the header itself.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_HERE = Path(__file__).resolve().parent
LIBRARY: dict[str, bytes] = {"validation.h": (_HERE / "validation.h").read_bytes()}
LIBRARY_DIGEST = hashlib.sha256(b"".join(LIBRARY[name] for name in sorted(LIBRARY))).hexdigest()
_C_FAMILY = (".c", ".cc", ".cpp", ".cxx", ".c++", ".h", ".hh", ".hpp", ".hxx")


def _include(name: str) -> re.Pattern[bytes]:
    return re.compile(rb'#\s*include\s*[<"]' + re.escape(name.encode()) + rb'[>"]')


_INCLUDES = {name: _include(name) for name in LIBRARY}


def headers_for(files: dict[str, bytes]) -> dict[str, bytes]:
    """The library headers that the C/C++ files include and do not provide themselves,
    by the path to add them at (the build directory, which is on the include path)."""
    added: dict[str, bytes] = {}
    for name, pattern in _INCLUDES.items():
        if name in files:
            continue
        if any(path.endswith(_C_FAMILY) and pattern.search(data) for path, data in files.items()):
            added[name] = LIBRARY[name]
    return added
