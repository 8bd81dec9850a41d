/*
 * board-xlsx.c — the boards as an Excel workbook, through libxlsxwriter: a
 * summary sheet (the tallies and a chart of tiers by sector), then one
 * sheet per board. Chinese headers, money as #,##0.00, the header row
 * frozen and repeated on every printed page, A4 landscape, columns as wide
 * as their Chinese text. libxlsxwriter writes a file, so the workbook is
 * made in a temporary file and read back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "board-internal.h"

/* The first row of a table's header (its title above it). */
#define HEAD 3
#define MAX_WIDTH 60

typedef struct formats {
	lxw_format *title, *summary, *header, *text, *count, *money, *total_text, *total_money;
} formats;

/* Display width: a CJK character takes two columns, as Excel draws it. */
static double text_width(const char *s)
{
	double w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			w += *p >= 0xE0 ? 2.1 : 1.1;
	return w;
}

/* Write table t at row `at` of ws; the widths of its columns grow to fit. The rows written. */
static lxw_row_t write_table(lxw_worksheet *ws, const board *b, int t, lxw_row_t at, const formats *f, double *width)
{
	char buf[128];
	size_t cols = board_columns(b, t), rows = board_rows(b, t);
	worksheet_write_string(ws, at, 0, board_table_title(b, t), f->summary);
	for (size_t c = 0; c < cols; c++) {
		const char *h = board_header(b, t, c);
		worksheet_write_string(ws, at + 1, (lxw_col_t)c, h, f->header);
		if (text_width(h) + 2 > width[c])
			width[c] = text_width(h) + 2;
	}
	for (size_t r = 0; r < rows; r++) {
		bool total = board_has_total(t) && (t == BT_AWARDS ? r >= rows - 2 : r == rows - 1);
		lxw_row_t row = at + 2 + (lxw_row_t)r;
		for (size_t c = 0; c < cols; c++) {
			board_cell v = board_at(b, t, r, c, buf, sizeof buf);
			if (v.kind == BC_TEXT) {
				worksheet_write_string(ws, row, (lxw_col_t)c, v.text, total ? f->total_text : f->text);
				double w = text_width(v.text) + 2;
				if (w > width[c])
					width[c] = w > MAX_WIDTH ? MAX_WIDTH : w;
			} else {
				double x = v.kind == BC_COUNT ? (double)v.value : (double)v.value / (v.kind == BC_WAN ? 1e6 : 100);
				worksheet_write_number(ws, row, (lxw_col_t)c, x,
						       v.kind == BC_COUNT ? f->count : total ? f->total_money : f->money);
				if (width[c] < 14)
					width[c] = 14;
			}
		}
	}
	return (lxw_row_t)(2 + rows);
}

/* A4 landscape, fitted to the page's width, the header row on every page. */
static void page_setup(lxw_worksheet *ws, lxw_row_t header)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, header, header);
	worksheet_freeze_panes(ws, header + 1, 0);
}

static void set_widths(lxw_worksheet *ws, const double *width, size_t cols)
{
	for (size_t c = 0; c < cols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c] < 8 ? 8 : width[c], NULL);
}

static void heading(lxw_worksheet *ws, const board *b, const formats *f)
{
	char summary[512];
	board_summary(b, summary, sizeof summary, false); /* the cells' format groups the amounts */
	worksheet_write_string(ws, 0, 0, b->title, f->title);
	worksheet_write_string(ws, 1, 0, summary, NULL);
	if (*b->byline)
		worksheet_write_string(ws, 2, 0, b->byline, NULL);
}

/* A column chart of the tiers by sector, stacked, from the summary sheet's table. */
static void tier_chart(lxw_workbook *wb, lxw_worksheet *ws, const board *b, lxw_col_t next_to)
{
	lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_COLUMN_STACKED);
	if (!chart)
		return;
	size_t sectors = board_rows(b, BT_SECTORS) - 1; /* the total row is not a sector */
	lxw_row_t first = HEAD + 2, last = (lxw_row_t)(HEAD + 1 + sectors);
	for (size_t k = 0; k < wuhong_policy_tier_count(b->p); k++) {
		lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
		if (!s)
			return;
		chart_series_set_categories(s, board_table_name(BT_SECTORS), first, 0, last, 0);
		chart_series_set_values(s, board_table_name(BT_SECTORS), first, (lxw_col_t)(2 + k), last, (lxw_col_t)(2 + k));
		chart_series_set_name(s, board_header(b, BT_SECTORS, 2 + k));
	}
	chart_title_set_name(chart, "各领域红旗等次单位数");
	chart_axis_set_name(chart->y_axis, "单位数");
	worksheet_insert_chart(ws, HEAD, next_to, chart);
}

int board_xlsx(const board *b, char **out, size_t *len, wuhong_error *err)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/wuhong-board-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return wh_error(err, WUHONG_EIO, "cannot make a temporary file for the workbook in %s", dir && *dir ? dir : "/tmp");
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		unlink(path);
		return wh_error_oom(err);
	}
	formats f = { workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb),
		      workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb) };
	lxw_worksheet *ws = workbook_add_worksheet(wb, board_table_name(BT_SECTORS));
	if (!f.title || !f.summary || !f.header || !f.text || !f.count || !f.money || !f.total_text || !f.total_money ||
	    !ws) {
		workbook_close(wb);
		unlink(path);
		return wh_error_oom(err);
	}
	format_set_bold(f.title);
	format_set_font_size(f.title, 16);
	format_set_bold(f.summary);
	format_set_bold(f.header);
	format_set_bg_color(f.header, 0xC00000);
	format_set_font_color(f.header, LXW_COLOR_WHITE);
	format_set_border(f.header, LXW_BORDER_THIN);
	format_set_align(f.header, LXW_ALIGN_CENTER);
	format_set_border(f.text, LXW_BORDER_THIN);
	format_set_text_wrap(f.text); /* a long reason wraps inside its column, within the page */
	format_set_align(f.text, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(f.count, LXW_BORDER_THIN);
	format_set_border(f.money, LXW_BORDER_THIN);
	format_set_num_format(f.money, "#,##0.00");
	format_set_bold(f.total_text);
	format_set_border(f.total_text, LXW_BORDER_THIN);
	format_set_bold(f.total_money);
	format_set_border(f.total_money, LXW_BORDER_THIN);
	format_set_num_format(f.total_money, "#,##0.00");
	/* the summary: both tallies and the chart */
	double width[16] = { 0 };
	heading(ws, b, &f);
	lxw_row_t used = write_table(ws, b, BT_SECTORS, HEAD, &f, width);
	write_table(ws, b, BT_TOWNS, HEAD + used + 1, &f, width);
	set_widths(ws, width, board_columns(b, BT_SECTORS));
	page_setup(ws, HEAD + 1);
	tier_chart(wb, ws, b, (lxw_col_t)(board_columns(b, BT_SECTORS) + 1));
	static const int sheets[] = { BT_RED, BT_BLACK, BT_AWARDS, BT_GAPS };
	bool short_of_memory = false; /* a sheet that could not be added: no workbook without it */
	for (size_t k = 0; k < sizeof sheets / sizeof sheets[0] && !short_of_memory; k++) {
		if (!(ws = workbook_add_worksheet(wb, board_table_name(sheets[k])))) {
			short_of_memory = true;
			break;
		}
		memset(width, 0, sizeof width);
		heading(ws, b, &f);
		write_table(ws, b, sheets[k], HEAD, &f, width);
		set_widths(ws, width, board_columns(b, sheets[k]));
		page_setup(ws, HEAD + 1);
	}
	lxw_error e = workbook_close(wb);
	int rc = 0;
	if (e == LXW_ERROR_MEMORY_MALLOC_FAILED || short_of_memory)
		rc = wh_error_oom(err);
	else if (e != LXW_NO_ERROR)
		rc = wh_error(err, WUHONG_EIO, "the workbook could not be written: %s", lxw_strerror(e));
	if (!rc)
		rc = wh_read_file(path, out, len, err);
	unlink(path);
	return rc;
}
