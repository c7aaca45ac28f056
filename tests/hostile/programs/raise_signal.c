/* Raises the signal whose number it reads: it must die of it, as a program started by a
 * clean parent would, whatever the worker ignores or blocks (nohup, a shell's &). */
#include <signal.h>
#include <stdio.h>
int main(void) {
    int number;
    if (scanf("%d", &number) != 1) return 2;
    raise(number);
    printf("LEAK survived signal %d\n", number);
    return 0;
}
