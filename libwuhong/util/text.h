/*
 * util/text.h — names: identifiers and the edit distance behind "did you mean". Not installed.
 */
#ifndef WUHONG_UTIL_TEXT_H
#define WUHONG_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

bool wh_is_identifier(const char *s);
/* Levenshtein distance, capped at cap+1 (for "did you mean"). */
size_t wh_edit_distance(const char *a, const char *b, size_t cap);

#endif
