/*
 * bench-data.h — what the benchmarks here share: a clock, a median, and
 * the data file they read — N units in the format of the bundled
 * examples/data/jiangxian.csv (its rows in order, over and over, each with
 * a new id, so the file is grouped by sector and township as real files
 * are; nothing random, so every run reads the same bytes).
 */
#ifndef WUHONG_BENCH_DATA_H
#define WUHONG_BENCH_DATA_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static inline char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)size + 1);
	if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf)
		buf[size] = '\0', *len = (size_t)size;
	return buf;
}

/* The median of times[0 .. reps-1] (sorted in place). */
static inline double median(double *times, int reps)
{
	qsort(times, (size_t)reps, sizeof *times, cmp_double);
	return times[reps / 2];
}

/*
 * Write n units in the format of the CSV at data into a new temporary
 * file (path: a mkstemp template, filled in). *header receives the
 * header line (caller frees). 0 on success.
 */
static inline int bench_data_write(const char *data, size_t n, char *path, char **header)
{
	size_t len;
	char *src = slurp(data, &len);
	char *body = src ? strchr(src, '\n') : NULL;
	if (!body) {
		free(src);
		return -1;
	}
	*body++ = '\0';
	size_t rows = 0, cap = 1024;
	const char **rest = malloc(cap * sizeof *rest); /* each row past its id */
	for (char *line = body; *line; rows++) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (rows == cap)
			rest = realloc(rest, (cap *= 2) * sizeof *rest);
		rest[rows] = strchr(line, ',');
		line = nl ? nl + 1 : line + strlen(line);
	}
	int fd = mkstemp(path);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!out || rows == 0) {
		free(rest);
		free(src);
		return -1;
	}
	fprintf(out, "%s\n", src);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "U%07zu%s\n", i, rest[i % rows]);
	fclose(out);
	free(rest);
	*header = src; /* the header line is src's first string */
	return 0;
}

/*
 * A benchmark's command line, DATA N REPS ...: N and REPS in *n, *reps, and
 * N units of DATA written to path (a mkstemp template), their header line in
 * *header (caller frees) unless header is NULL. 0, or 2 (usage) after
 * saying what is wrong.
 */
static inline int bench_setup(int argc, char **argv, int min_args, const char *usage, size_t *n, int *reps,
			      char *path, char **header_out)
{
	if (argc < min_args) {
		fprintf(stderr, "usage: %s\n", usage);
		return 2;
	}
	*n = strtoull(argv[2], NULL, 10);
	*reps = atoi(argv[3]);
	char *header = NULL;
	if (*n == 0 || *reps < 1 || bench_data_write(argv[1], *n, path, &header)) {
		fprintf(stderr, "%s: cannot read %s or write %s (or N, REPS not positive)\n", argv[0], argv[1], path);
		return 2;
	}
	if (header_out)
		*header_out = header;
	else
		free(header);
	return 0;
}

#endif
