/*
 * wuhong/encoding.h — text for the programs county staff open files in:
 * Excel and WPS on a Chinese desktop read GB18030 without asking, UTF-8
 * only with a byte-order mark. libwuhong reads both (wuhong/dataset.h); this
 * writes the first, so every binding's CSV writer offers what the tool's
 * --output-encoding gb18030 does.
 */
#ifndef WUHONG_ENCODING_H
#define WUHONG_ENCODING_H

#include "common.h"
#include "error.h"

WUHONG_BEGIN_DECL

/**
 * UTF-8 text as GB18030, which encodes every Unicode character, so nothing
 * is lost or replaced.
 *
 * @param out receives the bytes (freed with wuhong_free; NUL-terminated,
 *            the NUL not counted); *len their number
 * @param utf8 the text, utf8_len bytes (it may hold NUL bytes)
 * @return 0, WUHONG_EDATA (utf8 is not valid UTF-8; the message gives the
 *         byte), WUHONG_EIO (the system has no GB18030 converter),
 *         WUHONG_EINVAL or WUHONG_ENOMEM
 */
WUHONG_EXTERN int wuhong_encode_gb18030(char **out, size_t *len, const char *utf8, size_t utf8_len,
					wuhong_error *err);

WUHONG_END_DECL

#endif
