/*
 * xlsx-format.h — what a workbook cell's number format shows: a number, a
 * percentage (96.9% is stored as 0.969) or a date (stored as a serial
 * day count), and a serial date as the text a clerk sees. Not installed.
 */
#ifndef WUHONG_XLSX_FORMAT_H
#define WUHONG_XLSX_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { FMT_PLAIN, FMT_PERCENT, FMT_DATE };

/* What a custom format code (numFmt formatCode) shows: FMT_DATE for a date
 * or time token outside quotes, escapes and [colour]/[$-locale] brackets
 * ([h] and [mm] are elapsed times), FMT_PERCENT for a %, else FMT_PLAIN. */
uint8_t wh_xlsx_format_kind(const char *code);

/* A serial date as "2024-12-13", "2024-12-13 08:30", or "08:30" for a time
 * alone; date1904: the workbook counts from 1904-01-01. A serial Excel shows
 * no date for (negative, past 9999, not a number) is "########", as it shows it. */
void wh_xlsx_date_text(char *buf, size_t size, double serial, bool date1904);

#endif
