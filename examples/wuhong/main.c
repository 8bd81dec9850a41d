/*
 * wuhong — the command-line tool of libwuhong.
 *
 *   wuhong check POLICY
 *   wuhong evaluate [options] DATA.csv
 *   wuhong explain [options] DATA.csv UNIT_ID
 *   wuhong policy [-o FILE]
 *   wuhong demo [options]
 *
 * Exit status: 0 success, 1 invalid policy or data, 2 usage, 3 I/O.
 * It uses only the public API (<wuhong.h>); see docs/cli.md.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wuhong.h>

#include "output.h"

extern const char wh_demo_data[];
extern const size_t wh_demo_data_len;

enum { EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };
enum { FMT_TABLE, FMT_CSV, FMT_JSON };

typedef struct options {
	const char *policy, *encoding, *panel, *sector, *town, *output, *out_encoding;
	int format;
	bool bom;
	unsigned threads;
} options;

static const char *usage_text =
	"usage: wuhong COMMAND [OPTIONS] [ARGS]\n"
	"\n"
	"Evaluate the rules of a \"Five Red Flags\" (五面红旗) campaign.\n"
	"\n"
	"commands:\n"
	"  check POLICY             check a policy file and print its fingerprint\n"
	"  evaluate DATA.csv        flags, tier and award of every unit\n"
	"  explain DATA.csv UNIT    every criterion's verdict with values and thresholds\n"
	"  policy                   print the embedded default policy (YAML) to copy and edit\n"
	"  demo                     the bundled Jiang County data under the default policy\n"
	"\n"
	"options for evaluate, explain and demo:\n"
	"  --policy FILE            policy file (default: the embedded Jiang County policy)\n"
	"  --encoding E             input encoding: auto (default), utf-8, gb18030, gbk\n"
	"  --panel OBS.csv          panel observations unit,indicator,judge,value\n"
	"  --format F               table (default), csv or json\n"
	"  --sector S               only units of this sector (key or Chinese name)\n"
	"  --town T                 only units of this township\n"
	"  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
	"  --bom                    start the output with a byte-order mark (for Excel/WPS)\n"
	"  --output-encoding E      utf-8 (default) or gb18030\n"
	"  --threads N              evaluate with N threads (default 0: automatic)\n"
	"  -h, --help               this help\n"
	"  --version                the version\n"
	"\n"
	"exit status: 0 success, 1 invalid policy or data, 2 usage error, 3 I/O error\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "wuhong: ");
	fprintf(stderr, fmt, arg ? arg : "");
	fprintf(stderr, "\nTry 'wuhong --help'.\n");
	return EXIT_USAGE;
}

static int exit_for(int rc)
{
	switch (rc) {
	case WUHONG_EIO: return EXIT_IO;
	case WUHONG_EINVAL: return EXIT_USAGE;
	default: return EXIT_INVALID;
	}
}

static int report(int rc, const wuhong_error *err)
{
	char msg[2048];
	wuhong_error_format(err, msg, sizeof msg);
	fprintf(stderr, "wuhong: %s\n", msg);
	return exit_for(rc);
}

/* Parse options; on return argv[*first .. argc) are the positional arguments. */
static int parse_options(int argc, char **argv, options *o, int *first)
{
	enum { O_POLICY = 256, O_ENCODING, O_PANEL, O_FORMAT, O_SECTOR, O_TOWN, O_BOM, O_OUTENC, O_THREADS };
	static const struct option longs[] = {
		{ "policy", required_argument, NULL, O_POLICY },
		{ "encoding", required_argument, NULL, O_ENCODING },
		{ "panel", required_argument, NULL, O_PANEL },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "sector", required_argument, NULL, O_SECTOR },
		{ "town", required_argument, NULL, O_TOWN },
		{ "output", required_argument, NULL, 'o' },
		{ "bom", no_argument, NULL, O_BOM },
		{ "output-encoding", required_argument, NULL, O_OUTENC },
		{ "threads", required_argument, NULL, O_THREADS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->threads = 0;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:h", longs, NULL)) != -1) {
		switch (c) {
		case O_POLICY: o->policy = optarg; break;
		case O_ENCODING: o->encoding = optarg; break;
		case O_PANEL: o->panel = optarg; break;
		case O_SECTOR: o->sector = optarg; break;
		case O_TOWN: o->town = optarg; break;
		case 'o': o->output = optarg; break;
		case O_BOM: o->bom = true; break;
		case O_OUTENC: o->out_encoding = optarg; break;
		case O_THREADS: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 0 || n > 64)
				return usage_error("--threads needs a number from 0 (automatic) to 64, not '%s'", optarg);
			o->threads = (unsigned)n;
			break;
		}
		case O_FORMAT:
			if (strcmp(optarg, "table") == 0)
				o->format = FMT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				o->format = FMT_CSV;
			else if (strcmp(optarg, "json") == 0)
				o->format = FMT_JSON;
			else
				return usage_error("unknown format '%s'; expected table, csv or json", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			return usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	*first = optind;
	return 0;
}

static int load_policy(const options *o, wuhong_policy **p)
{
	wuhong_error err;
	int rc = o->policy ? wuhong_policy_load(p, o->policy, &err) : wuhong_policy_default(p, &err);
	return rc ? report(rc, &err) : 0;
}

static int load_data(const options *o, const char *path, wuhong_dataset **ds)
{
	wuhong_error err;
	wuhong_csv_options co = WUHONG_CSV_OPTIONS_INIT;
	co.encoding = o->encoding;
	int rc = path ? wuhong_dataset_load_csv(ds, path, &co, &err)
		      : wuhong_dataset_load_csv_string(ds, wh_demo_data, wh_demo_data_len,
						       "jiangxian.csv (bundled)", &co, &err);
	if (!rc && o->panel && (rc = wuhong_dataset_load_panel(*ds, o->panel, &co, &err)))
		wuhong_dataset_free(*ds);
	return rc ? report(rc, &err) : 0;
}

/* Everything a data command needs, loaded and evaluated. */
typedef struct session {
	wuhong_policy *policy;
	wuhong_dataset *data;
	wuhong_evaluation *ev;
	int sector_filter; /* policy sector index, or -1 */
} session;

static void session_free(session *s)
{
	wuhong_evaluation_free(s->ev);
	wuhong_dataset_free(s->data);
	wuhong_policy_free(s->policy);
}

static int session_open(session *s, const options *o, const char *path)
{
	memset(s, 0, sizeof *s);
	s->sector_filter = -1;
	int status = load_policy(o, &s->policy);
	if (status)
		return status;
	if (o->sector) {
		size_t k;
		if (wuhong_policy_find_sector(s->policy, o->sector, &k) != 0) {
			session_free(s);
			return usage_error("--sector: the policy has no sector '%s'", o->sector);
		}
		s->sector_filter = (int)k;
	}
	if ((status = load_data(o, path, &s->data))) {
		session_free(s);
		return status;
	}
	wuhong_error err;
	wuhong_evaluate_options eo = WUHONG_EVALUATE_OPTIONS_INIT;
	eo.threads = o->threads;
	int rc = wuhong_evaluate(&s->ev, s->policy, s->data, &eo, &err);
	if (rc) {
		session_free(s);
		return report(rc, &err);
	}
	return 0;
}

static bool selected(const session *s, const options *o, size_t i)
{
	if (s->sector_filter >= 0 && wuhong_evaluation_sectors(s->ev)[i] != (uint8_t)s->sector_filter)
		return false;
	if (o->town && strcmp(wuhong_dataset_unit_town(s->data, i), o->town) != 0)
		return false;
	return true;
}

static void mask_text(char *buf, uint8_t mask)
{
	for (int c = 0; c < WUHONG_CRITERIA; c++)
		buf[c] = (mask >> c) & 1 ? '1' : '0';
	buf[WUHONG_CRITERIA] = '\0';
}

static json_t *policy_json(const wuhong_policy *p)
{
	return json_pack("{s:s, s:s}", "name", wuhong_policy_name(p), "fingerprint", wuhong_policy_fingerprint(p));
}

/* ---- evaluate ------------------------------------------------------------ */

static json_t *unit_json(const session *s, size_t i)
{
	const wuhong_policy *p = s->policy;
	const wuhong_evaluation *ev = s->ev;
	char mask[8], miss[8];
	mask_text(mask, wuhong_evaluation_flag_masks(ev)[i]);
	mask_text(miss, wuhong_evaluation_missing_masks(ev)[i]);
	uint8_t sec = wuhong_evaluation_sectors(ev)[i];
	json_t *criteria = json_array(), *vetoes = json_array(), *unknown = json_array();
	static const char *const words[] = { "fail", "missing", "pass" };
	for (size_t c = 0; c < WUHONG_CRITERIA; c++)
		json_array_append_new(criteria, json_pack("{s:s, s:s}", "key", wuhong_policy_criterion_key(p, sec, c),
							  "verdict", words[wuhong_evaluation_verdict(ev, i, c)]));
	for (size_t v = 0; v < wuhong_policy_veto_count(p); v++) {
		if ((wuhong_evaluation_veto_masks(ev)[i] >> v) & 1)
			json_array_append_new(vetoes, json_string(wuhong_policy_veto_key(p, v)));
		if ((wuhong_evaluation_veto_unknown_masks(ev)[i] >> v) & 1)
			json_array_append_new(unknown, json_string(wuhong_policy_veto_key(p, v)));
	}
	uint8_t tier = wuhong_evaluation_tiers(ev)[i];
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:b, s:o, s:o, s:o, s:i, s:s, s:I}",
			 "id", wuhong_dataset_unit_id(s->data, i), "name", wuhong_dataset_unit_name(s->data, i),
			 "sector", wuhong_policy_sector_key(p, sec), "town", wuhong_dataset_unit_town(s->data, i),
			 "committee", wuhong_dataset_unit_committee(s->data, i),
			 "flags", (int)wuhong_evaluation_flags(ev)[i], "flag_mask", mask, "missing_mask", miss,
			 "veto", wuhong_evaluation_veto_masks(ev)[i] != 0, "criteria", criteria, "vetoes", vetoes,
			 "unknown_vetoes", unknown, "tier", (int)tier, "tier_name", wuhong_policy_tier_name(p, tier),
			 "amount_fen", (json_int_t)wuhong_evaluation_amounts(ev)[i]);
}

static void write_evaluation(const session *s, const options *o, FILE *f)
{
	const wuhong_policy *p = s->policy;
	const wuhong_evaluation *ev = s->ev;
	size_t n = wuhong_evaluation_count(ev);
	if (o->format == FMT_JSON) {
		json_t *units = json_array();
		for (size_t i = 0; i < n; i++)
			if (selected(s, o, i))
				json_array_append_new(units, unit_json(s, i));
		json_t *root = json_pack("{s:o, s:o}", "policy", policy_json(p), "units", units);
		json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII * 0);
		fputc('\n', f);
		json_decref(root);
		return;
	}
	static const char *const header[] = { "id", "name", "sector", "town", "committee", "flags", "flag_mask",
					      "missing_mask", "veto", "tier", "tier_name", "amount" };
	table t;
	bool csv = o->format == FMT_CSV;
	if (csv) {
		for (size_t k = 0; k < 12; k++)
			csv_field(f, header[k], k == 11);
	} else {
		table_init(&t, 12);
		table_align_right(&t, 5);
		table_align_right(&t, 9);
		table_align_right(&t, 11);
		table_add(&t, header);
	}
	int64_t total = 0;
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (!selected(s, o, i))
			continue;
		char flags[8], mask[8], miss[8], veto[4], tier[8], yuan[32];
		uint8_t sec = wuhong_evaluation_sectors(ev)[i], tv = wuhong_evaluation_tiers(ev)[i];
		snprintf(flags, sizeof flags, "%u", wuhong_evaluation_flags(ev)[i]);
		mask_text(mask, wuhong_evaluation_flag_masks(ev)[i]);
		mask_text(miss, wuhong_evaluation_missing_masks(ev)[i]);
		snprintf(veto, sizeof veto, "%d", wuhong_evaluation_veto_masks(ev)[i] != 0);
		snprintf(tier, sizeof tier, "%u", tv);
		wuhong_format_yuan(yuan, sizeof yuan, wuhong_evaluation_amounts(ev)[i]);
		total += wuhong_evaluation_amounts(ev)[i];
		shown++;
		const char *row[] = { wuhong_dataset_unit_id(s->data, i), wuhong_dataset_unit_name(s->data, i),
				      csv ? wuhong_policy_sector_key(p, sec) : wuhong_policy_sector_label(p, sec),
				      wuhong_dataset_unit_town(s->data, i), wuhong_dataset_unit_committee(s->data, i),
				      flags, mask, miss, veto, tier, wuhong_policy_tier_name(p, tv), yuan };
		if (csv)
			for (size_t k = 0; k < 12; k++)
				csv_field(f, row[k], k == 11);
		else
			table_add(&t, row);
	}
	if (!csv) {
		table_print(&t, f);
		table_free(&t);
		char yuan[32];
		fprintf(f, "\n%zu units, awards %s yuan\n", shown, wuhong_format_yuan(yuan, sizeof yuan, total));
	}
}

/* ---- demo summary ---------------------------------------------------------- */

static int write_summary(const session *s, const options *o, FILE *f, const char *title)
{
	wuhong_error err;
	wuhong_tally *t;
	int rc = wuhong_evaluation_tally(&t, s->ev, WUHONG_BY_SECTOR, &err);
	if (rc)
		return report(rc, &err);
	const wuhong_policy *p = s->policy;
	size_t rows = wuhong_tally_count(t);
	if (o->format == FMT_JSON) {
		json_t *arr = json_array();
		for (size_t k = 0; k <= rows; k++) {
			const wuhong_tally_row *r = k < rows ? wuhong_tally_row_at(t, k) : wuhong_tally_total(t);
			json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "sector",
							     r->group, "label", r->label, "units", (json_int_t)r->units,
							     "tier5", (json_int_t)r->by_tier[5], "tier4", (json_int_t)r->by_tier[4],
							     "tier3", (json_int_t)r->by_tier[3], "none", (json_int_t)r->by_tier[0],
							     "vetoed", (json_int_t)r->vetoed, "amount_fen", (json_int_t)r->amount));
		}
		json_t *root = json_pack("{s:o, s:o}", "policy", policy_json(p), "by_sector", arr);
		json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', f);
		json_decref(root);
		wuhong_tally_free(t);
		return 0;
	}
	static const char *const header[] = { "sector", "label", "units", "5 flags", "4 flags", "3 flags", "no tier",
					      "vetoed", "award" };
	table tb;
	bool csv = o->format == FMT_CSV;
	if (csv) {
		static const char *const ch[] = { "sector", "label", "units", "tier5", "tier4", "tier3", "none", "vetoed",
						  "amount" };
		for (size_t k = 0; k < 9; k++)
			csv_field(f, ch[k], k == 8);
	} else {
		table_init(&tb, 9);
		for (size_t k = 2; k < 9; k++)
			table_align_right(&tb, k);
		table_add(&tb, header);
	}
	for (size_t k = 0; k <= rows; k++) {
		const wuhong_tally_row *r = k < rows ? wuhong_tally_row_at(t, k) : wuhong_tally_total(t);
		char c[7][32];
		snprintf(c[0], 32, "%zu", r->units);
		snprintf(c[1], 32, "%zu", r->by_tier[5]);
		snprintf(c[2], 32, "%zu", r->by_tier[4]);
		snprintf(c[3], 32, "%zu", r->by_tier[3]);
		snprintf(c[4], 32, "%zu", r->by_tier[0]);
		snprintf(c[5], 32, "%zu", r->vetoed);
		wuhong_format_yuan(c[6], 32, r->amount);
		const char *row[] = { r->group, k < rows ? r->label : "合计", c[0], c[1], c[2], c[3], c[4], c[5], c[6] };
		if (csv)
			for (size_t j = 0; j < 9; j++)
				csv_field(f, row[j], j == 8);
		else
			table_add(&tb, row);
	}
	if (!csv) {
		fprintf(f, "%s\n", title);
		fprintf(f, "policy: %s\nfingerprint: %s\n\n", wuhong_policy_name(p), wuhong_policy_fingerprint(p));
		table_print(&tb, f);
		table_free(&tb);
		/* the source's own breakdown of demonstration (five-flag) units */
		size_t by[4] = { 0 };
		for (size_t k = 0; k < rows; k++) {
			const wuhong_tally_row *r = wuhong_tally_row_at(t, k);
			size_t slot = strcmp(r->group, "village") == 0 ? 0 : strcmp(r->group, "community") == 0 ? 1 :
				      strcmp(r->group, "organ") == 0 ? 2 : 3;
			by[slot] += r->by_tier[5];
		}
		fprintf(f, "\nfive-flag (五面红旗示范) units: %zu = %zu villages + %zu communities + %zu organs + %zu in other sectors\n",
			wuhong_tally_total(t)->by_tier[5], by[0], by[1], by[2], by[3]);
		char yuan[32];
		fprintf(f, "scheduled creation awards: %s yuan\n",
			wuhong_format_yuan(yuan, sizeof yuan, wuhong_tally_total(t)->amount));
	}
	wuhong_tally_free(t);
	return 0;
}

/* ---- commands -------------------------------------------------------------- */

static int finish(out_sink *sink, int status)
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

static int open_sink(out_sink *sink, const options *o)
{
	char why[512];
	int status = out_open(sink, o->output, o->bom, o->out_encoding, why, sizeof why);
	if (status)
		fprintf(stderr, "wuhong: %s\n", why);
	return status;
}

static int cmd_evaluate(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 1)
		return usage_error("evaluate needs one data file: wuhong evaluate DATA.csv%s", "");
	session s;
	if ((status = session_open(&s, &o, argv[first])))
		return status;
	out_sink sink;
	if (!(status = open_sink(&sink, &o))) {
		write_evaluation(&s, &o, sink.f);
		status = finish(&sink, 0);
	}
	session_free(&s);
	return status;
}

static int cmd_explain(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 2)
		return usage_error("explain needs a data file and a unit id: wuhong explain DATA.csv UNIT_ID%s", "");
	session s;
	if ((status = session_open(&s, &o, argv[first])))
		return status;
	size_t i;
	if (wuhong_dataset_find(s.data, argv[first + 1], &i) != 0) {
		fprintf(stderr, "wuhong: %s: no unit with id '%s'\n", argv[first], argv[first + 1]);
		session_free(&s);
		return EXIT_INVALID;
	}
	wuhong_error err;
	wuhong_explanation *x;
	int rc = wuhong_evaluation_explain(&x, s.ev, i, &err);
	if (rc) {
		session_free(&s);
		return report(rc, &err);
	}
	out_sink sink;
	if (!(status = open_sink(&sink, &o))) {
		if (o.format == FMT_JSON || o.format == FMT_CSV) {
			static const char *const words[] = { "fail", "missing", "pass" };
			json_t *reasons = json_array();
			for (size_t k = 0; k < wuhong_explanation_count(x); k++) {
				const wuhong_reason *r = wuhong_explanation_reason(x, k);
				json_t *clauses = json_array();
				for (size_t c = 0; c < r->n_clauses; c++) {
					const wuhong_clause *cl = &r->clauses[c];
					json_array_append_new(clauses, json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:s?, s:o}", "text", cl->text,
										 "verdict", words[cl->verdict], "indicator", cl->indicator,
										 "label", cl->label,
										 "actual", cl->actual == cl->actual ? json_real(cl->actual) : json_null(),
										 "op", cl->op,
										 "threshold", cl->op ? json_real(cl->threshold) : json_null()));
				}
				json_array_append_new(reasons, json_pack("{s:s, s:s, s:s?, s:s, s:s, s:o}", "kind",
									 r->is_veto ? "veto" : "criterion", "key", r->key, "label", r->label,
									 "rule", r->rule, "verdict", words[r->verdict], "clauses", clauses));
			}
			json_t *root = json_pack("{s:o, s:o}", "unit", unit_json(&s, i), "reasons", reasons);
			json_dumpf(root, sink.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			fputc('\n', sink.f);
			json_decref(root);
		} else {
			fputs(wuhong_explanation_text(x), sink.f);
		}
		status = finish(&sink, 0);
	}
	wuhong_explanation_free(x);
	session_free(&s);
	return status;
}

static int cmd_check(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 1)
		return usage_error("check needs one policy file: wuhong check POLICY%s", "");
	wuhong_policy *p;
	wuhong_error err;
	int rc = wuhong_policy_load(&p, argv[first], &err);
	if (rc)
		return report(rc, &err);
	printf("%s: OK\nname: %s\nfingerprint: %s\n", argv[first], wuhong_policy_name(p), wuhong_policy_fingerprint(p));
	printf("%zu townships, %zu indicators, %zu sectors, %zu vetoes, %zu tiers\n", wuhong_policy_town_count(p),
	       wuhong_policy_indicator_count(p), wuhong_policy_sector_count(p), wuhong_policy_veto_count(p),
	       wuhong_policy_tier_count(p));
	wuhong_policy_free(p);
	return 0;
}

static int cmd_policy(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 0)
		return usage_error("policy takes no arguments (it prints the embedded default)%s", "");
	out_sink sink;
	if ((status = open_sink(&sink, &o)))
		return status;
	fputs(wuhong_policy_default_source(), sink.f);
	return finish(&sink, 0);
}

static int cmd_demo(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 0)
		return usage_error("demo takes no arguments%s", "");
	if (o.panel)
		return usage_error("demo uses the bundled data; --panel goes with evaluate%s", "");
	session s;
	if ((status = session_open(&s, &o, NULL)))
		return status;
	out_sink sink;
	if (!(status = open_sink(&sink, &o))) {
		status = write_summary(&s, &o, sink.f,
				       "Jiang County (绛县), 346 units, bundled synthetic data (examples/data/jiangxian.csv)");
		status = finish(&sink, status);
	}
	session_free(&s);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("no command given%s", "");
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("wuhong %s (libwuhong %s)\n", WUHONG_VERSION_STRING, wuhong_version());
		return 0;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} commands[] = {
		{ "check", cmd_check }, { "evaluate", cmd_evaluate }, { "explain", cmd_explain },
		{ "policy", cmd_policy }, { "demo", cmd_demo },
	};
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
		if (strcmp(cmd, commands[k].name) == 0)
			return commands[k].fn(argc - 1, argv + 1);
	return usage_error("unknown command '%s'", cmd);
}
