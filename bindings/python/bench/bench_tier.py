#!/usr/bin/env python3
"""tier-bench (shared/bench/SPEC.md) through the Python binding.

    bench_tier.py N REPS

In one run: libwuhong through wuhong.Dataset.from_arrays (numpy columns
bound without copying), a numpy-vectorised implementation of the same
rules, and the C tier-bench program (WUHONG_TIER_BENCH), each the median of
REPS evaluations (as the C program: the first allocates the results, the
timed ones run again into them; and as there, each after other data as
large as the columns was read, so neither finds the columns in the cache
when the other would not), one thread and the automatic default.
Exits 1 if the results disagree; says whether, in the default
configuration (automatic threads), the binding is 3x numpy and within
1.25x of C; the one-thread figures are reported beside them.
"""
import os
import re
import statistics
import subprocess
import sys
import time

import numpy as np

import wuhong

KEYS = ["village", "community", "organ", "state_enterprise", "private_enterprise", "social_org", "hospital",
        "school"]
AWARD = np.array([[0, 0, 0, 20000, 30000, 60000]] * 2 + [[0, 0, 0, 10000, 15000, 30000]] * 6, dtype=np.int64)


def tier_bench_policy():
    """The SPEC's rules, written as a policy in the rule language."""
    lines = ["wuhong: 1", "name: tier-bench v1", "indicators:"]
    lines += [f"  - {{key: x{k}, type: number}}" for k in range(10)] + ["sectors:"]
    for d, key in enumerate(KEYS):
        lines += [f"  - key: {key}", "    criteria:"]
        lines += [f"      - {{key: c{c}, rule: \"x{2 * c} >= {30 + 2 * d + c} and x{2 * c + 1} >= {25 + d + 3 * c}\"}}"
                  for c in range(5)]
    lines += ["prerequisite: c0", "tiers: [{flags: 5}, {flags: 4}, {flags: 3}]", "awards:"]
    lines += [f"  {key}: {{5: {AWARD[d, 5]}, 4: {AWARD[d, 4]}, 3: {AWARD[d, 3]}}}" for d, key in enumerate(KEYS)]
    return wuhong.Policy.from_string("\n".join(lines) + "\n", "tier-bench")


def splitmix64_data(n):
    """x[i, k] in [0, 100): one splitmix64 stream seeded with 42, unit by unit, indicator by indicator."""
    with np.errstate(over="ignore"):
        z = np.uint64(42) + np.arange(1, n * 10 + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    x = (z >> np.uint64(11)).astype(np.float64) * (2.0 ** -53) * 100.0
    return x.reshape(n, 10)


def numpy_tiers(x, d):
    """The same rules, vectorised with numpy."""
    passed = []
    for c in range(5):
        passed.append((x[2 * c] >= 30 + 2 * d + c) & (x[2 * c + 1] >= 25 + d + 3 * c))
    flags = sum(p.astype(np.uint8) for p in passed)
    c0 = passed[0]
    tier = np.where(flags == 5, 5, np.where((flags >= 3) & c0, flags, 0)).astype(np.uint8)
    return tier, AWARD[d, tier]


def median_time(fn, reps, before=None):
    """Median wall time of fn() (the previous result dropped, and before() run, before the clock starts)."""
    times, result = [], None
    for _ in range(reps):
        result = None
        if before:
            before()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def c_bench(n, reps, threads):
    out = subprocess.run([os.environ["WUHONG_TIER_BENCH"], str(n), str(reps), str(threads)], capture_output=True,
                         text=True, check=True).stdout
    m = re.search(r"^RESULT .* eval_s=([0-9.]+) ups=(\S+) award=(\d+)", out, re.M)
    return float(m.group(1)), int(m.group(3))


def main():
    n, reps = int(sys.argv[1]), int(sys.argv[2])
    x = splitmix64_data(n)
    cols = {f"x{k}": np.ascontiguousarray(x[:, k]) for k in range(10)}
    d = np.arange(n) % 8
    policy = tier_bench_policy()
    ds = wuhong.Dataset.from_arrays([str(i) for i in range(n)], [""] * n, [KEYS[i % 8] for i in range(n)],
                                    [""] * n, **cols)
    xs = [cols[f"x{k}"] for k in range(10)]
    # what the C program reads between its evaluations: its reference loop's units, 88 bytes each
    other_data = np.ones(n * 11)

    np_s, (np_tier, np_award) = median_time(lambda: numpy_tiers(xs, d), reps)
    ok = True
    print(f"n={n} reps={reps} (medians)")
    print(f"numpy vectorised       eval_s={np_s:.6f} ups={n / np_s:.4g}")
    for threads in (1, 0):
        # as the C tier-bench: the first evaluation allocates its results, the timed
        # ones run again into them (Evaluation.again)
        ev = policy.evaluate(ds, threads=threads)
        py_s, ev = median_time(lambda: ev.again(threads=threads), reps, before=other_data.sum)
        c_s, c_award = c_bench(n, reps, threads)
        tiers, amounts = ev.tiers, ev.amounts_fen
        same = (tiers == np_tier).all() and int(amounts.sum()) == int(np_award.sum()) * 100 == c_award * 100
        label = "one thread" if threads == 1 else "automatic threads"
        vs_numpy, vs_c = np_s / py_s, py_s / c_s
        print(f"libwuhong from Python  eval_s={py_s:.6f} ups={n / py_s:.4g}  ({label})")
        print(f"libwuhong C tier-bench eval_s={c_s:.6f} ups={n / c_s:.4g}  ({label})")
        needs = "" if threads == 1 else " (needs >= 3)"
        print(f"  binding vs numpy: {vs_numpy:.2f}x faster{needs}; binding vs C: {vs_c:.2f}x the time"
              f"{'' if threads == 1 else ' (needs <= 1.25)'}; results agree: {bool(same)}")
        ok &= bool(same)  # the speed is reported, not judged: one run on a shared machine varies
        if threads != 1:
            print(f"  targets: {'met' if vs_numpy >= 3 and vs_c <= 1.25 else 'NOT met in this run'}")
    print(f"RESULT engine=libwuhong-python n={n} award={int(amounts.sum()) // 100} ok={int(ok)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
