/*
 * util/map.c — see util/map.h.
 */
#include "util/map.h"

#include <stdint.h>
#include <string.h>

#include "util/alloc.h"
#include "wuhong/error.h"

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static int map_resize(wh_map *m, size_t cap)
{
	const char **keys = wh_calloc(cap, sizeof *keys);
	size_t *values = wh_calloc(cap, sizeof *values);
	if (!keys || !values) {
		wh_free(keys);
		wh_free(values);
		return WUHONG_ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = hash_str(m->keys[i]) & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = m->keys[i];
		values[j] = m->values[i];
	}
	wh_free(m->keys);
	wh_free(m->values);
	m->keys = keys;
	m->values = values;
	m->cap = cap;
	return 0;
}

int wh_map_put(wh_map *m, const char *key, size_t value, bool *existed, size_t *value_out)
{
	if ((m->count + 1) * 2 > m->cap) {
		int rc = map_resize(m, m->cap ? m->cap * 2 : 16);
		if (rc)
			return rc;
	}
	size_t j = hash_str(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (strcmp(m->keys[j], key) == 0) {
			if (existed)
				*existed = true;
			if (value_out)
				*value_out = m->values[j];
			return 0;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->keys[j] = key;
	m->values[j] = value;
	m->count++;
	if (existed)
		*existed = false;
	if (value_out)
		*value_out = value;
	return 0;
}

bool wh_map_get(const wh_map *m, const char *key, size_t *value)
{
	if (!m->cap || !key)
		return false;
	size_t j = hash_str(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (strcmp(m->keys[j], key) == 0) {
			if (value)
				*value = m->values[j];
			return true;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return false;
}

void wh_map_free(wh_map *m)
{
	wh_free(m->keys);
	wh_free(m->values);
	memset(m, 0, sizeof *m);
}
