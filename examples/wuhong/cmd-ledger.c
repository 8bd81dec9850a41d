/*
 * cmd-ledger.c — the campaign across periods: `wuhong review` (record a
 * period), `history` (a unit's trail), `ledger` (what the ledger holds) and
 * `rotation` (the monthly inspection plan).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static bool is_money(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, "_fen") == 0;
}

/* Values as their types say (JSON: integers, reals, null, strings); in tables
 * money columns ("amount_fen") show as yuan ("amount (yuan)"). */
void write_rows(const wuhong_rows *r, int format, FILE *f)
{
	size_t cols = wuhong_rows_columns(r), n = wuhong_rows_count(r);
	if (format == FMT_JSON) {
		json_t *arr = json_array();
		for (size_t k = 0; k < n; k++) {
			json_t *o = json_object();
			for (size_t c = 0; c < cols; c++) {
				const char *name = wuhong_rows_name(r, c);
				json_t *v;
				switch (wuhong_rows_type(r, k, c)) {
				case WUHONG_VALUE_INTEGER: v = json_integer(wuhong_rows_int(r, k, c)); break;
				case WUHONG_VALUE_REAL: v = json_real(wuhong_rows_double(r, k, c)); break;
				case WUHONG_VALUE_NULL: v = json_null(); break;
				default: v = json_string(wuhong_rows_cell(r, k, c)); break;
				}
				json_object_set_new(o, name, v);
			}
			json_array_append_new(arr, o);
		}
		json_write(arr, f);
		json_decref(arr);
		return;
	}
	if (format == FMT_CSV) {
		for (size_t c = 0; c < cols; c++)
			csv_field(f, column_name(wuhong_rows_name(r, c)), c + 1 == cols);
		for (size_t k = 0; k < n; k++)
			for (size_t c = 0; c < cols; c++)
				csv_field(f, wuhong_rows_cell(r, k, c), c + 1 == cols);
		return;
	}
	table t;
	table_init(&t, cols);
	const char **row = malloc((cols ? cols : 1) * sizeof *row);
	char (*money)[40] = malloc((cols ? cols : 1) * sizeof *money);
	for (size_t c = 0; c < cols; c++) {
		const char *name = wuhong_rows_name(r, c);
		if (is_money(name)) {
			snprintf(money[c], sizeof money[c], "%.*s (yuan)", (int)(strlen(name) - 4), name);
			row[c] = money[c];
			table_align_right(&t, c);
		} else {
			row[c] = name;
		}
	}
	table_add(&t, row);
	for (size_t k = 0; k < n; k++) {
		for (size_t c = 0; c < cols; c++) {
			const char *v = wuhong_rows_cell(r, k, c);
			if (is_money(wuhong_rows_name(r, c)) && wuhong_rows_type(r, k, c) == WUHONG_VALUE_INTEGER) {
				yuan(money[c], sizeof money[c], wuhong_rows_int(r, k, c));
				row[c] = money[c];
			} else {
				row[c] = language_zh() ? value_label(wuhong_rows_name(r, c), v) : v;
			}
		}
		table_add(&t, row);
	}
	table_print(&t, f);
	table_free(&t);
	free(row);
	free(money);
}

/* review creates the ledger; the commands that only read it need it to exist */
static int open_ledger(const options *o, wuhong_ledger **l, bool for_writing)
{
	if (!o->ledger)
		return usage_error(_("this command needs --ledger FILE%s"), "");
	wuhong_error err;
	int rc = for_writing ? wuhong_ledger_open(l, o->ledger, &err) : wuhong_ledger_open_readonly(l, o->ledger, &err);
	return rc ? report(rc, &err) : 0;
}

/* Each event with its count, in the order the events first occur; then the money. */
static void summarise(const wuhong_rows *r, FILE *f)
{
	size_t n = wuhong_rows_count(r);
	fputs(" ", f);
	if (n == 0)
		fputs(_(" no events (a monthly assessment records the results only)"), f);
	const char *event[32]; /* the review's event kinds, far fewer than 32 */
	size_t count[32], kinds = 0;
	for (size_t i = 0; i < n; i++) {
		const char *e = wuhong_rows_cell(r, i, 3);
		size_t k = 0;
		while (k < kinds && strcmp(event[k], e) != 0)
			k++;
		if (k == kinds && kinds < 32) {
			event[kinds] = e;
			count[kinds++] = 0;
		}
		if (k < kinds)
			count[k]++;
	}
	for (size_t k = 0; k < kinds; k++)
		fprintf(f, " %s %zu", language_zh() ? value_label("event", event[k]) : event[k], count[k]);
	long long paid = 0;
	for (size_t i = 0; i < n; i++)
		paid += wuhong_rows_int(r, i, 6);
	char y[32];
	fprintf(f, _("\n  paid this period: %s yuan\n"), yuan(y, sizeof y, paid));
}

int cmd_review(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 1 || !o.period)
		return usage_error(_("review needs --ledger FILE --period P and one data file%s"), "");
	wuhong_ledger *l = NULL;
	wuhong_decisions *dec = NULL;
	wuhong_applications *apps = NULL;
	wuhong_adjustments *adj = NULL;
	wuhong_rows *rows = NULL;
	session s = { 0 };
	wuhong_error err;
	if (!o.ledger)
		return usage_error(_("review needs --ledger FILE%s"), "");
	/* every input is read and checked before the ledger is opened (or created) */
	wuhong_csv_options co = WUHONG_CSV_OPTIONS_INIT;
	co.encoding = o.encoding;
	int rc = o.decisions ? wuhong_decisions_load_csv(&dec, o.decisions, &co, &err) : 0;
	if (!rc && o.applications)
		rc = wuhong_applications_load_csv(&apps, o.applications, &co, &err);
	if (rc) {
		status = report(rc, &err);
		goto out;
	}
	if ((status = session_open(&s, &o, argv[first])))
		goto out;
	if ((status = load_adjustments(&o, &adj)))
		goto out;
	if ((status = open_ledger(&o, &l, true)))
		goto out;
	wuhong_review_options ro = WUHONG_REVIEW_OPTIONS_INIT;
	ro.decisions = dec;
	ro.applications = apps;
	ro.adjustments = adj;
	ro.supersede = o.supersede;
	int replayed;
	rc = wuhong_review(&rows, &replayed, l, o.period, s.ev, &ro, &err);
	if (rc) {
		status = report(rc, &err);
		goto out;
	}
	out_sink sink;
	if (!(status = open_sink(&sink, &o))) {
		if (o.format == FMT_TABLE) {
			fprintf(sink.f, replayed ? _("%s: already recorded with the same inputs; nothing written, nothing paid again\n")
						 : _("%s: recorded\n"), o.period);
			summarise(rows, sink.f);
			fputc('\n', sink.f);
		}
		write_rows(rows, o.format, sink.f);
		status = finish(&sink, 0);
	}
	if (status)
		fprintf(stderr, _("wuhong: period %s is recorded in %s all the same; the same command again prints it\n"),
			o.period, o.ledger);
out:
	wuhong_rows_free(rows);
	session_free(&s);
	wuhong_decisions_free(dec);
	wuhong_applications_free(apps);
	wuhong_adjustments_free(adj);
	wuhong_ledger_free(l);
	return status;
}

/* Not a query of the ledger's: `ledger verify` (the integrity check and every
 * period's seal; exit 1 on a mismatch), answered with the chain of seals. */
#define VERIFY ((wuhong_ledger_question)-1)

static int query_command(const options *o, wuhong_ledger_question q, const char *key)
{
	wuhong_ledger *l;
	int status = open_ledger(o, &l, false);
	if (status)
		return status;
	wuhong_rows *rows;
	wuhong_error err;
	int rc = q == VERIFY ? wuhong_ledger_verify(&rows, l, &err) : wuhong_ledger_query(&rows, l, q, key, &err);
	if (rc) {
		wuhong_ledger_free(l);
		return report(rc, &err);
	}
	if (q == WUHONG_LEDGER_HISTORY && wuhong_rows_count(rows) == 0) {
		fprintf(stderr, _("wuhong: unit '%s' has no history in %s\n"), key, o->ledger);
		wuhong_rows_free(rows);
		wuhong_ledger_free(l);
		return EXIT_INVALID;
	}
	out_sink sink;
	if (!(status = open_sink(&sink, o))) {
		size_t n = wuhong_rows_count(rows);
		if (q == VERIFY && o->format == FMT_TABLE) {
			fprintf(sink.f, n == 1 ? _("%s: intact; %zu period sealed") : _("%s: intact; %zu periods sealed"), o->ledger, n);
			if (n)
				fprintf(sink.f, _(", last seal %s"), wuhong_rows_cell(rows, n - 1, 2));
			fputs("\n\n", sink.f);
		}
		if (o->format == FMT_TABLE && n == 0)
			fputs(_("(nothing recorded)\n"), sink.f);
		else
			write_rows(rows, o->format, sink.f);
		status = finish(&sink, 0);
	}
	wuhong_rows_free(rows);
	wuhong_ledger_free(l);
	return status;
}

int cmd_history(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 1)
		return usage_error(_("history needs --ledger FILE and a unit id%s"), "");
	return query_command(&o, WUHONG_LEDGER_HISTORY, argv[first]);
}

int cmd_ledger(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first == 1 && strcmp(argv[first], "verify") == 0)
		return query_command(&o, VERIFY, NULL);
	static const struct {
		const char *name;
		wuhong_ledger_question q;
	} what[] = { { "periods", WUHONG_LEDGER_PERIODS }, { "payments", WUHONG_LEDGER_PAYMENTS },
		     { "totals", WUHONG_LEDGER_TOTALS }, { "boards", WUHONG_LEDGER_BOARDS } };
	if (argc - first == 1)
		for (size_t k = 0; k < sizeof what / sizeof what[0]; k++)
			if (strcmp(argv[first], what[k].name) == 0) {
				if (what[k].q == WUHONG_LEDGER_BOARDS && !o.period)
					return usage_error(_("ledger boards needs --period P%s"), "");
				return query_command(&o, what[k].q, o.period);
			}
	return usage_error(_("ledger needs --ledger FILE and one of: periods, payments, totals, boards, verify%s"), "");
}

int cmd_rotation(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first > 1)
		return usage_error(_("rotation takes at most one data file (to put black-listed townships first)%s"), "");
	char this_month[16];
	time_t now = time(NULL);
	strftime(this_month, sizeof this_month, "%Y-%m", localtime(&now));
	session s = { 0 };
	wuhong_policy *p = NULL;
	if (argc - first == 1) {
		if ((status = session_open(&s, &o, argv[first])))
			return status;
	} else if ((status = load_policy_file(o.policy, &p))) {
		return status;
	}
	wuhong_rows *rows;
	wuhong_error err;
	int rc = wuhong_rotation(&rows, s.policy ? s.policy : p, o.start ? o.start : this_month, o.months, s.ev, &err);
	if (rc) {
		status = report(rc, &err);
	} else {
		out_sink sink;
		if (!(status = open_sink(&sink, &o))) {
			write_rows(rows, o.format, sink.f);
			status = finish(&sink, 0);
		}
		wuhong_rows_free(rows);
	}
	session_free(&s);
	wuhong_policy_free(p);
	return status;
}
