/*
 * util/utf8.h — UTF-8: validity, length in code points, display width. Not installed.
 */
#ifndef WUHONG_UTIL_UTF8_H
#define WUHONG_UTIL_UTF8_H

#include <stddef.h>

/* Length of the longest valid UTF-8 prefix of s[0..n). */
size_t wh_utf8_valid_prefix(const char *s, size_t n);
/* Number of code points in s[0..n). */
size_t wh_utf8_chars(const char *s, size_t n);
/* Display width in terminal columns (CJK wide characters count 2). */
size_t wh_utf8_width(const char *s);

#endif
