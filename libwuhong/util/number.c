/*
 * util/number.c — see util/number.h.
 */
#include "util/number.h"
#include "util/c-locale.h"

#include <errno.h>
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
	/* the fewest digits that read back as the same double; plain notation
	 * for everyday magnitudes (90, not 9e+01) */
	bool plain = fabs(v) >= 1e-4 && fabs(v) < 1e15;
	locale_t prev = wh_c_locale_push();
	int prec = 1;
	for (; prec < 17; prec++) {
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

bool wh_parse_number(const char *s, double *out)
{
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
