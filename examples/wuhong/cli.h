/*
 * cli.h — what the wuhong tool's commands share: options, loading a
 * session (policy, data, evaluation), errors and exit status, output.
 */
#ifndef WUHONG_CLI_H
#define WUHONG_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <wuhong.h>

#include "output.h"

extern const char wh_demo_data[];
extern const size_t wh_demo_data_len;
extern const char wh_demo_adjustments[];
extern const size_t wh_demo_adjustments_len;

enum { EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };
enum { FMT_TABLE, FMT_CSV, FMT_JSON };

typedef struct options {
	const char *policy, *encoding, *panel, *sector, *town, *output, *out_encoding;
	const char *adjustments, *policy_a, *policy_b;
	const char *ledger, *period, *decisions, *start;
	int months;
	bool supersede;
	int64_t budget; /* fen, or WUHONG_NO_BUDGET */
	int format;
	bool bom;
	unsigned threads;
} options;

/* Everything a data command needs, loaded and evaluated. */
typedef struct session {
	wuhong_policy *policy;
	wuhong_dataset *data;
	wuhong_evaluation *ev;
	int sector_filter; /* policy sector index, or -1 */
} session;

int usage_error(const char *fmt, const char *arg);
int report(int rc, const wuhong_error *err);
/* Parse options; on return argv[*first .. argc) are the positional arguments. */
int parse_options(int argc, char **argv, options *o, int *first);
int load_policy_file(const char *path, wuhong_policy **p);
int load_data(const options *o, const char *path, wuhong_dataset **ds);
/* path NULL: the bundled data */
int session_open(session *s, const options *o, const char *path);
void session_free(session *s);
bool selected(const session *s, const options *o, size_t i);
void mask_text(char *buf, uint8_t mask);
json_t *policy_json(const wuhong_policy *p);
json_t *unit_json(const session *s, size_t i);
/* yuan with two decimals, and 万元 exactly (at least two decimals) */
char *yuan(char *buf, size_t size, int64_t fen);
char *wan(char *buf, size_t size, int64_t fen);
int open_sink(out_sink *sink, const options *o);
/* A command of one data file: load, evaluate, write to the sink. */
typedef int (*session_writer)(const session *s, const options *o, FILE *f);
int run_data_command(int argc, char **argv, const char *usage, session_writer write);
int finish(out_sink *sink, int status);

/* output sections shared by commands */
int write_evaluation(const session *s, const options *o, FILE *f);
int write_summary(const session *s, const options *o, FILE *f, const char *title);
int write_lists(const session *s, const options *o, FILE *f);
int write_awards(const session *s, const options *o, FILE *f, const wuhong_adjustments *adj, bool totals_only);
int load_adjustments(const options *o, wuhong_adjustments **adj);

int cmd_check(int argc, char **argv);
int cmd_evaluate(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_lists(int argc, char **argv);
int cmd_awards(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_rotation(int argc, char **argv);
/* rows as a table (columns named *_fen shown in yuan), CSV or JSON */
void write_rows(const wuhong_rows *r, int format, FILE *f);
/* the demo's three years on a temporary ledger */
int write_three_years(const options *o, FILE *f);

#endif
