"""Per-command help, options checked per command, --format json where data is
printed, did-you-mean for filters, and the bash completion script."""
import csv
import io
import json
import re
import os
import subprocess

import pytest

CLI = os.environ["WUHONG_CLI"]
SRC = os.environ["WUHONG_SOURCE_DIR"]
DATA = os.path.join(SRC, "examples", "data", "jiangxian.csv")
COMMANDS = ["check", "evaluate", "explain", "policy", "lists", "awards", "gaps", "diff", "review", "history", "ledger",
            "rotation", "demo", "completion"]


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True)


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_has_its_own_help(cmd):
    r = run(cmd, "--help")
    assert r.returncode == 0
    assert r.stdout.startswith(f"usage: wuhong {cmd} ")
    assert "\noutput: " in r.stdout and "\nexample:\n  " in r.stdout and "wuhong " + cmd in r.stdout.split("example:")[1]
    assert r.stdout == run("help", cmd).stdout
    assert r.stdout != run("--help").stdout


def test_help_lists_only_the_options_a_command_takes():
    assert "--budget" in run("awards", "--help").stdout
    assert "--budget" not in run("evaluate", "--help").stdout
    assert "--ledger" in run("history", "--help").stdout and "--policy " not in run("history", "--help").stdout


@pytest.mark.parametrize("args, option", [
    (["check", "--budget", "5", "x.yaml"], "--budget"),
    (["evaluate", "--ledger", "l.db", DATA], "--ledger"),
    (["history", "--policy", "p.yaml", "VL001"], "--policy"),
    (["demo", "--adjustments", "a.csv"], "--adjustments"),
])
def test_an_option_a_command_does_not_take_is_a_usage_error(args, option):
    r = run(*args)
    assert r.returncode == 2
    assert f"wuhong: {args[0]} does not take {option}" in r.stderr


def test_unknown_town_and_sector_exit_2_with_a_suggestion():
    r = run("evaluate", "--town", "古绛", DATA)
    assert r.returncode == 2 and "no township '古绛' in the policy; did you mean '古绛镇'?" in r.stderr
    r = run("lists", "--sector", "vilage", DATA)
    assert r.returncode == 2 and "did you mean 'village'?" in r.stderr
    r = run("evaluate", "--town", "nowhere", DATA)
    assert r.returncode == 2 and "did you mean" not in r.stderr


def test_check_and_policy_print_json(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text(run("policy").stdout, encoding="utf-8")
    checked = json.loads(run("check", "--format", "json", str(policy)).stdout)
    canonical = json.loads(run("policy", "--format", "json").stdout)
    assert checked["sectors"] == len(canonical["sectors"]) == 8
    assert len(checked["fingerprint"]) == 64
    assert run("check", "--format", "csv", str(policy)).stdout.startswith("file,name,fingerprint,")


def completion_script():
    r = run("completion", "bash")
    assert r.returncode == 0
    return r.stdout


def complete(words):
    """What the completion function offers for the command line `words` (the last is being typed)."""
    script = completion_script()
    line = " ".join(words)
    prog = (f"{script}\nCOMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}; "
            f"COMP_LINE={line!r}; _wuhong; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
    r = subprocess.run(["bash", "-c", prog], capture_output=True, text=True, cwd=SRC)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def test_bash_completion_registers_and_completes_commands_and_options():
    r = subprocess.run(["bash", "-c", completion_script() + "\ncomplete -p wuhong"], capture_output=True, text=True)
    assert r.returncode == 0 and "-F _wuhong wuhong" in r.stdout
    assert set(complete(["wuhong", "ev"])) == {"evaluate"}
    assert "explain" in complete(["wuhong", "ex"]) and "history" in complete(["wuhong", ""])
    assert set(complete(["wuhong", "awards", "--b"])) == {"--budget", "--bom"}
    assert "--budget" not in complete(["wuhong", "evaluate", "--"])
    assert set(complete(["wuhong", "evaluate", "--format", ""])) == {"table", "csv", "json"}
    assert "verify" in complete(["wuhong", "ledger", "v"])
    assert "examples" in complete(["wuhong", "evaluate", "exam"])  # files (bash adds the / itself)


def test_the_installed_script_is_the_generated_one():
    built = os.path.join(os.path.dirname(CLI), "completion", "wuhong")
    with open(built, encoding="utf-8") as f:
        assert f.read() == completion_script()


def display_width(s):
    return sum(2 if "\u1100" <= ch <= "\u115f" or "\u2e80" <= ch <= "\ua4cf" or "\uac00" <= ch <= "\ud7a3"
               or "\uff00" <= ch <= "\uff60" else 1 for ch in s)


def unwrap(table_text):
    """The wrapped last column joined back: a line ends at a space (not shown) unless between two wide characters."""
    def join(m):
        both_wide = display_width(table_text[m.start() - 1]) == 2 and display_width(table_text[m.end()]) == 2
        return "" if both_wide else " "
    return re.sub(r"\n {20,}", join, table_text)


@pytest.mark.parametrize("columns", [None, "120"])
def test_tables_fit_the_width_and_wrap_the_last_column(columns):
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns:
        env["COLUMNS"] = columns
    r = subprocess.run([CLI, "lists", DATA], capture_output=True, text=True, env=env)
    assert r.returncode == 0
    assert max(display_width(l) for l in r.stdout.splitlines()) <= int(columns or 100)
    # the wrapped reasons, joined back, are the CSV's (which is never wrapped)
    joined = unwrap(r.stdout)
    rows = list(csv.DictReader(io.StringIO(run("lists", "--format", "csv", DATA).stdout)))
    assert all(row["reason"] in joined for row in rows)


def test_every_command_that_prints_data_prints_json(tmp_path):
    ledger = str(tmp_path / "j.ledger")
    policy = tmp_path / "p.yaml"
    policy.write_text(run("policy").stdout, encoding="utf-8")
    commands = [["evaluate", DATA], ["explain", DATA, "VL001"], ["lists", DATA], ["awards", DATA],
                ["diff", "--policy-b", str(policy), DATA], ["review", "--ledger", ledger, "--period", "2024", DATA],
                ["history", "--ledger", ledger, "VL001"], ["ledger", "--ledger", ledger, "periods"],
                ["ledger", "--ledger", ledger, "verify"], ["rotation", "--start", "2025-01"], ["demo"],
                ["check", str(policy)], ["policy"]]
    for args in commands:
        r = run(*args, "--format", "json")
        assert r.returncode == 0, (args, r.stderr)
        json.loads(r.stdout)


def on_a_terminal(args, env):
    """Run with standard output on a pseudo-terminal; what it printed."""
    import pty
    master, slave = pty.openpty()
    p = subprocess.Popen([CLI, *args], stdout=slave, stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    p.wait()
    os.close(master)
    return out.decode("utf-8", "replace")


def test_color_follows_the_option_the_terminal_and_no_color():
    assert "\033[1m" in run("lists", "--color", "always", DATA).stdout
    assert "\033[32m[pass]" in run("explain", "--color", "always", DATA, "VL001").stdout
    assert "\033[" not in run("lists", "--color", "never", DATA).stdout
    assert "\033[" not in run("lists", DATA).stdout  # auto, and not a terminal
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm"
    assert "\033[1m" in on_a_terminal(["lists", DATA], env)
    assert "\033[" not in on_a_terminal(["lists", DATA], dict(env, NO_COLOR="1"))
    assert "\033[" not in run("lists", "--color", "always", "--format", "csv", DATA).stdout
    r = run("lists", "--color", "sometimes", DATA)
    assert r.returncode == 2 and "auto, always or never" in r.stderr


def test_gaps_agree_with_explain_for_every_unit():
    units = json.loads(run("gaps", "--format", "json", DATA).stdout)["units"]
    evaluated = list(csv.DictReader(io.StringIO(run("evaluate", "--format", "csv", DATA).stdout)))
    assert {u["id"] for u in units} == {r["id"] for r in evaluated if r["tier"] != "5"}
    for u in units:
        explained = json.loads(run("explain", "--format", "json", DATA, u["id"]).stdout)
        clauses = {(r["key"], c["text"]): c for r in explained["reasons"] if r["kind"] == "criterion"
                   for c in r["clauses"]}
        for crit in u["criteria"]:
            for g in crit["gaps"]:
                c = clauses[(crit["key"], g["clause"])]
                assert c["verdict"] != "pass"
                if g["gap"] is not None:
                    assert (c["actual"], c["threshold"]) == (g["actual"], g["threshold"])
                    assert g["gap"] == pytest.approx(abs(g["threshold"] - g["actual"]))


def test_gaps_one_flag_short_in_a_township():
    r = run("gaps", "--town", "古绛镇", "--format", "csv", DATA)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows and all(row["town"] == "古绛镇" for row in rows)
    assert rows[0]["rank"] == "1" and float(rows[0]["gap"]) > 0
