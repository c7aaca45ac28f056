/* Tries to reach a port the worker host listens on, and the outside world. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
static void attempt(const char *host, int port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) {
        printf("denied %s %d socket %s\n", host, port, strerror(errno));
        return;
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, host, &addr.sin_addr);
    if (connect(s, (struct sockaddr *)&addr, sizeof addr) == 0) printf("LEAK connected %s %d\n", host, port);
    else printf("denied %s %d %s\n", host, port, strerror(errno));
    close(s);
}
int main(void) {
    int port;
    if (scanf("%d", &port) != 1) return 2;
    attempt("127.0.0.1", port);
    attempt("127.0.0.1", 5432);
    attempt("127.0.0.1", 6379);
    attempt("1.1.1.1", 53);
    return 0;
}
