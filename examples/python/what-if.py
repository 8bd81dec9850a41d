"""What if villages needed 20 万元 of collective income (not 10) for the industry flag?

A notebook's cells, as a script: the threshold what-if, the diff, the awards
by township as a DataFrame, and a bar chart saved as PNG.

    /usr/bin/python3 examples/python/what-if.py [DATA.csv] [CHART.png]
"""
import sys
import warnings

import matplotlib
matplotlib.use("Agg")  # no display: the chart goes to a file
matplotlib.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "DejaVu Sans"]  # township names
warnings.filterwarnings("ignore", "Glyph")  # without a CJK font they show as boxes, said once here
import wuhong

data = wuhong.Dataset.from_csv(sys.argv[1] if len(sys.argv) > 1 else "examples/data/jiangxian.csv")
policy = wuhong.Policy.default()
stricter = policy.with_rules({"village.industry": "collective_income >= 20 and industry_projects >= 1"})
diff = wuhong.diff(policy, stricter, data)
print(diff)
print(diff.to_dataframe()[["id", "name", "tier_a", "tier_b"]].head(3).to_string(index=False))
awards = stricter.evaluate(data).awards().to_dataframe()
by_town = awards.groupby("town")["amount"].sum().sort_values(ascending=False)
print(by_town.head(3).to_string())
by_town.plot.bar(title="awards by township (yuan)").get_figure().savefig(sys.argv[2] if len(sys.argv) > 2 else "what-if.png")
