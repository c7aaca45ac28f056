/* Calls what the seccomp filter denies; each must fail. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>
static void report(const char *name, long result) {
    if (result >= 0) printf("LEAK %s succeeded %ld\n", name, result);
    else printf("denied %s %s\n", name, strerror(errno));
}
int main(void) {
    report("ptrace", syscall(SYS_ptrace, PTRACE_ATTACH, getppid(), 0, 0));
    report("ptrace_traceme", syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0));
    report("unshare_user", syscall(SYS_unshare, CLONE_NEWUSER));
    report("unshare_net", syscall(SYS_unshare, CLONE_NEWNET));
    report("mount", syscall(SYS_mount, "none", "/box", "tmpfs", 0, 0));
    report("setns", syscall(SYS_setns, 0, 0));
    report("bpf", syscall(SYS_bpf, 0, 0, 0));
    report("keyctl", syscall(SYS_keyctl, 0, 0, 0, 0));
    report("chroot", syscall(SYS_chroot, "/box"));
    long child = syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);
    if (child == 0) _exit(0);
    report("clone_newns", child);
    return 0;
}
