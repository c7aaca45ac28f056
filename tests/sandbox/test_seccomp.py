from __future__ import annotations

import re
from pathlib import Path

import pytest

from verification.sandbox.seccomp import DENIED_ENOSYS, DENIED_EPERM, SYSCALL_CLONE, filter_program

HEADER = Path("/usr/include/x86_64-linux-gnu/asm/unistd_64.h")


@pytest.mark.skipif(not HEADER.exists(), reason="kernel headers not installed")
def test_syscall_numbers_match_kernel_headers() -> None:
    numbers = {
        m[1]: int(m[2]) for m in re.finditer(r"#define __NR_(\w+) (\d+)", HEADER.read_text())
    }
    for name, number in {**DENIED_EPERM, **DENIED_ENOSYS, "clone": SYSCALL_CLONE}.items():
        assert numbers[name] == number, name


def test_filter_is_well_formed() -> None:
    program = filter_program()
    assert len(program) % 8 == 0
    assert len(program) // 8 < 255
