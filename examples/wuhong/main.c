/*
 * wuhong — the command-line tool of libwuhong: options, loading, and the
 * command table. The commands are in cmd-*.c; see docs/cli.md.
 *
 * Exit status: 0 success, 1 invalid policy or data, 2 usage, 3 I/O.
 * It uses only the public API (<wuhong.h>).
 */
#include <getopt.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "wuhong: ");
	fprintf(stderr, fmt, arg ? arg : "");
	fprintf(stderr, _("\nTry 'wuhong %s%s--help'.\n"), cli_current ? cli_current->name : "", cli_current ? " " : "");
	return EXIT_USAGE;
}

static int exit_for(int rc)
{
	switch (rc) {
	case WUHONG_EIO: return EXIT_IO;
	case WUHONG_ENOMEM: return EXIT_IO;
	case WUHONG_EINVAL: return EXIT_USAGE;
	default: return EXIT_INVALID;
	}
}

int report(int rc, const wuhong_error *err)
{
	char msg[2048];
	wuhong_error_format(err, msg, sizeof msg);
	fprintf(stderr, "wuhong: %s\n", msg);
	return exit_for(rc);
}

int set_option(options *o, unsigned bit, const char *v)
{
	char *end;
	long n;
	switch (bit) {
	case OPT_POLICY: o->policy = v; break;
	case OPT_ENCODING: o->encoding = v; break;
	case OPT_SHEET: o->sheet = v; break;
	case OPT_PANEL: o->panel = v; break;
	case OPT_SECTOR: o->sector = v; break;
	case OPT_TOWN: o->town = v; break;
	case OPT_OUTPUT: o->output = v; break;
	case OPT_BOM: o->bom = true; break;
	case OPT_OUTENC: o->out_encoding = v; break;
	case OPT_ADJ: o->adjustments = v; break;
	case OPT_POLICY_A: o->policy_a = v; break;
	case OPT_POLICY_B: o->policy_b = v; break;
	case OPT_LEDGER: o->ledger = v; break;
	case OPT_PERIOD: o->period = v; break;
	case OPT_DECISIONS: o->decisions = v; break;
	case OPT_APPLICATIONS: o->applications = v; break;
	case OPT_SUPERSEDE: o->supersede = true; break;
	case OPT_START: o->start = v; break;
	case OPT_TITLE: o->title = v; break;
	case OPT_ISSUER: o->issuer = v; break;
	case OPT_HEADERS:
		if (strcmp(v, "zh") != 0 && strcmp(v, "en") != 0)
			return usage_error(_("--headers needs zh or en, not '%s'"), v);
		language_set_headers_zh(strcmp(v, "zh") == 0);
		break;
	case OPT_MAX_ERRORS:
		n = strtol(v, &end, 10);
		if (*end || n < 1 || n > 100000)
			return usage_error(_("--max-errors needs a number from 1 to 100000, not '%s'"), v);
		o->max_errors = (size_t)n;
		break;
	case OPT_HEADER_ROW:
		n = strtol(v, &end, 10);
		if (*end || n < 1 || n > 1048576)
			return usage_error(_("--header-row needs a row number from 1 to 1048576, not '%s'"), v);
		o->header_row = n;
		break;
	case OPT_MONTHS:
		n = strtol(v, &end, 10);
		if (*end || n < 1 || n > 1200)
			return usage_error(_("--months needs a number from 1 to 1200, not '%s'"), v);
		o->months = (int)n;
		break;
	case OPT_BUDGET:
		if (wuhong_parse_yuan(&o->budget, v, NULL) != 0 || o->budget < 0)
			return usage_error(_("--budget needs an amount in yuan (at most two decimals), not '%s'"), v);
		break;
	case OPT_THREADS:
		n = strtol(v, &end, 10);
		if (*end || n < 0 || n > 64)
			return usage_error(_("--threads needs a number from 0 (automatic) to 64, not '%s'"), v);
		o->threads = (unsigned)n;
		break;
	case OPT_COLOR: {
		const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
		if (strcmp(v, "always") == 0)
			o->color = true;
		else if (strcmp(v, "never") == 0)
			o->color = false;
		else if (strcmp(v, "auto") == 0)
			o->color = isatty(STDOUT_FILENO) && !(no && *no) && !(term && strcmp(term, "dumb") == 0);
		else
			return usage_error(_("--color needs auto, always or never, not '%s'"), v);
		table_set_color(o->color);
		break;
	}
	case OPT_FORMAT:
		if (strcmp(v, "table") == 0)
			o->format = FMT_TABLE;
		else if (strcmp(v, "csv") == 0)
			o->format = FMT_CSV;
		else if (strcmp(v, "json") == 0)
			o->format = FMT_JSON;
		else if (cli_current && strcmp(cli_current->name, "board") == 0 && strcmp(v, "xlsx") == 0)
			o->format = FMT_XLSX;
		else if (cli_current && strcmp(cli_current->name, "board") == 0 && strcmp(v, "html") == 0)
			o->format = FMT_HTML;
		else if (cli_current && strcmp(cli_current->name, "board") == 0)
			return usage_error(_("unknown format '%s'; a board is xlsx or html"), v);
		else
			return usage_error(_("unknown format '%s'; expected table, csv or json"), v);
		o->format_given = true;
		break;
	}
	return 0;
}

/* path NULL: the embedded default */
int load_policy_file(const char *path, wuhong_policy **p)
{
	wuhong_error err;
	int rc = path ? wuhong_policy_load(p, path, &err) : wuhong_policy_default(p, &err);
	return rc ? report(rc, &err) : 0;
}

/* All of standard input, for a data argument "-". */
static int read_stdin(char **data, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, stdin);
		n += got;
		if (got == 0)
			break;
		if (n == cap) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (!buf) {
		fprintf(stderr, _("wuhong: out of memory reading standard input\n"));
		return EXIT_IO;
	}
	if (ferror(stdin)) {
		fprintf(stderr, _("wuhong: cannot read standard input\n"));
		free(buf);
		return EXIT_IO;
	}
	*data = buf;
	*len = n;
	return 0;
}

int report_problems(const wuhong_problems *pr)
{
	char msg[2048];
	size_t shown = wuhong_problems_count(pr), found = wuhong_problems_found(pr);
	for (size_t k = 0; k < shown; k++) {
		wuhong_error_format(wuhong_problems_at(pr, k), msg, sizeof msg);
		fprintf(stderr, "wuhong: %s\n", msg);
	}
	if (found > shown)
		fprintf(stderr, _("wuhong: more problems in the data than the %zu shown (--max-errors N for more); "
			"nothing was written\n"), shown);
	else if (found > 1)
		fprintf(stderr, _("wuhong: %zu problems in the data; nothing was written\n"), found);
	return EXIT_INVALID;
}

int load_data(const options *o, const char *path, wuhong_dataset **ds, wuhong_problems *pr)
{
	wuhong_error err;
	wuhong_csv_options co = WUHONG_CSV_OPTIONS_INIT, panel = WUHONG_CSV_OPTIONS_INIT;
	co.encoding = panel.encoding = o->encoding;
	co.sheet = o->sheet; /* the data's sheet; a panel file's is its first */
	co.header_row = o->header_row;
	co.problems = pr;
	int rc;
	if (path && strcmp(path, "-") == 0) {
		char *text;
		size_t len;
		if ((rc = read_stdin(&text, &len)))
			return rc;
		rc = wuhong_dataset_load_csv_string(ds, text, len, "<stdin>", &co, &err);
		free(text);
	} else {
		rc = path ? wuhong_dataset_load_csv(ds, path, &co, &err)
			  : wuhong_dataset_load_csv_string(ds, wh_demo_data, wh_demo_data_len, "jiangxian.csv (bundled)",
							   &co, &err);
	}
	for (const char *note = rc ? NULL : wuhong_dataset_notice(*ds); note && *note;) {
		size_t len = strcspn(note, "\n");
		fprintf(stderr, _("wuhong: notice: %.*s\n"), (int)len, note);
		note += len + (note[len] == '\n');
	}
	if (!rc && o->panel && (rc = wuhong_dataset_load_panel(*ds, o->panel, &panel, &err))) {
		wuhong_dataset_free(*ds);
		*ds = NULL;
	}
	if (rc && wuhong_problems_count(pr)) /* the rows before what stopped the reading */
		report_problems(pr);
	return rc ? report(rc, &err) : 0;
}

/* --town must name a township of the policy (or, when it lists none, of the data). */
static int check_town(const session *s, const char *town)
{
	wuhong_error err;
	if (wuhong_policy_town_count(s->policy) == 0) {
		for (size_t i = 0; i < wuhong_dataset_count(s->data); i++)
			if (strcmp(wuhong_dataset_unit_town(s->data, i), town) == 0)
				return 0;
		snprintf(err.message, sizeof err.message, "no township '%s' in the data", town);
	} else if (wuhong_policy_find_town(NULL, s->policy, town, &err) == 0) {
		return 0;
	}
	fprintf(stderr, _("wuhong: --town: %s\nTry 'wuhong %s --help'.\n"), err.message,
		cli_current ? cli_current->name : "evaluate");
	return EXIT_USAGE;
}

/* Idempotent: a session that failed to open is already empty. */
void session_free(session *s)
{
	wuhong_evaluation_free(s->ev);
	wuhong_dataset_free(s->data);
	wuhong_policy_free(s->policy);
	s->ev = NULL;
	s->data = NULL;
	s->policy = NULL;
}

int session_open(session *s, const options *o, const char *path)
{
	memset(s, 0, sizeof *s);
	s->sector_filter = -1;
	int status = load_policy_file(o->policy, &s->policy);
	if (status)
		return status;
	if (o->sector) {
		size_t k;
		wuhong_error err;
		if (wuhong_policy_find_sector(&k, s->policy, o->sector, &err) != 0) {
			fprintf(stderr, _("wuhong: --sector: %s\nTry 'wuhong %s --help'.\n"), err.message,
				cli_current ? cli_current->name : "evaluate");
			session_free(s);
			return EXIT_USAGE;
		}
		s->sector_filter = (int)k;
	}
	/* every problem of the data at once: the loader's bad rows, then the evaluation's cells */
	wuhong_problems *pr = NULL;
	if (wuhong_problems_new(&pr, o->max_errors ? o->max_errors : WUHONG_PROBLEMS_DEFAULT_MAX, NULL)) {
		fprintf(stderr, _("wuhong: out of memory\n"));
		session_free(s);
		return EXIT_INVALID;
	}
	if ((status = load_data(o, path, &s->data, pr))) {
		wuhong_problems_free(pr);
		session_free(s);
		return status;
	}
	if (o->town && (status = check_town(s, o->town))) {
		wuhong_problems_free(pr);
		session_free(s);
		return status;
	}
	wuhong_error err;
	wuhong_evaluate_options eo = WUHONG_EVALUATE_OPTIONS_INIT;
	eo.threads = o->threads;
	eo.problems = pr;
	int rc = wuhong_evaluate(&s->ev, s->policy, s->data, &eo, &err);
	if (wuhong_problems_count(pr) && (!rc || rc == WUHONG_EDATA))
		status = report_problems(pr); /* rows left out, or cells the evaluation found */
	else if (rc)
		status = report(rc, &err);
	wuhong_problems_free(pr);
	if (status)
		session_free(s);
	return status;
}

bool selected(const session *s, const options *o, size_t i)
{
	if (s->sector_filter >= 0 && wuhong_evaluation_sectors(s->ev)[i] != (uint8_t)s->sector_filter)
		return false;
	if (o->town && strcmp(wuhong_dataset_unit_town(s->data, i), o->town) != 0)
		return false;
	return true;
}

void mask_text(char *buf, uint8_t mask)
{
	for (int c = 0; c < WUHONG_CRITERIA; c++)
		buf[c] = (mask >> c) & 1 ? '1' : '0';
	buf[WUHONG_CRITERIA] = '\0';
}

json_t *policy_json(const wuhong_policy *p)
{
	return json_pack("{s:s, s:s}", "name", wuhong_policy_name(p), "fingerprint", wuhong_policy_fingerprint(p));
}

/* ---- commands -------------------------------------------------------------- */

char *yuan(char *buf, size_t size, int64_t fen)
{
	return wuhong_format_yuan(buf, size, fen);
}

char *wan(char *buf, size_t size, int64_t fen)
{
	/* 1 万元 = 10,000 yuan = 1,000,000 fen; shown to 0.01 万元 (100 yuan), rounded half away from zero */
	uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	uint64_t hundredths = mag / 10000 + (mag % 10000 >= 5000);
	snprintf(buf, size, "%s%llu.%02llu", fen < 0 && hundredths ? "-" : "", (unsigned long long)(hundredths / 100),
		 (unsigned long long)(hundredths % 100));
	return buf;
}

int finish(out_sink *sink, int status)
{
	char why[512];
	if (status) {
		out_discard(sink);
		return status;
	}
	status = out_close(sink, why, sizeof why);
	if (status)
		fprintf(stderr, "wuhong: %s\n", why);
	return status;
}

int open_sink(out_sink *sink, const options *o)
{
	char why[512];
	int status = out_open(sink, o->output, o->bom, o->out_encoding, why, sizeof why);
	if (status)
		fprintf(stderr, "wuhong: %s\n", why);
	return status;
}

int run_data_command(int argc, char **argv, const char *usage, session_writer write)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 1)
		return usage_error("%s", _(usage));
	return run_session(&o, argv[first], write);
}

int run_session(const options *o, const char *path, session_writer write)
{
	session s;
	int status = session_open(&s, o, path);
	if (status)
		return status;
	out_sink sink;
	if (!(status = open_sink(&sink, o)))
		status = finish(&sink, write(&s, o, sink.f));
	session_free(&s);
	return status;
}

/* libwuhong's and jansson's allocations: a failed one fails the whole run
 * (out_close then writes nothing), whether or not the caller noticed it. */
static void *cli_malloc(size_t n)
{
	void *p = malloc(n);
	if (!p)
		out_fail();
	return p;
}

static void *cli_realloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q)
		out_fail();
	return q;
}

int main(int argc, char **argv)
{
	wuhong_set_alloc_funcs(cli_malloc, cli_realloc, free);
	int status = language_setup(&argc, argv);
	if (status)
		return status;
	struct winsize ws;
	const char *columns = getenv("COLUMNS");
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		table_set_width(ws.ws_col);
	else if (columns && atoi(columns) > 0)
		table_set_width((size_t)atoi(columns));
	json_set_alloc_funcs(cli_malloc, free);
	if (argc < 2)
		return usage_error(_("no command given%s"), "");
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("wuhong %s (libwuhong %s)\n", WUHONG_VERSION_STRING, wuhong_version());
		return 0;
	}
	if (strcmp(cmd, "help") == 0 && argc == 3) {
		const cli_command *c = cli_find_command(argv[2]);
		if (!c)
			return usage_error(_("help: unknown command '%s'"), argv[2]);
		cli_print_help(c, stdout);
		return 0;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		cli_print_usage(stdout);
		return 0;
	}
	if ((cli_current = cli_find_command(cmd)))
		return cli_current->fn(argc - 1, argv + 1);
	return usage_error(_("unknown command '%s'"), cmd);
}
