#!/usr/bin/env python3
"""Every message of the library (po/, domain libwuhong) and of the tool
(examples/po/, domain wuhong) is in its zh_CN.po and translated: xgettext
extracts the sources' messages as the build's i18n targets do; a message
added without a translation, or a translation left fuzzy, fails here."""
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
DOMAINS = {
    "po": ["--keyword=wh_error:3", "--keyword=wh_error_at:4", "--keyword=fail_at:4", "--keyword=N_"],
    "examples/po": ["--keyword=_", "--keyword=N_", "--keyword=run_data_command:3"],
}


def entries(po):
    """msgid -> (msgstr, fuzzy) of a .po/.pot file."""
    out = {}
    for block in open(po, encoding="utf-8").read().split("\n\n"):
        m = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block, re.M)
        if m:
            join = lambda s: "".join(re.findall(r'"(.*)"', s))
            out[join(m.group(1))] = (join(m.group(2)), "#, fuzzy" in block or ", fuzzy" in block)
    return out


failed = False
for podir, keywords in DOMAINS.items():
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "messages.pot")
        subprocess.run(["xgettext", "--from-code=UTF-8", *keywords, "-D", root,
                        "-f", os.path.join(root, podir, "POTFILES"), "-o", pot], check=True)
        wanted = {k for k in entries(pot) if k}
    have = entries(os.path.join(root, podir, "zh_CN.po"))
    missing = sorted(k for k in wanted if k not in have or not have[k][0] or have[k][1])
    stale = sorted(k for k in have if k and k not in wanted)
    for k in missing:
        print(f"{podir}/zh_CN.po: no translation of \"{k}\"")
    for k in stale:
        print(f"{podir}/zh_CN.po: \"{k}\" is no longer a message (run the domain's update-po target)")
    failed |= bool(missing or stale)
    print(f"{podir}: {len(wanted)} messages, {len(wanted) - len(missing)} translated")
    r = subprocess.run(["msgfmt", "-c", "-o", os.devnull, os.path.join(root, podir, "zh_CN.po")],
                       capture_output=True, text=True)
    if r.returncode:
        print(r.stderr)
        failed = True
sys.exit(1 if failed else 0)
