"""Evaluating data that already lives in a Dask DataFrame, partition by partition.

Each partition is a pandas DataFrame: the binding turns it into a Dataset
(Dataset.from_dataframe), evaluates it under the policy and returns the
results as a DataFrame. A unit's result depends on its own row only, so the
partitions' results together are the whole evaluation's; on a cluster the
same map_partitions runs on the workers (the policy travels as its JSON).

    /usr/bin/python3 examples/python/dask-partitions.py [DATA.csv] [PARTITIONS]
"""
import sys

import dask.dataframe as dd
import pandas as pd

import wuhong

POLICY = wuhong.Policy.default().to_json()  # what a worker needs to rebuild the policy


def evaluate_partition(part):
    policy = wuhong.Policy.from_string(POLICY)
    return policy.evaluate(wuhong.Dataset.from_dataframe(part)).to_dataframe()


path = sys.argv[1] if len(sys.argv) > 1 else "examples/data/jiangxian.csv"
frame = pd.read_csv(path, dtype={"committee": "string"})
units = dd.from_pandas(frame, npartitions=int(sys.argv[2]) if len(sys.argv) > 2 else 4)
meta = wuhong.Policy.default().evaluate(wuhong.Dataset.from_dataframe(frame.head(1))).to_dataframe().iloc[:0]
results = units.map_partitions(evaluate_partition, meta=meta).compute()

single = wuhong.Policy.default().evaluate(wuhong.Dataset.from_csv(path)).to_dataframe()
same = results.reset_index(drop=True).equals(single)
print(f"{units.npartitions} partitions, {len(results)} units, the same as one process: {same}")
print(results.groupby("tier")["amount"].agg(["count", "sum"]).to_string())
