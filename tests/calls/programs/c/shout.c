#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char* shout(const char* s) {
    size_t n = strlen(s);
    char* out = malloc(n + 2);
    memcpy(out, s, n);
    out[n] = '!';
    out[n + 1] = '\0';
    printf("shouting %zu bytes\n", n);
    return out;
}

int main(void) {
    puts(shout("test"));
    return 0;
}
