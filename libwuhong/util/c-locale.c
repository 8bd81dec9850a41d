/*
 * util/c-locale.c — see util/c-locale.h.
 */
#include "util/c-locale.h"

#include <pthread.h>
#include <stdlib.h>

static pthread_once_t made = PTHREAD_ONCE_INIT;
static locale_t c_locale;

static void make_c_locale(void)
{
	/* can fail only for lack of memory; then the caller's locale stays (as before) */
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

locale_t wh_c_locale_push(void)
{
	pthread_once(&made, make_c_locale);
	return c_locale ? uselocale(c_locale) : (locale_t)0;
}

void wh_c_locale_pop(locale_t previous)
{
	if (previous)
		uselocale(previous);
}

double wh_strtod(const char *s, char **end)
{
	locale_t prev = wh_c_locale_push();
	double v = strtod(s, end);
	wh_c_locale_pop(prev);
	return v;
}
