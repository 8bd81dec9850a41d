/*
 * util/map.c — see util/map.h.
 */
#include "util/map.h"

#include <stdint.h>
#include <string.h>

#include "util/alloc.h"
#include "wuhong/error.h"

uint64_t wh_hash_str(const char *s)
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
	wh_map_slot *slots = wh_calloc(cap, sizeof *slots);
	if (!slots)
		return WUHONG_ENOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		const wh_map_slot *old = &m->slots[i];
		if (!old->key)
			continue;
		size_t j = old->hash & (cap - 1);
		while (slots[j].key)
			j = (j + 1) & (cap - 1);
		slots[j] = *old;
	}
	wh_free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

int wh_map_reserve(wh_map *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 16;
	while (cap < 2 * n)
		cap *= 2;
	return cap > m->cap ? map_resize(m, cap) : 0;
}

int wh_map_put(wh_map *m, const char *key, size_t value, bool *existed, size_t *value_out)
{
	if ((m->count + 1) * 2 > m->cap) {
		int rc = map_resize(m, m->cap ? m->cap * 2 : 16);
		if (rc)
			return rc;
	}
	uint64_t h = wh_hash_str(key);
	size_t j = h & (m->cap - 1);
	for (; m->slots[j].key; j = (j + 1) & (m->cap - 1)) {
		const wh_map_slot *s = &m->slots[j];
		if (s->hash == h && strcmp(s->key, key) == 0) {
			if (existed)
				*existed = true;
			if (value_out)
				*value_out = s->value;
			return 0;
		}
	}
	m->slots[j] = (wh_map_slot){ h, key, value };
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
	uint64_t h = wh_hash_str(key);
	for (size_t j = h & (m->cap - 1); m->slots[j].key; j = (j + 1) & (m->cap - 1)) {
		const wh_map_slot *s = &m->slots[j];
		if (s->hash == h && strcmp(s->key, key) == 0) {
			if (value)
				*value = s->value;
			return true;
		}
	}
	return false;
}

void wh_map_free(wh_map *m)
{
	wh_free(m->slots);
	memset(m, 0, sizeof *m);
}
