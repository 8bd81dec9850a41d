"""The tool in Chinese: with a Chinese locale (LANG=zh_CN.UTF-8) or --lang zh
its messages, --help and table headers are Chinese, and so are the library's
errors (gettext); --lang en is English whatever the locale; CSV and JSON keep
their English column names unless --headers zh asks for the labels."""
import csv
import io
import json
import os
import subprocess

import pytest

CLI = os.environ["WUHONG_CLI"]
SRC = os.environ["WUHONG_SOURCE_DIR"]
DATA = os.path.join(SRC, "examples", "data", "jiangxian.csv")
LOCPATH = os.environ.get("WUHONG_TEST_LOCPATH")
pytestmark = pytest.mark.skipif(not LOCPATH, reason="built without NLS (-Dnls=disabled)")


def run(args, lang=None, cwd=None):
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANGUAGE", "LC_MESSAGES", "LANG")}
    if lang:
        env["LANG"] = lang
        env["LOCPATH"] = LOCPATH
    return subprocess.run([CLI] + args, capture_output=True, text=True, env=env, cwd=cwd)


@pytest.fixture
def bad_cell(tmp_path):
    with open(DATA, encoding="utf-8", newline="") as f:
        t = list(csv.reader(f))
    t[3][t[0].index("party_meetings")] = "十二"
    p = tmp_path / "村.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows(t)
    p.write_text(buf.getvalue(), encoding="utf-8")
    return str(p)


def test_a_bad_cell_is_reported_in_chinese_under_a_chinese_locale(bad_cell):
    r = run(["evaluate", bad_cell], lang="zh_CN.UTF-8")
    assert r.returncode == 1
    assert ":4:6: 单位 VL003：“party_meetings”列 (主题党日活动)：“十二”不是数字；应为数字（留空表示缺失）" in r.stderr
    assert r.stdout == ""
    assert run(["evaluate", "--max-errors", "1", bad_cell + "x"], lang="zh_CN.UTF-8").stderr.endswith("无法打开：没有那个文件或目录\n")


def test_lang_en_is_english_under_a_chinese_locale(bad_cell):
    r = run(["evaluate", "--lang", "en", bad_cell], lang="zh_CN.UTF-8")
    assert r.returncode == 1
    assert ":4:6: unit VL003: column 'party_meetings' (主题党日活动): '十二' is not a number" in r.stderr


def test_a_chinese_lang_is_chinese_even_where_its_locale_is_not_installed(bad_cell):
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANGUAGE", "LC_MESSAGES", "LOCPATH")}
    env["LANG"] = "zh_CN.UTF-8"
    env["LOCPATH"] = os.path.join(os.path.dirname(LOCPATH), "no-locales-here")
    r = subprocess.run([CLI, "evaluate", bad_cell], capture_output=True, text=True, env=env)
    assert r.returncode == 1 and "“十二”不是数字" in r.stderr


def test_lang_zh_is_chinese_without_a_chinese_locale(bad_cell):
    r = run(["--lang=zh", "evaluate", bad_cell])  # no LANG at all: the C locale
    assert r.returncode == 1
    assert "“十二”不是数字" in r.stderr
    r = run(["evaluate", bad_cell])
    assert "'十二' is not a number" in r.stderr


def test_help_and_usage_errors_in_chinese():
    r = run(["evaluate", "--help"], lang="zh_CN.UTF-8")
    assert r.returncode == 0
    assert r.stdout.startswith("用法：wuhong evaluate [选项] DATA.csv\n\n每个单位的红旗数、等次和奖励\n\n选项：\n")
    assert "  --policy FILE              政策文件（默认：内置的绛县政策）\n" in r.stdout
    r = run(["--help"], lang="zh_CN.UTF-8")
    assert "按“五面红旗”创建活动的规则进行评定。" in r.stdout
    assert "  lists DATA.csv           红黑榜，附每个单位的理由\n" in r.stdout
    r = run(["evaluate", "--format", "pdf", DATA], lang="zh_CN.UTF-8")
    assert r.returncode == 2
    assert r.stderr == "wuhong: 未知的格式“pdf”；应为 table、csv 或 json\n请试试“wuhong evaluate --help”。\n"
    r = run(["evaluate", "--lang", "fr", DATA])
    assert r.returncode == 2 and "--lang needs zh or en, not 'fr'" in r.stderr


def test_tables_have_chinese_headers_csv_and_json_keep_their_names():
    r = run(["evaluate", "--sector", "village", DATA], lang="zh_CN.UTF-8")
    assert r.returncode == 0
    head = r.stdout.splitlines()[0].split()
    assert head[:6] == ["编号", "名称", "领域", "乡镇", "上级党组织", "红旗数"]
    assert "\n共 132 个单位，奖励 2200000.00 元\n" in r.stdout
    r = run(["evaluate", "--format", "csv", DATA], lang="zh_CN.UTF-8")
    assert r.stdout.splitlines()[0] == "id,name,sector,town,committee,flags,flag_mask,missing_mask,veto,tier,tier_name,amount"


def test_headers_zh_names_csv_and_json_columns_by_their_labels():
    r = run(["lists", "--format", "csv", "--headers", "zh", DATA])
    assert r.returncode == 0
    assert r.stdout.splitlines()[0] == "榜单,名次,编号,名称,领域,乡镇,红旗数,等次,理由"
    en = run(["lists", "--format", "csv", DATA]).stdout.splitlines()
    assert r.stdout.splitlines()[1:] == en[1:]
    j = json.loads(run(["evaluate", "--format", "json", "--headers", "zh", "--sector", "village", DATA]).stdout)
    unit = j["units"][0]  # the document's structure keeps its keys; the columns are labelled
    assert {"编号", "名称", "红旗数", "等次", "奖励金额（分）", "criteria"} <= set(unit)
    assert unit["criteria"][0]["结论"] in ("pass", "fail", "missing")
    r = run(["lists", "--headers", "jp", DATA])
    assert r.returncode == 2 and "--headers needs zh or en, not 'jp'" in r.stderr


def test_one_glossary_the_chinese_columns_read_back_as_data(tmp_path):
    """The committee column was shown as 所属村（居）, which the loader does not read (it is 上级党组织), and 类别
    named the sector going in and the payment kind coming out: a table's Chinese roster headers are the loader's."""
    out = run(["evaluate", "--format", "csv", "--headers", "zh", DATA]).stdout.splitlines()
    roster = out[0].split(",")[:5]
    assert roster == ["编号", "名称", "领域", "乡镇", "上级党组织"]
    with open(DATA, encoding="utf-8") as f:
        lines = f.read().splitlines()
    data = tmp_path / "zh.csv"
    data.write_text("\n".join([",".join(roster + lines[0].split(",")[5:])] + lines[1:]) + "\n", encoding="utf-8")
    assert run(["evaluate", "--format", "csv", str(data)]).stdout == run(["evaluate", "--format", "csv", DATA]).stdout
    ledger = str(tmp_path / "l.ledger")
    assert run(["review", "--ledger", ledger, "--period", "2023", DATA]).returncode == 0
    payments = run(["ledger", "--ledger", ledger, "--format", "csv", "--headers", "zh", "payments"]).stdout.splitlines()[0]
    assert "类型" in payments.split(",") and "类别" not in payments  # a payment's kind, as adjustments read it
    totals = run(["ledger", "--ledger", ledger, "totals"], lang="zh_CN.UTF-8").stdout.splitlines()[0]
    assert totals.split()[-1] == "合计（元）" and "合计差距" not in totals  # a ledger's total is no gap
