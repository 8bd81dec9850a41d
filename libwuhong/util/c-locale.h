/*
 * util/c-locale.h — numbers read and written the same in every locale. A
 * caller that sets LC_ALL for translated messages (util/i18n.h) must not get
 * "96,9" in a CSV or 96 for "96.9" under a locale with a decimal comma, so
 * strtod and printf of doubles run with the C locale for this thread.
 * Not installed.
 */
#ifndef WUHONG_UTIL_C_LOCALE_H
#define WUHONG_UTIL_C_LOCALE_H

#include <locale.h>

/* Switch this thread to the C locale; returns what to give back to wh_c_locale_pop. */
locale_t wh_c_locale_push(void);
void wh_c_locale_pop(locale_t previous);

/* strtod in the C locale */
double wh_strtod(const char *s, char **end);

#endif
