/*
 * commands.c — the wuhong tool's commands and options as tables: the one
 * source of the option parser, every command's --help, and the bash
 * completion script (`wuhong completion bash`).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The options a data command takes: loading, filtering, output. */
#define LOAD (OPT_POLICY | OPT_ENCODING | OPT_SHEET | OPT_HEADER_ROW | OPT_PANEL | OPT_THREADS | OPT_MAX_ERRORS)
#define OUT (OPT_FORMAT | OPT_OUTPUT | OPT_BOM | OPT_OUTENC | OPT_COLOR | OPT_HEADERS)
#define FILTER (OPT_SECTOR | OPT_TOWN)

const cli_option cli_options[] = {
	{ "policy", 0, "FILE", OPT_POLICY, N_("policy file (default: the embedded Jiang County policy)") },
	{ "encoding", 0, "E", OPT_ENCODING, N_("input encoding: auto (default), utf-8, gb18030, gbk") },
	{ "sheet", 0, "NAME", OPT_SHEET, N_("the sheet of an .xlsx data file (default: the one it opens on, if not hidden)") },
	{ "header-row", 0, "N", OPT_HEADER_ROW, N_("the row of the header (default: the first of the first 10 rows naming id/编号, name, sector or town)") },
	{ "max-errors", 0, "N", OPT_MAX_ERRORS, N_("report up to N problems of the data at once (default 50)") },
	{ "panel", 0, "OBS.csv", OPT_PANEL, N_("panel observations unit,indicator,judge,value") },
	{ "format", 0, "F", OPT_FORMAT, N_("table (default), csv or json") },
	{ "sector", 0, "S", OPT_SECTOR, N_("only units of this sector (key or Chinese name)") },
	{ "town", 0, "T", OPT_TOWN, N_("only units of this township") },
	{ "output", 'o', "FILE", OPT_OUTPUT, N_("write to FILE (atomically) instead of standard output") },
	{ "headers", 0, "LANG", OPT_HEADERS, N_("en (default): CSV and JSON columns by their stable names; zh: by their Chinese labels") },
	{ "bom", 0, NULL, OPT_BOM, N_("start the output with a byte-order mark (for Excel/WPS)") },
	{ "output-encoding", 0, "E", OPT_OUTENC, N_("utf-8 (default) or gb18030") },
	{ "threads", 0, "N", OPT_THREADS, N_("evaluate with N threads (default 0: automatic)") },
	{ "adjustments", 0, "ADJ.csv", OPT_ADJ, N_("bonuses, penalties and overrides: unit,kind,amount,reason,reference") },
	{ "budget", 0, "YUAN", OPT_BUDGET, N_("the budget; over it, the policy refuses or scales") },
	{ "policy-a", 0, "A", OPT_POLICY_A, N_("the policy compared from (default: the embedded one)") },
	{ "policy-b", 0, "B", OPT_POLICY_B, N_("the policy compared to (default: the embedded one)") },
	{ "ledger", 0, "FILE", OPT_LEDGER, N_("the SQLite ledger") },
	{ "period", 0, "P", OPT_PERIOD, N_("YYYY (the yearly review) or YYYY-MM (a monthly assessment)") },
	{ "title", 0, "TEXT", OPT_TITLE, N_("the board's heading (default: the policy's board title and 红黑榜)") },
	{ "issuer", 0, "TEXT", OPT_ISSUER, N_("who publishes the board, e.g. 中共绛县县委组织部 (default: the policy's)") },
	{ "decisions", 0, "D.csv", OPT_DECISIONS, N_("the committee's decisions: unit,decision,by,reason[,into]") },
	{ "applications", 0, "A.csv", OPT_APPLICATIONS,
	  N_("the year's creation list (申报, 推荐, 审定; unit,tier,...): only the units on it are created") },
	{ "supersede", 0, NULL, OPT_SUPERSEDE, N_("replace a period recorded with other inputs") },
	{ "start", 0, "YYYY-MM", OPT_START, N_("the first month (default: this month)") },
	{ "months", 0, "N", OPT_MONTHS, N_("how many months (default 12)") },
	{ "color", 0, "WHEN", OPT_COLOR, N_("auto (default: on a terminal, unless NO_COLOR is set), always or never") },
	{ "help", 'h', NULL, OPT_HELP, N_("this help") },
	{ NULL, 0, NULL, 0, NULL },
};

const cli_command cli_commands[] = {
	{ "check", "POLICY", N_("check a policy file and print its fingerprint"), OUT, cmd_check,
	  N_("file, name, fingerprint, and the counts of townships, indicators, sectors, vetoes and tiers"),
	  "wuhong check my-policy.yaml", NULL },
	{ "evaluate", "DATA.csv", N_("flags, tier and award of every unit"), LOAD | OUT | FILTER, cmd_evaluate,
	  N_("id,name,sector,town,committee,flags,flag_mask,missing_mask,veto,tier,tier_name,amount"),
	  "wuhong evaluate --format csv --sector village examples/data/jiangxian.csv", NULL },
	{ "explain", "DATA.csv UNIT", N_("every criterion's verdict with values and thresholds"), LOAD | OUT, cmd_explain,
	  N_("the unit, then each criterion and veto: its rule, verdict, and each deciding clause's actual value "
	  "and threshold"),
	  "wuhong explain examples/data/jiangxian.csv VL001", NULL },
	{ "policy", "", N_("print the embedded default policy (YAML) to copy and edit"), OUT, cmd_policy,
	  N_("the policy's YAML source with its comments (table, csv), or its canonical JSON (json)"),
	  "wuhong policy > my-policy.yaml", NULL },
	{ "lists", "DATA.csv", N_("the red and black lists (红黑榜), with the reason for each unit"), LOAD | OUT | FILTER,
	  cmd_lists, N_("list,rank,id,name,sector,town,flags,tier,reason"),
	  "wuhong lists examples/data/jiangxian.csv", NULL },
	{ "awards", "DATA.csv", N_("award money per unit, with totals by sector, township, committee, tier"),
	  LOAD | OUT | FILTER | OPT_ADJ | OPT_BUDGET, cmd_awards,
	  N_("id,name,sector,town,committee,tier,amount,amount_fen,unscaled_fen,reason"),
	  "wuhong awards --budget 3000000 examples/data/jiangxian.csv", NULL },
	{ "gaps", "DATA.csv", N_("who to help next (帮扶名单): units below the next tier, the smallest gap first"),
	  LOAD | OUT | FILTER, cmd_gaps,
	  N_("(csv, one row per gap) rank,id,name,sector,town,committee,flags,tier,next_tier,flags_short,total,criterion,"
	  "clause,indicator,actual,threshold,gap,relative,why"),
	  "wuhong gaps --town 古绛镇 examples/data/jiangxian.csv", NULL },
	{ "board", "DATA.csv", N_("the boards to publish: both lists, the awards and the tallies, as .xlsx or .html"),
	  LOAD | OPT_FORMAT | OPT_OUTPUT | OPT_COLOR | OPT_ADJ | OPT_BUDGET | OPT_PERIOD | OPT_TITLE | OPT_ISSUER, cmd_board,
	  N_("an .xlsx workbook (--format xlsx, the default: sheets 按领域统计 with a chart, 红榜, 黑榜, 奖励资金) or one "
	  "self-contained HTML page (--format html)"),
	  "wuhong board --period 2024 --issuer 中共绛县县委组织部 -o 红黑榜.html examples/data/jiangxian.csv", "xlsx html" },
	{ "diff", "DATA.csv", N_("what-if: the units whose flags, tier or award change between two policies"),
	  (LOAD & ~OPT_POLICY) | OUT | OPT_POLICY_A | OPT_POLICY_B, cmd_diff,
	  N_("id,name,sector,town,flags_a,flags_b,flag_mask_a,flag_mask_b,tier_a,tier_b,amount_a,amount_b"),
	  "wuhong diff --policy-b stricter.yaml examples/data/jiangxian.csv", NULL },
	{ "review", "DATA.csv", N_("record a period in the ledger: re-review, promotions, demotions, money"),
	  LOAD | OUT | OPT_LEDGER | OPT_PERIOD | OPT_DECISIONS | OPT_APPLICATIONS | OPT_SUPERSEDE | OPT_ADJ, cmd_review,
	  N_("period,unit,name,event,tier_from,tier_to,amount_fen,detail"),
	  "wuhong review --ledger county.ledger --period 2024 examples/data/jiangxian.csv", NULL },
	{ "history", "UNIT", N_("a unit's trail in the ledger"), OUT | OPT_LEDGER, cmd_history,
	  N_("period,event,tier_from,tier_to,amount_fen,detail,unit"),
	  "wuhong history --ledger county.ledger VL001", NULL },
	{ "ledger", "QUESTION", N_("what the ledger holds; verify checks every period's seal"),
	  OUT | OPT_LEDGER | OPT_PERIOD, cmd_ledger,
	  N_("QUESTION is periods, payments, totals, boards (with --period) or verify. periods: period,revision,policy,fingerprint,digest,units,paid_fen,status; "
	  "payments: period,unit,name,kind,amount_fen,reason; totals: year,creation_fen,promotion_fen,review_fen,"
	  "clawback_fen,adjustments_fen,reversal_fen,total_fen; boards: list,rank,unit,name,reason; "
	  "verify: period,revision,digest (exit 1 if tampered)"),
	  "wuhong ledger --ledger county.ledger totals", NULL },
	{ "rotation", "[DATA.csv]", N_("the townships to inspect month by month (with DATA: black list first)"),
	  LOAD | OUT | OPT_START | OPT_MONTHS, cmd_rotation, N_("period,town,why"),
	  "wuhong rotation --start 2025-01 --months 6", NULL },
	{ "demo", "", N_("the bundled Jiang County data: tiers, both lists, the awards, three years"),
	  OUT | OPT_POLICY | OPT_THREADS, cmd_demo,
	  N_("the tally by sector and tier, the lists, the awards and three years of reviews (table); the tally "
	  "(csv, json)"),
	  "wuhong demo", NULL },
	{ "completion", "bash", N_("print the bash completion script"), 0, cmd_completion, N_("a bash script"),
	  "source <(wuhong completion bash)", NULL },
	{ NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

const cli_command *cli_current;

const cli_command *cli_find_command(const char *name)
{
	for (const cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void cli_print_usage(FILE *f)
{
	fputs(_("usage: wuhong COMMAND [OPTIONS] [ARGS]\n\n"
		"Evaluate the rules of a \"Five Red Flags\" (五面红旗) campaign.\n\ncommands:\n"), f);
	for (const cli_command *c = cli_commands; c->name; c++) {
		char head[64];
		snprintf(head, sizeof head, "%s %s", c->name, c->args);
		fprintf(f, "  %-24s %s\n", head, _(c->summary));
	}
	fputs(_("\n'wuhong COMMAND --help' (or 'wuhong help COMMAND') shows a command's options,\n"
		"output columns and an example. --version prints the version. --lang zh or en\n"
		"(anywhere on the line) chooses the language; the default is the locale's.\n\n"
		"exit status: 0 success, 1 invalid policy or data, 2 usage error, 3 I/O error\n"), f);
}

void cli_print_help(const cli_command *c, FILE *f)
{
	fprintf(f, _("usage: wuhong %s [OPTIONS]%s%s\n\n%s\n\noptions:\n"), c->name, *c->args ? " " : "", c->args,
		_(c->summary));
	for (const cli_option *o = cli_options; o->name; o++) {
		if (!(c->opts & o->bit) && o->bit != OPT_HELP)
			continue;
		char head[64];
		int k = o->letter ? snprintf(head, sizeof head, "-%c, ", o->letter) : 0;
		snprintf(head + k, sizeof head - (size_t)k, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		const char *help = o->bit == OPT_FORMAT && c->formats
			? _("xlsx (default) or html; by default, the suffix of -o FILE (.xlsx, .html) chooses")
			: _(o->help);
		fprintf(f, "  %-26s %s\n", head, help);
	}
	fprintf(f, _("\noutput: %s\n\nexample:\n  %s\n"), _(c->columns), c->example);
}

/* The bash completion script, from the tables above. */
int cmd_completion(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	if (argc - first != 1 || strcmp(argv[first], "bash") != 0)
		return usage_error(_("completion needs a shell: wuhong completion bash%s"), "");
	fputs("# bash completion for wuhong (generated by 'wuhong completion bash')\n"
	      "_wuhong() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]} opts\n"
	      "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n\t\tCOMPREPLY=($(compgen -W \"", stdout);
	for (const cli_command *c = cli_commands; c->name; c++)
		printf("%s ", c->name);
	fputs("help --help --version\" -- \"$cur\"))\n\t\treturn\n\tfi\n"
	      "\tcase $prev in\n"
	      "\t--format) case $cmd in\n", stdout);
	for (const cli_command *c = cli_commands; c->name; c++)
		if (c->formats)
			printf("\t\t%s) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n", c->name, c->formats);
	fputs("\t\tesac\n\t\tCOMPREPLY=($(compgen -W \"table csv json\" -- \"$cur\")); return ;;\n"
	      "\t--encoding) COMPREPLY=($(compgen -W \"auto utf-8 gb18030 gbk\" -- \"$cur\")); return ;;\n"
	      "\t--color) COMPREPLY=($(compgen -W \"auto always never\" -- \"$cur\")); return ;;\n"
	      "\t--output-encoding) COMPREPLY=($(compgen -W \"utf-8 gb18030\" -- \"$cur\")); return ;;\n"
	      "\t--threads|--budget|--period|--start|--months|--sector|--town|--header-row|--title|--issuer) return ;;\n"
	      "\tesac\n"
	      "\tcase $cmd in\n", stdout);
	for (const cli_command *c = cli_commands; c->name; c++) {
		printf("\t%s) opts=\"", c->name);
		for (const cli_option *o = cli_options; o->name; o++)
			if (c->opts & o->bit || o->bit == OPT_HELP)
				printf("--%s ", o->name);
		printf("\"%s ;;\n", strcmp(c->name, "ledger") == 0 ? "; [[ $cur != -* ]] && "
			"{ COMPREPLY=($(compgen -W \"periods payments totals boards verify\" -- \"$cur\")); return; }"
			: strcmp(c->name, "completion") == 0 ? "; [[ $cur != -* ]] && "
			"{ COMPREPLY=($(compgen -W \"bash\" -- \"$cur\")); return; }" : "");
	}
	fputs("\thelp) COMPREPLY=($(compgen -W \"", stdout);
	for (const cli_command *c = cli_commands; c->name; c++)
		printf("%s ", c->name);
	fputs("\" -- \"$cur\")); return ;;\n"
	      "\tesac\n"
	      "\tif [[ $cur == -* ]]; then\n\t\tCOMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
	      "\telse\n\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n\tfi\n"
	      "}\ncomplete -o filenames -F _wuhong wuhong\n", stdout);
	return 0;
}

/* Parse the current command's options; on return argv[*first .. argc) are the arguments. */
int parse_options(int argc, char **argv, options *o, int *first)
{
	struct option longs[sizeof cli_options / sizeof cli_options[0]];
	size_t n = 0;
	for (const cli_option *s = cli_options; s->name; s++, n++)
		longs[n] = (struct option){ s->name, s->arg ? required_argument : no_argument, NULL, (int)n + 256 };
	longs[n] = (struct option){ NULL, 0, NULL, 0 };
	memset(o, 0, sizeof *o);
	o->budget = WUHONG_NO_BUDGET;
	set_option(o, OPT_COLOR, "auto");
	o->months = 12;
	optind = 1;
	opterr = 0;
	const char *cmd = cli_current ? cli_current->name : "wuhong";
	unsigned takes = cli_current ? cli_current->opts : ~0u;
	int c;
	while ((c = getopt_long(argc, argv, "o:h", longs, NULL)) != -1) {
		for (size_t k = 0; k < n && c < 256; k++)
			if (cli_options[k].letter && cli_options[k].letter == c)
				c = (int)k + 256;
		if (c < 256)
			return usage_error(_("unknown or incomplete option '%s'"), argv[optind - 1]);
		const cli_option *s = &cli_options[c - 256];
		if (s->bit == OPT_HELP) {
			if (cli_current)
				cli_print_help(cli_current, stdout);
			else
				cli_print_usage(stdout);
			exit(0);
		}
		if (!(takes & s->bit)) {
			fprintf(stderr, _("wuhong: %s does not take --%s\nTry 'wuhong %s --help'.\n"), cmd, s->name, cmd);
			return EXIT_USAGE;
		}
		int status = set_option(o, s->bit, optarg);
		if (status)
			return status;
	}
	*first = optind;
	return 0;
}
