/*
 * language.h — the tool's language: messages and --help through gettext
 * (domain "wuhong", examples/wuhong/po), Chinese when the locale is Chinese
 * or --lang zh; table headers in Chinese then too; CSV and JSON column names
 * in Chinese only with --headers zh (they are an interface for scripts).
 */
#ifndef WUHONG_CLI_LANGUAGE_H
#define WUHONG_CLI_LANGUAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#ifdef WH_ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext("wuhong", s)
#else
#define _(s) (s)
#endif
#define N_(s) s

/* Set the locale and the catalogs, and take --lang out of argv (it may come
 * anywhere); 0, or a usage error's status for a bad --lang. */
int language_setup(int *argc, char **argv);
/* Whether the tool speaks Chinese (the locale or --lang zh). */
bool language_zh(void);
/* --headers zh: CSV and JSON name their columns with the Chinese labels. */
void language_set_headers_zh(bool on);

/* The Chinese label of an output column ("tier" -> "等次"), or key itself. */
const char *column_label(const char *key);
/* A keyword value of a ledger column (event "awarded", kind "creation") as a
 * Chinese table shows it (授牌, 创建奖励); any other value as it is. */
const char *value_label(const char *column, const char *value);
/* A CSV or JSON column's name: key, or its label with --headers zh. */
const char *column_name(const char *key);
/* The CSV header line of keys (labels with --headers zh). */
void csv_header(FILE *f, const char *const *keys, size_t n);
/* Write a JSON document (keys relabelled with --headers zh), then a newline. */
void json_write(json_t *root, FILE *f);

#endif
