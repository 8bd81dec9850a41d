/*
 * util/file.c — see util/file.h.
 */
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error-record.h"

int wh_read_file(const char *path, char **data, size_t *len, wuhong_error *err)
{
	wh_pos pos = { path, 0, 0 };
	FILE *f = fopen(path, "rb");
	if (!f)
		return wh_error_at(err, WUHONG_EIO, &pos, "cannot open: %s", strerror(errno));
	wh_buf b = { 0 };
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (!wh_buf_append(&b, chunk, n))
			break;
	int failed = ferror(f);
	fclose(f);
	if (b.oom) {
		wh_buf_free(&b);
		return wh_error_oom(err);
	}
	if (failed) {
		wh_buf_free(&b);
		return wh_error_at(err, WUHONG_EIO, &pos, "read error");
	}
	*len = b.len;
	*data = wh_buf_steal(&b);
	return *data ? 0 : wh_error_oom(err);
}

int wh_with_file(const char *path, wh_bytes_fn fn, void *ctx, wuhong_error *err)
{
	char *data;
	size_t len;
	int rc = wh_read_file(path, &data, &len, err);
	if (rc)
		return rc;
	rc = fn(ctx, data, len, path, err);
	wh_free(data);
	return rc;
}
