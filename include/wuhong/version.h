/*
 * wuhong/version.h — compile-time and run-time version of libwuhong.
 */
#ifndef WUHONG_VERSION_H
#define WUHONG_VERSION_H

#include "common.h"

WUHONG_BEGIN_DECL

#define WUHONG_VERSION_MAJOR 0
#define WUHONG_VERSION_MINOR 2
#define WUHONG_VERSION_PATCH 0
#define WUHONG_VERSION_STRING "0.2.0"

/**
 * The version of the library actually loaded, as "MAJOR.MINOR.PATCH".
 *
 * @return a static string; never NULL. Thread-safe.
 */
WUHONG_EXTERN const char *wuhong_version(void);

WUHONG_END_DECL

#endif
