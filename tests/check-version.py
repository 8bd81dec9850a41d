#!/usr/bin/env python3
"""The version is written in meson.build, include/wuhong/version.h and the
rockspec's name and `version` (pyproject.toml reads meson.build's): they must
agree. check-version.py VERSION_H MESON_VERSION [SOURCE_DIR]"""
import glob
import os
import re
import sys

header, meson_version = sys.argv[1:3]
if len(sys.argv) > 3:
    rocks = glob.glob(os.path.join(sys.argv[3], "wuhong-*.rockspec"))
    names = [os.path.basename(r) for r in rocks]
    versions = [re.search(r'^version = "([^"]+)"', open(r).read(), re.M).group(1) for r in rocks]
    if names != [f"wuhong-{meson_version}-1.rockspec"] or versions != [f"{meson_version}-1"]:
        print(f"the rockspec {names} (version {versions}) does not say {meson_version}")
        print("0 passed, 1 failed")
        sys.exit(1)
text = open(header).read()
string = re.search(r'WUHONG_VERSION_STRING "([^"]+)"', text).group(1)
parts = ".".join(re.search(r"WUHONG_VERSION_%s (\d+)" % k, text).group(1) for k in ("MAJOR", "MINOR", "PATCH"))
ok = string == parts == meson_version
print(f"version.h says {string} ({parts}), meson.build {meson_version}")
print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
sys.exit(0 if ok else 1)
