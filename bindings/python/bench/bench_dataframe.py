#!/usr/bin/env python3
"""Evaluation.to_dataframe at N units (default 1e5), beside the evaluation.

    bench_dataframe.py [N] [REPS]

The bundled data's 346 units repeated to N (ids made unique), loaded once;
then the median of REPS evaluations and of REPS to_dataframe calls, each on
a fresh evaluation of the dataset, in one run. The first to_dataframe of a
dataset also makes its roster columns (id and name as str, town and
committee categorical), which later ones reuse: it is timed on its own.
Prints the figures, their ratio and whether to_dataframe is within the 20 ms
the Python issue asks for at 1e5 units; exits 1 if the frame is wrong.
"""
import os
import statistics
import sys
import time

import pandas as pd

import wuhong

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 7
src = os.environ.get("WUHONG_SOURCE_DIR", ".")
base = pd.read_csv(os.path.join(src, "examples", "data", "jiangxian.csv"), dtype={"committee": "string"})
frame = base.iloc[[i % len(base) for i in range(n)]].reset_index(drop=True)
frame["id"] = [f"U{i:07d}" for i in range(n)]
policy = wuhong.Policy.default()
data = wuhong.Dataset.from_dataframe(frame)


def median_ms(fn):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), out


eval_ms, ev = median_ms(lambda: policy.evaluate(data))
t = time.perf_counter()
ev.to_dataframe()
first_ms = (time.perf_counter() - t) * 1000
fresh = [policy.evaluate(data) for _ in range(reps)]
df_ms, df = median_ms(lambda: fresh.pop().to_dataframe())
if len(df) != n or list(df["id"][:2]) != ["U0000000", "U0000001"] or df["amount_fen"].sum() != int(ev.amounts_fen.sum()):
    sys.exit("to_dataframe: wrong frame")
print(f"N={n} evaluate {eval_ms:.1f} ms, to_dataframe {df_ms:.1f} ms ({df_ms / eval_ms:.2f}x the evaluation); "
      f"the dataset's first to_dataframe {first_ms:.1f} ms")
if n == 100000:
    print(f"to_dataframe at 1e5 units: {df_ms:.1f} ms, {'within' if df_ms <= 20 else 'OVER'} the 20 ms target")
