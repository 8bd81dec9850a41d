#!/usr/bin/env python3
"""The bindings stay thin (issue: one API, not two): the SWIG interface files
together are under 400 lines, with under 100 lines of hand-written C (code in
%{ %} blocks and %extend bodies, blank and comment-only lines aside); every
public header is %include'd; no hand-made wb_* glue is back.

    check-bindings.py SOURCE_DIR [--self-test]
"""
import pathlib
import re
import sys

MAX_LINES, MAX_C = 400, 100


def c_lines(text):
    """The hand-written C lines of an interface file."""
    lines, n, depth, in_block = text.splitlines(), 0, 0, False
    for line in lines:
        code = re.sub(r"/\*.*?\*/|//.*", "", line).strip()
        if in_block:
            if line.strip().startswith("%}"):
                in_block = False
                continue
            n += bool(code) and not code.startswith("*")
            continue
        if re.search(r"%(\w+\s*)?\{\s*$", line) and "%{" in line:
            in_block = True
            continue
        if depth:
            depth += line.count("{") - line.count("}")
            n += bool(code) and depth > 0 and not code.startswith("*")
            continue
        if line.lstrip().startswith("%extend"):
            depth = line.count("{") - line.count("}")
    return n


def check(root):
    files = sorted((root / "bindings").rglob("*.i"))
    texts = {f: f.read_text(encoding="utf-8") for f in files}
    total = sum(t.count("\n") for t in texts.values())
    c = sum(c_lines(t) for t in texts.values())
    problems = []
    if total >= MAX_LINES:
        problems.append(f"the interface files have {total} lines (at most {MAX_LINES - 1})")
    if c >= MAX_C:
        problems.append(f"the interface files have {c} lines of hand-written C (at most {MAX_C - 1})")
    shared = texts.get(root / "bindings" / "wuhong.i", "")
    for h in sorted((root / "include" / "wuhong").glob("*.h")):
        if f'%include "wuhong/{h.name}"' not in shared:
            problems.append(f"bindings/wuhong.i does not %include wuhong/{h.name}")
    for f, t in texts.items():
        if re.search(r"\bwb_\w+\s*\(", t):
            problems.append(f"{f.relative_to(root)} defines wb_* glue functions again")
    return total, c, problems


def self_test():
    sample = "%{\n#include <x.h>\n/* a comment */\nstatic int f(void)\n{\n\treturn 1;\n}\n%}\n" \
             "%extend T {\n\tint g() { return 2; }\n}\n%typemap(in) int \"$1 = 3;\"\n"
    assert c_lines(sample) == 6, c_lines(sample)
    print("check-bindings: self-test passes")


def main():
    root = pathlib.Path(sys.argv[1])
    if "--self-test" in sys.argv:
        self_test()
    total, c, problems = check(root)
    for p in problems:
        print("check-bindings:", p)
    if problems:
        return 1
    print(f"check-bindings: {total} lines of interface, {c} of them hand-written C; every public header included")
    return 0


if __name__ == "__main__":
    sys.exit(main())
