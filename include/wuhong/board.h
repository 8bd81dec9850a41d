/*
 * wuhong/board.h — the boards of an evaluation as a file to print, post or
 * send on: the red list (红榜), the black list (黑榜), the award list with
 * its total in yuan and 万元, and the tally by sector and tier and by
 * township. As an Excel workbook (one sheet per board, a chart of tiers by
 * sector, A4 landscape) or one self-contained HTML page (charts drawn as
 * inline SVG, print CSS for A4, readable on a phone). Headers are Chinese.
 */
#ifndef WUHONG_BOARD_H
#define WUHONG_BOARD_H

#include "common.h"
#include "error.h"
#include "evaluation.h"
#include "awards.h"

WUHONG_BEGIN_DECL

typedef enum wuhong_board_format {
	WUHONG_BOARD_XLSX = 0, /**< an .xlsx workbook (libxlsxwriter) */
	WUHONG_BOARD_HTML = 1  /**< one HTML page, UTF-8, no external resource */
} wuhong_board_format;

/** What a published board says besides the results: its format, money and heading. */
typedef struct wuhong_board_options {
	unsigned version;              /**< WUHONG_BOARD_OPTIONS_VERSION */
	wuhong_board_format format;    /**< WUHONG_BOARD_XLSX (the default) or WUHONG_BOARD_HTML */
	/** adjustments and budget for the award list, as for wuhong_evaluation_awards; NULL: the schedule's */
	const wuhong_award_options *awards;
	/** the heading as given; NULL: the policy's board title (else its name) followed by 红黑榜 */
	const char *title;
	/** the period the board reports, "2024" (shown 2024年度), "2024-05" (2024年5月) or any text; NULL: none */
	const char *period;
	/** who publishes it, 中共绛县县委组织部; NULL: the policy's board issuer, if any */
	const char *issuer;
} wuhong_board_options;

#define WUHONG_BOARD_OPTIONS_VERSION 1
#define WUHONG_BOARD_OPTIONS_INIT { WUHONG_BOARD_OPTIONS_VERSION, WUHONG_BOARD_XLSX, NULL, NULL, NULL, NULL }

/**
 * The boards of ev as the bytes of a file, headed with the title, the
 * period and the issuer a county posts it under.
 *
 * @param out receives the bytes (freed with wuhong_free); *len their number
 * @param opts NULL for the defaults
 * @return as wuhong_board_render()
 */
WUHONG_EXTERN int wuhong_board_publish(char **out, size_t *len, const wuhong_evaluation *ev,
				       const wuhong_board_options *opts, wuhong_error *err);

/**
 * The boards of ev as the bytes of a file of `format`, headed as the
 * policy says (wuhong_board_publish with only the format and awards set).
 *
 * @param out receives the bytes (freed with wuhong_free); *len their number
 * @param awards adjustments and budget for the award list, as for
 *               wuhong_evaluation_awards; NULL for the schedule's amounts
 * @return 0, WUHONG_EINVAL, WUHONG_EBUDGET (over the budget, and the policy
 *         refuses to scale), WUHONG_EIO (the workbook could not be written)
 *         or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_board_render(char **out, size_t *len, const wuhong_evaluation *ev, wuhong_board_format format,
				      const wuhong_award_options *awards, wuhong_error *err);

WUHONG_END_DECL

#endif
