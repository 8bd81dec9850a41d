/*
 * board-html.c — the boards as one HTML page: no script, no external file
 * (the charts are inline SVG drawn here, the styles inline), print CSS for
 * A4 landscape with each board on its own page and table headers repeated,
 * and a layout that reads on a phone (tables scroll sideways).
 */
#include <stdio.h>
#include <string.h>

#include "board-internal.h"
#include "wuhong/money.h"
#include "wuhong/version.h"

static const char style[] =
	"body{font-family:\"Noto Sans CJK SC\",\"WenQuanYi Zen Hei\",\"Microsoft YaHei\",sans-serif;margin:1.5em;"
	"color:#222}\n"
	"h1{color:#c00000;font-size:1.6em;margin:0 0 .3em}h2{font-size:1.2em;border-left:6px solid #c00000;"
	"padding-left:.5em;margin-top:1.6em}\n"
	"section.black h2{border-color:#333}.summary{font-size:1.05em;margin:.2em 0 1em}.byline{margin:0;color:#555}\n"
	".scroll{overflow-x:auto}table{border-collapse:collapse;min-width:60%}th,td{border:1px solid #bbb;"
	"padding:.25em .6em;text-align:left;white-space:nowrap}\n"
	"th{background:#c00000;color:#fff}section.black th{background:#333}td.n{text-align:right}"
	"td.reason{white-space:normal;max-width:36em;overflow-wrap:anywhere}\n"
	"tr.total td{font-weight:bold;background:#f6f6f6}svg{max-width:100%;height:auto}"
	".charts{display:flex;flex-wrap:wrap;gap:2em}\n"
	"@media (max-width:700px){body{margin:.6em}table{font-size:.85em}}\n"
	"@page{size:A4 landscape;margin:12mm}\n"
	"@media print{body{margin:0}section{break-before:page}thead{display:table-header-group}"
	"tr{break-inside:avoid}.scroll{overflow:visible}}\n";

static void put_escaped(wh_buf *o, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': wh_buf_puts(o, "&amp;"); break;
		case '<': wh_buf_puts(o, "&lt;"); break;
		case '>': wh_buf_puts(o, "&gt;"); break;
		case '"': wh_buf_puts(o, "&quot;"); break;
		default: wh_buf_putc(o, *s);
		}
	}
}

static void put_cell(wh_buf *o, board_cell v, bool reason)
{
	char money[48];
	if (v.kind == BC_TEXT) {
		wh_buf_puts(o, reason ? "<td class=\"reason\">" : "<td>");
		put_escaped(o, v.text);
	} else if (v.kind == BC_COUNT) {
		wh_buf_printf(o, "<td class=\"n\">%lld", (long long)v.value);
	} else if (v.kind == BC_MONEY) { /* 3,860,000.00: grouped, as money is printed */
		wh_buf_printf(o, "<td class=\"n\">%s", board_yuan(money, sizeof money, v.value, true));
	} else {
		wh_buf_printf(o, "<td class=\"n\">%.2f", (double)v.value / 1e6);
	}
	wh_buf_puts(o, "</td>");
}

static void put_table(wh_buf *o, const board *b, int t)
{
	char buf[128];
	size_t cols = board_columns(b, t), rows = board_rows(b, t);
	wh_buf_printf(o, "<section class=\"%s\" id=\"%s\"><h2>", t == BT_BLACK ? "black" : "red", board_table_name(t));
	put_escaped(o, board_table_title(b, t));
	wh_buf_printf(o, "</h2>\n<div class=\"scroll\"><table>\n<thead><tr>");
	for (size_t c = 0; c < cols; c++) {
		wh_buf_puts(o, "<th>");
		put_escaped(o, board_header(b, t, c));
		wh_buf_puts(o, "</th>");
	}
	wh_buf_puts(o, "</tr></thead>\n<tbody>\n");
	if (rows == 0)
		wh_buf_printf(o, "<tr><td colspan=\"%zu\">（无）</td></tr>\n", cols);
	for (size_t r = 0; r < rows; r++) {
		bool total = board_has_total(t) && (t == BT_AWARDS ? r >= rows - 2 : r == rows - 1);
		wh_buf_puts(o, total ? "<tr class=\"total\">" : "<tr>");
		for (size_t c = 0; c < cols; c++)
			put_cell(o, board_at(b, t, r, c, buf, sizeof buf), c == cols - 1); /* the reasons wrap */
		wh_buf_puts(o, "</tr>\n");
	}
	wh_buf_puts(o, "</tbody></table></div></section>\n");
}

static const char *const tier_colours[] = { "#c00000", "#e06666", "#f4b183", "#ffd966", "#a9d18e" };

/* Horizontal bars, one row per group of the tally: stacked by tier, or the award in 万元. */
static void put_chart(wh_buf *o, const board *b, int t, bool awards, const char *title)
{
	const wuhong_tally *ty = b->tally[t == BT_TOWNS];
	size_t groups = wuhong_tally_count(ty), n_tiers = wuhong_policy_tier_count(b->p);
	double top = 1;
	for (size_t g = 0; g < groups; g++) {
		const wuhong_tally_row *r = wuhong_tally_at(ty, g);
		double v = awards ? (double)r->amount : 0;
		for (size_t k = 0; !awards && k < n_tiers; k++)
			v += (double)r->by_tier[wuhong_policy_tier_flags(b->p, k)];
		if (v > top)
			top = v;
	}
	const int label = 120, bar = 380, row = 26, head = 34, height = head + (int)groups * row + 30;
	wh_buf_printf(o, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
			 "role=\"img\" aria-label=\"", label + bar + 90, height, label + bar + 90, height);
	put_escaped(o, title);
	wh_buf_printf(o, "\" font-size=\"13\">\n<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\">");
	put_escaped(o, title);
	wh_buf_puts(o, "</text>\n");
	for (size_t g = 0; g < groups; g++) {
		const wuhong_tally_row *r = wuhong_tally_at(ty, g);
		int y = head + (int)g * row;
		wh_buf_printf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label - 6, y + 17);
		put_escaped(o, r->label && *r->label ? r->label : r->group);
		wh_buf_puts(o, "</text>");
		double x = label, total = 0;
		for (size_t k = 0; k < (awards ? 1 : n_tiers); k++) {
			double v = awards ? (double)r->amount : (double)r->by_tier[wuhong_policy_tier_flags(b->p, k)];
			double w = v / top * bar;
			total += v;
			if (w > 0)
				wh_buf_printf(o, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x, y + 4, w,
					      row - 8, awards ? "#c00000" : tier_colours[k % 5]);
			x += w;
		}
		if (awards)
			wh_buf_printf(o, "<text x=\"%.1f\" y=\"%d\">%.2f 万元</text>\n", x + 4, y + 17, total / 1e6);
		else
			wh_buf_printf(o, "<text x=\"%.1f\" y=\"%d\">%.0f</text>\n", x + 4, y + 17, total);
	}
	if (!awards) { /* the legend */
		int y = head + (int)groups * row + 12;
		for (size_t k = 0; k < n_tiers; k++) {
			int x = label + (int)k * 130;
			wh_buf_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">", x,
				      y, tier_colours[k % 5], x + 16, y + 11);
			put_escaped(o, wuhong_policy_tier_name(b->p, (int)wuhong_policy_tier_flags(b->p, k)));
			wh_buf_puts(o, "</text>");
		}
		wh_buf_puts(o, "\n");
	}
	wh_buf_puts(o, "</svg></figure>\n");
}

int board_html(const board *b, char **out, size_t *len, wuhong_error *err)
{
	wh_buf o = { 0 };
	char summary[512];
	board_summary(b, summary, sizeof summary, true);
	wh_buf_puts(&o, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	put_escaped(&o, b->title);
	wh_buf_printf(&o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header><h1>", style);
	put_escaped(&o, b->title);
	wh_buf_puts(&o, "</h1>\n");
	if (*b->byline) {
		wh_buf_puts(&o, "<p class=\"byline\">");
		put_escaped(&o, b->byline);
		wh_buf_puts(&o, "</p>\n");
	}
	wh_buf_puts(&o, "<p class=\"summary\">");
	put_escaped(&o, summary);
	wh_buf_puts(&o, "</p></header>\n<div class=\"charts\">\n");
	put_chart(&o, b, BT_SECTORS, false, "各领域红旗等次单位数");
	put_chart(&o, b, BT_TOWNS, true, "各乡镇奖励资金");
	wh_buf_puts(&o, "</div>\n");
	static const int order[] = { BT_RED, BT_BLACK, BT_AWARDS, BT_GAPS, BT_SECTORS, BT_TOWNS };
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
		put_table(&o, b, order[k]);
	wh_buf_puts(&o, "<footer><p>libwuhong ");
	put_escaped(&o, wuhong_version());
	wh_buf_puts(&o, "</p></footer>\n</body>\n</html>\n");
	if (o.oom) {
		wh_buf_free(&o);
		return wh_error_oom(err);
	}
	*len = o.len;
	*out = wh_buf_steal(&o);
	return 0;
}
