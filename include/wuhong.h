/*
 * wuhong.h — libwuhong, rules of a "Five Red Flags" (五面红旗) campaign as
 * data: policies, the rule language, units and indicators, evaluation.
 *
 * Build with: pkg-config --cflags --libs wuhong
 */
#ifndef WUHONG_H
#define WUHONG_H

#include "wuhong/common.h"
#include "wuhong/version.h"
#include "wuhong/error.h"
#include "wuhong/problems.h"
#include "wuhong/alloc.h"
#include "wuhong/policy.h"
#include "wuhong/rule.h"
#include "wuhong/dataset.h"
#include "wuhong/money.h"
#include "wuhong/evaluation.h"
#include "wuhong/gaps.h"
#include "wuhong/lists.h"
#include "wuhong/awards.h"
#include "wuhong/board.h"
#include "wuhong/encoding.h"
#include "wuhong/diff.h"
#include "wuhong/rows.h"
#include "wuhong/applications.h"
#include "wuhong/review.h"
#include "wuhong/ledger.h"

#endif
