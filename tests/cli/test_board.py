"""`wuhong board`: the boards to publish as an .xlsx workbook (read back with
openpyxl: sheets, headers, totals, the chart, the print setup) and as one
HTML page (rendered in headless Chromium when the machine has it: the page
is not blank and the boards' text is in its DOM)."""
import csv
import re
import io
import os
import shutil
import struct
import subprocess
import zlib

import openpyxl
import pytest

CLI = os.environ["WUHONG_CLI"]
SRC = os.environ["WUHONG_SOURCE_DIR"]
DATA = os.path.join(SRC, "examples", "data", "jiangxian.csv")
ADJ = os.path.join(SRC, "examples", "data", "jiangxian-adjustments.csv")


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True)


def csv_rows(*args):
    r = run(*args, "--format", "csv")
    assert r.returncode == 0, r.stderr
    return list(csv.DictReader(io.StringIO(r.stdout.decode())))


def test_the_workbook(tmp_path):
    path = tmp_path / "红黑榜.xlsx"
    r = run("board", "--adjustments", ADJ, "-o", str(path), DATA)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["按领域统计", "红榜", "黑榜", "奖励资金", "帮扶名单"]
    summary = wb["按领域统计"]
    assert "红黑榜" in summary["A1"].value
    assert [c.value for c in summary[5]] == ["领域", "单位数", "五面红旗示范", "四面红旗", "三面红旗", "未达标",
                                             "一票否决", "奖励资金（元）"]
    # the tally agrees with the evaluation: 21 five-flag units = 12 + 2 + 3 + 4
    by_sector = {row[0]: row for row in summary.iter_rows(min_row=6, max_row=14, values_only=True)}
    assert by_sector["行政村"][2] == 12 and by_sector["社区"][2] == 2 and by_sector["机关"][2] == 3
    assert by_sector["合计"][1] == 346 and by_sector["合计"][2] == 21
    assert by_sector["合计"][7] == 3860000  # the award list's total, adjustments included: one total on every board
    assert len(summary._charts) == 1  # the native chart of tiers by sector
    for name in wb.sheetnames:       # printed: A4 landscape, the header row on every page, frozen
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.print_title_rows == "$5:$5" and ws.freeze_panes == "A6"
    # the lists: what `wuhong lists` says, in the same order
    lists = csv_rows("lists", DATA)
    red = [row for row in wb["红榜"].iter_rows(min_row=6, values_only=True)]
    assert [row[1] for row in red] == [l["id"] for l in lists if l["list"] == "red"]
    assert [c.value for c in wb["黑榜"][5]][:3] == ["名次", "编号", "单位名称"]
    # the award list: every unit paid, then the totals in yuan and 万元, money as #,##0.00
    awards = wb["奖励资金"]
    rows = list(awards.iter_rows(min_row=6, values_only=True))
    paid = [a for a in csv_rows("awards", "--adjustments", ADJ, DATA) if a["amount_fen"] != "0"]
    assert [row[1] for row in rows[:-2]] == [a["id"] for a in paid]
    assert rows[-2][0] == "合计（元）" and rows[-2][6] == 3860000
    assert rows[-1][0] == "合计（万元）" and rows[-1][6] == 386
    liu = next(row for row in rows if row[2] == "柳庄村")
    assert liu[6] == 80000 and liu[7].startswith("五面红旗示范，按标准 60000.00 元；核定为 80000.00 元：积极挖掘")  # 说明 in Chinese
    assert awards["G6"].number_format == "#,##0.00"
    assert awards.column_dimensions["C"].width > 20  # wide enough for the longest Chinese name
    # who to help next: the units one flag short, in the order of `wuhong gaps`, each gap with its numbers
    short = []
    for g in csv_rows("gaps", DATA):
        if g["flags_short"] == "1" and g["total"] != "" and g["id"] not in short:  # "" : no gap closes it
            short.append(g["id"])
    helped = list(wb["帮扶名单"].iter_rows(min_row=6, values_only=True))
    assert [row[1] for row in helped] == short
    first = next(g for g in csv_rows("gaps", DATA) if g["id"] == short[0])
    assert f"差 {float(first['gap']):g}" in helped[0][7] and f"需 {float(first['threshold']):g}" in helped[0][7]


def test_a_workbook_is_not_for_a_terminal_and_formats_are_checked(tmp_path):
    r = run("board", "--format", "pdf", "-o", str(tmp_path / "b.pdf"), DATA)
    assert r.returncode == 2 and b"a board is xlsx or html" in r.stderr
    r = run("evaluate", "--format", "xlsx", DATA)
    assert r.returncode == 2 and b"expected table, csv or json" in r.stderr
    assert not (tmp_path / "b.pdf").exists()


def test_the_page_is_self_contained(tmp_path):
    r = run("board", "--format", "html", "--adjustments", ADJ, DATA)
    assert r.returncode == 0, r.stderr
    page = r.stdout.decode()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    for needle in ("<h2>红榜</h2>", "<h2>黑榜</h2>", "<h2>奖励资金发放名单</h2>", "<svg", "@page{size:A4 landscape",
                   'name="viewport"', "柳庄村", "3,860,000.00 元（386.00 万元）"):
        assert needle in page, needle
    # nothing fetched from anywhere: no script, no link, no src; the only URL is SVG's namespace
    for forbidden in ("<script", "<link", " src=", "url("):
        assert forbidden not in page
    assert {u for u in page.split('"') if u.startswith("http")} == {"http://www.w3.org/2000/svg"}


def png_ink(path):
    """The fraction of a PNG's pixels that are not near white, and its width (8-bit RGB or RGBA)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", data[pos + 8:pos + 18])
        elif kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    assert depth == 8 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw, stride, prev, dark, seen = zlib.decompress(idat), width * bpp, bytearray(width * bpp), 0, 0
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # undo the row's filter (PNG: none, sub, up, average, Paeth)
            a_, b_, c_ = line[i - bpp] if i >= bpp else 0, prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a_) & 255
            elif kind == 2:
                line[i] = (line[i] + b_) & 255
            elif kind == 3:
                line[i] = (line[i] + (a_ + b_) // 2) & 255
            elif kind == 4:
                p_ = a_ + b_ - c_
                pa, pb, pc = abs(p_ - a_), abs(p_ - b_), abs(p_ - c_)
                line[i] = (line[i] + (a_ if pa <= pb and pa <= pc else b_ if pb <= pc else c_)) & 255
        if y % 8 == 0:
            for x in range(0, width, 8):
                seen += 1
                dark += min(line[x * bpp:x * bpp + 3]) < 200
        prev = line
    return dark / seen, width


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed (CI installs it)")
def test_the_page_in_a_real_browser(tmp_path):
    page = tmp_path / "board.html"
    assert run("board", "--format", "html", "-o", str(page), DATA).returncode == 0
    chrome = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    shot = tmp_path / "board.png"
    r = subprocess.run(chrome + [f"--screenshot={shot}", "--window-size=1240,1754", page.as_uri()],
                       capture_output=True, timeout=120)
    assert shot.exists(), r.stderr.decode()[-2000:]
    ink, width = png_ink(shot)
    assert width == 1240 and 0.01 < ink < 0.6, ink  # drawn: neither blank nor a filled page
    dom = subprocess.run(chrome + ["--dump-dom", page.as_uri()], capture_output=True, timeout=120).stdout.decode()
    for needle in ("红榜", "黑榜", "郝家窑村", "五面红旗示范", "各领域红旗等次单位数", "</svg>"):
        assert needle in dom, needle
    # a posted board at A4 landscape's width (1123 px): every board fits, none scrolls sideways (the award list's
    # 说明 did not wrap and ran to 2070 px); the heading, the period and the issuer are on it
    posted = tmp_path / "posted.html"
    assert run("board", "--adjustments", ADJ, "--period", "2024", "--issuer", "中共绛县县委组织部", "-o", str(posted),
               DATA).returncode == 0
    probe = tmp_path / "probe.html"
    probe.write_text(posted.read_text(encoding="utf-8").replace(
        "</body>", "<script>document.title = Array.from(document.querySelectorAll('.scroll')).map(function (s) "
        "{ return s.parentNode.id + ':' + (s.scrollWidth - s.clientWidth); }).join(' ')</script></body>"),
        encoding="utf-8")
    dom = subprocess.run(chrome + ["--window-size=1123,794", "--dump-dom", probe.as_uri()], capture_output=True,
                         timeout=120).stdout.decode()
    widths = re.search(r"<title>([^<]*)</title>", dom).group(1).split()
    assert len(widths) == 6 and all(w.endswith(":0") for w in widths), widths
    assert "<h1>绛县“五面红旗”示范创建红黑榜</h1>" in dom and "2024年度 · 中共绛县县委组织部" in dom
    # a phone's width: the page still lays out (the tables scroll inside it)
    phone = tmp_path / "phone.png"
    subprocess.run(chrome + [f"--screenshot={phone}", "--window-size=390,844", page.as_uri()], capture_output=True,
                   timeout=120)
    assert png_ink(phone)[1] == 390


def test_the_veto_column_counts_the_vetoed_units(tmp_path):
    """The 一票否决 column was 0 on both boards while the black list named VL010 and PE001 as vetoed."""
    path = tmp_path / "b.xlsx"
    assert run("board", "-o", str(path), DATA).returncode == 0
    summary = openpyxl.load_workbook(path)["按领域统计"]
    by_sector = {row[0]: row for row in summary.iter_rows(min_row=6, max_row=14, values_only=True)}
    vetoed = [e for e in csv_rows("evaluate", DATA) if e["veto"] != "0"]
    assert len(vetoed) >= 2
    assert by_sector["合计"][6] == len(vetoed)
    assert by_sector["行政村"][6] == sum(e["sector"] == "village" for e in vetoed)
    html = tmp_path / "b.html"
    assert run("board", "--format", "html", "-o", str(html), DATA).returncode == 0
    page = html.read_text(encoding="utf-8")
    total = re.search(r'<tr class="total"><td>合计</td>((?:<td class="n">[^<]*</td>)+)</tr>', page)
    cells = re.findall(r'<td class="n">([^<]*)</td>', total.group(1))
    assert cells[0] == "346" and cells[5] == str(len(vetoed))


def test_the_output_name_chooses_the_format(tmp_path):
    """`board -o X.html` without --format wrote a workbook into the .html file."""
    page = tmp_path / "红黑榜.html"
    r = run("board", "-o", str(page), DATA)
    assert r.returncode == 0, r.stderr
    assert page.read_bytes().startswith(b"<!DOCTYPE html>")
    book = tmp_path / "红黑榜.XLSX"
    assert run("board", "-o", str(book), DATA).returncode == 0
    assert book.read_bytes()[:2] == b"PK"
    # a name that disagrees with --format is refused, and nothing is written
    wrong = tmp_path / "wrong.html"
    r = run("board", "--format", "xlsx", "-o", str(wrong), DATA)
    assert r.returncode == 2 and not wrong.exists()
    assert b"names an HTML page, but --format is xlsx" in r.stderr


def test_help_and_completion_list_the_boards_formats():
    help = run("board", "--help").stdout.decode()
    line = next(l for l in help.splitlines() if l.strip().startswith("--format"))
    assert "xlsx" in line and "html" in line and "table" not in line
    script = run("completion", "bash").stdout.decode()
    assert 'board) COMPREPLY=($(compgen -W "xlsx html"' in script


def test_a_board_a_county_can_post(tmp_path):
    """The heading was the default policy's name, '(default, illustrative thresholds)' and all."""
    page = tmp_path / "b.html"
    r = run("board", "--period", "2024", "--issuer", "中共绛县县委组织部", "-o", str(page), DATA)
    assert r.returncode == 0, r.stderr
    html = page.read_text(encoding="utf-8")
    assert "<h1>绛县“五面红旗”示范创建红黑榜</h1>" in html and "illustrative" not in html
    assert '<p class="byline">2024年度 · 中共绛县县委组织部</p>' in html
    # the award list's amounts grouped by thousands, its 说明 column wrapping like every reason
    assert "<td class=\"n\">3,840,000.00</td>" in html and "3840000.00" not in html  # grouped everywhere on the page
    assert "white-space:nowrap" in html and "td.reason{white-space:normal" in html
    assert re.search(r'<td class="n">60,000\.00</td><td class="reason">五面红旗示范，按标准 60000\.00 元</td>', html)
    # a title as given; the workbook carries the same heading
    book = tmp_path / "b.xlsx"
    assert run("board", "--title", "2024年度五面红旗评定结果公示", "--period", "2024-12", "-o", str(book), DATA).returncode == 0
    ws = openpyxl.load_workbook(book)["红榜"]
    assert ws["A1"].value == "2024年度五面红旗评定结果公示" and ws["A3"].value == "2024年12月"
    # from the policy: board: {title, issuer}
    policy = tmp_path / "county.yaml"
    text = run("policy").stdout.decode().replace("board: {title: 绛县“五面红旗”示范创建}",
                                                 "board: {title: 绛县示范创建, issuer: 中共绛县县委组织部}")
    policy.write_text(text, encoding="utf-8")
    assert run("board", "--policy", str(policy), "-o", str(page), DATA).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "<h1>绛县示范创建红黑榜</h1>" in html and '<p class="byline">中共绛县县委组织部</p>' in html
