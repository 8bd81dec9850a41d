/*
 * wuhong/common.h — macros shared by every libwuhong header.
 *
 * Not included directly; use <wuhong.h>.
 */
#ifndef WUHONG_COMMON_H
#define WUHONG_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define WUHONG_BEGIN_DECL extern "C" {
#define WUHONG_END_DECL }
#else
#define WUHONG_BEGIN_DECL
#define WUHONG_END_DECL
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define WUHONG_EXTERN __attribute__((visibility("default")))
#else
#define WUHONG_EXTERN
#endif

#endif
