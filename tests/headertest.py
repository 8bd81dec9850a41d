#!/usr/bin/env python3
"""Compile every public header alone: headertest.py INCLUDE_DIR CC [ARGS...].

Each header must be self-contained and warning-free under -Wall -Wextra
-pedantic -Werror, in C11 and as C++ would see the C linkage macros.
"""
import os
import subprocess
import sys
import tempfile


def main():
    inc, cc = sys.argv[1], sys.argv[2:]
    headers = ["wuhong.h"] + ["wuhong/" + h for h in sorted(os.listdir(os.path.join(inc, "wuhong")))]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for h in headers:
            src = os.path.join(tmp, "t.c")
            with open(src, "w") as f:
                f.write(f"#include <{h}>\n#include <{h}>\nint main(void) {{ return 0; }}\n")
            cmd = cc + ["-std=c11", "-Wall", "-Wextra", "-pedantic", "-Werror", "-I", inc, "-c", src,
                        "-o", os.path.join(tmp, "t.o")]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                failed += 1
                print(f"FAIL {h}\n{r.stderr}")
            else:
                print(f"ok   {h}")
    print(f"{len(headers) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
