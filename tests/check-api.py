#!/usr/bin/env python3
"""The conventions of docs/c-api.md, checked on every public header:

- every export (WUHONG_EXTERN) has a doc block (/** ... */) right before it;
- a parameter named `out` is the first parameter;
- destructors are named *_free (no *_close, *_destroy, *_delete, *_release);
- an int return is a status, and every function returning one takes the
  optional error record last (`wuhong_error *err`), and only those do (the
  bindings rely on it: bindings/wuhong.i); the allocator hook aside;
- no doc comment tells the caller to free() library memory (wuhong_free and
  the *_free functions do that).

check-api.py INCLUDE_DIR
"""
import os
import re
import sys

DECL = re.compile(r"WUHONG_EXTERN\s+([^;]*?)\b(wuhong_\w+)\s*\(([^)]*)\)\s*;", re.S)


def check(path):
    text = open(path, encoding="utf-8").read()
    problems = []
    for m in DECL.finditer(text):
        name, params = m.group(2), [p.strip() for p in m.group(3).split(",")]
        line = text.count("\n", 0, m.start()) + 1
        where = f"{os.path.basename(path)}:{line}: {name}"
        before = text[:m.start()].rstrip()
        if not before.endswith("*/") or "/**" not in before[before.rfind("/*"):]:
            problems.append(f"{where}: no doc block")
        names = [re.split(r"[\s*]+", p)[-1] for p in params if p and p != "void"]
        if "out" in names and names[0] != "out":
            problems.append(f"{where}: 'out' is parameter {names.index('out') + 1}, not the first")
        if re.search(r"_(close|destroy|delete|release)$", name):
            problems.append(f"{where}: a destructor is named *_free")
        status = re.fullmatch(r"int\s*", m.group(1).strip() + " ") is not None
        takes_err = bool(params) and re.fullmatch(r"wuhong_error\s*\*\s*err", params[-1]) is not None
        if name != "wuhong_set_alloc_funcs" and status != takes_err and name != "wuhong_error_clear" \
                and name != "wuhong_error_format":
            problems.append(f"{where}: " + ("returns an int status without 'wuhong_error *err' last" if status
                                            else "takes 'wuhong_error *err' but does not return an int status"))
    for c in re.finditer(r"/\*\*.*?\*/", text, re.S):
        if re.search(r"(?<![\w_])free\(\)", c.group(0)):
            line = text.count("\n", 0, c.start()) + 1
            problems.append(f"{os.path.basename(path)}:{line}: a doc comment says free(); use wuhong_free or *_free")
    return problems, len(DECL.findall(text))


def main():
    root = sys.argv[1]
    problems, count = [], 0
    for dirpath, _, files in os.walk(root):
        for f in sorted(files):
            if f.endswith(".h"):
                p, n = check(os.path.join(dirpath, f))
                problems += p
                count += n
    for p in problems:
        print(p)
    print(f"{count} exports checked")
    print("1 passed, 0 failed" if not problems else "0 passed, 1 failed")
    return 1 if problems else 0


sys.exit(main())
