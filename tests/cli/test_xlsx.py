"""An .xlsx workbook as Excel and WPS write it gives the results of the CSV:
numbers, shared and inline strings, booleans, empty cells, percentages, a
named sheet; errors name the cell as Excel does (Sheet1!C17)."""
import csv
import os
import subprocess
import zipfile

import openpyxl
import pytest

CLI = os.environ["WUHONG_CLI"]
SRC = os.environ["WUHONG_SOURCE_DIR"]
DATA = os.path.join(SRC, "examples", "data", "jiangxian.csv")
PERCENT = {"three_one_rate", "toilet_rate", "waste_rate", "grid_coverage", "mediation_rate", "satisfaction",
           "task_completion", "labor_contract_rate"}


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True)


CLEAN = run("evaluate", "--format", "csv", DATA).stdout


def bundled_rows():
    with open(DATA, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def workbook(path, percent_as_fraction=False, title="Sheet1"):
    """The bundled data as a clerk's workbook: numbers as numbers, empty cells empty."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    table = bundled_rows()
    head = table[0]
    for i, r in enumerate(table):
        out = []
        for k, c in enumerate(r):
            if i == 0 or k < 5 or c == "":
                out.append(c if c != "" else None)
                continue
            v = float(c)
            if percent_as_fraction and head[k] in PERCENT:
                v = v / 100
            out.append(int(v) if v.is_integer() else v)
        ws.append(out)
    if percent_as_fraction:
        for k, name in enumerate(head):
            if name in PERCENT:
                for row in ws.iter_rows(min_row=2, min_col=k + 1, max_col=k + 1):
                    row[0].number_format = "0.0%"
    wb.save(path)
    return str(path)


def test_an_xlsx_copy_of_the_bundled_data_evaluates_as_the_csv(tmp_path):
    book = workbook(tmp_path / "jiangxian.xlsx")
    r = run("evaluate", "--format", "csv", book)
    assert r.returncode == 0, r.stderr
    assert r.stdout == CLEAN
    # every command that reads data reads a workbook
    assert run("lists", "--format", "csv", book).stdout == run("lists", "--format", "csv", DATA).stdout
    assert run("gaps", "--format", "csv", book).stdout == run("gaps", "--format", "csv", DATA).stdout


def test_percent_cells_are_read_as_the_percentage_they_show(tmp_path):
    book = workbook(tmp_path / "pct.xlsx", percent_as_fraction=True)
    r = run("evaluate", "--format", "csv", book)
    assert r.returncode == 0, r.stderr
    assert r.stdout == CLEAN


def test_a_named_sheet(tmp_path):
    path = tmp_path / "two.xlsx"
    workbook(path, title="说明")
    wb = openpyxl.load_workbook(path)
    wb["说明"].title = "数据"
    notes = wb.create_sheet("说明", 0)  # the first sheet is a note, not the data
    notes["A1"] = "2024年度五面红旗评定"
    wb.save(path)
    r = run("evaluate", "--format", "csv", "--sheet", "数据", str(path))
    assert r.returncode == 0, r.stderr
    assert r.stdout == CLEAN
    r = run("evaluate", "--sheet", "Sheet9", str(path))
    assert r.returncode == 1
    assert "the workbook has no sheet 'Sheet9'; it has '说明', '数据'" in r.stderr


def test_a_bad_cell_is_named_as_excel_names_it(tmp_path):
    path = tmp_path / "bad.xlsx"
    workbook(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    col = [c.value for c in ws[1]].index("party_meetings") + 1
    ws.cell(row=17, column=col, value="十二")
    wb.save(path)
    r = run("evaluate", str(path))
    assert r.returncode == 1
    letter = openpyxl.utils.get_column_letter(col)
    unit = ws.cell(row=17, column=1).value
    assert f"bad.xlsx: Sheet1!{letter}17: unit {unit}: column 'party_meetings'" in r.stderr
    assert "'十二' is not a number" in r.stderr


def handmade(path, sheet_xml, strings_xml=None, styles_xml=None):
    """A minimal workbook written part by part, as other programs (WPS, exporters) do."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                   'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets>'
                   '<x:sheet name="数据" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>')
        z.writestr("xl/worksheets/data.xml", sheet_xml)
        if strings_xml:
            z.writestr("xl/sharedStrings.xml", strings_xml)
        if styles_xml:
            z.writestr("xl/styles.xml", styles_xml)
    return str(path)


POLICY = os.path.join(SRC, "tests", "cli", "xlsx-policy.yaml")


def test_inline_and_rich_strings_booleans_and_cells_without_references(tmp_path):
    # the x: prefix, inline strings, a rich-text shared string with a phonetic
    # run, a boolean, a percent style, cells and rows without r=
    sheet = ('<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<x:sheetData>'
             '<x:row><x:c t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c><x:c t="s"><x:v>0</x:v></x:c>'
             '<x:c t="inlineStr"><x:is><x:t>sector</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>town</x:t></x:is>'
             '</x:c><x:c t="inlineStr"><x:is><x:t>done</x:t></x:is></x:c>'
             '<x:c t="inlineStr"><x:is><x:t>rate</x:t></x:is></x:c></x:row>'
             '<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:r><x:t>U</x:t></x:r><x:r><x:t>1</x:t></x:r></x:is></x:c>'
             '<x:c r="B3" t="s"><x:v>1</x:v></x:c><x:c r="C3" t="inlineStr"><x:is><x:t>village</x:t></x:is></x:c>'
             '<x:c r="D3" t="inlineStr"><x:is><x:t>t</x:t></x:is></x:c><x:c r="E3" t="b"><x:v>1</x:v></x:c>'
             '<x:c r="F3" s="1"><x:v>0.969</x:v></x:c></x:row>'
             '<x:row r="4"><x:c r="A4" t="str"><x:v>U2</x:v></x:c><x:c r="B4" t="s"><x:v>1</x:v></x:c>'
             '<x:c r="C4" t="inlineStr"><x:is><x:t>village</x:t></x:is></x:c>'
             '<x:c r="D4" t="inlineStr"><x:is><x:t>t</x:t></x:is></x:c><x:c r="E4" t="b"><x:v>0</x:v></x:c>'
             '<x:c r="F4" s="0"><x:v>97</x:v></x:c></x:row>'
             '</x:sheetData></x:worksheet>')
    strings = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<si><t>name</t></si><si><r><t>柳</t></r><r><t>庄村</t></r><rPh><t>liu</t></rPh></si></sst>')
    styles = ('<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
              '<cellStyleXfs count="1"><xf numFmtId="9"/></cellStyleXfs>'
              '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>')
    book = handmade(tmp_path / "wps.xlsx", sheet, strings, styles)
    r = run("evaluate", "--policy", POLICY, "--format", "csv", book)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[1].startswith("U1,柳庄村,village,t,") and ",2,11000," in lines[1]   # done and 96.9 >= 95
    assert lines[2].startswith("U2,柳庄村,village,t,") and ",1,01000," in lines[2]   # 97, but not done
    # a shared string the workbook does not hold: the cell is named
    bad = handmade(tmp_path / "bad.xlsx", sheet.replace("<x:v>1</x:v></x:c><x:c r=\"C4\"", "<x:v>9</x:v></x:c><x:c r=\"C4\""),
                   strings, styles)
    r = run("evaluate", "--policy", POLICY, bad)
    assert r.returncode == 1 and "bad.xlsx: 数据!B4: the cell refers to shared string 9" in r.stderr


@pytest.mark.parametrize("damage, says", [
    ("truncated", "not a readable .xlsx workbook"),
    ("not-xlsx", "an .xlsx file should hold xl/workbook.xml"),
    ("bad-xml", "xl/worksheets/data.xml, line 1: "),
])
def test_a_damaged_workbook_is_an_error_that_says_so(tmp_path, damage, says):
    path = tmp_path / "d.xlsx"
    if damage == "truncated":
        workbook(path)
        path.write_bytes(path.read_bytes()[:2000])
    elif damage == "not-xlsx":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
    else:
        handmade(path, '<?xml version="1.0"?><worksheet><sheetData><row><c><v>1</v></row></sheetData></worksheet>')
    r = run("evaluate", str(path))
    assert r.returncode == 1, r.stderr
    assert says in r.stderr


def test_the_creation_list_and_adjustments_from_workbooks(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位", "申报", "推荐", "推荐单位", "推荐理由", "审定", "审定单位", "审定理由"])
    ws.append(["VL001", 5, "是", "古绛镇党委", "", "批准", "县委常委会", ""])
    wb.save(tmp_path / "apps.xlsx")
    r = run("review", "--ledger", str(tmp_path / "l.ledger"), "--period", "2023", "--applications",
            str(tmp_path / "apps.xlsx"), "--format", "csv", DATA)
    assert r.returncode == 0, r.stderr
    assert [l.split(",")[3] for l in r.stdout.splitlines()[1:]] == ["applied", "recommended", "approved",
                                                                      "accepted", "awarded"]
