/*
 * wuhong — the command-line tool of libwuhong: options, loading, and the
 * command table. The commands are in cmd-*.c; see docs/cli.md.
 *
 * Exit status: 0 success, 1 invalid policy or data, 2 usage, 3 I/O.
 * It uses only the public API (<wuhong.h>).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
	"  lists DATA.csv           the red and black lists (红黑榜), with the reason for each unit\n"
	"  awards DATA.csv          award money per unit, with totals by sector, township, committee, tier\n"
	"  diff DATA.csv            what-if: the units whose flags, tier or award change between two policies\n"
	"  review DATA.csv          record a period in the ledger: re-review, promotions, demotions, money\n"
	"  history UNIT_ID          a unit's trail in the ledger\n"
	"  ledger periods|payments|totals|boards   what the ledger holds\n"
	"  ledger verify            check the ledger's integrity and every period's seal (exit 1 if tampered)\n"
	"  rotation [DATA.csv]      the townships to inspect month by month (with DATA: black list first)\n"
	"  demo                     the bundled Jiang County data: tiers, both lists, the awards, three years\n"
	"\n"
	"options for the data commands:\n"
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
	"  --adjustments ADJ.csv    (awards, review) bonuses, penalties and overrides:\n"
	"                           unit,kind,amount,reason,reference\n"
	"  --budget YUAN            (awards) the budget; over it, the policy refuses or scales\n"
	"  --policy-a A, --policy-b B  (diff) the two policies (either defaults to the embedded one)\n"
	"  --ledger FILE            (review, history, ledger) the SQLite ledger\n"
	"  --period P               (review) YYYY for the yearly review, YYYY-MM for a monthly assessment;\n"
	"                           (ledger payments, boards) one period\n"
	"  --decisions D.csv        (review) the committee's decisions: unit,decision,by,reason[,into]\n"
	"  --supersede              (review) replace a period recorded with other inputs\n"
	"  --start YYYY-MM, --months N  (rotation) from when, for how long (default: this month, 12)\n"
	"  -h, --help               this help\n"
	"  --version                the version\n"
	"\n"
	"exit status: 0 success, 1 invalid policy or data, 2 usage error, 3 I/O error\n";

int usage_error(const char *fmt, const char *arg)
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

/* Parse options; on return argv[*first .. argc) are the positional arguments. */
int parse_options(int argc, char **argv, options *o, int *first)
{
	enum { O_POLICY = 256, O_ENCODING, O_PANEL, O_FORMAT, O_SECTOR, O_TOWN, O_BOM, O_OUTENC, O_THREADS,
	       O_ADJ, O_BUDGET, O_POLICY_A, O_POLICY_B, O_LEDGER, O_PERIOD, O_DECISIONS, O_SUPERSEDE, O_START,
	       O_MONTHS };
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
		{ "adjustments", required_argument, NULL, O_ADJ },
		{ "budget", required_argument, NULL, O_BUDGET },
		{ "policy-a", required_argument, NULL, O_POLICY_A },
		{ "policy-b", required_argument, NULL, O_POLICY_B },
		{ "ledger", required_argument, NULL, O_LEDGER },
		{ "period", required_argument, NULL, O_PERIOD },
		{ "decisions", required_argument, NULL, O_DECISIONS },
		{ "supersede", no_argument, NULL, O_SUPERSEDE },
		{ "start", required_argument, NULL, O_START },
		{ "months", required_argument, NULL, O_MONTHS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->threads = 0;
	o->budget = WUHONG_NO_BUDGET;
	o->months = 12;
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
		case O_ADJ: o->adjustments = optarg; break;
		case O_POLICY_A: o->policy_a = optarg; break;
		case O_POLICY_B: o->policy_b = optarg; break;
		case O_LEDGER: o->ledger = optarg; break;
		case O_PERIOD: o->period = optarg; break;
		case O_DECISIONS: o->decisions = optarg; break;
		case O_SUPERSEDE: o->supersede = true; break;
		case O_START: o->start = optarg; break;
		case O_MONTHS: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 1200)
				return usage_error("--months needs a number from 1 to 1200, not '%s'", optarg);
			o->months = (int)n;
			break;
		}
		case O_BUDGET:
			if (wuhong_parse_yuan(&o->budget, optarg, NULL) != 0 || o->budget < 0)
				return usage_error("--budget needs an amount in yuan (at most two decimals), not '%s'", optarg);
			break;
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
		fprintf(stderr, "wuhong: out of memory reading standard input\n");
		return EXIT_IO;
	}
	if (ferror(stdin)) {
		fprintf(stderr, "wuhong: cannot read standard input\n");
		free(buf);
		return EXIT_IO;
	}
	*data = buf;
	*len = n;
	return 0;
}

int load_data(const options *o, const char *path, wuhong_dataset **ds)
{
	wuhong_error err;
	wuhong_csv_options co = WUHONG_CSV_OPTIONS_INIT;
	co.encoding = o->encoding;
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
	if (!rc && o->panel && (rc = wuhong_dataset_load_panel(*ds, o->panel, &co, &err))) {
		wuhong_dataset_free(*ds);
		*ds = NULL;
	}
	return rc ? report(rc, &err) : 0;
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
		if (wuhong_policy_find_sector(&k, s->policy, o->sector, NULL) != 0) {
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
	/* 1 万元 = 10,000 yuan = 1,000,000 fen: six decimals are exact; trim to two */
	uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	snprintf(buf, size, "%s%llu.%06llu", fen < 0 ? "-" : "", (unsigned long long)(mag / 1000000),
		 (unsigned long long)(mag % 1000000));
	size_t n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0' && buf[n - 3] != '.')
		buf[--n] = '\0';
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
		return usage_error("%s", usage);
	session s;
	if ((status = session_open(&s, &o, argv[first])))
		return status;
	out_sink sink;
	if (!(status = open_sink(&sink, &o)))
		status = finish(&sink, write(&s, &o, sink.f));
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
	json_set_alloc_funcs(cli_malloc, free);
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
		{ "policy", cmd_policy }, { "demo", cmd_demo }, { "lists", cmd_lists },
		{ "awards", cmd_awards }, { "diff", cmd_diff }, { "review", cmd_review },
		{ "history", cmd_history }, { "ledger", cmd_ledger }, { "rotation", cmd_rotation },
	};
	for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
		if (strcmp(cmd, commands[k].name) == 0)
			return commands[k].fn(argc - 1, argv + 1);
	return usage_error("unknown command '%s'", cmd);
}
