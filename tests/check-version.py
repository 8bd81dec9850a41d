#!/usr/bin/env python3
"""The version is written twice, in meson.build and include/wuhong/version.h:
they must agree. check-version.py VERSION_H MESON_VERSION"""
import re
import sys

header, meson_version = sys.argv[1:3]
text = open(header).read()
string = re.search(r'WUHONG_VERSION_STRING "([^"]+)"', text).group(1)
parts = ".".join(re.search(r"WUHONG_VERSION_%s (\d+)" % k, text).group(1) for k in ("MAJOR", "MINOR", "PATCH"))
ok = string == parts == meson_version
print(f"version.h says {string} ({parts}), meson.build {meson_version}")
print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
sys.exit(0 if ok else 1)
