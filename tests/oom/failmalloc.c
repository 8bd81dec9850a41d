/*
 * failmalloc.c — an LD_PRELOAD shim for the CLI's allocation-failure test:
 * the Nth call of malloc, calloc or realloc in the process fails.
 *
 *   WUHONG_FAIL_AT=N       fail call N (counting from 1); unset: fail none
 *   WUHONG_COUNT_TO=FILE   at exit, write the number of calls to FILE
 *
 * Built on glibc's own entry points (__libc_malloc …), so it needs no
 * dlsym and allocates nothing itself.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static long calls, fail_at;

__attribute__((constructor)) static void start(void)
{
	const char *s = getenv("WUHONG_FAIL_AT");
	fail_at = s ? atol(s) : 0;
}

static int failing(void)
{
	return ++calls == fail_at;
}

void *malloc(size_t n)
{
	return failing() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	return failing() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	return failing() ? NULL : __libc_realloc(p, n);
}

__attribute__((destructor)) static void finish(void)
{
	const char *path = getenv("WUHONG_COUNT_TO");
	if (!path)
		return;
	char text[32];
	int len = snprintf(text, sizeof text, "%ld\n", calls);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, text, (size_t)len) < 0) {
			/* nothing to do: the test sees an empty count */
		}
		close(fd);
	}
}
