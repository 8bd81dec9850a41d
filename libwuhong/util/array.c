/*
 * util/array.c — see util/array.h.
 */
#include "util/array.h"

#include <stdint.h>
#include <string.h>

#include "util/alloc.h"

bool wh_grow(void **items, size_t *cap, size_t count, size_t elem_size)
{
	if (count < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / elem_size)
		return false;
	void *p = wh_realloc(*items, ncap * elem_size);
	if (!p)
		return false;
	*items = p;
	*cap = ncap;
	return true;
}
