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

/**
 * The boards of ev as the bytes of a file of `format`.
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
