/*
 * util/i18n.h — the library's messages in the caller's language: every
 * message is looked up with dgettext in the domain "libwuhong" (po/), so a
 * program that has called setlocale() gets them in its locale. Not installed.
 */
#ifndef WUHONG_UTIL_I18N_H
#define WUHONG_UTIL_I18N_H

#include "util/compiler.h"

/* The translation of msgid (UTF-8), or msgid itself. */
const char *wh_tr(const char *msgid) WH_FORMAT_ARG(1);

/* Marks a string for the catalog where it is translated later (by wh_tr). */
#define N_(s) s

#endif
