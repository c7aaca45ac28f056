/* Writes a scratch file past the file size limit; SIGXFSZ must kill it (not EFBIG). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    static char block[1 << 20];
    memset(block, 'f', sizeof block);
    int fd = open("/box/big", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return 2;
    for (int i = 0; i < 1024; i++)
        if (write(fd, block, sizeof block) < 0) {
            printf("LEAK write failed and survived at %d MiB\n", i);
            return 0;
        }
    printf("LEAK wrote 1 GiB\n");
    return 0;
}
