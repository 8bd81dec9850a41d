/*
 * util/map.h — a string-to-index map (open addressing). Not installed.
 */
#ifndef WUHONG_UTIL_MAP_H
#define WUHONG_UTIL_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A slot: the key's hash beside it, so a probe reads one cache line and
 * compares strings only when the hashes agree. */
typedef struct wh_map_slot {
	uint64_t hash;
	const char *key;   /* borrowed; must outlive the map; NULL: empty */
	size_t value;
} wh_map_slot;

typedef struct wh_map {
	wh_map_slot *slots;
	size_t cap;
	size_t count;
} wh_map;

/* 0 on success, WUHONG_ENOMEM; *existed tells whether key was already there
 * (its old value is then left unchanged and returned in *value_out). */
int wh_map_put(wh_map *m, const char *key, size_t value, bool *existed, size_t *value_out);
bool wh_map_get(const wh_map *m, const char *key, size_t *value);
/* Room for n keys without growing (0 or WUHONG_ENOMEM): a loader that knows
 * its rows saves the rehashing of every doubling. */
int wh_map_reserve(wh_map *m, size_t n);
void wh_map_free(wh_map *m);

/* The hash both maps use (FNV-1a). */
uint64_t wh_hash_str(const char *s);

#endif
