/* Deep recursion: fine with the stack limit raised to the memory limit. */
#include <stdio.h>
static long depth(long n) { volatile char pad[256]; pad[0] = (char)n; return n == 0 ? pad[0] : 1 + depth(n - 1); }
int main(void) { printf("%ld\n", depth(200000)); return 0; }
