/* Writing to a pipe nobody reads must kill with SIGPIPE, as in a freshly started program. */
#include <stdio.h>
#include <unistd.h>
int main(void) {
    int fds[2];
    if (pipe(fds) != 0) return 2;
    close(fds[0]);
    ssize_t n = write(fds[1], "x", 1);
    printf("LEAK survived SIGPIPE: %zd\n", n);
    return 0;
}
