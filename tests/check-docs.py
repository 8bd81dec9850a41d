#!/usr/bin/env python3
"""Run every example in the docs and compare what it prints with what the doc shows.

    check-docs.py SOURCE_DIR BUILD_DIR [FILE.md ...] [--update] [--self-test]

What runs:
- a ```console block: each `$ command` line runs in bash; the lines up to the
  next `$` are its expected output (stdout and stderr together). A command
  with no lines after it must succeed; its output is not shown.
- a ```python run, ```lua run or ```c run block: the program runs (C is
  compiled against the built library); the ```output block right after it is
  its expected output.
- the EXAMPLES of the man pages: each line must run and succeed.

All the examples of one file run in order in one scratch directory holding
links to the source tree's examples/, data/, docs/ and the build tree, with the built wuhong
first on PATH and the bindings importable; `wuhong` in a command is the
built tool.

Not run here, on purpose: the README's quick start (.ci/fresh-root runs it
on a bare Debian root), fragments of C in ```c blocks without `run`, and the
benchmarks of docs/performance.md (`meson test --benchmark`).

Output that legitimately varies is marked in the doc: a line `...` matches
any number of lines, and `<…>` inside a line matches any text. --update
rewrites expected outputs that have no such marks from the real output.
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

DOCS = ["README.md", "docs/cli.md", "docs/c-api.md", "docs/python.md", "docs/lua.md", "docs/bindings.md",
        "docs/data.md", "docs/policy.md", "docs/lists-awards.md", "docs/periods-ledger.md", "docs/performance.md",
        "docs/architecture.md"]
MANS = ["docs/wuhong.1", "docs/wuhong-policy.5"]
FENCE = re.compile(r"^```(\S*)(?:[ \t]+(\S+))?[ \t]*$")


def blocks(text):
    """(start line, info, tag, body lines, end line) of each fenced block."""
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            j = i + 1
            while j < len(lines) and lines[j] != "```":
                j += 1
            out.append((i, m.group(1), m.group(2), lines[i + 1:j], j))
            i = j + 1
        else:
            i += 1
    return out


def matches(expected, actual):
    """Whether actual lines fit expected lines, with `...` and `<…>` wildcards."""
    def line_ok(e, a):
        parts = [re.escape(p) for p in e.split("<…>")]
        return re.fullmatch(".*".join(parts), a) is not None

    def rec(i, j):
        if i == len(expected):
            return j == len(actual)
        if expected[i] == "...":
            return any(rec(i + 1, k) for k in range(j, len(actual) + 1))
        return j < len(actual) and line_ok(expected[i], actual[j]) and rec(i + 1, j + 1)
    return rec(0, 0)


class Runner:
    def __init__(self, src, build):
        self.src, self.build = pathlib.Path(src).resolve(), pathlib.Path(build).resolve()
        self.env = dict(os.environ)
        self.env["PATH"] = f"{self.build / 'examples'}:{self.env.get('PATH', '/usr/bin:/bin')}"
        self.env["PYTHONPATH"] = str(self.build / "bindings" / "python")
        self.env["LUA_PATH"] = f"{self.build / 'bindings' / 'lua'}/?.lua;;"
        self.env["LUA_CPATH"] = f"{self.build / 'bindings' / 'lua'}/?.so;;"
        self.env["PYTHONDONTWRITEBYTECODE"] = "1"
        self.env["PKG_CONFIG_PATH"] = str(self.build / "meson-uninstalled")  # wuhong.pc of the build tree
        self.env["LD_LIBRARY_PATH"] = str(self.build / "libwuhong")
        # the docs show English output, whatever the developer's locale; the
        # catalogs as built, for the examples that ask for Chinese (--lang zh)
        self.env["LC_ALL"] = "C.UTF-8"
        self.env["LANGUAGE"] = ""
        self.env["LIBWUHONG_LOCALEDIR"] = str(self.build / "po")
        self.env["WUHONG_LOCALEDIR"] = str(self.build / "examples" / "po")
        self.env.setdefault("TZ", "Asia/Shanghai")

    def scratch(self):
        d = pathlib.Path(tempfile.mkdtemp(prefix="wuhong-docs-"))
        for name in ("examples", "data", "docs", "include"):
            (d / name).symlink_to(self.src / name)
        (d / "build").symlink_to(self.build)  # the README's build/examples/wuhong
        return d

    def shell(self, cmd, cwd):
        r = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=cwd, env=self.env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=300)
        return r.returncode, r.stdout.rstrip("\n").split("\n") if r.stdout else []

    def program(self, lang, body, cwd):
        path = cwd / {"python": "example.py", "lua": "example.lua", "c": "example.c"}[lang]
        path.write_text("\n".join(body) + "\n", encoding="utf-8")
        if lang == "python":
            return self.shell(f"/usr/bin/python3 {path.name}", cwd)
        if lang == "lua":
            return self.shell(f"lua5.4 {path.name}", cwd)
        lib = self.build / "libwuhong"
        rc, out = self.shell(f"cc -std=c11 -I{self.src / 'include'} -I{self.build / 'include'} {path.name} "
                             f"-o example -L{lib} -lwuhong -Wl,-rpath,{lib}", cwd)
        return (rc, out) if rc else self.shell("./example", cwd)

    def check_file(self, rel, update):
        path = self.src / rel
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        problems, edits, ran = [], [], 0
        cwd = self.scratch()
        try:
            bs = blocks(text)
            for k, (start, info, tag, body, end) in enumerate(bs):
                if info == "console":
                    cmds, n = [], 0
                    while n < len(body):  # `$ command`, continued over lines ending in a backslash
                        if body[n].startswith("$ "):
                            first, cmd = n, body[n][2:]
                            while cmd.endswith("\\") and n + 1 < len(body):
                                n += 1
                                cmd = cmd[:-1] + body[n].strip()
                            cmds.append((first, n, cmd))
                        n += 1
                    for c, (n0, n, cmd) in enumerate(cmds):
                        stop = cmds[c + 1][0] if c + 1 < len(cmds) else len(body)
                        expected = [l.rstrip() for l in body[n + 1:stop]]
                        rc, actual = self.shell(cmd, cwd)
                        ran += 1
                        where = f"{rel}:{start + n0 + 2}: $ {cmd}"
                        if not expected:
                            if rc != 0:
                                problems.append(f"{where}\n  failed (status {rc}):\n    " + "\n    ".join(actual[-10:]))
                            continue
                        actual = [l.rstrip() for l in actual]
                        if not matches(expected, actual):
                            problems.append(self.diff(where, expected, actual))
                            if update and not any(l == "..." or "<…>" in l for l in expected):
                                edits.append((start + 1 + n + 1, start + 1 + stop, actual))
                elif tag == "run" and info in ("python", "lua", "c"):
                    nxt = bs[k + 1] if k + 1 < len(bs) else None
                    rc, actual = self.program(info, body, cwd)
                    ran += 1
                    where = f"{rel}:{start + 1}: the {info} program"
                    actual = [l.rstrip() for l in actual]
                    if rc != 0:
                        problems.append(f"{where} failed (status {rc}):\n    " + "\n    ".join(actual[-15:]))
                    elif nxt and nxt[1] == "output":
                        expected = [l.rstrip() for l in nxt[3]]
                        if not matches(expected, actual):
                            problems.append(self.diff(where, expected, actual))
                            if update and not any(l == "..." or "<…>" in l for l in expected):
                                edits.append((nxt[0] + 1, nxt[4], actual))
        finally:
            shutil.rmtree(cwd, ignore_errors=True)
        if update and edits:
            for a, b, new in sorted(edits, reverse=True):
                lines[a:b] = new
            path.write_text("\n".join(lines), encoding="utf-8")
        return ran, problems

    def check_man(self, rel):
        text = (self.src / rel).read_text(encoding="utf-8")
        m = re.search(r"^\.SH EXAMPLES?\n\.nf\n(.*?)\n\.fi", text, re.S | re.M)
        problems, ran = [], 0
        if not m:
            return 0, []
        cwd = self.scratch()
        try:
            for line in m.group(1).split("\n"):
                cmd = line.replace("\\-", "-").replace("\\\\", "\\")
                rc, out = self.shell(cmd, cwd)
                ran += 1
                if rc != 0:
                    problems.append(f"{rel}: EXAMPLES: $ {cmd}\n  failed (status {rc}):\n    " + "\n    ".join(out[-5:]))
        finally:
            shutil.rmtree(cwd, ignore_errors=True)
        return ran, problems

    @staticmethod
    def diff(where, expected, actual):
        import difflib
        d = difflib.unified_diff(expected, actual, "the doc", "the real output", lineterm="", n=1)
        return f"{where}\n  " + "\n  ".join(list(d)[:40])


def self_test(runner):
    """The runner catches a changed number, and its wildcards work."""
    assert matches(["a", "...", "z"], ["a", "b", "c", "z"]) and matches(["x <…> y"], ["x 123 y"])
    assert not matches(["total 21"], ["total 22"]) and not matches(["a"], ["a", "b"])
    with tempfile.TemporaryDirectory() as d:
        doc = pathlib.Path(d) / "t.md"
        doc.write_text("```console\n$ echo 21 five-flag units\n22 five-flag units\n```\n", encoding="utf-8")
        runner.src, saved = pathlib.Path(d), runner.src
        for name in ("examples", "data", "docs", "include"):
            (pathlib.Path(d) / name).symlink_to(saved / name)
        try:
            _, problems = runner.check_file("t.md", False)
            assert problems and "-22 five-flag units" in problems[0] and "+21 five-flag units" in problems[0]
            doc.write_text("```console\n$ echo 21 five-flag units\n21 five-flag units\n```\n", encoding="utf-8")
            assert runner.check_file("t.md", False) == (1, [])
        finally:
            runner.src = saved
    print("check-docs: self-test passes (a changed number is caught)")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runner = Runner(args[0], args[1])
    if "--self-test" in sys.argv:
        self_test(runner)
    files = args[2:] or DOCS
    total, problems = 0, []
    for rel in files:
        ran, p = runner.check_file(rel, "--update" in sys.argv)
        total += ran
        problems += p
    if not args[2:]:
        for rel in MANS:
            ran, p = runner.check_man(rel)
            total += ran
            problems += p
    for p in problems:
        print(p, end="\n\n")
    print(f"check-docs: {total} examples run, {len(problems)} differ or fail")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
