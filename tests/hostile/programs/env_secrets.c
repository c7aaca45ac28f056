/* Prints its whole environment and tries the init's: nothing of the worker may show. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
extern char **environ;
int main(void) {
    for (char **e = environ; *e; e++) printf("env %s\n", *e);
    int fd = open("/proc/1/environ", O_RDONLY);
    char buf[4096];
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
    if (n > 0) printf("LEAK init environ %zd bytes\n", n);
    else printf("denied init environ\n");
    return 0;
}
