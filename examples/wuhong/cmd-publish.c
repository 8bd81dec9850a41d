/*
 * cmd-publish.c — `wuhong board`: the boards to publish (红黑榜, the award
 * list, the tallies) as an .xlsx workbook or one HTML page, written
 * atomically like every output (-o).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

static int write_board(const session *s, const options *o, FILE *f)
{
	wuhong_adjustments *adj = NULL;
	int status = load_adjustments(o, &adj);
	if (status)
		return status;
	wuhong_award_options ao = WUHONG_AWARD_OPTIONS_INIT;
	ao.adjustments = adj;
	ao.budget = o->budget;
	wuhong_board_options bo = WUHONG_BOARD_OPTIONS_INIT;
	bo.format = o->format == FMT_HTML ? WUHONG_BOARD_HTML : WUHONG_BOARD_XLSX;
	bo.awards = &ao;
	bo.title = o->title;
	bo.period = o->period;
	bo.issuer = o->issuer;
	char *bytes = NULL;
	size_t len = 0;
	wuhong_error err;
	int rc = wuhong_board_publish(&bytes, &len, s->ev, &bo, &err);
	wuhong_adjustments_free(adj);
	if (rc)
		return report(rc, &err);
	fwrite(bytes, 1, len, f);
	wuhong_free(bytes);
	return 0;
}

/* The format the output file's name says: FMT_XLSX, FMT_HTML, or -1 for neither. */
static int format_of_name(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (dot && strcasecmp(dot, ".xlsx") == 0)
		return FMT_XLSX;
	if (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0))
		return FMT_HTML;
	return -1;
}

int cmd_board(int argc, char **argv)
{
	options o;
	int first, status = parse_options(argc, argv, &o, &first);
	if (status)
		return status;
	int named = format_of_name(o.output);
	if (o.format_given && named >= 0 && named != o.format)
		return usage_error(named == FMT_HTML ? _("-o %s names an HTML page, but --format is xlsx; a workbook's name ends in .xlsx")
						     : _("-o %s names a workbook, but --format is html; a page's name ends in .html"),
				   o.output);
	if (!o.format_given)
		o.format = named >= 0 ? named : FMT_XLSX;
	if (o.format != FMT_XLSX && o.format != FMT_HTML)
		return usage_error(_("board writes --format xlsx (the default) or html%s"), "");
	if (argc - first != 1)
		return usage_error(_("board needs one data file: wuhong board [--format xlsx|html] -o FILE DATA.csv%s"), "");
	if (o.format == FMT_XLSX && (!o.output || strcmp(o.output, "-") == 0) && isatty(STDOUT_FILENO))
		return usage_error(_("a workbook is not for a terminal: give -o FILE.xlsx%s"), "");
	return run_session(&o, argv[first], write_board);
}
