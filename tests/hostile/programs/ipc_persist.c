/* Leaves System V and POSIX IPC objects behind ("plant"), or looks for them ("find"):
   nothing one run creates may be there for the next. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#define KEY 0x5CA1AB1E
int main(void) {
    char mode[16] = "";
    if (scanf("%15s", mode) != 1) return 2;
    int plant = strcmp(mode, "plant") == 0;
    int flags = plant ? IPC_CREAT | 0666 : 0;
    int shm = shmget(KEY, 1 << 20, flags);
    if (shm >= 0 && plant) {
        char *p = shmat(shm, NULL, 0);
        if (p != (void *)-1) strcpy(p, "left by an earlier run");
    }
    int sem = semget(KEY, 1, flags);
    int msg = msgget(KEY, flags);
    if (msg >= 0 && plant) {
        struct { long type; char text[32]; } m = {1, "left by an earlier run"};
        msgsnd(msg, &m, sizeof m.text, IPC_NOWAIT);
    }
    struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = 32};
    mqd_t mq = mq_open("/scalebox-run", plant ? O_CREAT | O_RDWR : O_RDWR, 0666, &attr);
    int mq_errno = errno;
    if (plant) {
        printf("planted shm %d sem %d msg %d mq %s\n", shm >= 0, sem >= 0, msg >= 0,
               mq == (mqd_t)-1 ? strerror(mq_errno) : "created");
        return 0;
    }
    if (shm >= 0) printf("LEAK shm\n");
    if (sem >= 0) printf("LEAK sem\n");
    if (msg >= 0) printf("LEAK msg\n");
    if (mq != (mqd_t)-1) printf("LEAK mq\n");
    printf("found nothing\n");
    return 0;
}
