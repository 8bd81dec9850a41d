#!/usr/bin/env python3
"""Generate the bundled data's creation lists (创建名单), one file a year.

    build/examples/wuhong evaluate --format csv examples/data/jiangxian.csv > ev.csv
    /usr/bin/python3 tools/gen-applications.py ev.csv examples/data

reads the bundled data's evaluation (id, sector, committee, tier) and
writes jiangxian-applications-2023.csv, -2024.csv and -2025.csv: who applied
(申报), who recommended them (推荐) and what the standing committee decided
(审定). Chosen so that `wuhong demo` tells the source's story (docs/cli.md):

  2023  the 21 five-flag units apply for five; the first four four-flag
        villages for four (the third of them for five: it is accepted at
        the four it reaches) and the first two three-flag villages for
        three; a four-flag organ is refused (公示期间有异议) and a three-flag
        enterprise is not recommended. 27 units are created.
  2024  ten more: the organ refused in 2023 tries again, with the next four-
        and three-flag village and organs, so that over 2024-2025 35 units
        pass the re-review (回头看) for 2,820,000 yuan of rewards.
  2025  the second four-flag village applies for five (it is promoted);
        the first, demoted in 2024, applies for four and must wait.

Deterministic (no randomness is needed); the suite regenerates the files
and compares bytes.
"""
import csv
import os
import sys

HEADER = ["unit", "tier", "recommended", "recommended_by", "recommendation", "decision", "decided_by", "reason"]
STANDING = "县委常委会"


def main():
    units = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    out_dir = sys.argv[2]

    def pick(sector, tier, n, taken):
        got = [u for u in units if u["sector"] == sector and int(u["tier"]) == tier and u["id"] not in taken]
        if len(got) < n:
            sys.exit(f"gen-applications: only {len(got)} {sector} units with {tier} flags")
        taken.update(u["id"] for u in got[:n])
        return got[:n]

    def row(u, tier, recommended="yes", recommendation="", decision="approve", reason=""):
        return [u["id"], str(tier), recommended, u["committee"], recommendation, decision,
                STANDING if decision else "", reason]

    taken = set()
    y2023 = []
    for u in units:
        if u["tier"] == "5":
            taken.add(u["id"])
            y2023.append(row(u, 5, recommendation="五项标准全部达到"))
    fours = pick("village", 4, 4, taken)
    for k, u in enumerate(fours):
        y2023.append(row(u, 5 if k == 2 else 4, recommendation="申报材料齐全"))
    for u in pick("village", 3, 2, taken):
        y2023.append(row(u, 3, recommendation="申报材料齐全"))
    refused = pick("organ", 4, 1, taken)[0]
    y2023.append(row(refused, 4, recommendation="申报材料齐全", decision="refuse", reason="公示期间有异议，暂缓"))
    y2023.append(row(pick("private_enterprise", 3, 1, taken)[0], 3, recommended="no",
                     recommendation="群众满意度测评未过半", decision=""))

    y2024 = [row(refused, 4, recommendation="异议已核实澄清", reason="复核通过")]
    for sector, tier, n in (("village", 4, 1), ("village", 3, 2), ("organ", 4, 2), ("organ", 3, 4)):
        for u in pick(sector, tier, n, taken):
            y2024.append(row(u, tier, recommendation="申报材料齐全"))

    y2025 = [row(fours[1], 5, recommendation="短板指标已补齐"),
             row(fours[0], 4, recommendation="整改到位")]

    for year, rows in (("2023", y2023), ("2024", y2024), ("2025", y2025)):
        with open(os.path.join(out_dir, f"jiangxian-applications-{year}.csv"), "w", encoding="utf-8",
                  newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(HEADER)
            w.writerows(rows)


if __name__ == "__main__":
    main()
