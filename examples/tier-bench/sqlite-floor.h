/*
 * sqlite-floor.h — what writing a ledger's rows costs SQLite itself
 * (sqlite-floor.c), for the ledger benchmark's ratio.
 */
#ifndef WUHONG_SQLITE_FLOOR_H
#define WUHONG_SQLITE_FLOOR_H

#include <stddef.h>

/* Time (*secs) inserting every row of the ledger at ledger_path (*rows of
 * them) into a fresh file with the same schema. 0, or -1 on an error. */
int sqlite_floor(const char *ledger_path, double *secs, size_t *rows);

#endif
