/*
 * util/file.h — reading a whole file, and the *_load(path) functions built on it. Not installed.
 */
#ifndef WUHONG_UTIL_FILE_H
#define WUHONG_UTIL_FILE_H

#include <stddef.h>

#include "wuhong/error.h"

/* Read a whole file; *data is NUL-terminated and freed by the caller. */
int wh_read_file(const char *path, char **data, size_t *len, wuhong_error *err);

/* Read a whole file and hand its bytes to fn (the *_load(path) functions
 * are their *_load_string twins applied to a file's contents). */
typedef int (*wh_bytes_fn)(void *ctx, const char *data, size_t len, const char *name, wuhong_error *err);
int wh_with_file(const char *path, wh_bytes_fn fn, void *ctx, wuhong_error *err);

#endif
