"""python3 -m wuhong ARGS: the wuhong command-line tool's commands (`wuhong ARGS`).

The tool is installed with the package (pip puts it among the environment's
scripts, meson install in its bin directory); WUHONG_CLI names another.
"""
import os
import shutil
import sys


def _tool():
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.environ.get("WUHONG_CLI"),
                      os.path.join(os.path.dirname(sys.executable), "wuhong"),  # a venv's scripts
                      shutil.which("wuhong"),
                      os.path.join(here, "..", "..", "..", "examples", "wuhong")):  # a build tree
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def main():
    tool = _tool()
    if tool is None:
        sys.stderr.write("python3 -m wuhong: the wuhong tool is not installed (meson install, or pip install); "
                         "WUHONG_CLI may name it\n")
        return 3
    os.execv(tool, [tool] + sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
