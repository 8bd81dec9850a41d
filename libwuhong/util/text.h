/*
 * util/text.h — names: identifiers and the edit distance behind "did you mean". Not installed.
 */
#ifndef WUHONG_UTIL_TEXT_H
#define WUHONG_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

bool wh_is_identifier(const char *s);
/* Levenshtein distance in code points, capped at cap+1 (for "did you mean"). */
size_t wh_edit_distance(const char *a, const char *b, size_t cap);
/* The name within two edits of given (one, for a given of three characters or fewer) that is
 * nearest (the first of equals), or NULL:
 * name_at(ctx, i) for i < n gives the names. */
const char *wh_nearest(const char *given, const char *(*name_at)(const void *ctx, size_t i), const void *ctx,
		       size_t n);
/* The i-th of an array of strings (const char *const *), as wh_nearest's name_at. */
const char *wh_string_at(const void *strings, size_t i);

#endif
