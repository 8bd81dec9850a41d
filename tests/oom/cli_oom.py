#!/usr/bin/env python3
"""The CLI under allocation failure: for each command, the Nth malloc,
calloc or realloc of the process fails (tests/oom/failmalloc.c as
LD_PRELOAD), for a sample of N spread over every allocation the command
makes. The CLI must never crash, never exit 0 with output other than the
normal run's, and never change an -o file unless it succeeds.

cli_oom.py CLI SHIM SOURCE_DIR [SAMPLES]
"""
import concurrent.futures
import os
import sqlite3
import subprocess
import sys
import tempfile

CLI, SHIM, SRC = sys.argv[1:4]
SAMPLES = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
DATA = os.path.join(SRC, "examples", "data", "jiangxian.csv")
ADJ = os.path.join(SRC, "examples", "data", "jiangxian-adjustments.csv")
OLD = b"the previous contents\n"

COMMANDS = {
    "evaluate": ["evaluate", "--format", "csv", DATA],
    "lists": ["lists", DATA],
    "awards": ["awards", "--adjustments", ADJ, "--budget", "3000000", DATA],
    "explain": ["explain", DATA, "VL002"],
    "review": ["review", "--ledger", "{ledger}", "--period", "2023", "--adjustments", ADJ, DATA],
}


def run(args, tmp, tag, fail_at=None, output=False, count=False):
    ledger = os.path.join(tmp, f"{tag}.ledger")
    args = [a.replace("{ledger}", ledger) for a in args]
    env = dict(os.environ, LD_PRELOAD=SHIM)
    env.pop("WUHONG_FAIL_AT", None)
    if fail_at:
        env["WUHONG_FAIL_AT"] = str(fail_at)
    counted = os.path.join(tmp, f"{tag}.count")
    if count:
        env["WUHONG_COUNT_TO"] = counted
    target = None
    if output:
        target = os.path.join(tmp, f"{tag}.out")
        with open(target, "wb") as f:
            f.write(OLD)
        args = args[:1] + ["-o", target] + args[1:]
    r = subprocess.run([CLI, *args], env=env, capture_output=True, timeout=60)
    written = None
    if target:
        with open(target, "rb") as f:
            written = f.read()
        os.unlink(target)
    periods = None
    if os.path.exists(ledger):
        try:
            with sqlite3.connect(ledger) as db:
                periods = db.execute("SELECT count(*) FROM periods").fetchone()[0]
        except sqlite3.Error:
            periods = 0  # no schema: nothing recorded
        os.unlink(ledger)
    n = int(open(counted).read()) if count else None
    return r, written, periods, n


def check(name, args, tmp):
    normal, _, _, total = run(args, tmp, f"{name}-normal", count=True)
    assert normal.returncode == 0, normal.stderr.decode()
    picks = sorted({1 + (k * total) // SAMPLES for k in range(SAMPLES)} if total > SAMPLES else range(1, total + 1))
    failures = []
    outcomes = {"exit 0, same output": 0, "reported": 0}

    def one(n):
        output = n % 2 == 0
        r, written, periods, _ = run(args, tmp, f"{name}-{n}", fail_at=n, output=output)
        what = f"{name}: allocation {n} of {total} failed"
        if r.returncode < 0:
            return f"{what}: killed by signal {-r.returncode}\n{r.stderr.decode()[-500:]}"
        if r.returncode == 0:
            got = written if output else r.stdout
            if got != normal.stdout:
                return f"{what}: exit 0 with output that differs from the normal run"
            return "same"
        if output and written != OLD:
            return f"{what}: exit {r.returncode}, and the -o file was changed"
        if periods and b"is recorded in" not in r.stderr:
            return f"{what}: exit {r.returncode}, and the ledger holds {periods} periods it does not tell of"
        if not r.stderr:
            return f"{what}: exit {r.returncode} without a message"
        return "reported"

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for result in pool.map(one, picks):
            if result == "same":
                outcomes["exit 0, same output"] += 1
            elif result == "reported":
                outcomes["reported"] += 1
            else:
                failures.append(result)
    print(f"{name}: {total} allocations, {len(picks)} failed one at a time: "
          f"{outcomes['reported']} reported, {outcomes['exit 0, same output']} unaffected, {len(failures)} wrong")
    return failures


def main():
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in COMMANDS.items():
            failed += check(name, args, tmp)
    for f in failed[:20]:
        print(f)
    print(f"{len(COMMANDS) - len({f.split(':')[0] for f in failed})} passed, "
          f"{len({f.split(':')[0] for f in failed})} failed")
    sys.exit(1 if failed else 0)


main()
