/*
 * problems-internal.h — what the loaders and the evaluation use to fill a
 * problems list (problems.c owns it). Not installed.
 */
#ifndef WUHONG_PROBLEMS_INTERNAL_H
#define WUHONG_PROBLEMS_INTERNAL_H

#include <stdbool.h>

#include "util.h"
#include "wuhong/problems.h"

/* Record a copy of e (counted, and kept while there is room); 0 or WUHONG_ENOMEM in err. */
int pr_add(wuhong_problems *p, const wuhong_error *e, wuhong_error *err);
/* How many the list keeps at most while checking (more than it shows). */
size_t pr_max(const wuhong_problems *p);
/* Whether no more problems would be kept (p may be NULL: never full). */
bool pr_full(const wuhong_problems *p);
/* Put the problems kept from index mark on in the order of the file. */
void pr_sort_from(wuhong_problems *p, size_t mark);

#endif
