"""With --lang zh, no English word appears in any table, board or message of
the commands a county office runs: every ASCII word left in their output is a
unit id, a key or a rule the user wrote in the policy, a number, a file name
or a digest. (CSV columns keep their stable English names unless --headers
zh, which the CSV cases here give.)"""
import json
import os
import re
import subprocess

CLI = os.environ["WUHONG_CLI"]
SRC = os.environ["WUHONG_SOURCE_DIR"]
DATA = os.path.join(SRC, "examples", "data", "jiangxian.csv")
ADJ = os.path.join(SRC, "examples", "data", "jiangxian-adjustments.csv")
APPLICATIONS = os.path.join(SRC, "examples", "data", "jiangxian-applications-{}.csv")


def zh(*args):
    r = subprocess.run([CLI, "--lang", "zh", *args], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


POLICY = json.loads(subprocess.run([CLI, "policy", "--format", "json"], capture_output=True, text=True).stdout)


def policy_keys(policy):
    """Every key the policy's author wrote: sectors, indicators, criteria, vetoes, lists and their rules."""
    keys = set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                if k == "key" and isinstance(x, str):
                    keys.add(x)
                walk(x)
            keys.update(k for k in v if re.fullmatch(r"[a-z_]+", k) and isinstance(v.get(k), dict))
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(policy)
    for lst in policy.get("lists", {}):
        keys.add(lst)
    return keys


def policy_rules(policy):
    """The rules the policy's author wrote (an explanation quotes them, and their clauses)."""
    rules = set()

    def walk(v):
        if isinstance(v, dict):
            if isinstance(v.get("rule"), str):
                rules.add(v["rule"])
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(policy)
    return rules


KEYS, RULES = policy_keys(POLICY), policy_rules(POLICY)
# the program and its commands, which a message may tell the reader to type
COMMANDS = {"wuhong", "libwuhong", "evaluate", "explain", "lists", "awards", "gaps", "board", "review", "history",
            "ledger", "rotation", "demo", "check", "policy", "diff"}


def english_words(text, paths):
    for p in sorted(paths, key=len, reverse=True):
        text = text.replace(p, " ")
    for rule in sorted(RULES, key=len, reverse=True):                # the rules as the author wrote them
        text = text.replace(rule, " ")
    text = re.sub(r"^( +- )(.*?)(   \[)", lambda m: m.group(1) + (" " if any(m.group(2) in r for r in RULES)
                  else m.group(2)) + m.group(3), text, flags=re.M)     # an explained clause: a part of a rule
    text = re.sub(r"\b[A-Z]{2}\d{3}\b", " ", text)           # unit ids
    text = re.sub(r"\b[0-9a-f]{12,}\b", " ", text)           # digests
    text = re.sub(r"[A-Za-z_][A-Za-z0-9_]*", lambda m: " " if m.group(0) in KEYS or m.group(0) in COMMANDS
                  else m.group(0), text)
    return sorted(set(re.findall(r"[A-Za-z]{2,}", text)))


def test_every_command_speaks_chinese(tmp_path):
    ledger = str(tmp_path / "county.ledger")
    page = str(tmp_path / "board.html")
    policy = tmp_path / "mine.yaml"
    policy.write_text(subprocess.run([CLI, "policy"], capture_output=True, text=True).stdout.replace(
        "collective_income >= 10", "collective_income >= 12"), encoding="utf-8")
    decisions = tmp_path / "decisions.csv"
    decisions.write_text("unit,decision,by,reason,into\nVL013,refuse,县委常委会,材料不实,\n"
                         "VL015,merge,县委常委会,行政村撤并,VL001\n", encoding="utf-8")
    DECISIONS = str(decisions)
    bad = tmp_path / "bad.csv"
    bad.write_text(open(DATA, encoding="utf-8").read().replace(",古绛镇,", ",古降镇,", 1), encoding="utf-8")
    commands = [
        ["evaluate", DATA], ["explain", DATA, "VL100"], ["explain", DATA, "VL010"], ["lists", DATA],
        ["lists", "--format", "csv", "--headers", "zh", DATA], ["awards", "--adjustments", ADJ, "--budget", "3000000", DATA],
        ["awards", "--format", "csv", "--headers", "zh", DATA], ["gaps", DATA],
        ["gaps", "--format", "csv", "--headers", "zh", DATA],
        ["review", "--ledger", ledger, "--period", "2023", "--applications", APPLICATIONS.format(2023), DATA],
        ["review", "--ledger", ledger, "--period", "2024", "--applications", APPLICATIONS.format(2024),
         "--decisions", DECISIONS, DATA],
        ["history", "--ledger", ledger, "VL013"], ["history", "--ledger", ledger, "VL002"],
        ["ledger", "--ledger", ledger, "periods"], ["ledger", "--ledger", ledger, "payments"],
        ["ledger", "--ledger", ledger, "totals"], ["ledger", "--ledger", ledger, "boards", "--period", "2024"],
        ["ledger", "--ledger", ledger, "verify"], ["board", "-o", page, DATA], ["demo"],
        ["check", str(policy)], ["rotation", "--start", "2025-01", "--months", "3", DATA],
        ["diff", "--policy-b", str(policy), DATA], ["evaluate", str(bad)],
    ]
    found = {}
    for args in commands:
        rc, out = zh(*args)
        assert rc in (0, 1), (args, out)
        if args[0] == "board":
            out = re.sub(r"<style>.*?</style>|<[^>]*>", " ", open(page, encoding="utf-8").read(), flags=re.S)
        words = english_words(out, [str(tmp_path), DATA, SRC, "bad.csv", "mine.yaml", "county.ledger",
                                    "examples/data/jiangxian.csv"])
        if words:
            found[" ".join(args[:1] + [a for a in args[1:] if not a.startswith("/")])] = words
    assert not found, "\n".join(f"{cmd}: {' '.join(w)}" for cmd, w in found.items())
