/*
 * output.h — where the CLI's output goes: a stream that is converted
 * (GB18030, BOM) and written atomically for -o (a large one through the
 * temporary file that replaces the target), at the end for stdout.
 * Also a small table layout that knows CJK characters are two columns wide.
 */
#ifndef WUHONG_CLI_OUTPUT_H
#define WUHONG_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

typedef struct out_sink {
	FILE *f;           /* write here */
	char *buf;         /* what waits to be written */
	size_t len, cap;
	const char *path;  /* NULL = stdout */
	const char *bom_bytes;
	size_t bom_len;    /* 0: no BOM */
	bool gb18030;
	bool streamable;   /* a large output goes to the temporary file as it grows */
	bool committed;    /* the temporary file has become the target */
	char *target;      /* the file -o replaces (symlinks followed) */
	char *tmp;         /* the temporary file beside it, once made */
	int fd;            /* tmp, open; -1 */
	int write_errno;   /* the first write error, said in why */
	struct out_writer *writer; /* the thread writing tmp, once started */
	char why[600];
} out_sink;

int out_open(out_sink *o, const char *path, bool bom, const char *encoding, char *why, size_t why_size);
/* Convert and write everything; returns 0 or an exit status (3 = I/O). */
int out_close(out_sink *o, char *why, size_t why_size);
void out_discard(out_sink *o);
/* Mark this run as having lost memory: out_close then writes nothing (exit 3). */
void out_fail(void);
bool out_failed(void);

/* One CSV field, quoted when it must be. */
void csv_field(FILE *f, const char *s, bool last);
/* A whole row of n fields, formatted into one buffer and written at once
 * (the evaluation's million rows). */
void csv_row(FILE *f, const char *const *fields, size_t n);

/* ---- tables -------------------------------------------------------------- */
typedef struct table {
	size_t cols, rows, cap;
	char **cells;       /* rows * cols, owned */
	bool *right;        /* right-align column */
} table;

void table_init(table *t, size_t cols);
void table_align_right(table *t, size_t col);
void table_add(table *t, const char *const *cells);
/* Print with aligned columns, the last (when left-aligned) wrapped to the width. */
void table_print(const table *t, FILE *f);
/* The width tables fit (the terminal's, or 100 when not a terminal; at least 40). */
void table_set_width(size_t columns);
/* Whether tables use terminal colours (--color). */
void table_set_color(bool on);
void table_free(table *t);

#endif
