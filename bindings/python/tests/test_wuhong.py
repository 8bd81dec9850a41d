"""The Python binding: conformance vectors, the API, errors, zero copy,
what-if, lifetimes, threads and memory. Run by `meson test`."""
import csv
import gc
import io
import json
import math
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import numpy as np
import pytest

import wuhong

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from bench_tier import tier_bench_policy  # noqa: E402  (the benchmark's policy, one definition)

SRC = os.environ["WUHONG_SOURCE_DIR"]
DATA = os.path.join(SRC, "examples", "data", "jiangxian.csv")
ADJ = os.path.join(SRC, "examples", "data", "jiangxian-adjustments.csv")
VECTORS = os.path.join(SRC, "tests", "vectors")


@pytest.fixture(scope="module")
def policy():
    return wuhong.Policy.default()


@pytest.fixture(scope="module")
def data():
    return wuhong.Dataset.from_csv(DATA)


# ---- conformance vectors (shared with the C and Lua suites) -------------------

@pytest.mark.parametrize("case", sorted(os.listdir(VECTORS)))
def test_vector(case):
    d = os.path.join(VECTORS, case)
    expected = json.load(open(os.path.join(d, "expected.json"), encoding="utf-8"))
    panel = os.path.join(d, "panel.csv")
    try:
        p = wuhong.Policy.load(os.path.join(d, "policy.yaml"))
        ds = wuhong.Dataset.from_csv(os.path.join(d, "data.csv"), panel=panel if os.path.exists(panel) else None)
        ev = p.evaluate(ds)
    except wuhong.Error as e:
        want = expected["error"]
        assert {"data": wuhong.DataError, "policy": wuhong.PolicyError, "rule": wuhong.RuleError}[want["code"]] == type(e)
        for key in ("line", "row", "column", "unit", "field"):
            if key in want:
                assert getattr(e, key) == want[key], key
        return
    assert "error" not in expected
    units = list(ev)
    assert [u.id for u in units] == [w["id"] for w in expected["units"]]
    for u, w in zip(units, expected["units"]):
        assert (u.flags, u.flag_mask, u.missing_mask, int(u.veto), u.tier, u.amount_fen) == \
            (w["flags"], w["flag_mask"], w["missing_mask"], w["veto"], w["tier"], w["amount_fen"]), u.id
    boards = ev.lists()
    for name in ("red", "black"):
        if name in expected:
            assert [e["id"] for e in boards[name]] == expected[name]
    if "awards" in expected:
        want = expected["awards"]
        adj_path = os.path.join(d, "adjustments.csv")
        adj = wuhong.Adjustments.from_csv(adj_path) if os.path.exists(adj_path) else None
        budget = wuhong.yuan(want["budget_fen"]) if "budget_fen" in want else None
        a = ev.awards(budget=budget, adjustments=adj)
        assert a.total_fen == want["total_fen"] and a.unscaled_total_fen == want["unscaled_total_fen"]
        got = {line["id"]: line["amount_fen"] for line in a}
        for uid, fen in want["amounts_fen"].items():
            assert got[uid] == fen, uid


# ---- the API --------------------------------------------------------------------

def test_reproduces_the_cli_unit_for_unit(policy, data):
    ev = policy.evaluate(data)
    cli = subprocess.run([os.environ["WUHONG_CLI"], "evaluate", "--format", "csv", DATA], capture_output=True,
                         check=True).stdout.decode()
    rows = list(csv.DictReader(io.StringIO(cli)))
    assert len(rows) == len(ev) == 346
    for u, r in zip(ev, rows):
        assert (u.id, u.name, u.sector, u.town, u.committee, str(u.flags), u.flag_mask, u.missing_mask,
                str(int(u.veto)), str(u.tier), u.tier_name, f"{u.amount:.2f}") == \
            (r["id"], r["name"], r["sector"], r["town"], r["committee"], r["flags"], r["flag_mask"],
             r["missing_mask"], r["veto"], r["tier"], r["tier_name"], r["amount"])
    assert sum(1 for u in ev if u.tier == 5) == 21
    rec = ev.to_records()[0]
    assert rec["amount"] == Decimal("60000.00") and rec["amount_fen"] == 6000000


def test_tally_explain_lists_awards(policy, data):
    ev = policy.evaluate(data)
    rows = ev.tally()
    assert [r["group"] for r in rows][:3] == ["village", "community", "organ"]
    assert rows[-1]["group"] == "school" and rows.total["group"] == "total"  # the groups, the total apart
    assert rows.total["tier5"] == 21 and rows[0]["tier5"] == 12 and sum(r["tier5"] for r in rows) == 21
    assert len(ev.tally(by="town")) == 10
    assert "<table>" in rows._repr_html_() and "<td>village</td>" in ev._repr_html_()
    x = ev.explain("VL001")
    assert "郝家窑村" in x.text and len(x.reasons) >= 5
    party = x.reasons[0]
    assert party.kind == "criterion" and party.key == "party" and party.verdict == "pass"
    c = party.clauses[0]
    assert c.indicator == "party_meetings" and c.op == ">=" and c.threshold == 12 and c.actual >= 12
    assert ev.unit("VL001").reasons[0].key == "party"
    boards = ev.lists()
    assert len(boards["red"]) == 21 and all(e["reason"] for e in boards["black"])
    assert boards["red"][0]["rank"] == 1 and boards["red"][0]["rules"] == ["five_flags"]
    adj = wuhong.Adjustments.from_csv(ADJ)
    a = ev.awards(adjustments=adj)
    assert a.amount("VL002") == Decimal("80000.00") and "纪念馆" in a.reason("VL002")
    assert a.reason_zh("VL002").startswith("五面红旗示范，按标准 60000.00 元；核定为 80000.00 元：")
    assert next(line for line in a if line["id"] == "VL002")["reason_zh"] == a.reason_zh("VL002")
    # the award tallies count the vetoed units and those with a missing verdict, as the evaluation's do
    for by in ("sector", "town"):
        assert [(r["vetoed"], r["missing"]) for r in a.tally(by=by)] == [(r["vetoed"], r["missing"])
                                                                          for r in ev.tally(by=by)]
    assert a.tally().total["vetoed"] == ev.tally().total["vetoed"] >= 2
    scaled = ev.awards(budget=3000000, adjustments=adj)
    assert scaled.scaled and scaled.total_fen == 300000000
    assert sum(line["amount_fen"] for line in scaled) == 300000000
    assert scaled.tally(by="tier").total["amount_fen"] == 300000000
    assert "<table>" in scaled._repr_html_() and "<td>party_meetings &gt;= 12</td>" in x._repr_html_()
    assert "强化党建引领: party_meetings &gt;= 12" in policy._repr_html_() and "党建引领未达标" in boards._repr_html_()
    with pytest.raises(wuhong.UsageError):
        ev.awards(budget=3000000.5)  # a float is not money
    own = wuhong.Adjustments().add("VL001", "bonus", "0.01", "one fen")
    assert ev.awards(adjustments=own).amount("VL001") == Decimal("60000.01")


def test_policy_dict_round_trip(policy, data):
    d = policy.to_dict()
    assert wuhong.Policy.from_dict(d).fingerprint == policy.fingerprint
    for c in d["sectors"][0]["criteria"]:
        if c["key"] == "industry":
            c["rule"] = c["rule"].replace("collective_income >= 10", "collective_income >= 20")
    raised = wuhong.Policy.from_dict(d)
    assert raised.fingerprint != policy.fingerprint
    changes = wuhong.diff(policy, raised, data)
    assert len(changes) > 0 and changes.delta_fen < 0
    incomes = {u: data.value(u, "collective_income") for u in (c["id"] for c in changes)}
    assert all(10 <= v < 20 for v in incomes.values())
    assert all(c["flags_b"] == c["flags_a"] - 1 for c in changes)
    assert sum(g["changed"] for g in changes.by_town()) == len(changes)
    assert changes.by_sector()[0]["delta_fen"] == changes.delta_fen
    assert len(wuhong.diff(policy, policy, data)) == 0


def test_from_records_and_arrays():
    p = wuhong.Policy.default()
    records = [{"id": "A", "name": "甲", "sector": "行政村", "town": "古绛镇", "party_meetings": 12,
                "three_one_rate": 96, "panel_party": 85, "collective_income": 15, "industry_projects": 1,
                "civility_events": 6, "volunteer_services": 12, "toilet_rate": 90, "waste_rate": 95,
                "grid_coverage": 95, "mediation_rate": 90, "serious_case": False, "major_accident": None}]
    ev = p.evaluate(wuhong.Dataset.from_records(records))
    u = next(iter(ev))
    assert u.tier == 5 and u.amount_fen == 6000000
    with pytest.raises(wuhong.DataError):
        wuhong.Dataset.from_records([{"id": "A", "sector": "village", "x": "twelve"}])
    with pytest.raises(wuhong.UsageError):
        wuhong.Dataset.from_records("not a list")


def test_zero_copy_numpy():
    p = tier_bench_policy()
    n = 16
    x = {f"x{k}": np.full(n, 99.0) for k in range(10)}
    sectors = ["village"] * n
    ds = wuhong.Dataset.from_arrays([f"u{i}" for i in range(n)], [""] * n, sectors, ["t"] * n, **x)
    assert (p.evaluate(ds).tiers == 5).all()
    x["x0"][3] = 0.0           # the array is bound, not copied: the change is seen
    x["x1"][4] = np.nan        # NaN is missing
    ev = p.evaluate(ds)
    assert list(ev.tiers[3:5]) == [0, 0] and ev.unit("u4").missing_mask == "10000"
    # evaluated again into the same results: the arrays hold the new ones
    x["x0"][3] = 99.0
    tiers = ev.tiers
    assert ev.again(threads=1) is ev and tiers[3] == 5 and list(ev.tiers) == list(p.evaluate(ds).tiers)
    assert ev.kernel in {"avx512", "avx2", "baseline"}  # these rules are all comparisons: fused
    x["x2"][0] = -1.0  # out of range for nothing (a number): still fine
    assert len(ev.again()) == n
    with pytest.raises(wuhong.UsageError):
        ev.again(threads=-1)
    # other dtypes are copied once (documented): later changes are not seen
    ints = {f"x{k}": list(range(90, 90 + n)) for k in range(10)}
    ds2 = wuhong.Dataset.from_arrays([f"u{i}" for i in range(n)], [""] * n, sectors, ["t"] * n, **ints)
    assert (p.evaluate(ds2).tiers == 5).all()
    with pytest.raises(wuhong.DataError):
        wuhong.Dataset.from_arrays(["a"], ["a"], ["village"], ["t"], x0=np.zeros(2))
    with pytest.raises(wuhong.DataError):
        wuhong.Dataset.from_arrays(["a", "b"], ["a"], ["village"], ["t"])


# ---- errors ---------------------------------------------------------------------

def test_errors_carry_positions(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(wuhong.Policy.default_source().replace("\nprerequisite: party", "\nprerequisit: party"),
                   encoding="utf-8")
    with pytest.raises(wuhong.PolicyError) as e:
        wuhong.Policy.load(bad)
    assert e.value.file == str(bad) and e.value.line > 1 and e.value.column == 1 and "prerequisit" in e.value.message
    with pytest.raises(wuhong.RuleError) as e:
        wuhong.Policy.from_string(wuhong.Policy.default_source().replace("collective_income >= 10",
                                                                         "collective_incme >= 10"), "p.yaml")
    assert e.value.line > 1 and e.value.column > 1 and "^" in e.value.excerpt
    assert isinstance(e.value, wuhong.PolicyError) and isinstance(e.value, wuhong.Error)
    rows = open(DATA, encoding="utf-8").read().splitlines()
    rows[3] = rows[3].replace(",行政村,", ",村委会,")
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(wuhong.DataError) as e:
        wuhong.Policy.default().evaluate(wuhong.Dataset.from_csv(bad_csv))
    assert (e.value.file, e.value.row, e.value.line, e.value.unit, e.value.field) == (str(bad_csv), 4, 4, "VL003", "sector")
    with pytest.raises(wuhong.FileError):
        wuhong.Dataset.from_csv(tmp_path / "missing.csv")
    with pytest.raises(wuhong.NotFoundError):
        wuhong.Policy.default().evaluate(wuhong.Dataset.from_csv(DATA)).explain("nobody")
    with pytest.raises(wuhong.BudgetError):
        strict = wuhong.Policy.from_string(wuhong.Policy.default_source().replace("over: scale", "over: refuse"))
        strict.evaluate(wuhong.Dataset.from_csv(DATA)).awards(budget=1)


@pytest.mark.parametrize("call", [
    lambda: wuhong.Policy.load(None),
    lambda: wuhong.Policy.load(42),
    lambda: wuhong.Policy.from_string(b"bytes"),
    lambda: wuhong.Policy.from_dict("x"),
    lambda: wuhong.Policy.default().evaluate(None),
    lambda: wuhong.Policy.default().evaluate("data.csv"),
    lambda: wuhong.Policy.default().evaluate(wuhong.Dataset.from_csv(DATA), threads=-1),
    lambda: wuhong.Dataset.from_csv(None),
    lambda: wuhong.Dataset.from_arrays(None, [], [], []),
    lambda: wuhong.diff(None, None, None),
    lambda: wuhong.Policy.default().evaluate(wuhong.Dataset.from_csv(DATA)).tally(by="planet"),
    lambda: wuhong.Adjustments().add("A", "gift", 1, "r"),
])
def test_wrong_arguments_raise_not_crash(call):
    with pytest.raises(wuhong.Error):
        call()


def test_closed_objects():
    p = wuhong.Policy.default()
    ds = wuhong.Dataset.from_csv(DATA)
    ev = p.evaluate(ds)
    p.close()
    ds.close()
    assert p.closed
    for call in (lambda: p.fingerprint, lambda: p.evaluate(ds), lambda: len(ds), lambda: p.to_dict()):
        with pytest.raises(wuhong.ClosedError):
            call()
    # the evaluation outlives them
    assert len(ev) == 346 and ev.unit("VL002").tier == 5 and ev.lists()["red"]
    ev.close()
    with pytest.raises(wuhong.ClosedError):
        len(ev)
    with wuhong.Policy.default() as q:
        assert q.name
    assert q.closed


def test_results_outlive_their_inputs():
    ev = wuhong.Policy.default().evaluate(wuhong.Dataset.from_csv(DATA))
    gc.collect()
    assert ev.explain("VL001").reasons and ev.awards().total_fen > 0
    x = np.full(8, 99.0)
    cols = {f"x{k}": x for k in range(10)}
    ev2 = tier_bench_policy().evaluate(
        wuhong.Dataset.from_arrays([str(i) for i in range(8)], [""] * 8, ["school"] * 8, ["t"] * 8, **cols))
    del x, cols
    gc.collect()
    assert (ev2.tiers == 5).all() and ev2.unit("3").tier == 5


# ---- threads and memory ---------------------------------------------------------

def test_one_policy_many_threads(policy):
    n = 50000
    rng = np.random.default_rng(7)
    cols = {f"x{k}": rng.uniform(0, 100, n) for k in range(10)}
    keys = ["village", "community", "organ", "school"]
    p = tier_bench_policy()
    ds = wuhong.Dataset.from_arrays([str(i) for i in range(n)], [""] * n, [keys[i % 4] for i in range(n)],
                                    ["t"] * n, **cols)
    want = p.evaluate(ds, threads=1).tiers
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: p.evaluate(ds, threads=1).tiers, range(32)))
    assert all((r == want).all() for r in results)


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


@pytest.mark.skipif(bool(os.environ.get("WUHONG_SANITIZED")),
                    reason="AddressSanitizer's quarantine keeps freed memory resident; valgrind checks leaks")
def test_no_growth_over_10000_evaluations(policy, data):
    for _ in range(500):  # warm up allocator pools
        policy.evaluate(data)
    gc.collect()
    before = rss_kib()
    for _ in range(10000):
        ev = policy.evaluate(data)
        ev.tally()
    del ev
    gc.collect()
    grown = rss_kib() - before
    # leaking one evaluation (~20 KiB) a call would grow ~200 MiB; 16 MiB leaves room for heap
    # fragmentation under load (valgrind checks leaks to the byte in CI)
    assert grown < 16384, f"resident memory grew by {grown} KiB over 10,000 evaluations"


def test_to_dataframe(policy, data):
    pandas = pytest.importorskip("pandas")
    ev = policy.evaluate(data)
    df = ev.to_dataframe()
    assert isinstance(df, pandas.DataFrame) and len(df) == 346
    # numbers are numbers: sums and plots work; the exact fen are there too
    assert df["amount"].dtype == "float64" and df["amount_fen"].dtype == "int64" and df["tier"].dtype == "int64"
    assert df["flag_count"].dtype == "int64" and df["flag_mask"][0] == 0b11111 and "flags" not in df.columns
    assert df["amount"].sum() == 3840000 and df.groupby("sector")["amount_fen"].sum()["village"] == 220000000
    rec = ev.to_records()[0]
    assert df.loc[0, ["id", "tier", "tier_name", "amount_fen"]].tolist() == [rec["id"], rec["tier"], rec["tier_name"],
                                                                         rec["amount_fen"]]
    # every table a DataFrame: tallies (the total apart), lists, awards, diffs, queries
    assert list(ev.tally().to_dataframe()["group"])[-1] == "school"
    lists = ev.lists().to_dataframe()
    assert len(lists) == len(ev.lists()["red"]) + len(ev.lists()["black"]) and set(lists["list"]) == {"red", "black"}
    awards = ev.awards().to_dataframe()
    assert awards["amount"].dtype == "float64" and awards["amount_fen"].sum() == 384000000
    stricter = policy.with_rules({"village.industry": "collective_income >= 20 and industry_projects >= 1"})
    assert len(wuhong.diff(policy, stricter, data).to_dataframe()) > 0
    # and back: a DataFrame in gives the same evaluation; a missing committee stays missing
    src = pandas.read_csv(DATA)
    src.loc[0, "committee"] = float("nan")
    again = policy.evaluate(wuhong.Dataset.from_dataframe(src)).to_dataframe()
    assert (again["tier"] == df["tier"]).all() and pandas.isna(again["committee"][0])
    assert "nan" not in set(again["committee"].cat.categories)
    src.loc[1, "committee"] = ""  # empty is missing too, whichever way the roster is read
    again = policy.evaluate(wuhong.Dataset.from_dataframe(src)).to_dataframe()
    assert pandas.isna(again["committee"][1])
    for column in ("id", "name", "town", "committee"):  # the roster kept by from_dataframe is the C one
        assert list(again[column][2:]) == list(df[column][2:]), column
    # categorical columns from codes: sector and tier name; town and committee made once per dataset
    assert df["sector"].dtype == "category" and df["tier_name"].dtype == "category" and df["town"].dtype == "category"
    assert list(df["sector"][:3]) == [r["sector"] for r in ev.to_records()[:3]]
    assert list(df["tier_name"]) == [r["tier_name"] for r in ev.to_records()]
    assert list(df["town"]) == [r["town"] for r in ev.to_records()]
    df.loc[0, "id"], df.loc[0, "town"] = "changed", df.loc[300, "town"]  # a caller's edit stays in its frame
    fresh = ev.to_dataframe()
    assert fresh.loc[0, "id"] == rec["id"] and fresh.loc[0, "town"] == rec["town"]
    assert "nan" not in {g["group"] for g in policy.evaluate(wuhong.Dataset.from_dataframe(src)).tally("committee")}
    with pytest.raises(wuhong.DataError, match="no 'town' column"):
        wuhong.Dataset.from_dataframe(src.drop(columns=["town"]))
    with pytest.raises(wuhong.DataError, match="not numeric"):
        wuhong.Dataset.from_dataframe(src.assign(notes="材料齐全"))
    assert len(wuhong.Dataset.from_dataframe(src.assign(notes="材料齐全"), ignore=["notes"])) == 346


# ---- periods and the ledger -----------------------------------------------------

def test_review_and_history(tmp_path):
    policy = wuhong.Policy.default()
    ledger = wuhong.Ledger(tmp_path / "county.ledger")
    first = policy.review(ledger, "2023", wuhong.Dataset.from_csv(DATA))
    assert not first.replayed and sum(1 for e in first if e["event"] == "awarded") == 184
    assert first.paid_fen == 384000000
    again = policy.review(ledger, "2023", wuhong.Dataset.from_csv(DATA))
    assert again.replayed and ledger.totals()[0]["total_fen"] == 384000000  # nothing paid twice
    rows = open(DATA, encoding="utf-8").read().splitlines()
    header = rows[0].split(",")
    cells = rows[1].split(",")
    cells[header.index("party_meetings")] = "6"  # VL001 lets party building slip
    rows[1] = ",".join(cells)
    y2024 = tmp_path / "2024.csv"
    y2024.write_text("\n".join(rows) + "\n", encoding="utf-8")
    decisions = wuhong.Decisions().add("VL002", "approve", "县委常委会", "re-review confirmed")
    second = policy.review(ledger, "2024", wuhong.Dataset.from_csv(y2024), decisions=decisions)
    assert any(e["unit"] == "VL001" and e["event"] == "review_failed" for e in second)
    trail = [h["event"] for h in ledger.history("VL001")]
    assert trail[:3] == ["proposed", "approved", "awarded"]
    assert trail[3:] == ["review_failed", "stripped", "benefits_cancelled"]
    assert ledger.paid("VL001")[0]["amount_fen"] == 6000000
    assert [p["period"] for p in ledger.periods()] == ["2023", "2024"]
    with pytest.raises(wuhong.DataError):
        policy.review(ledger, "2024", wuhong.Dataset.from_csv(DATA))  # other inputs, no supersede
    assert len(ledger.boards("2023")) > 21
    # 2025 with a bonus and a penalty: events and payments of their own
    adj = wuhong.Adjustments().add("VL002", "bonus", "500.50", "抗洪抢险").add("VL003", "penalty", 200, "材料不实")
    third = policy.review(ledger, "2025", wuhong.Dataset.from_csv(y2024), adjustments=adj)
    assert [(e["unit"], e["event"]) for e in third if e["event"] in ("bonus", "penalty")] == \
        [("VL002", "bonus"), ("VL003", "penalty")]
    assert [t["adjustments_fen"] for t in ledger.totals() if t["year"] == "2025"] == [50050 - 20000]
    with pytest.raises(wuhong.UsageError):
        adj.add("VL002", "gift", 1, "x")
    ledger.close()
    reader = wuhong.Ledger(tmp_path / "county.ledger", readonly=True)
    assert [p["period"] for p in reader.periods()] == ["2023", "2024", "2025"]
    with pytest.raises(wuhong.UsageError):
        policy.review(reader, "2026", wuhong.Dataset.from_csv(DATA))  # read-only
    reader.close()
    with pytest.raises(wuhong.FileError):
        wuhong.Ledger(tmp_path / "no-such.ledger", readonly=True)
    assert not (tmp_path / "no-such.ledger").exists()
    with pytest.raises(wuhong.ClosedError):
        ledger.periods()


def test_the_creation_list(tmp_path):
    policy, data = wuhong.Policy.default(), wuhong.Dataset.from_csv(DATA)
    ledger = wuhong.Ledger(tmp_path / "county.ledger")
    apps = wuhong.Applications.from_csv(os.path.join(SRC, "examples", "data", "jiangxian-applications-2023.csv"))
    assert len(apps) == 29 and repr(apps) == "<wuhong.Applications 29 entries>"
    first = next(iter(apps))
    assert first == {"unit": "VL001", "tier": 5, "recommended": True, "recommended_by": "古绛镇党委",
                     "recommendation": "五项标准全部达到", "decision": "approve", "decided_by": "县委常委会",
                     "reason": ""}
    review = policy.review(ledger, "2023", data, applications=apps)
    accepted = {e["unit"] for e in review if e["event"] == "accepted"}
    assert len(accepted) == 27 and {e["unit"] for e in review if e["event"] == "awarded"} == accepted
    # VL020 (a tier, not on the list) gets nothing; PE004 was not recommended
    assert not [e for e in review if e["unit"] == "VL020"]
    assert [e["event"] for e in review if e["unit"] == "PE004"] == ["applied", "not_recommended"]
    # built by hand: a pending decision, and an application for a tier the policy lacks
    by_hand = wuhong.Applications().add("VL020", 4, recommended=True, recommended_by="古绛镇党委")
    assert list(by_hand)[0]["decision"] is None
    with pytest.raises(wuhong.UsageError):
        by_hand.add("VL004", 4, decision="maybe")
    with pytest.raises(wuhong.DataError):
        by_hand.add("VL020", 5)  # a second application
    second = policy.review(ledger, "2024", data, applications=by_hand)
    assert [e["event"] for e in second if e["unit"] == "VL020"] == ["applied", "recommended", "approved",
                                                                     "accepted", "awarded"]
    with pytest.raises(wuhong.DataError, match="not a tier of the policy"):
        policy.review(ledger, "2025", data, applications=wuhong.Applications().add("VL020", 2))
    assert policy.review_rules["short_gets_nothing"] == 0


def test_every_problem_of_a_file(tmp_path):
    rows = open(DATA, encoding="utf-8").read().splitlines()
    head = rows[0].split(",")
    for line, column, value in ((3, "party_meetings", "abc"), (6, "town", "北京镇")):
        cells = rows[line - 1].split(",")
        cells[head.index(column)] = value
        rows[line - 1] = ",".join(cells)
    rows[9] = rows[8]                      # line 10: an id used twice
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    policy = wuhong.Policy.default()
    found = policy.problems(path)
    assert [(type(e), e.line) for e in found] == [(wuhong.DataError, 3), (wuhong.DataError, 6), (wuhong.DataError, 10)]
    assert "bad.csv:3:6: unit VL002:" in str(found[0]) and "'abc' is not a number" in str(found[0])
    assert len(policy.problems(path, max_errors=1)) == 1
    assert policy.problems(DATA) == []
    (tmp_path / "head.csv").write_text("id,name\nA,b\n", encoding="utf-8")
    assert "no 'sector' column" in str(policy.problems(tmp_path / "head.csv")[0])  # what stops the reading
    with pytest.raises(wuhong.UsageError):
        policy.problems(path, max_errors=0)


def test_boards_to_publish(policy, data, tmp_path):
    ev = policy.evaluate(data)
    book = ev.board()
    assert book[:4] == b"PK\x03\x04"
    page = ev.board("html", budget=3000000, path=tmp_path / "b.html")
    assert (tmp_path / "b.html").read_bytes() == page and "300.00 万元".encode() in page
    assert ev.board(path=tmp_path / "c.html")[:15] == b"<!DOCTYPE html>"  # the format from the suffix
    with pytest.raises(wuhong.UsageError):
        ev.board("pdf")
    with pytest.raises(wuhong.UsageError):  # a format the path's suffix disagrees with
        ev.board("xlsx", path=tmp_path / "d.html")
    assert not (tmp_path / "d.html").exists()
    posted = ev.board("html", title="公示", period="2024", issuer="中共绛县县委组织部").decode()
    assert "<h1>公示</h1>" in posted and '<p class="byline">2024年度 · 中共绛县县委组织部</p>' in posted
    assert "<h1>绛县“五面红旗”示范创建红黑榜</h1>" in page.decode()  # the policy's board title


def test_the_notebook_style_what_if(tmp_path):
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    import subprocess
    import sys
    script = os.path.join(SRC, "examples", "python", "what-if.py")
    chart = tmp_path / "what-if.png"
    r = subprocess.run([sys.executable, script, DATA, str(chart)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "<wuhong.Diff 22 units change, delta -220000.00 yuan>"
    assert lines[2].split() == ["VL002", "柳庄村", "5", "4"]
    assert lines[-3].split() == ["古绛镇", "1370000.0"]
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 5000
    user_code = [l for l in open(script, encoding="utf-8").read().split('"""')[2].splitlines()
                 if l.strip() and not l.lstrip().startswith(("#", "import", "matplotlib.", "warnings."))]
    assert len(user_code) <= 15


def test_dask_partitions_give_the_single_process_results():
    pytest.importorskip("dask.dataframe")
    import subprocess
    import sys
    script = os.path.join(SRC, "examples", "python", "dask-partitions.py")
    for partitions in ("1", "5"):
        r = subprocess.run([sys.executable, script, DATA, partitions], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        lines = r.stdout.splitlines()
        assert lines[0] == f"{partitions} partitions, 346 units, the same as one process: True"
        assert lines[-1].split() == ["5", "21", "1050000.0"]


def test_python_m_wuhong_runs_the_tool():
    import subprocess
    import sys
    # WUHONG_CLI (the suite's) names the tool; an installed package finds its own
    r = subprocess.run([sys.executable, "-m", "wuhong", "check", os.path.join(SRC, "data", "jiangxian-policy.yaml")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "OK" in r.stdout and "fingerprint:" in r.stdout


def test_rotation():
    policy = wuhong.Policy.default()
    months = wuhong.rotation(policy, "2025-01", 12)
    assert len(months) == 24 and months[0] == {"period": "2025-01", "town": "古绛镇", "why": months[0]["why"]}
    prio = wuhong.rotation(policy, "2025-01", 12, policy.evaluate(wuhong.Dataset.from_csv(DATA)))
    assert "black-listed" in prio[0]["why"]
    with pytest.raises(wuhong.UsageError):
        wuhong.rotation(policy, "2025-13")


def test_ledger_verify_finds_a_changed_payment(tmp_path):
    import sqlite3
    path = tmp_path / "county.ledger"
    ledger = wuhong.Ledger(path)
    wuhong.Policy.default().review(ledger, "2023", wuhong.Dataset.from_csv(DATA))
    chain = ledger.verify()
    assert [(c["period"], c["revision"]) for c in chain] == [("2023", 1)] and len(chain[0]["digest"]) == 64
    ledger.close()
    with sqlite3.connect(path) as db:
        db.executescript("DROP TRIGGER payments_no_update; UPDATE payments SET fen = fen + 1 WHERE seq = 1;")
    with pytest.raises(wuhong.DataError, match="period 2023 .revision 1. does not match its seal"):
        wuhong.Ledger(path, readonly=True).verify()


def test_awards_of_a_closed_evaluation_raise_instead_of_crashing():
    ev = wuhong.Policy.default().evaluate(wuhong.Dataset.from_csv(DATA))
    awards = ev.awards()
    ev.close()
    with pytest.raises(wuhong.ClosedError):
        list(awards)


def test_a_rule_of_44000_terms_raises_instead_of_crashing():
    text = wuhong.Policy.default_source() if hasattr(wuhong.Policy, "default_source") else None
    if text is None:
        pytest.skip("no default source in this binding")
    rule = " + ".join(["collective_income"] * 44000) + " > 0"
    text = text.replace('"collective_income >= 10 and industry_projects >= 1"', '"' + rule + '"')
    with pytest.raises(wuhong.PolicyError):
        wuhong.Policy.from_string(text)


def test_the_raw_module_raises_instead_of_crashing():
    """wuhong.core (the C API itself), used directly: an index past the end, None, a double free."""
    import wuhong.core as c
    p = c.policy_default()
    ev = c.evaluate(p, c.dataset_load_csv(DATA, None), None)
    n = c.evaluation_count(ev)
    with pytest.raises(IndexError):
        c.evaluation_tiers(ev)[n]
    with pytest.raises(IndexError):
        c.awards_amounts(c.evaluation_awards(ev, None))[n]
    assert c.lists_at(c.evaluation_lists(ev), 2, 0) is None
    with pytest.raises(wuhong.UsageError):
        c.evaluation_explain(ev, n)
    x = c.evaluation_explain(ev, 0)
    assert c.explanation_at(x, 99) is None and c.explanation_at(x, 0).clause(99) is None
    with pytest.raises(ValueError):
        c.evaluation_count(None)
    tiers = c.evaluation_tiers(ev)
    c.evaluation_free(ev)
    c.evaluation_free(ev)  # a second free does nothing
    with pytest.raises(ValueError, match="closed"):
        c.evaluation_count(ev)
    assert tiers.base is not None and len(tiers) == n  # a column is a view that kept its results alive


def test_the_raw_module_is_the_c_api():
    """Statuses raise with the record; out-parameters are returned; enums are constants."""
    import wuhong.core as c
    with pytest.raises(wuhong.PolicyError) as e:
        c.policy_load_string("wuhong: 1\nsectors: 7\n", "bad.yaml")
    assert e.value.file == "bad.yaml" and "indicators" in e.value.message
    assert c.parse_yuan("12.34") == 1234 and c.format_yuan(-5) == "-0.05"
    with pytest.raises(wuhong.UsageError, match="'12.345' is not an amount in yuan"):
        c.parse_yuan("12.345")
    p = c.policy_default()
    assert c.policy_find_sector(p, c.policy_sector_key(p, 2)) == 2
    assert c.policy_review_rules(p).min_tier == 3
    rows, replayed = c.review(c.ledger_open(":memory:"), "2025", c.evaluate(p, c.dataset_load_csv(DATA, None), None),
                              None)
    assert c.rows_count(rows) > 0 and replayed is False
    assert (c.RED_LIST, c.BLACK_LIST, c.VALUE_TEXT, c.CRITERIA) == (0, 1, 3, 5)


def _built_policy():
    b = wuhong.PolicyBuilder("built").town("东镇").indicator("x", "指标", "次", type="count", max=100)
    b.sector("village", "行政村", [(f"c{c}", f"第{c}条", f"x >= {c}") for c in range(1, 6)])
    b.veto("bad", "违纪", "x > 99", sectors=["village"]).tier(5, "五星").tier(3, "三星")
    return b.award("village", 5, 60000).award("village", 3, "20000.50").compile()


def test_a_policy_built_in_code():
    p = _built_policy()
    assert p.name == "built" and p.sectors == ["village"]
    assert p.to_dict()["awards"]["village"] == {"5": "60000.00", "3": "20000.50"}
    ds = wuhong.Dataset.from_records([{"id": f"u{x}", "sector": "village", "town": "东镇", "x": x}
                                      for x in (0, 3, 5, 100)] + [{"id": "m", "sector": "village", "town": "东镇", "x": None}])
    assert [(u.id, u.flags, u.tier, u.amount_fen, u.veto) for u in p.evaluate(ds)] == [
        ("u0", 0, 0, 0, False), ("u3", 3, 3, 2000050, False), ("u5", 5, 5, 6000000, False),
        ("u100", 5, 0, 0, True), ("m", 0, 0, 0, False)]
    with pytest.raises(wuhong.PolicyError, match="village"):
        wuhong.PolicyBuilder("dup").indicator("x").sector("village", "a", []).sector("village", "b", [])
    with pytest.raises(wuhong.UsageError):
        wuhong.PolicyBuilder("t").indicator("x", type="colour")


def test_one_rule_on_its_own():
    p = _built_policy()
    ds = wuhong.Dataset.from_records([{"id": "a", "sector": "village", "x": 2}, {"id": "b", "sector": "village", "x": 9},
                                      {"id": "c", "sector": "village", "x": None}])
    rule = p.compile_rule("x >= 3 and x < 10")
    assert rule.evaluate(ds) == ["fail", "pass", "missing"]
    assert p.compile_rule("x >= 3 or true").evaluate(ds) == ["pass", "pass", "pass"]
    with pytest.raises(wuhong.RuleError) as e:
        p.compile_rule("y > 1")
    assert e.value.column == 1 and "y" in e.value.message


def test_gaps_agree_with_the_cli():
    ev = wuhong.Policy.default().evaluate(wuhong.Dataset.from_csv(DATA))
    gaps = ev.gaps()
    cli = json.loads(subprocess.run([os.environ["WUHONG_CLI"], "gaps", "--format", "json", DATA],
                                    capture_output=True, check=True).stdout)["units"]
    assert [u["id"] for u in gaps] == [u["id"] for u in cli]
    assert len(gaps) == sum(1 for t in ev.tiers if t < 5)
    first = gaps[0]
    assert first["flags_short"] >= 1 and first["total"] is not None
    g = first["criteria"][0]["gaps"][0]
    assert g["gap"] > 0 and g["actual"] is not None and g["why"] is None
    assert any(u["vetoed"] and u["total"] is None for u in gaps)


def test_every_object_prints_what_it_is(tmp_path):
    policy = wuhong.Policy.default()
    data = wuhong.Dataset.from_csv(DATA)
    ev = policy.evaluate(data)
    ledger = wuhong.Ledger.open(tmp_path / "l.ledger")
    review = ledger.review("2023", ev)
    objects = [policy, data, ev, ev.explain("VL001"), ev.awards(), wuhong.diff(policy, policy, data), ledger, review,
               wuhong.Adjustments(), wuhong.Decisions(), policy.compile_rule("party_meetings >= 12"),
               wuhong.PolicyBuilder("x"), ev["VL001"], ev.unit("VL001").reasons[0]]
    for o in objects:
        assert " object at 0x" not in repr(o), repr(o)
    assert repr(review).startswith("<wuhong.Review 2023: 552 events")
    assert repr(ev.awards()) == "<wuhong.Awards 346 units, total 3840000.00 yuan>"
    again = ledger.review("2023", ev)
    assert again.replayed and again.paid_fen == 0 and "nothing paid" in repr(again)  # it once said 384000000


def test_an_evaluation_is_indexed_by_unit_id_and_position():
    ev = wuhong.Policy.default().evaluate(wuhong.Dataset.from_csv(DATA))
    assert ev["VL002"].name == "柳庄村" and ev[1].id == "VL002" and ev[-1].id == ev[len(ev) - 1].id
    with pytest.raises(wuhong.NotFoundError):
        ev["nope"]
    with pytest.raises(IndexError):
        ev[len(ev)]


def test_a_missing_roster_cell_is_missing_not_nan():
    """pandas gives NaN for an empty committee: it is missing, never a committee called "nan"."""
    ds = wuhong.Dataset.from_arrays(["a", "b"], ["甲", None], ["village", "village"], ["东镇", "东镇"],
                                    committees=["党委", float("nan")], x=np.array([5.0, 3.0]))
    groups = [g["group"] for g in _built_policy().evaluate(ds).tally("committee")]
    assert "nan" not in groups and "党委" in groups
    import wuhong.core as c
    assert c.dataset_unit_name(ds._h, 1) == "" and not c.dataset_unit_committee(ds._h, 1)


def test_a_policy_with_rules_replaced():
    p = wuhong.Policy.default()
    raised = p.with_rules({"village.industry": "collective_income >= 20 and industry_projects >= 1"})
    assert raised.fingerprint != p.fingerprint and p.fingerprint == wuhong.Policy.default().fingerprint
    d = wuhong.diff(p, raised, wuhong.Dataset.from_csv(DATA))
    assert len(d) == 22 and d.delta_fen == -22000000  # the figures of docs/lists-awards.md's sed edit
    with pytest.raises(wuhong.NotFoundError):
        p.with_rules({"village.nothing": "true"})
    with pytest.raises(wuhong.RuleError):
        p.with_rules({"veto:serious_case": "nonsense_name"})


LOCPATH = os.environ.get("WUHONG_TEST_LOCPATH")


@pytest.mark.skipif(not LOCPATH, reason="built without NLS")
def test_errors_in_the_callers_locale():
    """The library's messages follow the caller's LC_MESSAGES (gettext), and
    numbers do not follow a decimal-comma LC_ALL."""
    script = r'''
import locale, os, sys, tempfile, wuhong
d = tempfile.mkdtemp()
def write(name, text):
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        f.write(text)
    return os.path.join(d, name)
bad = write("bad.csv", "id,name,sector,town,party_meetings\nVL1,村,village,古绛镇,十二\n")
def message():
    try:
        wuhong.Policy.default().evaluate(wuhong.Dataset.from_csv(bad))
    except wuhong.Error as e:
        return str(e)
print(message())
locale.setlocale(locale.LC_MESSAGES, "zh_CN.UTF-8")
print(message())
locale.setlocale(locale.LC_ALL, "de_DE.UTF-8")
ds = wuhong.Dataset.from_csv(write("ok.csv", "id,name,sector,town,three_one_rate\nVL1,村,village,古绛镇,96.9\n"))
print(ds.value("VL1", "three_one_rate"))
'''
    env = dict(os.environ, LOCPATH=LOCPATH)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout
    english, chinese, number = out.splitlines()
    assert "'十二' is not a number" in english
    assert "“十二”不是数字" in chinese and "bad.csv:2:5: 单位 VL1：" in chinese
    assert number == "96.9"


def test_a_title_above_the_header(tmp_path, policy):
    """A title row above the header was refused; the header is found, or named (header_row)."""
    text = open(DATA, encoding="utf-8").read()
    path = tmp_path / "title.csv"
    path.write_text("2024年绛县五面红旗考核数据,,,\n" + text, encoding="utf-8")
    found = wuhong.Dataset.from_csv(path)
    assert len(found) == 346 and found.notice == f"{path}:2: the header is on this row; the rows above it are not read (a title)"
    assert wuhong.Dataset.from_csv(DATA).notice is None
    named = wuhong.Dataset.from_csv(path, header_row=2)
    assert policy.evaluate(named).tiers.tolist() == policy.evaluate(wuhong.Dataset.from_csv(DATA)).tiers.tolist()
    with pytest.raises(wuhong.DataError) as e:
        wuhong.Dataset.from_csv(path, header_row=1)
    assert e.value.line == 1
    with pytest.raises(wuhong.UsageError):
        wuhong.Dataset.from_csv(path, header_row=0)
    assert policy.problems(path, header_row=2) == []
