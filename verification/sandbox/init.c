/*
 * PID 1 of a sandboxed run (bubblewrap --as-pid-1 runs it in place of its own init).
 *
 *   scalebox-init REPORT_FD PROGRAM [ARG...]
 *
 * bubblewrap executes it from a descriptor, so it shows nowhere in the program's file
 * system. It closes every descriptor but the standard streams and REPORT_FD, writes "R\n"
 * on REPORT_FD (so the runner knows that bubblewrap's setup, seccomp filter included, is
 * complete), makes itself non-dumpable, forks the program (every signal at its default
 * disposition, none blocked, before the exec), drops its standard
 * streams, reaps every process of the run, and when the program exits writes
 * "W <wait status>\n" and exits as bubblewrap's own init would (the program's exit code,
 * or 128 + the signal that killed it).
 *
 * A setup failure of its own (fork, exec) is written as "F <what>: <error>\n". The
 * program never holds REPORT_FD (close-on-exec), cannot read this process's memory or
 * descriptors (not dumpable) and cannot signal it (PID 1 of its namespace, no handlers),
 * so nothing on the report comes from the program.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_SETUP 125

static int report_fd = -1;

static void report(const char *text, size_t length) {
    while (length > 0) {
        ssize_t written = write(report_fd, text, length);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        text += written;
        length -= (size_t)written;
    }
}

static void report_failure(const char *what, const char *subject, int error) {
    char line[1024];
    int length = snprintf(line, sizeof line, "F %s %s: %s\n", what, subject, strerror(error));
    if (length < 0)
        return;
    if ((size_t)length >= sizeof line) {
        length = sizeof line - 1;
        line[length - 1] = '\n';
    }
    report(line, (size_t)length);
}

/* Every signal at its default disposition and none blocked, as in a process started by
 * a clean parent: ignored signals and the mask survive exec, so whatever the worker was
 * started with (nohup, a shell's &) would reach the program. Raw system calls, since glibc
 * refuses its two internal real-time signals, which a parent could still have set. The
 * kernel's struct sigaction is read as all zeros: SIG_DFL, no flags, an empty mask,
 * whatever its layout on this architecture. SIGKILL and SIGSTOP cannot be changed. */
static int start_clean(void) {
    static const unsigned long zeros[16];
    const unsigned long sigset_bytes = (_NSIG - 1) / 8;
    for (int number = 1; number < _NSIG; number++) {
        if (number == SIGKILL || number == SIGSTOP)
            continue;
        if (syscall(SYS_rt_sigaction, number, zeros, NULL, sigset_bytes) != 0)
            return -1;
    }
    return (int)syscall(SYS_rt_sigprocmask, SIG_SETMASK, zeros, NULL, sigset_bytes);
}

static int parse_fd(const char *text) {
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 3 || value > 1 << 20)
        return -1;
    return (int)value;
}

int main(int argc, char **argv) {
    if (argc < 3)
        return EXIT_SETUP;
    report_fd = parse_fd(argv[1]);
    if (report_fd < 0 || fcntl(report_fd, F_SETFD, FD_CLOEXEC) != 0)
        return EXIT_SETUP;
    /* The program gets its standard streams and nothing else (this binary came as one). */
    if ((report_fd > 3 && close_range(3, (unsigned)report_fd - 1, 0) != 0) ||
        close_range((unsigned)report_fd + 1, ~0U, 0) != 0) {
        report_failure("close_range", argv[2], errno);
        return EXIT_SETUP;
    }
    report("R\n", 2);

    /* Before the fork: the program must never find a dumpable PID 1 (whose /proc/1/fd
     * would hold REPORT_FD). Its own exec makes the program dumpable again. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    pid_t program = fork();
    if (program < 0) {
        report_failure("fork", argv[2], errno);
        return EXIT_SETUP;
    }
    if (program == 0) {
        if (start_clean() != 0) {
            report_failure("reset signals for", argv[2], errno);
            _exit(EXIT_SETUP);
        }
        execvp(argv[2], argv + 2);
        report_failure("exec", argv[2], errno);
        _exit(EXIT_SETUP);
    }

    for (int fd = 0; fd <= 2; fd++)
        close(fd);

    for (;;) {
        int status = 0;
        pid_t done = wait(&status);
        if (done < 0) {
            if (errno == EINTR)
                continue;
            report_failure("wait", argv[2], errno);
            return EXIT_SETUP;
        }
        if (done != program)
            continue; /* an orphan of the run, reaped */
        char line[32];
        int length = snprintf(line, sizeof line, "W %d\n", status);
        report(line, (size_t)length);
        if (WIFSIGNALED(status))
            return 128 + WTERMSIG(status);
        return WEXITSTATUS(status);
    }
}
