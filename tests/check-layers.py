#!/usr/bin/env python3
"""The library's layers, read from its #include lines.

    util/   the utilities: include only the C library, other util/ headers and
            the public error, common and alloc headers
    rule/   the rule language: additionally util/, rule/ and public headers
    the rest (policy, dataset, evaluation, lists, awards, review, ledger)
            may include everything below them

check-layers.py LIBWUHONG_DIR   check the tree
check-layers.py --self-test     show that a file under util/ or rule/ that
                                includes something above it fails the check
"""
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)

ALLOWED = {
    "util": lambda h: h.startswith("util/") or h in ("wuhong/error.h", "wuhong/common.h", "wuhong/alloc.h"),
    "rule": lambda h: h.startswith(("util/", "rule/", "wuhong/")),
}


def violations(root):
    found = []
    for layer, allowed in ALLOWED.items():
        folder = os.path.join(root, layer)
        if not os.path.isdir(folder):
            found.append(f"{layer}/: missing")
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".c", ".h")):
                continue
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            for header in INCLUDE.findall(text):
                if not allowed(header):
                    found.append(f'{layer}/{name} includes "{header}", which is above the {layer} layer')
    return found


def self_test():
    with tempfile.TemporaryDirectory() as root:
        for layer in ALLOWED:
            os.makedirs(os.path.join(root, layer))
        ok = os.path.join(root, "util", "fine.c")
        open(ok, "w").write('#include <string.h>\n#include "util/buf.h"\n#include "wuhong/error.h"\n')
        assert violations(root) == [], violations(root)
        open(os.path.join(root, "util", "bad.c"), "w").write('#include "policy-internal.h"\n')
        open(os.path.join(root, "rule", "bad.h"), "w").write('#include "evaluation-internal.h"\n')
        found = violations(root)
        assert len(found) == 2 and "util/bad.c" in found[0] and "rule/bad.h" in found[1], found
    print("a util/ and a rule/ file that include from above are caught")


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        print("1 passed, 0 failed")
        return 0
    found = violations(sys.argv[1])
    for v in found:
        print(v)
    print("1 passed, 0 failed" if not found else "0 passed, 1 failed")
    return 1 if found else 0


sys.exit(main())
