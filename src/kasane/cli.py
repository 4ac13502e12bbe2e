"""The `kasane` command: Django's management commands plus kasane's own (demo, audit, backup, restore)."""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

    execute_from_command_line(["kasane", *sys.argv[1:]])


if __name__ == "__main__":
    main()
