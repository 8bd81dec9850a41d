/*
 * xlsx-format.c — what a cell's number format shows (xlsx-format.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "xlsx-format.h"

/* What a format code shows: a date or time if it has a date or time token
 * outside quotes, escapes and [colour]/[$-locale] brackets ([h] and [mm]
 * are elapsed times); a percentage if it has a %. */
uint8_t wh_xlsx_format_kind(const char *code)
{
	bool percent = false;
	for (const char *c = code; *c; c++) {
		switch (*c) {
		case '"':
			while (c[1] && c[1] != '"')
				c++;
			if (c[1])
				c++;
			break;
		case '\\': case '_': case '*':
			if (c[1])
				c++;
			break;
		case '[': {
			/* [h], [mm], [ss]: an elapsed time; [Magenta], [$-804]: not */
			size_t n = 1;
			while (c[1] && (c[n] == c[1]) && strchr("hHmMsS", c[1]))
				n++;
			if (c[1] && n > 1 && c[n] == ']')
				return FMT_DATE;
			while (c[1] && c[1] != ']')
				c++;
			break;
		}
		case '%':
			percent = true;
			break;
		case 'y': case 'Y': case 'd': case 'D': case 'h': case 'H': case 's': case 'S': case 'm': case 'M':
			return FMT_DATE;
		default:
			break;
		}
	}
	return percent ? FMT_PERCENT : FMT_PLAIN;
}

/* The date `z` days after 1970-01-01 (proleptic Gregorian). */
static void civil_from_days(long z, long *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* A serial date as the cell shows it: "2024-12-13", "2024-12-13 08:30", or "08:30" for a time alone. */
void wh_xlsx_date_text(char *buf, size_t size, double serial, bool date1904)
{
	/* Excel's dates run from 0 to 9999-12-31 (serial 2958465); outside, it
	 * shows a date-formatted cell as ######## */
	if (!(serial >= 0 && serial < 2958466)) {
		snprintf(buf, size, "########");
		return;
	}
	double whole = floor(serial);
	long minutes = lround((serial - whole) * 24 * 60);
	long days = (long)whole;
	if (minutes == 24 * 60) {
		days++;
		minutes = 0;
	}
	/* the 1900 system counts a 29 February 1900 that never was (serial 60) */
	long unix_days = date1904 ? days - 24107 : days < 61 ? days - 25568 : days - 25569;
	long y;
	int m, d;
	civil_from_days(unix_days, &y, &m, &d);
	if (days == 0 && !date1904)
		snprintf(buf, size, "%02ld:%02ld", minutes / 60, minutes % 60);
	else if (minutes)
		snprintf(buf, size, "%04ld-%02d-%02d %02ld:%02ld", y, m, d, minutes / 60, minutes % 60);
	else
		snprintf(buf, size, "%04ld-%02d-%02d", y, m, d);
}
