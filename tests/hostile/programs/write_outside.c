/* Tries to write everywhere but the scratch directory; stdin names a host path to create. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    char host[4096] = "";
    if (scanf("%4095s", host) != 1) return 2;
    const char *targets[] = {
        host, "/etc/pwned", "/usr/pwned", "/pwned", "/dev/pwned", "/dev/shm/pwned",
        "/proc/sys/kernel/hostname", "/var/tmp/pwned", "/box/../pwned", "/prog/pwned",
        "/prog/main",
    };
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
        int fd = open(targets[i], O_WRONLY | O_CREAT, 0644);
        if (fd >= 0 && write(fd, "pwned", 5) == 5) printf("LEAK wrote %s\n", targets[i]);
        else printf("denied %s %s\n", targets[i], strerror(errno));
        if (fd >= 0) close(fd);
    }
    int fd = open("/tmp/inside-scratch", O_WRONLY | O_CREAT, 0644);
    printf("scratch ok %s\n", fd >= 0 && access("/box/inside-scratch", F_OK) == 0 ? "True" : "False");
    return 0;
}
