"""The audit trail. Everything else writes to it with ``audit.log(...)``."""

from __future__ import annotations

from typing import Any


def log(action: str, **kwargs: Any) -> Any:
    from kasane.audit.trail import log as _log  # noqa: PLC0415 - this package loads before the models are ready

    return _log(action, **kwargs)
