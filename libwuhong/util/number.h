/*
 * util/number.h — numbers as text: the shortest exact form, and strict parsing. Not installed.
 */
#ifndef WUHONG_UTIL_NUMBER_H
#define WUHONG_UTIL_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

/* Format a double the shortest way that reads back the same ("12", "0.1"). */
void wh_format_number(char *buf, size_t size, double v);
/* Parse a whole decimal number ("12", "-3.5", "1e3"); no inf/nan/hex. */
bool wh_parse_number(const char *s, double *out);
/*
 * The common case of that, s[0 .. n-1] without a NUL: [+-]digits[.digits]
 * with at most 15 significant digits and 22 after the point, which is
 * exact and as fast as a loop (the integer and the power of ten are both
 * doubles, so one division rounds as strtod does). false when s is not
 * of that form; then wh_parse_number decides.
 */
bool wh_parse_decimal(const char *s, size_t n, double *out);

#endif
