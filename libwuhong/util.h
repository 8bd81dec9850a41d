/*
 * util.h — the utility layer (util/), for the modules above it: every
 * util/ header in one include. Files inside util/ include what they use
 * one by one, and nothing above util/ (tests/check-layers.py). Not installed.
 */
#ifndef WUHONG_UTIL_H
#define WUHONG_UTIL_H

#include "util/alloc.h"
#include "util/arena.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/compiler.h"
#include "util/error-record.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/index-map.h"
#include "util/map.h"
#include "util/number.h"
#include "util/text.h"
#include "util/utf8.h"

#endif
