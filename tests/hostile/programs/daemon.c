/* Double-forks and leaves the session, hoping to outlive the run; the first process exits 0. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
    if (fork() == 0) {
        setsid();
        if (fork() == 0) {
            close(0);
            close(1);
            close(2);
            for (;;) usleep(50000);
        }
        _exit(0);
    }
    wait(NULL);
    printf("parent done\n");
    return 0;
}
