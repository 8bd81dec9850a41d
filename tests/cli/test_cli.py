"""The wuhong command-line tool, end to end (run by `meson test`).

WUHONG_CLI is the built binary, WUHONG_SOURCE_DIR the source tree.
"""
import csv
import io
import os
import re
import subprocess
import sys

import pytest

CLI = os.environ["WUHONG_CLI"]
SRC = os.environ["WUHONG_SOURCE_DIR"]
DATA = os.path.join(SRC, "examples", "data", "jiangxian.csv")


def run(*args, input=None):
    return subprocess.run([CLI, *args], capture_output=True, input=input)


def ok(*args):
    r = run(*args)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout.decode()


def test_demo_reproduces_the_source():
    out = ok("demo")
    assert "five-flag (五面红旗示范) units: 21 = 12 villages + 2 communities + 3 organs + 4 in other sectors" in out
    assert re.search(r"^total\s+合计\s+346\s+21\s", out, re.M)


def test_evaluate_csv_agrees_with_demo():
    out = ok("evaluate", "--format", "csv", DATA)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 346
    header = out.splitlines()[0].split(",")
    for col in ["id", "name", "sector", "town", "committee", "flags", "flag_mask", "veto", "tier", "amount"]:
        assert col in header
    five = {}
    for r in rows:
        if r["tier"] == "5":
            five[r["sector"]] = five.get(r["sector"], 0) + 1
        assert re.fullmatch(r"[01]{5}", r["flag_mask"])
        assert r["flags"] == str(r["flag_mask"].count("1"))
        assert re.fullmatch(r"\d+\.\d\d", r["amount"])
    assert five.pop("village") == 12 and five.pop("community") == 2 and five.pop("organ") == 3
    assert sum(five.values()) == 4
    assert [r["id"] for r in rows][:3] == ["VL001", "VL002", "VL003"]  # input order
    assert not out.startswith("\ufeff") and "\r" not in out
    demo = ok("demo", "--format", "json")
    assert '"tier5": 21' in demo


def test_encodings_and_line_endings_give_identical_output(tmp_path):
    text = open(DATA, encoding="utf-8").read()
    gb = tmp_path / "gb.csv"
    gb.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    want = run("evaluate", "--format", "csv", DATA).stdout
    assert run("evaluate", "--format", "csv", str(gb)).stdout == want
    assert run("evaluate", "--format", "csv", "--encoding", "gb18030", str(gb)).stdout == want
    assert run("evaluate", "--format", "csv", str(bom)).stdout == want
    r = run("evaluate", "--encoding", "utf-8", str(gb))
    assert r.returncode == 1 and b"invalid UTF-8" in r.stderr


def test_output_file_bom_and_gb18030(tmp_path):
    target = tmp_path / "out.csv"
    ok("evaluate", "--format", "csv", "--bom", "--output-encoding", "gb18030", "-o", str(target), DATA)
    raw = target.read_bytes()
    assert raw.startswith(b"\x84\x31\x95\x33")
    assert raw[4:].decode("gb18030") == ok("evaluate", "--format", "csv", DATA)
    assert os.listdir(tmp_path) == ["out.csv"]  # no temporary file left behind
    ok("evaluate", "--format", "csv", "--bom", "-o", str(target), DATA)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_explain_shows_values_and_thresholds():
    out = ok("explain", DATA, "VL001")
    assert "郝家窑村" in out and "tier 5" in out
    for key in ["party", "industry", "civility", "ecology", "grid"]:
        assert re.search(rf"\[pass\] {key} ", out)
    assert re.search(r"party_meetings 主题党日活动 = \d+ 次/年\] needs >= 12 -> true", out)
    out = ok("explain", "--format", "json", DATA, "VL001")
    assert '"threshold": 12' in out
    r = run("explain", DATA, "NOPE")
    assert r.returncode == 1 and b"no unit with id 'NOPE'" in r.stderr


def test_filters():
    out = ok("evaluate", "--format", "csv", "--sector", "社区", DATA)
    assert len(out.splitlines()) == 14
    out = ok("evaluate", "--format", "csv", "--town", "安峪镇", "--sector", "village", DATA)
    assert all(",安峪镇," in line for line in out.splitlines()[1:])


def write_policy(tmp_path, old, new):
    text = ok("policy")
    assert old in text
    path = tmp_path / "p.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def line_of(tmp_path, needle):
    for n, line in enumerate(open(tmp_path / "p.yaml", encoding="utf-8"), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


@pytest.mark.parametrize("old,new,needle,phrase", [
    ("\nprerequisite: party", "\nprerequisit: party", "prerequisit:", "unknown key 'prerequisit'"),
    ("rule: \"collective_income >= 10", "rule: \"collective_incme >= 10", "collective_incme",
     "did you mean 'collective_income'"),
    ("rule: \"toilet_rate >= 90 and", "rule: \"toilet_rate >= 90 and and", "toilet_rate >= 90 and and",
     "expected a number"),
])
def test_bad_policies_say_where(tmp_path, old, new, needle, phrase):
    path = write_policy(tmp_path, old, new)
    for cmd in (["check", path], ["evaluate", "--policy", path, DATA]):
        r = run(*cmd)
        assert r.returncode == 1
        err = r.stderr.decode()
        assert f"{path}:{line_of(tmp_path, needle)}:" in err, err
        assert phrase in err, err


def test_check_and_policy_round_trip(tmp_path):
    path = tmp_path / "default.yaml"
    ok("policy", "-o", str(path))
    out = ok("check", str(path))
    assert "OK" in out
    fp = re.search(r"fingerprint: ([0-9a-f]{64})", out).group(1)
    assert fp in ok("demo")


@pytest.mark.parametrize("mutate,phrase", [
    (lambda rows: rows.append(rows[1]), "used twice"),
    (lambda rows: rows[3].__setitem__(2, "村委会"), "unknown sector '村委会'"),
    (lambda rows: rows[3].__setitem__(12, "120"), "out of range for a percent"),
    (lambda rows: rows[3].__setitem__(5, "abc"), "'abc' is not a number"),
    (lambda rows: rows[3].pop(), "fields as in the header"),
    (lambda rows: [r.pop(5) for r in rows], "no column 'party_meetings'"),
    (lambda rows: rows[3].__setitem__(1, '"open'), "quote"),
])
def test_bad_data_says_where(tmp_path, mutate, phrase):
    rows = [line.split(",") for line in open(DATA, encoding="utf-8").read().splitlines()]
    mutate(rows)
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    r = run("evaluate", str(path))
    assert r.returncode == 1, r.stdout
    err = r.stderr.decode()
    assert str(path) in err and phrase in err, err
    assert r.stdout == b""


def test_usage_and_io_errors(tmp_path):
    assert run().returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("evaluate").returncode == 2
    assert run("evaluate", "--format", "xml", DATA).returncode == 2
    assert run("evaluate", "--sector", "nowhere", DATA).returncode == 2
    r = run("evaluate", str(tmp_path / "missing.csv"))
    assert r.returncode == 3 and b"cannot open" in r.stderr
    r = run("evaluate", "-o", str(tmp_path / "no" / "dir.csv"), DATA)
    assert r.returncode == 3
    assert ok("--version").startswith("wuhong ")
    assert "usage:" in ok("--help") and "usage:" in ok("evaluate", "--help")


def test_bundled_data_is_what_the_generator_makes():
    r = subprocess.run([sys.executable, os.path.join(SRC, "tools", "gen-jiangxian.py"),
                        os.path.join(SRC, "data", "jiangxian-policy.yaml")], capture_output=True)
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout == open(DATA, "rb").read()


def test_bundled_creation_lists_are_what_the_generator_makes(tmp_path):
    ev = tmp_path / "ev.csv"
    ev.write_text(ok("evaluate", "--format", "csv", DATA), encoding="utf-8")
    r = subprocess.run([sys.executable, os.path.join(SRC, "tools", "gen-applications.py"), str(ev), str(tmp_path)],
                       capture_output=True)
    assert r.returncode == 0, r.stderr.decode()
    for year in ("2023", "2024", "2025"):
        name = f"jiangxian-applications-{year}.csv"
        assert (tmp_path / name).read_bytes() == open(os.path.join(SRC, "examples", "data", name), "rb").read()


# ---- lists, awards, diff ----------------------------------------------------

ADJ = os.path.join(SRC, "examples", "data", "jiangxian-adjustments.csv")


def unwrap(table_text):
    """A table's text with its wrapped last column joined back (continuation lines are indented): a
    line ends at a space, which is not shown, unless it ends between two wide (Chinese) characters."""
    def wide(ch):
        return "\u2e80" <= ch <= "\ua4cf" or "\uff00" <= ch <= "\uff60"

    def join(m):
        return "" if wide(table_text[m.start() - 1]) and wide(table_text[m.end()]) else " "
    return re.sub(r"\n {20,}", join, table_text)


def test_demo_shows_boards_and_awards():
    out = unwrap(ok("demo"))
    red = re.search(r"红榜 \(red list\): (\d+) units\n(.*?)\n\n", out, re.S)
    assert red and int(red.group(1)) == 21
    five = {r["id"] for r in csv.DictReader(io.StringIO(ok("evaluate", "--format", "csv", DATA))) if r["tier"] == "5"}
    assert len(five) == 21 and all(f" {uid} " in red.group(2) for uid in five)
    black = re.search(r"黑榜 \(black list\): (\d+) units\n(.*?)\n\n", out, re.S)
    assert black and int(black.group(1)) > 0
    rows = black.group(2).splitlines()[2:]
    assert len(rows) == int(black.group(1))
    assert all(re.search(r"(no_party_flag|vetoed|low_panel_score) \S+: ", r) for r in rows)
    assert re.search(r"VL002\s+柳庄村.*80000\.00\s+tier 5 五面红旗示范: scheduled 60000\.00; override 80000\.00: "
                     r"积极挖掘建立“陈康为和平而战纪念馆”", out)
    assert re.search(r"award total \(奖励资金合计\): \d+\.\d\d yuan \(\d+\.\d\d+ 万元\)", out)


def test_lists_csv():
    out = ok("lists", "--format", "csv", DATA)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0].startswith("list,rank,id,name,sector,town")
    for board in ("red", "black"):
        ranks = [int(r["rank"]) for r in rows if r["list"] == board]
        assert ranks == list(range(1, len(ranks) + 1))
    assert all(r["reason"] for r in rows)
    assert ok("lists", "--format", "csv", DATA) == out  # deterministic


def awards_csv(*extra):
    out = ok("awards", "--format", "csv", "--adjustments", ADJ, *extra, DATA)
    assert out.splitlines()[0].startswith("id,name,sector,town,committee,tier,amount,amount_fen")
    return list(csv.DictReader(io.StringIO(out)))


def test_awards_with_adjustment_and_budget(tmp_path):
    rows = awards_csv()
    liu = next(r for r in rows if r["id"] == "VL002")
    assert liu["amount"] == "80000.00" and liu["amount_fen"] == "8000000"
    assert "陈康为和平而战纪念馆" in liu["reason"]
    total = sum(int(r["amount_fen"]) for r in rows)
    budget = total // 100 * 3 // 4  # yuan, below the total
    scaled = awards_csv("--budget", str(budget))
    assert sum(int(r["amount_fen"]) for r in scaled) == budget * 100
    assert all(int(r["amount_fen"]) <= int(r["unscaled_fen"]) for r in scaled)
    table = ok("awards", "--adjustments", ADJ, "--budget", str(budget), DATA)
    assert "scaled pro rata" in table and "by committee:" in table and "万元" in table
    refuse = write_policy(tmp_path, "over: scale", "over: refuse")
    r = run("awards", "--policy", refuse, "--budget", str(budget), DATA)
    assert r.returncode == 1 and b"over the budget" in r.stderr and r.stdout == b""
    r = run("awards", "--budget", "12.345", DATA)
    assert r.returncode == 2


def test_awards_near_the_limit(tmp_path):
    adj = tmp_path / "adj.csv"
    # 10^13 yuan is the largest amount; one more fen of bonus is an error
    adj.write_text("unit,kind,amount,reason,reference\nVL001,override,10000000000000,at the limit,\n",
                   encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(ok("awards", "--format", "csv", "--adjustments", str(adj), DATA))))
    assert next(r for r in rows if r["id"] == "VL001")["amount_fen"] == "1000000000000000"
    adj.write_text("unit,kind,amount,reason,reference\nVL001,override,10000000000000,at the limit,\n"
                   "VL001,bonus,0.01,one fen more,\n", encoding="utf-8")
    r = run("awards", "--adjustments", str(adj), DATA)
    assert r.returncode == 1 and b"exceeds the largest amount" in r.stderr and r.stdout == b""
    assert f"{adj}:3:".encode() in r.stderr
    adj.write_text("unit,kind,amount,reason,reference\nVL001,override,10000000000001,too much,\n", encoding="utf-8")
    r = run("awards", "--adjustments", str(adj), DATA)
    assert r.returncode == 1 and b"within 10^13 yuan" in r.stderr


def test_diff_lists_exactly_the_units_that_lose_a_flag(tmp_path):
    raised = write_policy(tmp_path, 'rule: "collective_income >= 10 and', 'rule: "collective_income >= 20 and')
    out = ok("diff", "--policy-b", raised, "--format", "csv", DATA)
    assert out.splitlines()[0] == "id,name,sector,town,flags_a,flags_b,flag_mask_a,flag_mask_b,tier_a,tier_b,amount_a,amount_b"
    changed = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    data = {r["id"]: r for r in csv.DictReader(open(DATA, encoding="utf-8"))}
    before = {r["id"]: r for r in csv.DictReader(io.StringIO(ok("evaluate", "--format", "csv", DATA)))}
    losing = {uid for uid, r in before.items() if r["sector"] == "village" and r["flag_mask"][1] == "1"
              and 10 <= float(data[uid]["collective_income"]) < 20}
    assert losing and set(changed) == losing
    assert all(int(r["flags_b"]) == int(r["flags_a"]) - 1 for r in changed.values())
    assert ok("diff", "--policy-a", raised, "--policy-b", raised, "--format", "csv", DATA).count("\n") == 1
    table = ok("diff", "--policy-b", raised, DATA)
    assert f"{len(losing)} units change" in table and "by town:" in table and "delta" in table
    assert run("diff", DATA).returncode == 2


# ---- periods, the ledger, the rotation ----------------------------------------

def fail_party(tmp_path, name, ids):
    """A copy of the bundled data in which these units let party building slip."""
    rows = list(csv.reader(open(DATA, encoding="utf-8")))
    col = rows[0].index("party_meetings")
    for r in rows[1:]:
        if r[0] in ids:
            r[col] = "6"
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return str(path)


def test_demo_three_years_reproducible():
    out = ok("demo")
    assert out == ok("demo")  # byte for byte
    story = out[out.index("Three years of dynamic flags"):]
    for needle in ("2023 — the creation list (创建名单)", "2024 — re-review", "review_failed", "stripped",
                   "benefits_cancelled", "2025 — re-review, a merger", "merged ", "promoted ",
                   "re-review rewards paid"):
        assert needle in story, needle
    # the source's figures: 35 units over two years of re-review, 2.82 million yuan, 柳庄村 80,000
    assert re.search(r"two years of re-review: 35 units passed \(通过回头看验收\) and received 2820000\.00 yuan", story)
    assert "柳庄村 80000.00 a year among them" in story
    years = re.findall(r"(\d+) passed and keep their flags; re-review rewards paid: (\d+\.\d\d) yuan \(柳庄村 (\S+)\)",
                       story)
    assert years == [("24", "1260000.00", "80000.00"), ("35", "1560000.00", "80000.00")]
    assert sum(float(m) for _, m, _ in years) == 2820000
    # only the creation list creates: 27 of the 184 units with a computed tier in 2023
    assert "29 applied (申报), 28 recommended (推荐), 27 approved (审定), 27 accepted (验收)" in story
    assert "157 more units reach a tier but are not on the list" in story
    # the trail shown is of a unit demoted from four flags to three
    trail = story[story.index("The trail of"):story.index("Monthly assessment")]
    events = re.findall(r"^\d{4}\s+(\w+)\s+(\d)\s+(\d)", trail, re.M)
    assert ("applied", "0", "4") in events and ("accepted", "0", "4") in events
    assert ("awarded", "0", "4") in events and ("demoted", "4", "3") in events
    assert [e for e, _, _ in events].index("awarded") < [e for e, _, _ in events].index("benefits_cancelled")
    months = re.findall(r"^    (20\d\d-\d\d)  (\S+)  (\S+)$", story, re.M)
    assert len(months) == 12
    visits = {}
    for _, a, b in months:
        visits[a] = visits.get(a, 0) + 1
        visits[b] = visits.get(b, 0) + 1
    assert len(visits) == 10 and min(visits.values()) >= 2


def test_review_history_and_ledger(tmp_path):
    ledger = str(tmp_path / "county.ledger")
    out = ok("review", "--ledger", ledger, "--period", "2023", DATA)
    assert out.startswith("2023: recorded") and "awarded 184" in out
    paid = ok("ledger", "--ledger", ledger, "totals", "--format", "csv")
    # the same period with the same inputs: nothing written, nothing paid again
    again = ok("review", "--ledger", ledger, "--period", "2023", DATA)
    assert "already recorded with the same inputs" in again
    assert ok("ledger", "--ledger", ledger, "totals", "--format", "csv") == paid
    # the same data as GB18030 is the same input
    gb = tmp_path / "gb.csv"
    gb.write_bytes(open(DATA, encoding="utf-8").read().encode("gb18030"))
    assert "already recorded" in ok("review", "--ledger", ledger, "--period", "2023", str(gb))
    # 2024: VL001 lets party building slip; VL003 is refused a promotion it does not need
    y2024 = fail_party(tmp_path, "2024.csv", {"VL001"})
    ok("review", "--ledger", ledger, "--period", "2024", y2024)
    trail = list(csv.DictReader(io.StringIO(ok("history", "--ledger", ledger, "--format", "csv", "VL001"))))
    events = [r["event"] for r in trail]
    for want in ("awarded", "review_failed", "stripped", "benefits_cancelled"):
        assert want in events
    assert events.index("awarded") < events.index("review_failed") < events.index("benefits_cancelled")
    assert trail[events.index("awarded")]["amount_fen"] == "6000000"
    table = ok("history", "--ledger", ledger, "VL001")
    assert "60000.00" in table and "取消相应待遇" in table
    r = run("history", "--ledger", ledger, "NOBODY")
    assert r.returncode == 1 and b"NOBODY" in r.stderr
    missing = str(tmp_path / "missing.ledger")
    r = run("ledger", "--ledger", missing, "periods")
    assert r.returncode == 3 and not os.path.exists(missing)  # reading never creates a ledger
    # other inputs for a recorded period: refused, unless superseding
    y2024b = fail_party(tmp_path, "2024b.csv", {"VL001", "VL002"})
    r = run("review", "--ledger", ledger, "--period", "2024", y2024b)
    assert r.returncode == 1 and b"supersede" in r.stderr
    ok("review", "--ledger", ledger, "--period", "2024", "--supersede", y2024b)
    periods = list(csv.DictReader(io.StringIO(ok("ledger", "--ledger", ledger, "periods", "--format", "csv"))))
    assert [(p["period"], p["revision"], p["status"]) for p in periods] == \
        [("2023", "1", "current"), ("2024", "1", "superseded"), ("2024", "2", "current")]
    totals = {r["year"]: r for r in csv.DictReader(io.StringIO(ok("ledger", "--ledger", ledger, "totals",
                                                                  "--format", "csv")))}
    assert int(totals["2024"]["reversal_fen"]) < 0
    # periods go in order
    r = run("review", "--ledger", ledger, "--period", "2022", DATA)
    assert r.returncode == 1 and b"in order" in r.stderr
    boards = ok("ledger", "--ledger", ledger, "boards", "--period", "2023", "--format", "csv")
    assert boards.count("\nred,") == 21
    assert run("ledger", "--ledger", ledger, "nonsense").returncode == 2
    assert run("review", "--period", "2025", DATA).returncode == 2  # no --ledger


def test_review_decisions(tmp_path):
    ledger = str(tmp_path / "l.db")
    dec = tmp_path / "decisions.csv"
    dec.write_text("unit,decision,by,reason\nVL001,refuse,县委常委会,公示期收到异议\n", encoding="utf-8")
    out = ok("review", "--ledger", ledger, "--period", "2023", "--decisions", str(dec), "--format", "csv", DATA)
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["unit"] == "VL001"]
    assert [r["event"] for r in rows] == ["proposed", "refused"] and "县委常委会" in rows[1]["detail"]
    # 2024: VL001 proposes again and is approved; a refusal of VL002, which holds
    # its tier and proposes nothing, is recorded as unused rather than dropped
    dec.write_text("unit,decision,by,reason\nVL001,approve,县委常委会,异议已核实\nVL002,refuse,县委常委会,x\n",
                   encoding="utf-8")
    out = ok("review", "--ledger", ledger, "--period", "2024", "--decisions", str(dec), "--format", "csv", DATA)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["event"] for r in rows if r["unit"] == "VL001"] == ["proposed", "approved", "awarded"]
    assert [r["event"] for r in rows if r["unit"] == "VL002"] == ["review_passed", "decision_unused"]
    dec.write_text("unit,decision,by,reason\nNOBODY,approve,x,y\n", encoding="utf-8")
    r = run("review", "--ledger", str(tmp_path / "m.db"), "--period", "2023", "--decisions", str(dec), DATA)
    assert r.returncode == 1 and b"NOBODY" in r.stderr


def test_review_adjustments(tmp_path):
    ledger = str(tmp_path / "l.db")
    adj = tmp_path / "adj.csv"
    adj.write_text("单位,类型,金额,事由,依据\nVL001,加奖,1000,抗洪抢险,县委〔2023〕5号\n"
                   "VL002,核定,70000,县核定,\nVL003,扣减,500,材料不实,\n", encoding="utf-8")
    out = ok("review", "--ledger", ledger, "--period", "2023", "--adjustments", str(adj), "--format", "csv", DATA)
    rows = list(csv.DictReader(io.StringIO(out)))
    got = {(r["unit"], r["event"]): r for r in rows}
    assert got[("VL001", "bonus")]["amount_fen"] == "100000" and "县委〔2023〕5号" in got[("VL001", "bonus")]["detail"]
    assert got[("VL003", "penalty")]["amount_fen"] == "-50000"
    assert got[("VL002", "awarded")]["amount_fen"] == "7000000"
    totals = list(csv.DictReader(io.StringIO(ok("ledger", "--ledger", ledger, "totals", "--format", "csv"))))
    assert totals[0]["adjustments_fen"] == "50000"
    adj.write_text("unit,kind,amount,reason,reference\nVL001,gift,1,x,\n", encoding="utf-8")
    r = run("review", "--ledger", str(tmp_path / "m.db"), "--period", "2023", "--adjustments", str(adj), DATA)
    assert r.returncode == 1 and b"adj.csv" in r.stderr and b"gift" in r.stderr


def test_review_same_data_in_gb18030_is_a_replay(tmp_path):
    ledger = str(tmp_path / "l.db")
    ok("review", "--ledger", ledger, "--period", "2023", DATA)
    gb = tmp_path / "jiangxian-gb.csv"
    gb.write_bytes(open(DATA, encoding="utf-8").read().encode("gb18030"))
    out = ok("review", "--ledger", ledger, "--period", "2023", "--encoding", "gb18030", str(gb))
    assert out.startswith("2023: already recorded with the same inputs")
    periods = list(csv.DictReader(io.StringIO(ok("ledger", "--ledger", ledger, "periods", "--format", "csv"))))
    assert len(periods) == 1


def test_rotation_command():
    rows = list(csv.DictReader(io.StringIO(ok("rotation", "--start", "2025-03", "--months", "12", "--format", "csv"))))
    assert len(rows) == 24 and rows[0]["period"] == "2025-03" and rows[0]["town"] == "古绛镇"
    prio = list(csv.DictReader(io.StringIO(ok("rotation", "--start", "2025-03", "--format", "csv", DATA))))
    assert "black-listed" in prio[0]["why"]
    assert run("rotation", "--start", "2025-3").returncode == 2
