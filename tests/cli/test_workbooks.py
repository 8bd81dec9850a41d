"""Workbooks and CSV files laid out the way county offices lay them out give
either the clean CSV's exact results or an error naming the sheet and cell
(or file and line) and what was seen: never a silent difference.

Each case builds its file from the bundled data: title rows above the header,
merged cells, hidden and active sheets, dates, formulas with and without saved
values, numbers stored as text, percent formats, trailing blank rows, a WPS
export in GB18030."""
import csv
import datetime
import io
import math
import os
import re
import subprocess
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter

CLI = os.environ["WUHONG_CLI"]
SRC = os.environ["WUHONG_SOURCE_DIR"]
DATA = os.path.join(SRC, "examples", "data", "jiangxian.csv")
PERCENT = {"three_one_rate", "toilet_rate", "waste_rate", "grid_coverage", "mediation_rate", "satisfaction",
           "task_completion", "labor_contract_rate"}
TITLE = "2024年绛县五面红旗考核数据"


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True)


CLEAN = run("evaluate", "--format", "csv", DATA).stdout
TABLE = list(csv.reader(open(DATA, encoding="utf-8", newline="")))
HEAD = TABLE[0]


def number(text):
    v = float(text)
    return int(v) if v.is_integer() else v


def sheet_rows(as_text=False, fraction=False):
    """The bundled table as a clerk's sheet: numbers as numbers (or as text), empty cells empty."""
    out = [list(HEAD)]
    for r in TABLE[1:]:
        row = []
        for k, c in enumerate(r):
            if k < 5 or c == "":
                row.append(c or None)
            elif as_text:
                row.append(c)
            else:
                v = number(c)
                row.append(v / 100 if fraction and HEAD[k] in PERCENT else v)
        out.append(row)
    return out


def book(path, rows, title_rows=(), sheet="数据", before=None):
    """A workbook whose data sheet has `title_rows` above the table, and optionally
    a sheet before it: ("说明", hidden?)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for t in title_rows:
        ws.append(t)
    for r in rows:
        ws.append(r)
    if title_rows:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=12)
    if before:
        name, hidden = before
        other = wb.create_sheet(name, 0)
        # a stale copy of the roster with other values: read, it would give other results
        other.append(HEAD[:6])
        other.append(["VL001", "郝家窑村", "village", "古绛镇", "古绛镇党委", 0])
        if hidden:
            other.sheet_state = "hidden"
    wb.active = wb.sheetnames.index(sheet)
    wb.save(path)
    return str(path)


def evaluate(path, *extra):
    r = run("evaluate", "--format", "csv", *extra, str(path))
    return r.returncode, r.stdout, r.stderr


def same_as_csv(path, *extra):
    rc, out, err = evaluate(path, *extra)
    assert rc == 0, err
    assert out == CLEAN
    return err


def col(name):
    return HEAD.index(name) + 1


def test_a_title_and_an_issuer_row_above_the_header(tmp_path):
    path = book(tmp_path / "title.xlsx", sheet_rows(),
                title_rows=[[TITLE], ["填报单位：县委组织部", None, None, None, None, "填报日期：2024年12月"]])
    err = same_as_csv(path)
    assert "title.xlsx: 数据 row 3: the header is on this row; the rows above it are not read (a title)" in err
    # --header-row names it; a wrong one is an error that says where the header was expected
    assert evaluate(path, "--header-row", "3")[1] == CLEAN
    rc, out, err = evaluate(path, "--header-row", "2")
    assert rc == 1 and out == "" and "数据 row 2: column 2 of the header has no name" in err
    # a column the policy needs and the header lacks is named at the header's row (it said row 1, the title)
    k = col("party_meetings") - 1
    lacking = book(tmp_path / "lacking.xlsx", [r[:k] + r[k + 1:] for r in sheet_rows()], title_rows=[[TITLE]])
    rc, _, err = evaluate(lacking)
    assert rc == 1 and "lacking.xlsx: 数据 row 2: the data has no column 'party_meetings'" in err


def test_no_header_in_the_first_rows_is_an_error_that_says_so(tmp_path):
    path = book(tmp_path / "deep.xlsx", sheet_rows(), title_rows=[[TITLE]] + [[f"说明 {k}"] for k in range(11)])
    rc, out, err = evaluate(path)
    assert rc == 1 and "no header row in the first 10 rows" in err and "--header-row N" in err
    assert evaluate(path, "--header-row", "13")[1] == CLEAN


def test_a_hidden_first_sheet_is_not_the_data(tmp_path):
    path = book(tmp_path / "hidden.xlsx", sheet_rows(), before=("旧数据", True))
    same_as_csv(path)
    rc, _, err = evaluate(path, "--sheet", "Sheet9")
    assert rc == 1 and "it has '旧数据' (hidden), '数据'" in err


def test_the_sheet_the_workbook_opens_on(tmp_path):
    path = book(tmp_path / "active.xlsx", sheet_rows(), before=("说明", False))
    same_as_csv(path)  # 说明 is first and visible, but the workbook opens on 数据


def test_a_township_merged_down_its_units(tmp_path):
    rows = sheet_rows()
    body = sorted(rows[1:], key=lambda r: r[3])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append([TITLE])
    ws.merge_cells("A1:XFD1")  # a title merged across the whole row: filled no further than the columns
    ws.append(HEAD)
    for r in body:
        ws.append(r)
    t = col("town")
    first = 3
    for i in range(3, 3 + len(body) + 1):
        if i == 3 + len(body) or ws.cell(i, t).value != ws.cell(first, t).value:
            if i - 1 > first:
                for x in range(first + 1, i):
                    ws.cell(x, t).value = None
                ws.merge_cells(start_row=first, start_column=t, end_row=i - 1, end_column=t)
            first = i
    wb.save(tmp_path / "merged.xlsx")
    rc, out, err = evaluate(tmp_path / "merged.xlsx")
    assert rc == 0, err
    assert sorted(out.splitlines()) == sorted(CLEAN.splitlines())


def test_numbers_stored_as_text(tmp_path):
    same_as_csv(book(tmp_path / "text.xlsx", sheet_rows(as_text=True)))


def test_percent_formatted_cells(tmp_path):
    path = tmp_path / "pct.xlsx"
    book(path, sheet_rows(fraction=True))
    wb = openpyxl.load_workbook(path)
    for k, name in enumerate(HEAD):
        if name in PERCENT:
            for (c,) in wb["数据"].iter_rows(min_row=2, min_col=k + 1, max_col=k + 1):
                c.number_format = "0.0%"
    wb.save(path)
    same_as_csv(path)


def saved_formulas(path, values):
    """Formulas whose values were saved, as Excel and WPS save them: openpyxl writes
    the formula and an empty value, which is filled in here."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    for ref, v in values.items():
        xml, n = re.subn(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/?>(</v>)?', rf"\g<1><v>{v}</v>", xml)
        assert n == 1, ref
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)


def test_formulas_with_saved_values_read_as_their_values(tmp_path):
    rows = sheet_rows()
    k = col("party_meetings")
    values = {}
    for i, r in enumerate(rows[1:], start=2):
        if r[k - 1] is not None:
            # what a formula's result is stored as when it is not a whole decimal (17 -> 16.999999999999996)
            values[f"{get_column_letter(k)}{i}"] = repr(math.nextafter(r[k - 1], 0)) if i % 2 else str(r[k - 1])
            r[k - 1] = f"=SUM({r[k - 1]})"
    path = tmp_path / "formulas.xlsx"
    book(path, rows)
    saved_formulas(path, values)
    same_as_csv(path)


def test_a_formula_without_a_saved_value_is_an_error_naming_its_cell(tmp_path):
    rows = sheet_rows()
    k = col("party_meetings")
    rows[2][k - 1] = "=B3*0+12"  # written by a program that does not calculate
    path = book(tmp_path / "nocache.xlsx", rows)
    rc, out, err = evaluate(path)
    assert rc == 1 and out == ""
    assert f"nocache.xlsx: 数据!{get_column_letter(k)}3: unit {rows[2][0]}" in err
    assert "'=B3*0+12' is a formula with no saved value: open and save the workbook in Excel/WPS" in err
    zh = run("--lang", "zh", "evaluate", str(path)).stderr
    assert "是公式，没有保存的计算结果" in zh


def test_a_date_typed_into_an_indicator_cell_is_an_error_naming_its_cell(tmp_path):
    rows = sheet_rows()
    k = col("party_meetings")
    rows[4][k - 1] = datetime.date(2024, 12, 13)
    path = book(tmp_path / "date.xlsx", rows)
    rc, out, err = evaluate(path)
    assert rc == 1 and out == ""
    assert f"date.xlsx: 数据!{get_column_letter(k)}5: unit {rows[4][0]}" in err
    assert "'2024-12-13' is a date, not a number" in err
    # a date typed into a CSV is the same error, with the file's line
    t = [list(r) for r in TABLE]
    t[4][k - 1] = "2024/12/13"
    p = tmp_path / "date.csv"
    p.write_text("\n".join(",".join(r) for r in t) + "\n", encoding="utf-8")
    rc, _, err = evaluate(p)
    assert rc == 1 and f"date.csv:5:{k}: unit {t[4][0]}" in err and "'2024/12/13' is a date, not a number" in err


def test_trailing_blank_rows_of_a_workbook(tmp_path):
    rows = sheet_rows() + [[" ", "  "], [None] * 5, ["\u3000"]]
    path = book(tmp_path / "blank.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    ws = wb["数据"]
    ws.cell(ws.max_row + 3, 8).number_format = "0.00"  # a formatted, empty cell
    wb.save(path)
    same_as_csv(path)


def csv_text(rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def test_a_csv_export_ending_in_rows_of_commas(tmp_path):
    p = tmp_path / "commas.csv"
    p.write_text(csv_text(TABLE) + ("," * (len(HEAD) - 1) + "\r\n") * 3 + " , ,\r\n", encoding="utf-8-sig")
    same_as_csv(p)


def test_a_wps_export_in_gb18030_with_a_title_and_chinese_headers(tmp_path):
    chinese = {"id": "编号", "name": "名称", "sector": "领域", "town": "乡镇", "committee": "党委"}
    head = [chinese.get(h, h) for h in HEAD]
    rows = [[TITLE] + [""] * (len(HEAD) - 1), head] + TABLE[1:] + [[""] * len(HEAD)]
    p = tmp_path / "wps.csv"
    p.write_bytes(csv_text(rows).encode("gb18030"))
    err = same_as_csv(p)
    assert "wps.csv:2: the header is on this row" in err


def test_row_numbers_are_the_rows_a_clerk_sees(tmp_path):
    """'row N' and file:line named different rows (the record and the line)."""
    t = [list(r) for r in TABLE]
    t[9][col("toilet_rate") - 1] = "120"
    p = tmp_path / "row.csv"
    p.write_text(csv_text(t), encoding="utf-8")
    rc, _, err = evaluate(p)
    assert rc == 1 and f"row.csv:10:{col('toilet_rate')}: unit {t[9][0]}:" in err and "row 9" not in err
    zh = run("--lang", "zh", "evaluate", str(p)).stderr
    assert f"row.csv:10:{col('toilet_rate')}: 单位 {t[9][0]}：" in zh and "第 9 行" not in zh


def test_an_unknown_township_or_sector_names_its_cell_the_choices_and_the_nearest(tmp_path):
    t = [list(r) for r in TABLE]
    t[1][col("town") - 1] = "古降镇"     # a typo a clerk makes
    t[2][col("sector") - 1] = "行证村"
    p = tmp_path / "typo.csv"
    p.write_text(csv_text(t), encoding="utf-8")
    rc, _, err = evaluate(p)
    assert rc == 1
    town, sector = err.splitlines()[:2]
    assert f"typo.csv:2:{col('town')}: unit {t[1][0]}: unknown township '古降镇'; did you mean '古绛镇'?" in town
    assert "townships: 古绛镇, 横水镇, 陈村镇" in town
    assert f"typo.csv:3:{col('sector')}: unit {t[2][0]}: unknown sector '行证村'; did you mean '行政村'?" in sector
    assert "expected one of: 行政村 (village), 社区 (community)" in sector
    zh = run("--lang", "zh", "evaluate", str(p)).stderr
    assert "未知的乡镇“古降镇”；是否应为“古绛镇”？应为政策所列 10 个乡镇之一：古绛镇、横水镇" in zh
    assert "未知的领域“行证村”；是否应为“行政村”？应为以下之一：行政村 (village)、社区 (community)" in zh
    # in a workbook, the cell as Excel names it
    rows = sheet_rows()
    rows[5][col("town") - 1] = "北京镇"
    rc, _, err = evaluate(book(tmp_path / "typo.xlsx", rows))
    assert rc == 1 and f"typo.xlsx: 数据!{get_column_letter(col('town'))}6: unit {rows[5][0]}: unknown township '北京镇'" in err
