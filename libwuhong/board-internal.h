/*
 * board-internal.h — the boards as tables of cells (board.c), which the
 * workbook writer (board-xlsx.c) and the page writer (board-html.c) lay out
 * each in its own way, so both show the same boards. Not installed.
 */
#ifndef WUHONG_BOARD_INTERNAL_H
#define WUHONG_BOARD_INTERNAL_H

#include "evaluation-internal.h"
#include "wuhong/board.h"
#include "wuhong/gaps.h"
#include "wuhong/lists.h"

enum { BT_SECTORS, BT_TOWNS, BT_RED, BT_BLACK, BT_AWARDS, BT_GAPS, BT_N };

typedef struct board {
	const wuhong_evaluation *ev;
	const wuhong_policy *p;
	wuhong_lists *lists;
	wuhong_awards *awards;
	wuhong_tally *tally[2]; /* by sector, by township */
	size_t n_awarded;       /* units with an award */
	size_t *awarded;        /* their indices */
	wuhong_gaps *gaps;
	size_t n_short;         /* units one flag short of the next tier, whose gaps can be closed */
	const wuhong_gap_unit **one_short;
	char title[256];        /* the heading: as given, or the policy's board title and 红黑榜 */
	char byline[512];       /* the period and the issuer ("2024年度 · 中共绛县县委组织部"), or "" */
} board;

/* A cell: text, a count, or money (fen, shown in yuan or 万元). */
typedef enum { BC_TEXT, BC_COUNT, BC_MONEY, BC_WAN } board_cell_kind; /* BC_WAN: fen shown in 万元 */
typedef struct board_cell {
	board_cell_kind kind;
	const char *text; /* BC_TEXT (valid until the next call) */
	int64_t value;    /* BC_COUNT, BC_MONEY */
} board_cell;

/* Table t: its sheet name, heading, columns, rows (a total row last where it has one). */
const char *board_table_name(int t);
const char *board_table_title(const board *b, int t);
size_t board_columns(const board *b, int t);
const char *board_header(const board *b, int t, size_t col);
size_t board_rows(const board *b, int t);
bool board_has_total(int t);
/* The cell at (row, col); buf holds its text when it is made here. */
board_cell board_at(const board *b, int t, size_t row, size_t col, char *buf, size_t size);

/* The one-line summary under the title; money grouped by thousands (3,860,000.00) when `grouped`. */
void board_summary(const board *b, char *buf, size_t size, bool grouped);
/* Fen as yuan, "3860000.00", or grouped by thousands "3,860,000.00". */
char *board_yuan(char *buf, size_t size, int64_t fen, bool grouped);

int board_xlsx(const board *b, char **out, size_t *len, wuhong_error *err);
int board_html(const board *b, char **out, size_t *len, wuhong_error *err);

#endif
