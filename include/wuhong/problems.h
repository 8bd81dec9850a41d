/*
 * wuhong/problems.h — every problem of an input at once, so that a clerk
 * fixes a file in one pass rather than one error per run. Given a problems
 * list, the loaders (wuhong_csv_options.problems) and the evaluation
 * (wuhong_evaluate_options.problems) go on past a bad row or cell and
 * record each problem, with its file, line, column, row and unit, in the
 * order of the file.
 */
#ifndef WUHONG_PROBLEMS_H
#define WUHONG_PROBLEMS_H

#include "common.h"
#include "error.h"

WUHONG_BEGIN_DECL

typedef struct wuhong_problems wuhong_problems;

/** The default number of problems kept (the CLI's --max-errors). */
#define WUHONG_PROBLEMS_DEFAULT_MAX 50

/**
 * A new, empty list that shows the first `max` problems in the order of the
 * file (0: the default, 50) and counts the rest; *out is freed with
 * wuhong_problems_free. (Checking stops once 10,000, or max if more, are found.)
 */
WUHONG_EXTERN int wuhong_problems_new(wuhong_problems **out, size_t max, wuhong_error *err);
/** Free a list. Accepts NULL. */
WUHONG_EXTERN void wuhong_problems_free(wuhong_problems *p);
/** The problems kept (at most the list's max). */
WUHONG_EXTERN size_t wuhong_problems_count(const wuhong_problems *p);
/** The problems found (at least: checking stops at 10,000, or at max if more). */
WUHONG_EXTERN size_t wuhong_problems_found(const wuhong_problems *p);
/** Problem i (< wuhong_problems_count), in the order of the file; NULL past the end. */
WUHONG_EXTERN const wuhong_error *wuhong_problems_at(const wuhong_problems *p, size_t i);

WUHONG_END_DECL

#endif
