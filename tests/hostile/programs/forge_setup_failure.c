/* Tries to pass its own exit off as a failed sandbox setup (which would be SE, not RE):
   exits with the code a failed setup exits with, after writing a failure report to every
   descriptor it can, in every report format the sandbox's setters-up use. */
#include <stdio.h>
#include <unistd.h>

#define FORGED "Fforged: the sandbox failed\nF forged\nR\nW 0\n"

int main(void) {
    for (int fd = 3; fd < 1024; fd++)
        if (write(fd, FORGED, sizeof FORGED - 1) > 0) printf("LEAK wrote to fd %d\n", fd);
    fflush(stdout);
    _exit(125);
}
