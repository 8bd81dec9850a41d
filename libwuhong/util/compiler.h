/*
 * util/compiler.h — macros for the compiler: array length, printf checking, function multiversioning. Not installed.
 */
#ifndef WUHONG_UTIL_COMPILER_H
#define WUHONG_UTIL_COMPILER_H


#define WH_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* An options struct from any release up to this one is accepted (libgit2's
 * rule): version 0 is a struct that was never initialised. */
#define WH_VERSION_OK(v, current) ((v) >= 1 && (v) <= (current))

#if defined(__GNUC__)
#define WH_PRINTF(f, a) __attribute__((format(printf, f, a)))
/* a function returning its argument translated: printf checks see through it */
#define WH_FORMAT_ARG(a) __attribute__((format_arg(a)))
#else
#define WH_PRINTF(f, a)
#define WH_FORMAT_ARG(a)
#endif


/*
 * Hot block loops are compiled twice, for AVX2 and for the baseline, and
 * the loader picks one (an ifunc): baseline x86-64 cannot turn a double
 * comparison into a byte without AVX2, so those loops only vectorise there.
 */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__) && !defined(WUHONG_NO_MULTIVERSION)
#define WH_MULTIVERSION __attribute__((target_clones("avx2", "default")))
#else
#define WH_MULTIVERSION
#endif

#endif
