/* kill(-1) and signals to the sandbox's init and the parent: the program is all it can hit. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGQUIT, SIGKILL};
    printf("killing everything\n");
    fflush(stdout);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        kill(1, sigs[i]);
        kill(getppid(), sigs[i]);
    }
    if (kill(-1, SIGKILL) != 0) printf("kill -1: %s\n", strerror(errno));
    printf("still here\n");
    return 0;
}
