/*
 * util/map.h — a string-to-index map (open addressing). Not installed.
 */
#ifndef WUHONG_UTIL_MAP_H
#define WUHONG_UTIL_MAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct wh_map {
	const char **keys; /* borrowed; must outlive the map */
	size_t *values;
	size_t cap;
	size_t count;
} wh_map;

/* 0 on success, WUHONG_ENOMEM; *existed tells whether key was already there
 * (its old value is then left unchanged and returned in *value_out). */
int wh_map_put(wh_map *m, const char *key, size_t value, bool *existed, size_t *value_out);
bool wh_map_get(const wh_map *m, const char *key, size_t *value);
void wh_map_free(wh_map *m);

#endif
