/*
 * util/utf8.c — see util/utf8.h.
 */
#include "util/utf8.h"

#include <string.h>

#include <stdbool.h>
#include <stdint.h>

size_t wh_utf8_valid_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		/* ASCII eight bytes at a time: most of a data file's bytes */
		uint64_t eight;
		while (i + 8 <= n && (memcpy(&eight, s + i, 8), (eight & UINT64_C(0x8080808080808080)) == 0))
			i += 8;
		if (i >= n)
			break;
		unsigned char c = s[i];
		size_t len;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		}
		/* most of the rest: a CJK character, three bytes whose every
		 * continuation is valid (E1-EC, EE-EF: no overlong form or surrogate) */
		if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 3 <= n && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			len = 2, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			return i;
		}
		if (i + len > n)
			return i;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += len;
	}
	return n;
}

size_t wh_utf8_chars(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

static bool is_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t wh_utf8_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t w = 0;
	while (*s) {
		uint32_t cp;
		size_t len;
		if (*s < 0x80)
			cp = *s, len = 1;
		else if ((*s & 0xE0) == 0xC0)
			cp = *s & 0x1F, len = 2;
		else if ((*s & 0xF0) == 0xE0)
			cp = *s & 0x0F, len = 3;
		else
			cp = *s & 0x07, len = 4;
		for (size_t k = 1; k < len && s[k]; k++)
			cp = (cp << 6) | (s[k] & 0x3F);
		for (size_t k = 0; k < len && *s; k++)
			s++;
		w += is_wide(cp) ? 2 : 1;
	}
	return w;
}
