#!/usr/bin/env python3
"""What-if on the bundled Jiang County data: raise the village industry
threshold (collective income from 10 to 15 万元) and show who loses a flag
and what happens to the award budget.

    PYTHONPATH=<where wuhong is> /usr/bin/python3 examples/python/scenario.py [DATA.csv]
"""
import os
import sys

import wuhong

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "data", "jiangxian.csv")


def raise_threshold(policy, sector, criterion, old, new):
    """A copy of the policy with one threshold changed, through its dict form."""
    d = policy.to_dict()
    for s in d["sectors"]:
        if s["key"] == sector:
            for c in s["criteria"]:
                if c["key"] == criterion:
                    c["rule"] = c["rule"].replace(old, new)
    return wuhong.Policy.from_dict(d)


def main():
    base = wuhong.Policy.default()
    data = wuhong.Dataset.from_csv(DATA)
    what_if = raise_threshold(base, "village", "industry", "collective_income >= 10", "collective_income >= 15")
    changes = wuhong.diff(base, what_if, data)

    print("What if villages need 15 万元 of collective income (not 10) for the industry flag?\n")
    print("id     name      town      income  flags    tier              award (yuan)")
    for c in changes:
        income = data.value(c["id"], "collective_income")
        name = c["name"] + "\u3000" * (4 - len(c["name"]))
        town = c["town"] + "\u3000" * (3 - len(c["town"]))
        print(f"{c['id']:<7}{name}  {town}  {income:>6}  {c['flags_a']:>3} → {c['flags_b']}  {c['tier_a']:>2} → {c['tier_b']}"
              f"  {wuhong.yuan(c['amount_a_fen']):>9} → {wuhong.yuan(c['amount_b_fen']):>9}")
    lost_tier = sum(1 for c in changes if c["tier_b"] < c["tier_a"])
    print(f"\n{len(changes)} villages lose the industry flag; {lost_tier} of them drop a tier.")
    print(f"Scheduled awards: {wuhong.yuan(changes.total_a_fen)} → {wuhong.yuan(changes.total_b_fen)} yuan "
          f"(change {wuhong.yuan(changes.delta_fen)} yuan)")
    print("\nBy township:")
    for g in changes.by_town():
        if g["changed"]:
            print(f"  {g['group']}  {g['changed']:>2} villages  {wuhong.yuan(g['delta_fen']):>10} yuan")


if __name__ == "__main__":
    main()
