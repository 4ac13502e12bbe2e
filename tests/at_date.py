"""Run ``python -m module …`` or ``python -c code …`` on the date in KASANE_TEST_TODAY (see clock.py)."""

from __future__ import annotations

import runpy
import sys

from clock import start_travel  # this file runs as a script, with tests/ first on sys.path


def main() -> None:
    start_travel()
    flag, target, *rest = sys.argv[1:]
    if flag == "-m":
        sys.argv = [target, *rest]
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    elif flag == "-c":
        sys.argv = ["-c", *rest]
        exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102 - the test's own setup code
    else:
        raise SystemExit(f"usage: at_date.py -m module … | -c code …, not {flag}")


if __name__ == "__main__":
    main()
