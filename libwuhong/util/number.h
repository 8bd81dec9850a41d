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

#endif
