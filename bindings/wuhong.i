/*
 * wuhong.i — the SWIG interface shared by the language bindings: the public
 * headers themselves, with typemaps that make the C conventions the target
 * language's (docs/bindings.md):
 *   - the int status of a function that fills a wuhong_error is not returned;
 *     a failure raises the language's error with the record (WUHONG_RAISE);
 *   - out-parameters are returned; a handle returned so is owned, freed when
 *     collected or at once by its _free function, which also empties the
 *     language object (WUHONG_CLEAR_HANDLE): NULL and closed handles raise;
 *   - result columns are numpy views (Python) or tables (Lua): WUHONG_COLUMN;
 *   - enums and #defines are constants; wuhong_/WUHONG_ is dropped from names.
 * A language file (python/wuhong_python.i, lua/wuhong_lua.i) defines those
 * macros and its typemaps for lists and arrays, then includes this file.
 */

%{
#include <stdlib.h>
#include <string.h>
#include <wuhong.h>
%}

%include <stdint.i>
%include "exception.i"

%rename("%(regex:/^(wuhong_|WUHONG_)(.*)$/\\2/)s") "";
%nodefaultctor;

/* ---- statuses and the error record ---------------------------------------- */

%typemap(in, numinputs=0) wuhong_error *err (wuhong_error temp) {
	wuhong_error_clear(&temp);
	$1 = &temp;
}
%typemap(argout) wuhong_error *err {
	if ($1->code != 0) {
		WUHONG_RAISE($1);
		WUHONG_DISCARD_RESULT;
		SWIG_fail;
	}
	WUHONG_DROP_STATUS; /* every function with a record returns an int status */
}

/* ---- out-parameters --------------------------------------------------------- */

%typemap(in, numinputs=0) size_t *out (size_t temp = 0), int64_t *out (int64_t temp = 0),
	int *replayed (int temp = 0), char **out (char *temp = NULL) { $1 = &temp; }
%typemap(argout) size_t *out, int64_t *out { WUHONG_INTEGER_OUTPUT(*$1); }
%typemap(argout) int *replayed { WUHONG_BOOL_OUTPUT(*$1); }
%typemap(argout) char **out { WUHONG_STRING_OUTPUT(*$1); wuhong_free(*$1); }
/* bytes with their length (a workbook): bytes in Python, a string in Lua */
%typemap(in, numinputs=0) (char **out, size_t *len) (char *t = NULL, size_t n = 0) "$1 = &t; $2 = &n;"
%typemap(argout) (char **out, size_t *len) { WUHONG_BYTES_OUTPUT(*$1, *$2); wuhong_free(*$1); }

/* A struct filled by the call: returned as a new, owned object. */
%typemap(in, numinputs=0) wuhong_review_rules *out { if (!($1 = calloc(1, sizeof *$1))) SWIG_exception(SWIG_MemoryError, "out of memory"); }
%typemap(argout) wuhong_review_rules *out { WUHONG_OWNED_OUTPUT($1, $descriptor); $1 = NULL; }
%typemap(freearg) wuhong_review_rules *out "free($1);"

/* wuhong_format_yuan's buffer */
%typemap(in, numinputs=0) (char *buf, size_t size) (char temp[32]) "$1 = temp; $2 = sizeof temp;"

/* ---- handles -------------------------------------------------------------------- */

%define WUHONG_HANDLE(TYPE, FREE)
struct TYPE {};
%extend TYPE {
	~TYPE() { FREE($self); }
}
%typemap(check) TYPE *, const TYPE * { if (!$1) SWIG_exception(SWIG_ValueError, "this " #TYPE " is closed (or NULL)"); }
%typemap(in, numinputs=0) TYPE **out (TYPE *temp = NULL) "$1 = &temp;"
%typemap(argout) TYPE **out { if (*$1) WUHONG_OWNED_OUTPUT(*$1, $*descriptor); }
%typemap(in) TYPE *closing { $1 = ($1_ltype)WUHONG_CLEAR_HANDLE($input, $descriptor); }
%typemap(check) TYPE *closing ""
void FREE(TYPE *closing); /* declared before the header's, so the header's is ignored */
%enddef

/* 302: the header's _free after WUHONG_HANDLE's; 451: a string set in a result
 * struct leaks its copy (a struct returned is the library's to read, not to set) */
#pragma SWIG nowarn=302,451
WUHONG_HANDLE(wuhong_policy, wuhong_policy_free)
WUHONG_HANDLE(wuhong_policy_builder, wuhong_policy_builder_free)
WUHONG_HANDLE(wuhong_rule, wuhong_rule_free)
WUHONG_HANDLE(wuhong_dataset, wuhong_dataset_free)
WUHONG_HANDLE(wuhong_evaluation, wuhong_evaluation_free)
WUHONG_HANDLE(wuhong_explanation, wuhong_explanation_free)
WUHONG_HANDLE(wuhong_tally, wuhong_tally_free)
WUHONG_HANDLE(wuhong_lists, wuhong_lists_free)
WUHONG_HANDLE(wuhong_adjustments, wuhong_adjustments_free)
WUHONG_HANDLE(wuhong_awards, wuhong_awards_free)
WUHONG_HANDLE(wuhong_diff_result, wuhong_diff_free)
WUHONG_HANDLE(wuhong_diff_summary, wuhong_diff_summary_free)
WUHONG_HANDLE(wuhong_decisions, wuhong_decisions_free)
WUHONG_HANDLE(wuhong_applications, wuhong_applications_free)
WUHONG_HANDLE(wuhong_ledger, wuhong_ledger_free)
WUHONG_HANDLE(wuhong_rows, wuhong_rows_free)
WUHONG_HANDLE(wuhong_gaps, wuhong_gaps_free)
WUHONG_HANDLE(wuhong_problems, wuhong_problems_free)

/* the handle parameters that may be NULL (None, nil) */
%typemap(check) const wuhong_evaluation *ev_or_null, const wuhong_decisions *decisions,
	const wuhong_adjustments *adjustments, const wuhong_applications *applications, wuhong_problems *problems,
	const wuhong_award_options *awards ""

/* ---- structs ---------------------------------------------------------------------- */

/* Options: a constructor with the header's defaults; fields set by name. */
%define WUHONG_OPTIONS(TYPE, INIT)
%extend TYPE { TYPE() { TYPE *o = malloc(sizeof *o); return o ? (*o = (TYPE)INIT, o) : NULL; } }
%enddef
WUHONG_OPTIONS(wuhong_evaluate_options, WUHONG_EVALUATE_OPTIONS_INIT)
WUHONG_OPTIONS(wuhong_award_options, WUHONG_AWARD_OPTIONS_INIT)
WUHONG_OPTIONS(wuhong_review_options, WUHONG_REVIEW_OPTIONS_INIT)
WUHONG_OPTIONS(wuhong_review_rules, WUHONG_REVIEW_RULES_INIT)
WUHONG_OPTIONS(wuhong_csv_options, WUHONG_CSV_OPTIONS_INIT)
WUHONG_OPTIONS(wuhong_board_options, WUHONG_BOARD_OPTIONS_INIT) /* the options' texts: their own copies (memberin) */
%extend wuhong_board_options { ~wuhong_board_options() { free((char *)$self->title); free((char *)$self->period);
	free((char *)$self->issuer); free($self); } void set_awards(const wuhong_award_options *a) { $self->awards = a; } }
%extend wuhong_csv_options { ~wuhong_csv_options() { free((char *)$self->encoding); free((char *)$self->sheet); free($self); }
	void set_problems(wuhong_problems *problems) { $self->problems = problems; } }
%extend wuhong_evaluate_options { void set_problems(wuhong_problems *problems) { $self->problems = problems; } }
%typemap(memberin) const char *encoding, const char *sheet, const char *title, const char *period,
	const char *issuer "free((char *)$1); $1 = $input ? strdup($input) : NULL;"
%ignore wuhong_review_options::progress; %ignore wuhong_review_options::progress_ctx;
/* borrowed handles: set by a method (SWIG's field setter would take them over) */
%immutable wuhong_award_options::adjustments; %immutable wuhong_review_options::adjustments;
%immutable wuhong_review_options::decisions; %immutable wuhong_review_options::applications;
%immutable wuhong_csv_options::problems; %immutable wuhong_evaluate_options::problems; %immutable wuhong_board_options::awards;
%extend wuhong_award_options { void set_adjustments(const wuhong_adjustments *adjustments) { $self->adjustments = adjustments; } }
%extend wuhong_review_options { void set_adjustments(const wuhong_adjustments *a) { $self->adjustments = a; }
	void set_decisions(const wuhong_decisions *d) { $self->decisions = d; }
	void set_applications(const wuhong_applications *a) { $self->applications = a; } }

/* arrays inside result structs: by index, NULL (None, nil) past the end */
%extend wuhong_reason { const wuhong_clause *clause(size_t c) { return c < $self->n_clauses ? &$self->clauses[c] : NULL; } }
%ignore wuhong_reason::clauses; %ignore wuhong_gap_unit::criteria; %ignore wuhong_gap_criterion::gaps; /* by index */
%ignore wuhong_tally_row::by_tier;
%extend wuhong_tally_row { size_t tier(int f) { return f >= 0 && f <= WUHONG_CRITERIA ? $self->by_tier[f] : 0; } }

/* ---- borrowed columns (valid while their owner lives) --------------------------------- */

WUHONG_COLUMN(uint8_t, wuhong_evaluation_flags, wuhong_evaluation_count, NPY_UINT8)
WUHONG_COLUMN(uint8_t, wuhong_evaluation_flag_masks, wuhong_evaluation_count, NPY_UINT8)
WUHONG_COLUMN(uint8_t, wuhong_evaluation_missing_masks, wuhong_evaluation_count, NPY_UINT8)
WUHONG_COLUMN(uint32_t, wuhong_evaluation_veto_masks, wuhong_evaluation_count, NPY_UINT32)
WUHONG_COLUMN(uint32_t, wuhong_evaluation_veto_unknown_masks, wuhong_evaluation_count, NPY_UINT32)
WUHONG_COLUMN(uint8_t, wuhong_evaluation_tiers, wuhong_evaluation_count, NPY_UINT8)
WUHONG_COLUMN(uint8_t, wuhong_evaluation_sectors, wuhong_evaluation_count, NPY_UINT8)
WUHONG_COLUMN(uint16_t, wuhong_evaluation_towns, wuhong_evaluation_count, NPY_UINT16)
WUHONG_COLUMN(int64_t, wuhong_evaluation_amounts, wuhong_evaluation_count, NPY_INT64)
WUHONG_COLUMN(int64_t, wuhong_awards_amounts, wuhong_awards_count, NPY_INT64)
WUHONG_COLUMN(int64_t, wuhong_awards_unscaled, wuhong_awards_count, NPY_INT64)

/* ---- what a language has its own way for -------------------------------------------------- */

%ignore wuhong_set_alloc_funcs; %ignore wuhong_get_alloc_funcs; %ignore wuhong_free; /* the host's allocator */
%ignore wuhong_policy_ref; %ignore wuhong_dataset_ref; /* references: the language's own */
%ignore wuhong_error_clear; %ignore wuhong_error_format; /* the exception's record, and its text() */
%extend wuhong_error { const char *text() { static _Thread_local char t[2048]; wuhong_error_format($self, t, sizeof t); return t; } }

%include "wuhong/common.h"
%include "wuhong/version.h"
%include "wuhong/error.h"
%include "wuhong/problems.h"
%include "wuhong/alloc.h"
%include "wuhong/policy.h"
%include "wuhong/rule.h"
%include "wuhong/dataset.h"
%include "wuhong/money.h"
%include "wuhong/evaluation.h"
%include "wuhong/gaps.h"
%include "wuhong/lists.h"
%include "wuhong/awards.h"
%include "wuhong/board.h"
%include "wuhong/encoding.h"
%include "wuhong/diff.h"
%include "wuhong/rows.h"
%include "wuhong/applications.h"
%include "wuhong/review.h"
%include "wuhong/ledger.h"
