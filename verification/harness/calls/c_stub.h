/* Function calls in C: reads the call's arguments as tokens on stdin, answers on fd 3. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *scalebox_in;
static size_t scalebox_in_at;
static char *scalebox_out;
static size_t scalebox_out_len, scalebox_out_cap;

static void scalebox_send(const char *head, const char *body, size_t len) {
    fflush(NULL);
    FILE *out = fdopen(3, "wb");
    if (!out) _Exit(1);
    fputs(head, out);
    if (len) fwrite(body, 1, len, out);
    if (fclose(out) != 0) _Exit(1);
    _Exit(0);
}

/* Ends the run with ``raised`` and the message as hex. */
static void scalebox_raise(const char *fmt, ...) {
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char line[1100];
    size_t at = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; ++p)
        at += (size_t)snprintf(line + at, sizeof line - at, "%02x", *p);
    line[at++] = '\n';
    scalebox_send("raised ", line, at);
}

static void scalebox_read_all(void) {
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) scalebox_raise("out of memory reading the arguments");
        if (len + 1 >= cap) buf = realloc(buf, cap *= 2);
        if (!buf) scalebox_raise("out of memory reading the arguments");
        size_t n = fread(buf + len, 1, cap - len - 1, stdin);
        if (n == 0) break;
        len += n;
    }
    buf[len] = '\0';
    scalebox_in = buf;
    scalebox_in_at = 0;
}

/* The next token's kind and its text (up to the line's end). */
static char scalebox_token(const char **text) {
    char *line = scalebox_in + scalebox_in_at;
    char *end = strchr(line, '\n');
    if (!end || end == line) scalebox_raise("the arguments ended early");
    *end = '\0';
    scalebox_in_at = (size_t)(end - scalebox_in) + 1;
    *text = line[1] == ' ' ? line + 2 : line + 1;
    return line[0];
}

static void *scalebox_alloc(long long count, size_t size) {
    void *p = calloc(count > 0 ? (size_t)count : 1, size);
    if (!p) scalebox_raise("out of memory");
    return p;
}

static int scalebox_list(const char *what) {
    const char *text;
    char kind = scalebox_token(&text);
    if (kind != 'l') scalebox_raise("%s: expected a list", what);
    long long n = strtoll(text, NULL, 10);
    if (n < 0 || n > INT_MAX) scalebox_raise("%s: list too long", what);
    return (int)n;
}

static long long scalebox_integer(const char *what, long long lo, long long hi) {
    const char *text;
    char kind = scalebox_token(&text);
    if (kind != 'i') scalebox_raise("%s: expected an integer", what);
    errno = 0;
    long long v = strtoll(text, NULL, 10);
    if (errno == ERANGE || v < lo || v > hi)
        scalebox_raise("%s: %s is out of range for the parameter's type", what, text);
    return v;
}

static int scalebox_read_int(const char *w) { return (int)scalebox_integer(w, INT_MIN, INT_MAX); }
static long scalebox_read_long(const char *w) { return (long)scalebox_integer(w, LONG_MIN, LONG_MAX); }
static long long scalebox_read_llong(const char *w) { return scalebox_integer(w, LLONG_MIN, LLONG_MAX); }

static double scalebox_read_double(const char *what) {
    const char *text;
    char kind = scalebox_token(&text);
    if (kind != 'f' && kind != 'i') scalebox_raise("%s: expected a number", what);
    return strtod(text, NULL);
}

static bool scalebox_read_bool(const char *what) {
    const char *text;
    if (scalebox_token(&text) != 'b') scalebox_raise("%s: expected a boolean", what);
    return text[0] == '1';
}

static char *scalebox_read_str(const char *what) {
    const char *text;
    if (scalebox_token(&text) != 's') scalebox_raise("%s: expected a string", what);
    size_t n = strlen(text) / 2;
    char *s = scalebox_alloc((long long)n + 1, 1);
    for (size_t i = 0; i < n; ++i) {
        unsigned int byte;
        sscanf(text + 2 * i, "%2x", &byte);
        if (byte == 0) scalebox_raise("%s: a C string cannot hold the character U+0000", what);
        s[i] = (char)byte;
    }
    return s;
}

static char scalebox_read_char(const char *what) {
    char *s = scalebox_read_str(what);
    if (strlen(s) != 1) scalebox_raise("%s: expected a string of one byte for a char", what);
    return s[0];
}

static void scalebox_put(const char *fmt, ...) {
    va_list ap;
    for (;;) {
        size_t room = scalebox_out_cap - scalebox_out_len;
        va_start(ap, fmt);
        int n = vsnprintf(scalebox_out ? scalebox_out + scalebox_out_len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0) scalebox_raise("cannot write the result");
        if ((size_t)n < room) {
            scalebox_out_len += (size_t)n;
            return;
        }
        scalebox_out_cap = (scalebox_out_cap + (size_t)n + 1) * 2;
        scalebox_out = realloc(scalebox_out, scalebox_out_cap);
        if (!scalebox_out) _Exit(1);
    }
}

static void scalebox_write_list(long long n) { scalebox_put("l %lld\n", n); }
static void scalebox_write_int(long long v) { scalebox_put("i %lld\n", v); }
static void scalebox_write_bool(bool v) { scalebox_put("b %d\n", v ? 1 : 0); }

static void scalebox_write_double(double v) {
    if (isnan(v)) scalebox_put("f nan\n");
    else if (isinf(v)) scalebox_put(v > 0 ? "f inf\n" : "f -inf\n");
    else scalebox_put("f %.17g\n", v);
}

static void scalebox_write_str(const char *s) {
    if (!s) {
        scalebox_put("n\n");
        return;
    }
    scalebox_put("s ");
    for (const unsigned char *p = (const unsigned char *)s; *p; ++p) scalebox_put("%02x", *p);
    scalebox_put("\n");
}

static void scalebox_write_char(char c) {
    char s[2] = {c, '\0'};
    scalebox_write_str(s);
}

static void scalebox_length(int n, const char *what) {
    if (n < 0) scalebox_raise("the function set %s to %d", what, n);
}

static void scalebox_done(void) {
    scalebox_send("ok\n", scalebox_out, scalebox_out_len);
}
