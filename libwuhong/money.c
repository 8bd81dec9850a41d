/*
 * money.c — integer fen and yuan text (wuhong/money.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/error-record.h"
#include "wuhong/money.h"

/* The amount without its error: the status alone. */
static int parse_yuan(int64_t *fen, const char *s)
{
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = (*s++ == '-');
	if (!(*s >= '0' && *s <= '9'))
		return WUHONG_EINVAL;
	int64_t v = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > WUHONG_MONEY_MAX / 10)
			return WUHONG_EOVERFLOW;
		v = v * 10 + (*s - '0');
	}
	int decimals = 0;
	int64_t frac = 0;
	if (*s == '.') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (++decimals > 2)
				return WUHONG_EINVAL;
			frac = frac * 10 + (*s - '0');
		}
		if (decimals == 0)
			return WUHONG_EINVAL;
	}
	if (*s != '\0')
		return WUHONG_EINVAL;
	if (decimals == 1)
		frac *= 10;
	if (v > (WUHONG_MONEY_MAX - frac) / 100)
		return WUHONG_EOVERFLOW;
	v = v * 100 + frac;
	*fen = neg ? -v : v;
	return 0;
}

int wuhong_parse_yuan(int64_t *fen, const char *text, wuhong_error *err)
{
	if (!text || !fen)
		return wh_error(err, WUHONG_EINVAL, "wuhong_parse_yuan: NULL argument");
	int rc = parse_yuan(fen, text);
	if (rc == WUHONG_EOVERFLOW)
		return wh_error(err, rc, "the amount '%s' is beyond 10^13 yuan", text);
	if (rc)
		return wh_error(err, rc, "'%s' is not an amount in yuan (digits, at most two decimals)", text);
	return 0;
}

char *wuhong_format_yuan(char *buf, size_t size, int64_t fen)
{
	/* digits from the end (a CSV of a million units formats a million of
	 * these); then as snprintf would: cut to size - 1 bytes, NUL-ended */
	uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	char tmp[32], *e = tmp + sizeof tmp, *d = e;
	*--d = (char)('0' + mag % 10);
	*--d = (char)('0' + mag / 10 % 10);
	*--d = '.';
	uint64_t yuan = mag / 100;
	do
		*--d = (char)('0' + yuan % 10);
	while (yuan /= 10);
	if (fen < 0)
		*--d = '-';
	if (size) {
		size_t len = (size_t)(e - d) < size - 1 ? (size_t)(e - d) : size - 1;
		memcpy(buf, d, len);
		buf[len] = '\0';
	}
	return buf;
}
