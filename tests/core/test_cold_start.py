"""A fresh process answers its first request without loading the document libraries (issue 20, cold start).

The heavy libraries that build files (reportlab and fontTools for PDFs, python-docx, python-pptx, openpyxl,
Pillow, segno's QR codes, SudachiPy) load when a file is asked for, not when the URLconf is imported; and
``kasane.wsgi`` imports the URLconf itself, without touching the database, so that ``gunicorn --preload`` forks
warm workers (benchmarks/cold_start.py measures it).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.clock import python_command, subprocess_env

DOCUMENT_LIBRARIES = ("pptx", "docx", "openpyxl", "reportlab", "fontTools", "PIL", "segno", "sudachipy")
LOADED = f"sorted(m for m in {DOCUMENT_LIBRARIES!r} if m in sys.modules)"


def _run(script: str, tmp_path: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KASANE_", "DJANGO_"))}
    env.update({"KASANE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "kasane.settings"})
    result = subprocess.run(
        python_command("-c", script), env=subprocess_env(env), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_importing_the_urlconf_loads_no_document_library(tmp_path: Path) -> None:
    script = f"import django; django.setup(); import kasane.urls, sys; print({LOADED})"
    assert _run(script, tmp_path) == ["[]"]


def test_the_wsgi_module_loads_the_urlconf_without_a_database_connection(tmp_path: Path) -> None:
    script = (
        "import sys, kasane.wsgi\n"
        "from django.db import connections\n"
        "print('kasane.urls' in sys.modules, 'kasane.annual_report.views' in sys.modules)\n"
        "print([alias for alias in connections if connections[alias].connection is not None])\n"
        f"print({LOADED})\n"
    )
    assert _run(script, tmp_path) == ["True True", "[]", "[]"]
