/*
 * encoding.c — see wuhong/encoding.h.
 */
#include <errno.h>
#include <iconv.h>

#include "util.h"
#include "wuhong/encoding.h"

int wuhong_encode_gb18030(char **out, size_t *len, const char *utf8, size_t utf8_len, wuhong_error *err)
{
	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!out || !len || (!utf8 && utf8_len))
		return wh_error(err, WUHONG_EINVAL, "wuhong_encode_gb18030: NULL argument");
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	if (cd == (iconv_t)-1)
		return wh_error(err, WUHONG_EIO, "GB18030 conversion is not available on this system");
	/* a character is 1 to 4 bytes in either encoding, and never more than
	 * twice as long in GB18030 (ASCII stays 1; 2- and 3-byte UTF-8 become 2 or 4) */
	size_t cap = utf8_len * 2 + 1;
	char *buf = wh_malloc(cap);
	if (!buf) {
		iconv_close(cd);
		return wh_error_oom(err);
	}
	char *ip = (char *)utf8, *op = buf;
	size_t il = utf8_len, ol = cap - 1;
	size_t r = utf8_len ? iconv(cd, &ip, &il, &op, &ol) : 0;
	int e = errno;
	iconv_close(cd);
	if (r == (size_t)-1) {
		wh_free(buf);
		size_t at = (size_t)(ip - utf8);
		return e == E2BIG ? wh_error(err, WUHONG_EIO, "GB18030 conversion is not available on this system")
				  : wh_error(err, WUHONG_EDATA, "invalid UTF-8 at byte %zu; expected UTF-8 text", at + 1);
	}
	*op = '\0';
	*out = buf;
	*len = (size_t)(op - buf);
	return 0;
}
