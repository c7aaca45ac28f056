#include <stdlib.h>

/* Each item times k. */
double* scale(double* xs, int xsSize, double k, int* returnSize) {
    double* out = malloc(sizeof(double) * (xsSize ? xsSize : 1));
    for (int i = 0; i < xsSize; i++) out[i] = xs[i] * k;
    *returnSize = xsSize;
    return out;
}
