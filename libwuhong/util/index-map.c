/*
 * util/index-map.c — see util/index-map.h. Open addressing, linear
 * probing, at most half full; growing rehashes each entry from its text.
 */
#include "util/index-map.h"

#include <string.h>

#include "util/alloc.h"
#include "util/map.h"
#include "wuhong/error.h"

static uint64_t slot_of(uint64_t h, size_t i)
{
	return (h & UINT64_C(0xffffffff00000000)) | (uint64_t)(i + 1);
}

static int resize(wh_index_map *m, const char *const *keys, size_t cap)
{
	uint64_t *slots = wh_calloc(cap, sizeof *slots);
	if (!slots)
		return WUHONG_ENOMEM;
	for (size_t k = 0; k < m->cap; k++) {
		if (!m->slots[k])
			continue;
		size_t i = (size_t)(m->slots[k] & 0xffffffffu) - 1;
		size_t j = wh_hash_str(keys[i]) & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = m->slots[k];
	}
	wh_free(m->slots);
	m->slots = slots;
	m->cap = cap;
	return 0;
}

int wh_index_map_reserve(wh_index_map *m, const char *const *keys, size_t n)
{
	size_t cap = m->cap ? m->cap : 16;
	while (cap < 2 * n)
		cap *= 2;
	return cap > m->cap ? resize(m, keys, cap) : 0;
}

/* The slot holding key's entry, or the empty slot where it would go. */
static size_t probe(const wh_index_map *m, const char *const *keys, const char *key, uint64_t h)
{
	uint64_t tag = h & UINT64_C(0xffffffff00000000);
	size_t j = h & (m->cap - 1);
	for (; m->slots[j]; j = (j + 1) & (m->cap - 1))
		if ((m->slots[j] & UINT64_C(0xffffffff00000000)) == tag &&
		    strcmp(keys[(m->slots[j] & 0xffffffffu) - 1], key) == 0)
			break;
	return j;
}

void wh_index_map_prefetch(const wh_index_map *m, const char *key)
{
	if (m->cap)
		__builtin_prefetch(&m->slots[wh_hash_str(key) & (m->cap - 1)]);
}

int wh_index_map_put(wh_index_map *m, const char *const *keys, const char *key, size_t i, bool *existed,
		     size_t *found)
{
	if (i > WH_INDEX_MAP_MAX)
		return WUHONG_ENOMEM;
	if ((m->count + 1) * 2 > m->cap) {
		int rc = resize(m, keys, m->cap ? m->cap * 2 : 16);
		if (rc)
			return rc;
	}
	uint64_t h = wh_hash_str(key);
	size_t j = probe(m, keys, key, h);
	bool there = m->slots[j] != 0;
	if (existed)
		*existed = there;
	if (found)
		*found = there ? (size_t)(m->slots[j] & 0xffffffffu) - 1 : i;
	if (!there) {
		m->slots[j] = slot_of(h, i);
		m->count++;
	}
	return 0;
}

bool wh_index_map_get(const wh_index_map *m, const char *const *keys, const char *key, size_t *i)
{
	if (!m->cap || !key)
		return false;
	size_t j = probe(m, keys, key, wh_hash_str(key));
	if (!m->slots[j])
		return false;
	if (i)
		*i = (size_t)(m->slots[j] & 0xffffffffu) - 1;
	return true;
}

void wh_index_map_free(wh_index_map *m)
{
	wh_free(m->slots);
	memset(m, 0, sizeof *m);
}
