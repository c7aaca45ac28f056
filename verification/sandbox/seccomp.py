"""A classic BPF seccomp filter for judged programs on x86_64.

The filter denies (with EPERM) what a judged program never needs: debugging other
processes, mounting, kernel modules and keyrings, eBPF, perf, namespaces, clock and
host settings; it answers ENOSYS for clone3 (its flags live in memory a filter cannot
read, so libc falls back to clone, whose flags are checked) and io_uring. Foreign
architectures and the x32 ABI kill the process.
"""

from __future__ import annotations

import errno
import functools
import platform
import struct

AUDIT_ARCH_X86_64 = 0xC000003E
X32_SYSCALL_BIT = 0x40000000

_BPF_LD_W_ABS = 0x20
_BPF_JEQ_K = 0x15
_BPF_JGE_K = 0x35
_BPF_JSET_K = 0x45
_BPF_RET_K = 0x06

_RET_KILL_PROCESS = 0x80000000
_RET_ERRNO = 0x00050000
_RET_ALLOW = 0x7FFF0000

_OFFSET_NR = 0
_OFFSET_ARCH = 4
_OFFSET_ARG0_LOW = 16

NAMESPACE_CLONE_FLAGS = (
    0x00020000  # CLONE_NEWNS
    | 0x02000000  # CLONE_NEWCGROUP
    | 0x04000000  # CLONE_NEWUTS
    | 0x08000000  # CLONE_NEWIPC
    | 0x10000000  # CLONE_NEWUSER
    | 0x20000000  # CLONE_NEWPID
    | 0x40000000  # CLONE_NEWNET
    | 0x00000080  # CLONE_NEWTIME
)

SYSCALL_CLONE = 56
SYSCALL_CLONE3 = 435

# x86_64 numbers, checked against the kernel headers by tests/sandbox/test_seccomp.py.
DENIED_EPERM: dict[str, int] = {
    "ptrace": 101,
    "syslog": 103,
    "uselib": 134,
    "ustat": 136,
    "vhangup": 153,
    "pivot_root": 155,
    "_sysctl": 156,
    "adjtimex": 159,
    "chroot": 161,
    "acct": 163,
    "settimeofday": 164,
    "mount": 165,
    "umount2": 166,
    "swapon": 167,
    "swapoff": 168,
    "reboot": 169,
    "sethostname": 170,
    "setdomainname": 171,
    "iopl": 172,
    "ioperm": 173,
    "create_module": 174,
    "init_module": 175,
    "delete_module": 176,
    "get_kernel_syms": 177,
    "query_module": 178,
    "quotactl": 179,
    "nfsservctl": 180,
    "lookup_dcookie": 212,
    "clock_settime": 227,
    "kexec_load": 246,
    "add_key": 248,
    "request_key": 249,
    "keyctl": 250,
    "unshare": 272,
    "move_pages": 279,
    "perf_event_open": 298,
    "fanotify_init": 300,
    "name_to_handle_at": 303,
    "open_by_handle_at": 304,
    "clock_adjtime": 305,
    "setns": 308,
    "process_vm_readv": 310,
    "process_vm_writev": 311,
    "kcmp": 312,
    "finit_module": 313,
    "kexec_file_load": 320,
    "bpf": 321,
    "userfaultfd": 323,
    "open_tree": 428,
    "move_mount": 429,
    "fsopen": 430,
    "fsconfig": 431,
    "fsmount": 432,
    "fspick": 433,
    "pidfd_getfd": 438,
    "mount_setattr": 442,
    "quotactl_fd": 443,
}

DENIED_ENOSYS: dict[str, int] = {
    "clone3": SYSCALL_CLONE3,
    "io_uring_setup": 425,
    "io_uring_enter": 426,
    "io_uring_register": 427,
}


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("<HBBI", code, jt, jf, k)


class SeccompUnsupported(Exception):
    pass


@functools.cache
def filter_program() -> bytes:
    """The filter as bytes in the layout of struct sock_filter[] (what bwrap --seccomp reads)."""
    if platform.machine() != "x86_64":
        raise SeccompUnsupported(f"no seccomp filter for {platform.machine()}")
    head = [
        _insn(_BPF_LD_W_ABS, 0, 0, _OFFSET_ARCH),
        _insn(_BPF_JEQ_K, 1, 0, AUDIT_ARCH_X86_64),
        _insn(_BPF_RET_K, 0, 0, _RET_KILL_PROCESS),
        _insn(_BPF_LD_W_ABS, 0, 0, _OFFSET_NR),
        _insn(_BPF_JGE_K, 0, 1, X32_SYSCALL_BIT),
        _insn(_BPF_RET_K, 0, 0, _RET_KILL_PROCESS),
    ]
    eperm = sorted(DENIED_EPERM.values())
    enosys = sorted(DENIED_ENOSYS.values())
    # Layout after the head: eperm checks, enosys checks, then the tail below.
    # tail: [0] jeq clone  [1] ld arg0  [2] jset ns flags  [3] ALLOW  [4] EPERM  [5] ENOSYS
    checks = len(eperm) + len(enosys)
    tail_start = checks
    ret_eperm = tail_start + 4
    ret_enosys = tail_start + 5
    body: list[bytes] = []
    for nr in eperm:
        body.append(_insn(_BPF_JEQ_K, ret_eperm - len(body) - 1, 0, nr))
    for nr in enosys:
        body.append(_insn(_BPF_JEQ_K, ret_enosys - len(body) - 1, 0, nr))
    tail = [
        _insn(_BPF_JEQ_K, 0, 2, SYSCALL_CLONE),
        _insn(_BPF_LD_W_ABS, 0, 0, _OFFSET_ARG0_LOW),
        _insn(_BPF_JSET_K, 1, 0, NAMESPACE_CLONE_FLAGS),
        _insn(_BPF_RET_K, 0, 0, _RET_ALLOW),
        _insn(_BPF_RET_K, 0, 0, _RET_ERRNO | errno.EPERM),
        _insn(_BPF_RET_K, 0, 0, _RET_ERRNO | errno.ENOSYS),
    ]
    if checks + len(tail) > 255:
        raise AssertionError("seccomp jump offsets exceed 8 bits")
    return b"".join(head + body + tail)
