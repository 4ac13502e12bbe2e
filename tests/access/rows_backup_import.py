"""The access matrix's rows for backup_import (see the module's pages)."""

from __future__ import annotations

from tests.access.outcomes import Rows

EXPECTED: Rows = {}
