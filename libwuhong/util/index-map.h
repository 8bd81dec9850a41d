/*
 * util/index-map.h — a hash index of strings kept elsewhere: keys[i] is
 * entry i's text, and the index holds only i and a part of its hash (8
 * bytes a slot, where a map of pointers takes 24), so a million unit ids
 * cost 16 MB. Not installed.
 */
#ifndef WUHONG_UTIL_INDEX_MAP_H
#define WUHONG_UTIL_INDEX_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wh_index_map {
	uint64_t *slots; /* hash's high 32 bits << 32 | (i + 1); 0: empty */
	size_t cap;
	size_t count;
} wh_index_map;

/* Entries at most (i < this). */
#define WH_INDEX_MAP_MAX ((size_t)UINT32_MAX - 1)

/*
 * Add entry i, whose text is key, unless an entry with the same text is
 * there: *found is then that entry and *existed true. keys are the texts
 * of the entries already added. 0, or WUHONG_ENOMEM (also for i past
 * WH_INDEX_MAP_MAX).
 */
int wh_index_map_put(wh_index_map *m, const char *const *keys, const char *key, size_t i, bool *existed,
		     size_t *found);
bool wh_index_map_get(const wh_index_map *m, const char *const *keys, const char *key, size_t *i);
/* Ask the memory for the slot where key's search starts, ahead of a put or get. */
void wh_index_map_prefetch(const wh_index_map *m, const char *key);
/* Room for n entries without growing: 0 or WUHONG_ENOMEM. */
int wh_index_map_reserve(wh_index_map *m, const char *const *keys, size_t n);
void wh_index_map_free(wh_index_map *m);

#endif
