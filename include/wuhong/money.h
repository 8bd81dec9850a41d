/*
 * wuhong/money.h — money is integer fen (1 yuan = 100 fen), never floating
 * point. These helpers convert between fen and the decimal yuan text that
 * people read and write.
 */
#ifndef WUHONG_MONEY_H
#define WUHONG_MONEY_H

#include "common.h"
#include "error.h"

WUHONG_BEGIN_DECL

/** The largest amount libwuhong accepts anywhere: 10^15 fen (10 trillion yuan). */
#define WUHONG_MONEY_MAX INT64_C(1000000000000000)

/**
 * Parse yuan text ("60000", "80000.5", "-12.34") into fen, exactly: at most
 * two decimals, no exponent, |amount| <= WUHONG_MONEY_MAX.
 *
 * @return 0, or WUHONG_EINVAL (not such a number) / WUHONG_EOVERFLOW
 */
WUHONG_EXTERN int wuhong_parse_yuan(int64_t *out, const char *text, wuhong_error *err);

/**
 * Write fen as yuan with two decimals ("60000.00"). buf should hold 32 bytes.
 *
 * @return buf
 */
WUHONG_EXTERN char *wuhong_format_yuan(char *buf, size_t size, int64_t fen);

WUHONG_END_DECL

#endif
