/* Tries to read host secrets, the worker's environment and the sandbox init's files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    const char *paths[] = {
        "/etc/shadow", "/etc/gshadow", "/etc/passwd", "/root/.bash_history",
        "/root/.ssh/id_rsa", "/proc/1/root/etc/shadow", "/proc/self/root/etc/shadow",
        "/work/main/scalebox_site/settings.py", "/proc/1/environ", "/proc/1/mem",
        "/proc/1/cmdline/../environ", "/var/lib/postgresql", "/etc/hostname",
    };
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        int fd = open(paths[i], O_RDONLY);
        if (fd < 0) {
            printf("denied %s %s\n", paths[i], strerror(errno));
            continue;
        }
        char buf[80];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) printf("LEAK %s %zd bytes\n", paths[i], n);
        else printf("denied %s empty or unreadable\n", paths[i]);
        close(fd);
    }
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("exe %s\n", buf);
    return 0;
}
