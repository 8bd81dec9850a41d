#!/usr/bin/env python3
"""Run tier-bench and check its RESULT line: check-tier-bench.py EXE N REPS AWARD."""
import re
import subprocess
import sys


def main():
    exe, n, reps, award = sys.argv[1:5]
    out = subprocess.run([exe, n, reps], capture_output=True, text=True)
    print(out.stdout, out.stderr, sep="")
    last = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    m = re.fullmatch(r"RESULT engine=libwuhong n=(\d+) eval_s=[0-9.]+ ups=\S+ award=(\d+) counts=((\d+,){31}\d+)", last)
    ok = out.returncode == 0 and m and m.group(1) == n and m.group(2) == award
    print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
