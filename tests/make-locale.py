#!/usr/bin/env python3
"""Compile the locales the language tests run under into a directory
(LOCPATH=DIR), so they need neither root nor locale-gen: zh_CN.UTF-8 for
the Chinese messages, de_DE.UTF-8 for a decimal comma."""
import os
import subprocess
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, source in (("zh_CN.UTF-8", "zh_CN"), ("de_DE.UTF-8", "de_DE")):
    target = os.path.join(out, name)
    # -c: warnings (exit 1) do not stop it; the files are what count
    r = subprocess.run(["localedef", "-c", "-i", source, "-f", "UTF-8", target], capture_output=True, text=True)
    if not os.path.exists(os.path.join(target, "LC_MESSAGES")):
        sys.exit(f"localedef {source}: exit {r.returncode}\n{r.stderr}")
