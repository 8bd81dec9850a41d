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

#include "language.h"
#include "output.h"

extern const char wh_demo_data[];
extern const size_t wh_demo_data_len;
extern const char wh_demo_adjustments[];
extern const size_t wh_demo_adjustments_len;
extern const char wh_demo_applications_2023[], wh_demo_applications_2024[], wh_demo_applications_2025[];
extern const size_t wh_demo_applications_2023_len, wh_demo_applications_2024_len, wh_demo_applications_2025_len;

enum { EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };
enum { FMT_TABLE, FMT_CSV, FMT_JSON, FMT_XLSX, FMT_HTML }; /* the last two: wuhong board only */

typedef struct options {
	const char *policy, *encoding, *sheet, *panel, *sector, *town, *output, *out_encoding;
	const char *adjustments, *policy_a, *policy_b;
	const char *ledger, *period, *decisions, *applications, *start;
	const char *title, *issuer; /* a board's heading */
	int months;
	long header_row; /* --header-row, 0: found */
	size_t max_errors; /* problems of a data file reported at once (--max-errors) */
	bool supersede;
	int64_t budget; /* fen, or WUHONG_NO_BUDGET */
	int format;
	bool format_given;
	bool bom;
	unsigned threads;
	bool color; /* --color, resolved: auto is a terminal without NO_COLOR */
} options;

/* Everything a data command needs, loaded and evaluated. */
typedef struct session {
	wuhong_policy *policy;
	wuhong_dataset *data;
	wuhong_evaluation *ev;
	int sector_filter; /* policy sector index, or -1 */
} session;

/* The options, one bit each: what a command takes (commands.c). */
enum {
	OPT_POLICY = 1u << 0, OPT_ENCODING = 1u << 1, OPT_PANEL = 1u << 2, OPT_FORMAT = 1u << 3,
	OPT_SECTOR = 1u << 4, OPT_TOWN = 1u << 5, OPT_OUTPUT = 1u << 6, OPT_BOM = 1u << 7, OPT_OUTENC = 1u << 8,
	OPT_THREADS = 1u << 9, OPT_ADJ = 1u << 10, OPT_BUDGET = 1u << 11, OPT_POLICY_A = 1u << 12,
	OPT_POLICY_B = 1u << 13, OPT_LEDGER = 1u << 14, OPT_PERIOD = 1u << 15, OPT_DECISIONS = 1u << 16,
	OPT_SUPERSEDE = 1u << 17, OPT_START = 1u << 18, OPT_MONTHS = 1u << 19, OPT_HELP = 1u << 20,
	OPT_COLOR = 1u << 21, OPT_APPLICATIONS = 1u << 22, OPT_SHEET = 1u << 23,
	OPT_MAX_ERRORS = 1u << 24, OPT_HEADERS = 1u << 25, OPT_HEADER_ROW = 1u << 26,
	OPT_TITLE = 1u << 27, OPT_ISSUER = 1u << 28,
};

typedef struct cli_option {
	const char *name; /* the long option */
	char letter;      /* its short form, or 0 */
	const char *arg;  /* the value's name, or NULL for a flag */
	unsigned bit;
	const char *help;
} cli_option;

typedef struct cli_command {
	const char *name, *args, *summary;
	unsigned opts; /* the OPT_* it takes */
	int (*fn)(int argc, char **argv);
	const char *columns, *example;
	const char *formats; /* what its --format takes, when not table, csv and json ("xlsx html") */
} cli_command;

extern const cli_option cli_options[];
extern const cli_command cli_commands[];
/* the command being run (its options and help), set by main */
extern const cli_command *cli_current;
const cli_command *cli_find_command(const char *name);
void cli_print_usage(FILE *f);
void cli_print_help(const cli_command *c, FILE *f);
/* Store one option's value (main.c); a usage error's status, or 0. */
int set_option(options *o, unsigned bit, const char *value);

int usage_error(const char *fmt, const char *arg);
int report(int rc, const wuhong_error *err);
/* Parse options; on return argv[*first .. argc) are the positional arguments. */
int parse_options(int argc, char **argv, options *o, int *first);
int load_policy_file(const char *path, wuhong_policy **p);
/* Load a data file; with pr, every bad row is listed there instead of stopping. */
int load_data(const options *o, const char *path, wuhong_dataset **ds, wuhong_problems *pr);
/* Print the problems listed (the first max), then how many; EXIT_INVALID. */
int report_problems(const wuhong_problems *pr);
/* path NULL: the bundled data */
int session_open(session *s, const options *o, const char *path);
void session_free(session *s);
bool selected(const session *s, const options *o, size_t i);
void mask_text(char *buf, uint8_t mask);
json_t *policy_json(const wuhong_policy *p);
json_t *unit_json(const session *s, size_t i);
/* yuan with two decimals, and 万元 to two decimals (a display figure; yuan stay exact) */
char *yuan(char *buf, size_t size, int64_t fen);
char *wan(char *buf, size_t size, int64_t fen);
int open_sink(out_sink *sink, const options *o);
/* A command of one data file: load, evaluate, write to the sink. */
typedef int (*session_writer)(const session *s, const options *o, FILE *f);
int run_data_command(int argc, char **argv, const char *usage, session_writer write);
/* Load and evaluate path under o, then write through `write` to o's output (atomically). */
int run_session(const options *o, const char *path, session_writer write);
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
int cmd_completion(int argc, char **argv);
int cmd_gaps(int argc, char **argv);
int cmd_board(int argc, char **argv);
/* rows as a table (columns named *_fen shown in yuan), CSV or JSON */
void write_rows(const wuhong_rows *r, int format, FILE *f);
/* the demo's three years on a temporary ledger */
int write_three_years(const options *o, FILE *f);

#endif
