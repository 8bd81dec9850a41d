/*
 * util/array.h — a growable array of anything. Not installed.
 */
#ifndef WUHONG_UTIL_ARRAY_H
#define WUHONG_UTIL_ARRAY_H

#include <stdbool.h>
#include <stddef.h>

/* Make room for one more element; returns false on OOM. */
bool wh_grow(void **items, size_t *cap, size_t count, size_t elem_size);

#endif
