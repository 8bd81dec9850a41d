#!/usr/bin/env python3
"""Generate examples/data/jiangxian.csv, the bundled synthetic data set.

    /usr/bin/python3 tools/gen-jiangxian.py data/jiangxian-policy.yaml > examples/data/jiangxian.csv

346 units of Jiang County (绛县) with the real township names and the units
the source names. Values are synthetic: the script picks each unit's flags
first (21 five-flag units: 12 villages, 2 communities, 3 organs, 4 others,
as the source reports), then draws indicator values on the right side of
each threshold it reads from the policy. Seeded, so the output is the same
on every run; the test suite regenerates it and compares bytes.
"""
import csv
import io
import random
import re
import sys

import yaml

SEED = 20231222
COUNTS = [("village", 132), ("community", 13), ("organ", 67), ("state_enterprise", 2),
          ("private_enterprise", 66), ("social_org", 35), ("hospital", 3), ("school", 28)]
FIVE_FLAGS = {"village": 12, "community": 2, "organ": 3, "state_enterprise": 1,
              "private_enterprise": 1, "hospital": 1, "school": 1}
PREFIX = {"village": "VL", "community": "CM", "organ": "OG", "state_enterprise": "SE",
          "private_enterprise": "PE", "social_org": "SO", "hospital": "HO", "school": "SC"}
LABEL = {"village": "行政村", "community": "社区", "organ": "机关", "state_enterprise": "国有企业",
         "private_enterprise": "非公企业", "social_org": "社会组织", "hospital": "公立医院",
         "school": "学校"}
ATOM = re.compile(r"^\s*([a-z_]+)\s*(>=|==)\s*([-0-9.]+)\s*$")


def criteria(policy):
    """sector -> list of five lists of atoms (indicator, op, threshold)."""
    out = {}
    for s in policy["sectors"]:
        crits = []
        for c in s["criteria"]:
            atoms = []
            for part in c["rule"].split(" and "):
                m = ATOM.match(part)
                if m:
                    atoms.append((m.group(1), m.group(2), float(m.group(3))))
                elif re.fullmatch(r"\s*[a-z_]+\s*", part):
                    atoms.append((part.strip(), "bool", 1.0))
                else:
                    sys.exit(f"gen-jiangxian: cannot read rule atom {part!r}")
            crits.append(atoms)
        out[s["key"]] = crits
    return out


def value(rng, ind, op, k, passing, types):
    t = types[ind]
    if op == "bool":
        return 1 if passing else 0
    if op == "==":
        return 0 if passing else rng.randint(1, 3)
    if t == "count":
        return int(k) + rng.randint(0, 8) if passing else max(0, int(k) - rng.randint(1, max(1, int(k))))
    hi = 100.0 if t in ("percent", "score") else k + 40
    if passing:
        v = round(rng.uniform(k, min(hi, k + (hi - k) * 0.9 + 0.1)), 1)
        return max(v, k) if v >= k else k
    low = 0.0 if t in ("percent", "score") or k > 0 else k - 20
    v = round(rng.uniform(max(low, k - 25), k - 0.1), 1)
    return v if v < k else round(k - 0.1, 1)


def names(rng):
    towns = ["古绛镇", "横水镇", "陈村镇", "卫庄镇", "磨里镇", "南樊镇", "安峪镇", "大交镇", "郝庄乡", "冷口乡"]
    first = list("东西南北上下中前后大小古柳王李张陈赵刘杨冯范贾任卫周吴孙裴")
    second = list("庄家堡峪沟坡城营寨店屯河泉坊岭头")
    pool = sorted({a + b + "村" for a in first for b in second} - {"郝家村", "柳庄村"})
    rng.shuffle(pool)
    named_villages = [("郝家窑村", "古绛镇"), ("柳庄村", "横水镇"), ("新村村", "横水镇"), ("东三涧村", "安峪镇")]
    villages = named_villages + [(pool[i], towns[i % 10]) for i in range(132 - len(named_villages))]
    communities = [("红山社区", "磨里镇"), ("车厢路社区", "古绛镇")] + [
        (n, t) for n, t in zip(["城东社区", "城西社区", "城南社区", "城北社区", "建设路社区", "文化路社区",
                                "向阳社区", "滨河社区", "康宁社区", "和平社区", "振兴社区"],
                               ["古绛镇"] * 7 + ["横水镇", "横水镇", "陈村镇", "磨里镇"])]
    county = ["县委办公室", "县政府办公室", "县人大常委会办公室", "县政协办公室", "县纪委监委", "县委组织部",
              "县委宣传部", "县委统战部", "县委政法委", "县委编办", "县委党校", "县委老干部局", "县发展和改革局",
              "县教育局", "县科技局", "县工业和信息化局", "县公安局", "县民政局", "县司法局", "县财政局",
              "县人力资源和社会保障局", "县自然资源局", "县生态环境分局", "县住房和城乡建设局", "县交通运输局",
              "县水利局", "县农业农村局", "县商务局", "县文化和旅游局", "县卫生健康局", "县退役军人事务局",
              "县应急管理局", "县审计局", "县市场监督管理局", "县统计局", "县医疗保障局", "县林业局",
              "县乡村振兴局", "县行政审批服务管理局", "县信访局", "县档案馆", "县融媒体中心", "县总工会", "团县委",
              "县妇联", "县科协", "县残联", "县工商联", "县税务局", "县人民法院", "县人民检察院", "县供销社",
              "县气象局", "县机关事务服务中心", "县住房公积金管理中心", "县能源局", "县城市管理局"]
    organs = [(n, "古绛镇") for n in county] + [(t + "人民政府", t) for t in towns]
    state = [("绛县国有资本投资运营有限公司", "古绛镇"), ("绛县城市建设投资有限公司", "古绛镇")]
    brands = ["绛山", "古绛", "横水", "晋南", "绛州", "涑水", "中条", "紫金", "鑫源", "华晋", "恒达", "瑞丰"]
    trades = ["农业科技", "食品", "建材", "物流", "机械", "电子", "商贸", "果业", "酒业", "纺织", "光伏"]
    firms = sorted({b + t + "有限公司" for b in brands for t in trades})
    rng.shuffle(firms)
    private = [(firms[i], towns[(i * 3) % 10] if i % 3 else "古绛镇") for i in range(66)]
    assoc = ["个体劳动者", "果业", "养殖", "山楂产业", "樱桃产业", "书法家", "摄影家", "作家", "老年人体育",
             "青年志愿者", "慈善", "律师", "会计", "餐饮", "旅游", "家政服务", "物流", "电子商务", "建筑业",
             "乡村医生", "退役军人", "企业家", "民宿", "农机", "蜂业", "中药材", "文化产业", "诗词", "武术",
             "音乐家", "舞蹈家", "教育", "科普", "心理咨询", "草莓产业"]
    social = [("绛县" + a + "协会", "古绛镇" if i % 4 else towns[i % 10]) for i, a in enumerate(assoc)]
    hospitals = [("绛县人民医院", "古绛镇"), ("绛县中医医院", "古绛镇"), ("绛县妇幼保健计划生育服务中心", "古绛镇")]
    schools = [("绛县中学", "古绛镇"), ("绛县第二中学", "古绛镇"), ("绛县职业中学", "古绛镇"), ("绛县实验中学", "古绛镇")]
    schools += [(t + "中心学校", t) for t in towns] + [(t + "初级中学", t) for t in towns]
    schools += [("绛县城关小学", "古绛镇"), ("绛县东关小学", "古绛镇"), ("绛县西街小学", "古绛镇"),
                ("绛县育英小学", "古绛镇")]
    return {"village": villages, "community": communities, "organ": organs, "state_enterprise": state,
            "private_enterprise": private, "social_org": social, "hospital": hospitals, "school": schools}


def committee(sector, town):
    return {"village": town + "党委", "community": town + "党委", "organ": "县直机关工委",
            "state_enterprise": "县国资委党委", "private_enterprise": "县非公经济组织党委",
            "social_org": "县社会组织党委", "hospital": "县卫健系统党委",
            "school": "县教育系统党委"}[sector]


def main():
    policy = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    crits = criteria(policy)
    types = {i["key"]: i.get("type", "number") for i in policy["indicators"]}
    indicators = [i["key"] for i in policy["indicators"]]
    rng = random.Random(SEED)
    roster = names(rng)
    for s, n in COUNTS:
        assert len(roster[s]) == n, (s, len(roster[s]), n)

    rows = []
    for sector, n in COUNTS:
        units = roster[sector]
        # who gets five flags: the named five-flag units first, then by lot
        pinned = {"village": ["郝家窑村", "柳庄村"], "community": ["红山社区", "车厢路社区"]}.get(sector, [])
        order = [i for i, (nm, _) in enumerate(units) if nm in pinned]
        rest = [i for i in range(n) if i not in order]
        rng.shuffle(rest)
        five = set((order + rest)[:FIVE_FLAGS.get(sector, 0)])
        for i, (name, town) in enumerate(units):
            if i in five:
                mask = [True] * 5
            else:
                roll = rng.random()
                if roll < 0.22:      # four flags, party building among them
                    lost = rng.randrange(1, 5)
                    mask = [c != lost for c in range(5)]
                elif roll < 0.50:    # three flags
                    lost = rng.sample(range(1, 5), 2)
                    mask = [c not in lost for c in range(5)]
                elif roll < 0.56:    # party building fails: no tier despite the others
                    mask = [False] + [rng.random() < 0.8 for _ in range(4)]
                else:                # two flags or fewer; most still hold party building
                    kept = rng.sample(range(1, 5), rng.randrange(0, 2))
                    if rng.random() < 0.85:
                        kept.append(0)
                    mask = [c in kept for c in range(5)]
            vals = {}
            missing_slot = None
            if i not in five and rng.random() < 0.04:
                failing = [c for c in range(5) if not mask[c]]
                if failing:
                    missing_slot = rng.choice(failing)
            for c, atoms in enumerate(crits[sector]):
                bad = rng.randrange(len(atoms)) if not mask[c] else -1
                for a, (ind, op, k) in enumerate(atoms):
                    if missing_slot == c and a == bad:
                        vals[ind] = ""
                    else:
                        vals[ind] = value(rng, ind, op, k, a != bad, types)
            vals["serious_case"] = 0
            vals["major_accident"] = 0
            if sector in ("state_enterprise", "private_enterprise", "social_org"):
                vals["credit_blacklisted"] = 0
            rows.append({"sector": sector, "name": name, "town": town, "vals": vals, "five": i in five,
                         "mask": mask})

    # veto items: a four-flag village with a serious case, an enterprise on the
    # credit blacklist, and one unit whose accident record is missing
    four_villages = [r for r in rows if r["sector"] == "village" and sum(r["mask"]) == 4 and r["mask"][0]]
    four_villages[0]["vals"]["serious_case"] = 1
    firms = [r for r in rows if r["sector"] == "private_enterprise" and not r["five"] and r["mask"][0]]
    firms[0]["vals"]["credit_blacklisted"] = 1
    organs = [r for r in rows if r["sector"] == "organ" and not r["five"]]
    organs[0]["vals"]["major_accident"] = ""

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "name", "sector", "town", "committee"] + indicators)
    seq = {}
    for r in rows:
        seq[r["sector"]] = seq.get(r["sector"], 0) + 1
        uid = f"{PREFIX[r['sector']]}{seq[r['sector']]:03d}"
        cells = []
        for ind in indicators:
            v = r["vals"].get(ind, "")
            cells.append(f"{v:g}" if isinstance(v, float) else str(v))
        w.writerow([uid, r["name"], LABEL[r["sector"]], r["town"], committee(r["sector"], r["town"])] + cells)
    sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main()
