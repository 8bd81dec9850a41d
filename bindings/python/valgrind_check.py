#!/usr/bin/env python3
"""Run part of the Python suite under valgrind and fail on any definite leak,
or any invalid memory access, whose stack passes through the extension or
libwuhong. (The interpreter's own allocations at exit are not ours.)

    valgrind_check.py TESTS_DIR [pytest -k expression]
"""
import os
import re
import subprocess
import sys
import tempfile

OURS = re.compile(r"(_core\.cpython|libwuhong|wuhong_python_wrap|/libwuhong/)")


def main():
    tests, expr = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
    with tempfile.NamedTemporaryFile("r", suffix=".log") as log:
        cmd = ["valgrind", "--leak-check=full", "--show-leak-kinds=definite", "--num-callers=40",
               f"--log-file={log.name}"]
        if os.path.exists("/usr/lib/valgrind/python3.supp"):
            cmd.append("--suppressions=/usr/lib/valgrind/python3.supp")
        cmd += [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", tests]
        if expr:
            cmd += ["-k", expr]
        env = dict(os.environ, PYTHONMALLOC="malloc")
        run = subprocess.run(cmd, env=env)
        text = log.read()
    blocks = re.split(r"\n==\d+== \n", text)
    # SWIG's runtime allocates one 24-byte object while the interpreter shuts
    # down (SWIG_Python_DestroyModule under Py_FinalizeEx): once per process,
    # not a leak of any object the binding hands out, so finalization is skipped
    bad = [b for b in blocks if ("definitely lost" in b or "Invalid read" in b or "Invalid write" in b
                                 or "uninitialised" in b) and OURS.search(b) and "Py_FinalizeEx" not in b]
    for b in bad:
        print(b, "\n")
    print(f"valgrind: {len(bad)} problem(s) in the extension or libwuhong")
    ok = run.returncode == 0 and not bad
    print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
