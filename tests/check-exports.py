#!/usr/bin/env python3
"""The shared library exports exactly the symbols of the version script.

check-exports.py LIBRARY MAPFILE
"""
import re
import subprocess
import sys


def main():
    lib, mapfile = sys.argv[1:3]
    listed = set(re.findall(r"^\s*(wuhong_\w+);", open(mapfile).read(), re.M))
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
    exported = {line.split()[-1].split("@")[0] for line in out.splitlines()
                if line.split() and line.split()[-2] in ("T", "i", "D", "B", "R")}
    exported = {s for s in exported if not s.startswith("LIBWUHONG_")}
    missing, extra = listed - exported, exported - listed
    for s in sorted(missing):
        print(f"listed in {mapfile} but not exported: {s}")
    for s in sorted(extra):
        print(f"exported but not in {mapfile}: {s}")
    undocumented = [s for s in exported if not s.startswith("wuhong_")]
    for s in undocumented:
        print(f"exported symbol without the wuhong_ prefix: {s}")
    ok = not (missing or extra or undocumented)
    print(f"{len(listed)} symbols: {'1 passed, 0 failed' if ok else '0 passed, 1 failed'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
