/*
 * util/number.c — see util/number.h.
 */
#include "util/number.h"
#include "util/c-locale.h"

#include <errno.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wh_format_number(char *buf, size_t size, double v)
{
	if (isnan(v)) {
		snprintf(buf, size, "missing");
		return;
	}
	/* whole numbers, the most common values, without printf */
	if (fabs(v) < 1e15 && v == (double)(long long)v && size >= 18 && !(v == 0 && signbit(v))) {
		char digits[20];
		long long x = (long long)v;
		unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
		size_t k = 0;
		do
			digits[k++] = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		size_t w = 0;
		if (x < 0)
			buf[w++] = '-';
		while (k)
			buf[w++] = digits[--k];
		buf[w] = '\0';
		return;
	}
	/* a few decimals (96.9, 0.25), the next most common: the decimal with
	 * the fewest places (up to six) whose quotient r / 10^k is v reads back
	 * as v (one correctly rounded division of two exact doubles, as strtod
	 * rounds), and is what %.15g prints (at most 15 significant digits, as
	 * argued below), so it is written without printf */
	double a = fabs(v);
	if (a >= 1e-4 && a < 1e9 && size >= 24) {
		static const double scale[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };
		for (int k = 1; k <= 6; k++) {
			double r = floor(a * scale[k] + 0.5);
			if (r / scale[k] != a)
				continue;
			unsigned long long u = (unsigned long long)r;
			char digits[24];
			int d = 0;
			for (; d < k || u; d++, u /= 10)
				digits[d] = (char)('0' + u % 10);
			if (d == k)
				digits[d++] = '0'; /* 0.25 */
			size_t w = 0;
			if (v < 0)
				buf[w++] = '-';
			while (d > k)
				buf[w++] = digits[--d];
			buf[w++] = '.';
			while (d)
				buf[w++] = digits[--d];
			buf[w] = '\0';
			return;
		}
	}
	/* the fewest digits that read back as the same double; plain notation
	 * for everyday magnitudes (90, not 9e+01). %.15g already gives the
	 * fewest when they are 15 or fewer (a double's rounding error is below
	 * half a unit of its 15th digit, and %g drops trailing zeros), so the
	 * search starts there; when 15 do not read back, no fewer can */
	bool plain = fabs(v) >= 1e-4 && fabs(v) < 1e15;
	locale_t prev = wh_c_locale_push();
	int prec = 15;
	snprintf(buf, size, "%.15g", v);
	if (!(plain && strchr(buf, 'e')) && strtod(buf, NULL) == v) {
		wh_c_locale_pop(prev);
		return;
	}
	for (prec = 16; prec < 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (plain && strchr(buf, 'e'))
			continue;
		if (strtod(buf, NULL) == v)
			break;
	}
	if (prec == 17)
		snprintf(buf, size, "%.17g", v);
	wh_c_locale_pop(prev);
}

bool wh_parse_decimal(const char *s, size_t n, double *out)
{
	static const double pow10[23] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
					  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	size_t i = 0;
	bool neg = n > 0 && s[0] == '-';
	if (n > 0 && (s[0] == '-' || s[0] == '+'))
		i++;
	uint64_t w = 0;
	int significant = 0, after_point = 0, digits = 0;
	bool point = false;
	for (; i < n; i++) {
		char ch = s[i];
		if (ch == '.' && !point) {
			point = true;
			continue;
		}
		if (ch < '0' || ch > '9')
			return false;
		w = w * 10 + (uint64_t)(ch - '0');
		significant += w != 0;
		after_point += point;
		digits++;
		if (significant > 15 || after_point > 22)
			return false;
	}
	if (digits == 0)
		return false;
	double v = (double)w / pow10[after_point];
	*out = neg ? -v : v;
	return true;
}

bool wh_parse_number(const char *s, double *out)
{
	if (wh_parse_decimal(s, strlen(s), out))
		return true;
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	size_t digits = 0;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (digits == 0)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != '\0')
		return false;
	errno = 0;
	double v = wh_strtod(s, NULL);
	if (!isfinite(v))
		return false;
	*out = v;
	return true;
}
