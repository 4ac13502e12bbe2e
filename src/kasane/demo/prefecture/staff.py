"""Who does the demo's backup-support work."""

from __future__ import annotations

from dataclasses import dataclass, field

from kasane.accounts.models import User


@dataclass
class BackupStaff:
    """Who does the demo's backup-support work."""

    prefecture: User  # 都道府県担当 (ken)
    facilitators: list[User] = field(default_factory=list)  # the contractor's staff (fasi first)
    city: User | None = None  # かさね市の事業担当 (shi), who fills in かさね市's sheet
