"""CSV as Excel and WPS write it gives the results of the clean file: trailing
empty columns, a totals row, "96.9%" in percent columns, thousands separators,
full-width digits, and -, —, /, 无 for no value."""
import csv
import io
import os
import subprocess

CLI = os.environ["WUHONG_CLI"]
SRC = os.environ["WUHONG_SOURCE_DIR"]
DATA = os.path.join(SRC, "examples", "data", "jiangxian.csv")
PERCENT = ["three_one_rate", "toilet_rate", "waste_rate", "grid_coverage", "mediation_rate", "satisfaction",
           "task_completion", "labor_contract_rate"]
FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")


def rows():
    with open(DATA, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write(path, table, extra=""):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(table)
    path.write_text(buf.getvalue() + extra, encoding="utf-8")
    return str(path)


def evaluate(path):
    r = subprocess.run([CLI, "evaluate", "--format", "csv", path], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


CLEAN = evaluate(DATA)[1]


def test_an_export_with_every_quirk_evaluates_as_the_clean_file(tmp_path):
    t = rows()
    head = t[0]
    for r in t[1:]:
        for k, name in enumerate(head):
            if name in PERCENT and r[k]:
                r[k] += "%"                       # 96.9%
            elif name == "party_meetings" and r[k]:
                r[k] = r[k].translate(FULL)       # full-width digits
            elif k > 4 and not r[k]:
                r[k] = "—"                        # what a clerk types for no value
    for r in t:
        r += ["", "", ""]                          # the sheet's empty columns
    quirky = write(tmp_path / "export.csv", t, "合计,,,,,346" + "," * (len(t[0]) - 6) + "\r\n")
    rc, out, err = evaluate(quirky)
    assert rc == 0, err
    assert "notice: " in err and "the totals row (合计) was skipped" in err
    assert out == CLEAN


def test_each_quirk_alone(tmp_path):
    t = rows()
    for r in t:
        r += ["", ""]
    assert evaluate(write(tmp_path / "a.csv", t))[1] == CLEAN   # trailing empty columns
    t = rows()
    for r in t[1:]:
        k = t[0].index("three_one_rate")
        r[k] = r[k] + "%" if r[k] else r[k]
    assert evaluate(write(tmp_path / "b.csv", t))[1] == CLEAN   # a percent sign in a percent column
    t = rows()
    for r in t[1:]:
        k = t[0].index("party_meetings")
        r[k] = "-" if not r[k] else r[k].translate(FULL)
    assert evaluate(write(tmp_path / "c.csv", t))[1] == CLEAN   # full-width digits, "-" for none


def test_a_percent_sign_where_no_percent_belongs_is_an_error(tmp_path):
    t = rows()
    k = t[0].index("party_meetings")
    t[3][k] += "%"
    rc, _, err = evaluate(write(tmp_path / "bad.csv", t))
    assert rc == 1
    assert "has a percent sign, but 'party_meetings' is not a percent indicator" in err and ":4:6: unit VL003:" in err


def test_a_thousands_separator_is_read_in_a_quoted_cell(tmp_path):
    """Communities need service_area >= 1000 (㎡): "1,250" passes it, as 1250 does."""
    t = rows()
    k = t[0].index("service_area")
    row = next(r for r in t[1:] if r[2] == "社区" and r[k] and float(r[k]) >= 1000)
    plain = evaluate(write(tmp_path / "plain.csv", t))[1]
    row[k] = f"{float(row[k]):,.0f}" if float(row[k]) == int(float(row[k])) else f"{float(row[k]):,}"
    assert "," in row[k]
    rc, out, err = evaluate(write(tmp_path / "thousands.csv", t))
    assert rc == 0, err
    assert out == plain


def test_every_problem_of_a_file_in_one_run(tmp_path):
    t = rows()
    h = t[0]
    t[3][h.index("party_meetings")] = "abc"      # a cell that is not a number
    t[5][h.index("toilet_rate")] = "120"         # a percent out of range
    t[8][h.index("town")] = "北京镇"              # a township the policy lacks
    t[10][0] = t[9][0]                           # an id used twice
    t[12][h.index("grid_coverage")] = "十二"      # another cell
    t[14] = t[14][:10]                           # a short row
    path = write(tmp_path / "five.csv", t)
    r = subprocess.run([CLI, "evaluate", "--format", "csv", path], capture_output=True, text=True)
    assert r.returncode == 1 and r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 7 and lines[-1] == "wuhong: 6 problems in the data; nothing was written"
    # in the order of the file, each with its line (and column where a cell is the problem)
    assert [l.split(":")[2] for l in lines[:6]] == ["4", "6", "9", "11", "13", "15"]
    assert "five.csv:4:6: unit VL003: column 'party_meetings'" in lines[0] and "'abc' is not a number" in lines[0]
    assert "five.csv:6:13: unit VL005:" in lines[1] and "120 is out of range for a percent" in lines[1]
    assert "unknown township '北京镇'" in lines[2]
    assert "unit id 'VL009' is used twice" in lines[3]
    assert "five.csv:13:15: unit VL012:" in lines[4]   # the row as in the file
    assert "expected 34 fields as in the header, found 10" in lines[5]
    # at most N
    r = subprocess.run([CLI, "evaluate", "--max-errors", "2", path], capture_output=True, text=True)
    assert r.returncode == 1 and len(r.stderr.splitlines()) == 3
    assert "more problems in the data than the 2 shown (--max-errors N for more)" in r.stderr
    r = subprocess.run([CLI, "evaluate", "--max-errors", "0", path], capture_output=True, text=True)
    assert r.returncode == 2 and "--max-errors needs a number from 1" in r.stderr
    # the clean file still has none
    assert subprocess.run([CLI, "evaluate", DATA], capture_output=True).returncode == 0
