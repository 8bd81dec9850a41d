/*
 * wuhong/error.h — status codes and the caller-supplied error record.
 *
 * Every fallible function returns an int status: 0 on success, a negative
 * WUHONG_E… code on failure. When the caller passes a wuhong_error, it is
 * filled with a message and, where known, the position: file, line and
 * column for policy text, row and unit for data. libwuhong keeps no global
 * error state, so the record is the only place details go.
 */
#ifndef WUHONG_ERROR_H
#define WUHONG_ERROR_H

#include "common.h"

WUHONG_BEGIN_DECL

/** Status codes; every error is negative. */
enum {
	WUHONG_OK = 0,
	WUHONG_ENOMEM = -1,     /**< out of memory */
	WUHONG_EINVAL = -2,     /**< invalid argument (API misuse) */
	WUHONG_EPOLICY = -3,    /**< the policy is invalid */
	WUHONG_ERULE = -4,      /**< a rule expression does not compile */
	WUHONG_EDATA = -5,      /**< the data (units, indicators) is invalid */
	WUHONG_EIO = -6,        /**< a file could not be read or written */
	WUHONG_EOVERFLOW = -7,  /**< a number does not fit (money, counts) */
	WUHONG_ENOTFOUND = -8,  /**< no such unit, key or name */
	WUHONG_EBUDGET = -9     /**< awards exceed the budget and the policy refuses to scale */
};

#define WUHONG_ERROR_MESSAGE_MAX 512
#define WUHONG_ERROR_FILE_MAX 256
#define WUHONG_ERROR_NAME_MAX 128
#define WUHONG_ERROR_EXCERPT_MAX 512

/**
 * Details of the last failure of one call.
 *
 * Fields that do not apply are empty strings or 0. Lines, columns and rows
 * count from 1. `row` is the data row as a spreadsheet numbers it: a
 * workbook's row, a CSV file's line (the line its record starts on), or for
 * data built in memory the unit's position from 1. `excerpt` holds
 * the offending source line and a caret line under it, for rule errors.
 */
typedef struct wuhong_error {
	int code;                                 /**< the status returned */
	char message[WUHONG_ERROR_MESSAGE_MAX];   /**< what was wrong and what was expected */
	char file[WUHONG_ERROR_FILE_MAX];         /**< file name, or "" */
	long line;                                /**< source line, or 0 */
	long column;                              /**< source column (characters), or 0 */
	long row;                                 /**< data row, or 0 */
	char unit[WUHONG_ERROR_NAME_MAX];         /**< unit id, or "" */
	char field[WUHONG_ERROR_NAME_MAX];        /**< column or key name, or "" */
	char excerpt[WUHONG_ERROR_EXCERPT_MAX];   /**< source line + caret line, or "" */
} wuhong_error;

/**
 * Clear an error record (all fields empty, code 0). Accepts NULL.
 */
WUHONG_EXTERN void wuhong_error_clear(wuhong_error *err);

/**
 * Format the record as one human-readable text, "file:line:column: message"
 * style, followed by the excerpt if any.
 *
 * @param buf  destination; always NUL-terminated when size > 0
 * @param size size of buf
 * @return the length the full text needs (like snprintf)
 */
WUHONG_EXTERN size_t wuhong_error_format(const wuhong_error *err, char *buf, size_t size);

/**
 * A short static name for a status code ("invalid policy", …). Never NULL.
 */
WUHONG_EXTERN const char *wuhong_strerror(int code);

WUHONG_END_DECL

#endif
