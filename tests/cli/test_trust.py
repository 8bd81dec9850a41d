"""Regressions of the reliability review (issue 9): each reproducer as a test.

Bad input, odd output targets, exhausted disks, huge rules and tampered
ledgers: a clear error and the right exit status, never a crash, never a
lost or half-written file.
"""
import os
import random
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading

import pytest

CLI = os.environ["WUHONG_CLI"]
SRC = os.environ["WUHONG_SOURCE_DIR"]
DATA = os.path.join(SRC, "examples", "data", "jiangxian.csv")


def run(*args, input=None):
    return subprocess.run([CLI, *args], capture_output=True, input=input, timeout=120)


def assert_fails(r, status, *words):
    assert r.returncode == status, (r.returncode, r.stderr.decode())
    msg = r.stderr.decode()
    for w in words:
        assert w in msg, msg


def bad_data(tmp_path):
    """The bundled data with one non-numeric cell."""
    lines = open(DATA, encoding="utf-8").read().splitlines()
    cells = lines[5].split(",")
    cells[6] = "abc"
    lines[5] = ",".join(cells)
    p = tmp_path / "bad.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(p)


# 1. review frees its session twice when the data fails to load
@pytest.mark.parametrize("what", ["bad cell", "missing file", "unknown sector"])
def test_review_with_bad_data_fails_cleanly_and_creates_no_ledger(tmp_path, what):
    ledger = tmp_path / "x.ledger"
    args = ["review", "--ledger", str(ledger), "--period", "2023"]
    if what == "bad cell":
        args.append(bad_data(tmp_path))
    elif what == "missing file":
        args.append(str(tmp_path / "nope.csv"))
    else:
        args += ["--sector", "nope", DATA]
    r = run(*args)
    assert r.returncode in (1, 2, 3) and r.returncode > 0, r.stderr.decode()
    assert r.stderr.startswith(b"wuhong: ")
    assert not ledger.exists(), "the ledger was created before the inputs were checked"


# 2. --panel with an error frees the dataset twice, in every data command
@pytest.mark.parametrize("command", [["evaluate"], ["lists"], ["awards"], ["explain"]])
def test_bad_panel_is_an_error_in_every_data_command(tmp_path, command):
    panel = tmp_path / "panel.csv"
    panel.write_text("unit,indicator,judge,value\nVL001,panel_party,j1,abc\n", encoding="utf-8")
    args = command + ["--panel", str(panel), DATA] + (["VL001"] if command == ["explain"] else [])
    assert_fails(run(*args), 1, "panel.csv")


# 3. a short adjustments record read a freed field of the record before it
def test_short_adjustments_record(tmp_path):
    adj = tmp_path / "a.csv"
    adj.write_text("kind,amount,reason,reference,unit\nbonus\n", encoding="utf-8")
    assert_fails(run("awards", "--adjustments", str(adj), DATA), 1, "expected 5 fields as in the header, found 1")


def test_short_decisions_record(tmp_path):
    dec = tmp_path / "d.csv"
    dec.write_text("decision,by,reason,unit\nrefuse\n", encoding="utf-8")
    r = run("review", "--ledger", str(tmp_path / "l"), "--period", "2023", "--decisions", str(dec), DATA)
    assert_fails(r, 1, "found 1")


# 4. -o replaced symlinks, FIFOs and devices, and made shared files private
def normal_output():
    r = run("lists", "--format", "csv", DATA)
    assert r.returncode == 0
    return r.stdout


def test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "target.csv"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.csv"
    link.symlink_to("target.csv")
    assert run("lists", "--format", "csv", "-o", str(link), DATA).returncode == 0
    assert link.is_symlink()
    assert target.read_bytes() == normal_output()


def test_output_through_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to("made.csv")
    assert run("lists", "--format", "csv", "-o", str(link), DATA).returncode == 0
    assert link.is_symlink() and (tmp_path / "made.csv").read_bytes() == normal_output()


def test_output_keeps_an_existing_files_mode_and_gives_a_new_one_the_umask(tmp_path):
    shared = tmp_path / "shared.csv"
    shared.write_bytes(b"old\n")
    os.chmod(shared, 0o664)
    assert run("lists", "--format", "csv", "-o", str(shared), DATA).returncode == 0
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o664
    new = tmp_path / "new.csv"
    r = subprocess.run(["sh", "-c", f"umask 022 && exec {CLI} lists -o {new} {DATA}"], capture_output=True)
    assert r.returncode == 0
    assert stat.S_IMODE(os.stat(new).st_mode) == 0o644


def test_output_to_a_fifo_writes_into_it(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    r = run("lists", "--format", "csv", "-o", str(fifo), DATA)
    reader.join(60)
    assert r.returncode == 0, r.stderr.decode()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced"
    assert got == [normal_output()]


def test_output_to_a_device_node_is_written_never_replaced(tmp_path):
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("mknod needs root")
    assert run("lists", "-o", str(null), DATA).returncode == 0
    assert stat.S_ISCHR(os.lstat(null).st_mode), "the device node was replaced"
    assert run("lists", "-o", "/dev/null", DATA).returncode == 0
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_output_dash_is_standard_output_and_data_dash_is_standard_input():
    r = run("lists", "--format", "csv", "-o", "-", "-", input=open(DATA, "rb").read())
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout == normal_output()


def test_a_full_device_is_exit_3():
    assert_fails(run("lists", "-o", "/dev/full", DATA), 3, "/dev/full")


@pytest.mark.parametrize("copies,size", [(1, "12k"), (60, "1200k")])
def test_a_full_disk_leaves_the_old_file_intact(tmp_path, copies, size):
    """33 KB into 12 KB (written at the end), and 2 MB into 1.2 MB (streamed,
    past its first flush)."""
    import shutil
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    data = DATA if copies == 1 else many_units(tmp_path, copies)
    mnt = tmp_path / "small"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + r.stderr.decode().strip())
    try:
        old = mnt / "board.csv"
        old.write_bytes(b"the board of last year\n")
        r = run("evaluate", "--format", "csv", "-o", str(old), data)
        assert_fails(r, 3, "board.csv", "No space left")
        assert old.read_bytes() == b"the board of last year\n"
        assert os.listdir(mnt) == ["board.csv"], "a temporary file was left behind"
    finally:
        subprocess.run(["umount", str(mnt)])


def many_units(tmp_path, copies):
    """The bundled data repeated with new ids: an output of megabytes."""
    lines = open(DATA, encoding="utf-8").read().splitlines()
    out = [lines[0]]
    for k in range(copies):
        for line in lines[1:]:
            cells = line.split(",")
            cells[0] = "%s-%d" % (cells[0], k)
            out.append(",".join(cells))
    p = tmp_path / "many.csv"
    p.write_text("\n".join(out) + "\n", encoding="utf-8")
    return str(p)


@pytest.mark.parametrize("copies", [1, 130])
def test_data_from_a_pipe_is_read_once(tmp_path, copies):
    """A pipe (here /dev/stdin fed by one) can be read only once: a small file
    and one of 5 MB, which a regular file would have read in pieces."""
    data = DATA if copies == 1 else many_units(tmp_path, copies)
    want = run("evaluate", "--format", "csv", data)
    assert want.returncode == 0, want.stderr.decode()
    with open(data, "rb") as f:
        piped = subprocess.run(["bash", "-c", 'cat "$1" | "$0" evaluate --format csv /dev/stdin', CLI, data],
                               capture_output=True, timeout=120)
    assert piped.returncode == 0, piped.stderr.decode()
    assert piped.stdout == want.stdout


def test_a_large_output_streamed_to_its_file_is_the_output(tmp_path):
    data = many_units(tmp_path, 60)  # about 2 MB of CSV out: written as it grows
    shown = run("evaluate", "--format", "csv", data)
    assert shown.returncode == 0, shown.stderr.decode()
    assert len(shown.stdout) > 1.5e6
    out = tmp_path / "out.csv"
    out.write_bytes(b"last year\n")
    assert run("evaluate", "--format", "csv", "-o", str(out), data).returncode == 0
    assert out.read_bytes() == shown.stdout
    assert run("evaluate", "--format", "csv", "--bom", "-o", str(out), data).returncode == 0
    assert out.read_bytes() == b"\xef\xbb\xbf" + shown.stdout
    assert sorted(os.listdir(tmp_path)) == ["many.csv", "out.csv"]


# 5. long rules overflowed the stack
def policy_with_rule(tmp_path, rule):
    text = run("policy").stdout.decode()
    text = text.replace('"collective_income >= 10 and industry_projects >= 1"', '"' + rule + '"')
    p = tmp_path / "p.yaml"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_a_sum_of_44000_terms_is_an_error_not_a_crash(tmp_path):
    rule = " + ".join(["collective_income"] * 44000) + " > 0"
    assert_fails(run("check", policy_with_rule(tmp_path, rule)), 1, "bytes long; at most 65536")


def test_an_or_chain_of_50000_comparisons_is_an_error_not_a_crash(tmp_path):
    rule = " or ".join(["x>1"] * 50000).replace("x", "collective_income")
    assert_fails(run("check", policy_with_rule(tmp_path, rule)), 1, "at most")


def test_a_deep_chain_within_the_length_limit_is_an_error_not_a_crash(tmp_path):
    rule = " or ".join(["a>1"] * 5000).replace("a", "collective_income")
    rule = "+".join(["collective_income"] * 3000) + " > 0"
    assert_fails(run("check", policy_with_rule(tmp_path, rule)), 1, "nests more than 500 operators")


# 9. a NUL byte in a cell was read as the end of the cell
def test_a_nul_byte_in_a_cell_is_an_error_with_row_and_column(tmp_path):
    lines = open(DATA, "rb").read().split(b"\n")
    cells = lines[3].split(b",")
    cells[6] = b"1\x00 7"
    lines[3] = b",".join(cells)
    p = tmp_path / "nul.csv"
    p.write_bytes(b"\n".join(lines))
    assert_fails(run("evaluate", str(p)), 1, "nul.csv:4:7", "NUL byte")


def test_a_nul_byte_in_a_policy_is_an_error(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_bytes(run("policy").stdout.replace(b"wuhong: 1", b"wuhong: 1\x00", 1))
    assert_fails(run("check", str(p)), 1, "NUL byte")


# 10, 11. the ledger: tampering is detected, concurrent first reviews serialise
def ledger_of_two_years(tmp_path):
    ledger = str(tmp_path / "county.ledger")
    for year in ("2023", "2024"):
        r = run("review", "--ledger", ledger, "--period", year, DATA)
        assert r.returncode == 0, r.stderr.decode()
    assert run("ledger", "verify", "--ledger", ledger).returncode == 0
    return ledger


def tamper(ledger, sql):
    with sqlite3.connect(ledger) as db:
        db.executescript(sql)


def refuses(ledger):
    r = run("ledger", "verify", "--ledger", ledger)
    assert r.returncode == 1, (r.returncode, r.stdout.decode(), r.stderr.decode())
    r2 = run("review", "--ledger", ledger, "--period", "2025", DATA)
    assert r2.returncode == 1, r2.stderr.decode()
    return r.stderr.decode()


@pytest.mark.parametrize("sql, named", [
    ("DROP TRIGGER payments_no_update;"
     "UPDATE payments SET fen = fen + 100 WHERE seq = (SELECT min(seq) FROM payments);",  # a changed payment
     "period 2023 (revision 1) does not match its seal"),
    ("DROP TRIGGER events_no_delete;"
     "DELETE FROM events WHERE seq = (SELECT max(seq) FROM events WHERE period = '2024');",  # a deleted event
     "period 2024 (revision 1) does not match its seal"),
    ("INSERT INTO payments (period, revision, unit, kind, fen, reason)"
     " VALUES ('2023', 1, 'VL001', 'bonus', 100000000, 'x');",  # an added row
     "does not match its seal"),
], ids=["changed-payment", "deleted-event", "added-row"])
def test_verify_detects_an_edit_by_sql(tmp_path, sql, named):
    ledger = ledger_of_two_years(tmp_path)
    tamper(ledger, sql)
    assert named in refuses(ledger)


def test_verify_detects_sixteen_flipped_bytes(tmp_path):
    ledger = ledger_of_two_years(tmp_path)
    data = bytearray(open(ledger, "rb").read())
    rnd = random.Random(20231)
    for _ in range(16):
        k = rnd.randrange(100, len(data))
        data[k] ^= 0xFF
    open(ledger, "wb").write(bytes(data))
    refuses(ledger)


def test_concurrent_first_reviews_serialise(tmp_path):
    for attempt in range(4):
        ledger = str(tmp_path / f"race-{attempt}.ledger")
        procs = [subprocess.Popen([CLI, "review", "--ledger", ledger, "--period", "2023", DATA],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        outs = [p.communicate(timeout=120) for p in procs]
        for p, (out, err) in zip(procs, outs):
            assert p.returncode == 0, err.decode()
        assert sum(b"already recorded" in out for out, _ in outs) == 1
        assert run("ledger", "verify", "--ledger", ledger).returncode == 0


# 13. a header of a million columns took 2 GB
def test_a_million_columns_is_a_prompt_error_in_little_memory(tmp_path):
    p = tmp_path / "wide.csv"
    header = "id,name,sector,town," + ",".join(f"c{k}" for k in range(1000000))
    p.write_text(header + "\nVL001,x,village,古绛镇" + ",1" * 1000000 + "\n", encoding="utf-8")
    assert_fails(run("evaluate", str(p)), 1, "columns; at most 16384")
    # its peak memory, measured in a process of its own (RUSAGE_CHILDREN is the
    # largest of all this process's children, a browser's among them)
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    peak = subprocess.run([sys.executable, "-c", probe, CLI, "evaluate", str(p)], capture_output=True, text=True)
    assert int(peak.stdout) < 200 * 1024


# 15. the smaller ones
def test_deeply_nested_yaml_is_refused_before_libyaml_reads_it(tmp_path):
    p = tmp_path / "deep.yaml"
    p.write_text("wuhong: 1\nx: " + "[" * 100000 + "]" * 100000 + "\n", encoding="utf-8")
    assert_fails(run("check", str(p)), 1, "deep.yaml:2:", "nests more than 64")


def test_a_second_yaml_document_is_refused(tmp_path):
    p = tmp_path / "two.yaml"
    p.write_bytes(run("policy").stdout + b"---\nwuhong: 1\n")
    assert_fails(run("check", str(p)), 1, "second YAML document")
    p.write_bytes(run("policy").stdout + b"---\n[unclosed\n")
    assert_fails(run("check", str(p)), 1, "not valid YAML")


def test_an_out_of_range_number_is_an_error(tmp_path):
    text = run("policy").stdout.decode().replace("wait: 1", "wait: 1e300", 1)
    p = tmp_path / "big.yaml"
    p.write_text(text, encoding="utf-8")
    assert "wait: 1e300" in text
    assert_fails(run("check", str(p)), 1, "whole number")


def test_rotation_never_prints_five_digit_years():
    assert_fails(run("rotation", "--start", "9999-11", "--months", "3"), 2, "9999-12")
    r = run("rotation", "--start", "9999-11", "--months", "2")
    assert r.returncode == 0 and b"10000" not in r.stdout
