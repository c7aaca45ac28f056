# Calls what the seccomp filter denies; each must fail.
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
calls = {
    "ptrace": (101, 16, os.getppid(), 0, 0),  # PTRACE_ATTACH
    "mount": (165, b"none", b"/box", b"tmpfs", 0, 0),
    "umount2": (166, b"/box", 2),
    "unshare": (272, 0x10000000),  # CLONE_NEWUSER
    "setns": (308, 0, 0),
    "keyctl": (250, 0, 0, 0, 0),
    "add_key": (248, b"user", b"k", b"v", 1, 0xFFFFFFFD),
    "bpf": (321, 0, 0, 0),
    "perf_event_open": (298, 0, 0, -1, -1, 0),
    "kexec_load": (246, 0, 0, 0, 0),
    "init_module": (175, 0, 0, 0),
    "chroot": (161, b"/box"),
    "clone_newns": (56, 0x00020000 | 17, 0, 0, 0, 0),  # CLONE_NEWNS | SIGCHLD
}
for name, (number, *args) in calls.items():
    result = libc.syscall(number, *args)
    err = ctypes.get_errno()
    if result >= 0:
        print("LEAK", name, "succeeded", result)
        if name == "clone_newns" and result == 0:
            os._exit(0)
    else:
        print("denied", name, os.strerror(err))
