/*
 * load-bench — loading a large data file, against the I/O floor, then the
 * command-line tool end to end, in one run.
 *
 *   load-bench DATA N REPS [WUHONG]
 *
 * Writes N units in DATA's format (bench-data.h) to a temporary file, then
 * times, median of REPS each:
 *   FLOOR  reading the file and counting its fields with memchr,
 *   LOAD   wuhong_dataset_load_csv of it (one thread),
 * and, when WUHONG (the tool) is given, `wuhong evaluate FILE --format
 * csv -o OUT` end to end (median of REPS runs) with its peak resident
 * memory against the size of the loaded columns.
 */
#define _DEFAULT_SOURCE /* sync */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wuhong.h>

#include "bench-data.h"

/* The I/O floor: the file read, and its fields and lines counted. */
static size_t floor_pass(const char *path)
{
	size_t len, fields = 0;
	char *buf = slurp(path, &len);
	if (!buf)
		return 0;
	for (const char *p = buf, *end = buf + len; (p = memchr(p, ',', (size_t)(end - p))); p++)
		fields++;
	for (const char *p = buf, *end = buf + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		fields++;
	free(buf);
	return fields;
}

int main(int argc, char **argv)
{
	size_t n;
	int reps;
	char path[] = "/tmp/load-bench-XXXXXX";
	char *src = NULL;
	if (bench_setup(argc, argv, 4, "load-bench DATA N REPS [WUHONG]", &n, &reps, path, &src))
		return 2;
	double *times = malloc((size_t)reps * sizeof *times);
	size_t fields = 0;
	for (int r = 0; r < reps; r++) {
		double t0 = now();
		fields = floor_pass(path);
		times[r] = now() - t0;
	}
	double floor_s = median(times, reps);

	wuhong_dataset *ds = NULL;
	wuhong_error err;
	for (int r = 0; r < reps; r++) {
		wuhong_dataset_free(ds);
		double t0 = now();
		int rc = wuhong_dataset_load_csv(&ds, path, NULL, &err);
		times[r] = now() - t0;
		if (rc) {
			char msg[1024];
			wuhong_error_format(&err, msg, sizeof msg);
			fprintf(stderr, "load-bench: %s\n", msg);
			unlink(path);
			return 1;
		}
	}
	double load_s = median(times, reps);
	size_t columns = 1; /* the header's indicator columns: its fields past the five of the roster */
	for (const char *c = src; *c; c++)
		columns += *c == ',';
	columns -= 5;
	double column_mb = (double)n * (double)columns * sizeof(double) / 1e6;
	if (wuhong_dataset_count(ds) != n) {
		fprintf(stderr, "load-bench: loaded %zu units, wrote %zu\n", wuhong_dataset_count(ds), n);
		return 1;
	}
	wuhong_dataset_free(ds);
	FILE *written = fopen(path, "rb");
	long bytes = written && fseek(written, 0, SEEK_END) == 0 ? ftell(written) : -1;
	if (written)
		fclose(written);
	printf("FILE n=%zu bytes=%ld fields=%zu indicator_columns=%zu (%.0f MB as doubles)\n", n, bytes, fields,
	       columns, column_mb);
	printf("FLOOR s=%.3f\n", floor_s);
	printf("LOAD s=%.3f ups=%.4g (%.1fx the floor)\n", load_s, (double)n / load_s, load_s / floor_s);
	int rc = 0;
	if (argc > 4) {
		char csv[] = "/tmp/load-bench-out-XXXXXX";
		int ofd = mkstemp(csv);
		if (ofd >= 0) {
			close(ofd);
			unlink(csv); /* the tool writes it anew */
		}
		/* the file this benchmark wrote reaches the disk first: the tool's
		 * fsync of its output must not wait for our own dirty pages */
		sync();
		for (int r = 0; r < reps && !rc; r++) {
			double t0 = now();
			pid_t pid = fork();
			if (pid == 0) {
				execl(argv[4], argv[4], "evaluate", path, "--format", "csv", "-o", csv, (char *)NULL);
				_exit(127);
			}
			int status = 0;
			waitpid(pid, &status, 0);
			times[r] = now() - t0;
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
				fprintf(stderr, "load-bench: %s evaluate failed\n", argv[4]);
				rc = 1;
			}
		}
		struct rusage ru; /* the largest of the runs */
		getrusage(RUSAGE_CHILDREN, &ru);
		if (!rc)
			printf("CLI evaluate --format csv s=%.3f peak_rss_mb=%.0f (%.2fx the loaded columns)\n",
			       median(times, reps), (double)ru.ru_maxrss / 1e3,
			       (double)ru.ru_maxrss * 1e3 / (column_mb * 1e6));
		unlink(csv);
	}
	unlink(path);
	free(times);
	free(src);
	return rc;
}
