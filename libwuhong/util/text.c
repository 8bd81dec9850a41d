/*
 * util/text.c — see util/text.h.
 */
#include "util/text.h"

#include <stdint.h>
#include <string.h>

bool wh_is_identifier(const char *s)
{
	if (!s || !(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (s++; *s; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

/* The code points of UTF-8 text, at most max of them; how many (max + 1 if there are more). */
static size_t code_points(uint32_t *out, size_t max, const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80 && n > 0) { /* a continuation byte */
			out[n - 1] = out[n - 1] << 6 | (*p & 0x3Fu);
			continue;
		}
		if (n == max)
			return max + 1;
		out[n++] = *p;
	}
	return n;
}

size_t wh_edit_distance(const char *a, const char *b, size_t cap)
{
	uint32_t x[255], y[255];
	size_t la = code_points(x, 255, a), lb = code_points(y, 255, b);
	if (la > 255 || lb > 255 || (la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	size_t row[256];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (x[i - 1] != y[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb] > cap ? cap + 1 : row[lb];
}

const char *wh_nearest(const char *given, const char *(*name_at)(const void *ctx, size_t i), const void *ctx,
		       size_t n)
{
	/* a name of three characters or fewer (古绛镇) is near only one edit away:
	 * two would make 北京镇 a 古绛镇 */
	size_t chars = 0;
	for (const unsigned char *c = (const unsigned char *)given; *c; c++)
		chars += (*c & 0xC0) != 0x80;
	size_t cap = chars <= 3 ? 1 : 2;
	const char *best = NULL;
	size_t best_d = cap + 1;
	for (size_t i = 0; i < n; i++) {
		const char *name = name_at(ctx, i);
		size_t d = name ? wh_edit_distance(given, name, cap) : cap + 1;
		if (d < best_d)
			best_d = d, best = name;
	}
	return best;
}

const char *wh_string_at(const void *strings, size_t i)
{
	return ((const char *const *)strings)[i];
}
