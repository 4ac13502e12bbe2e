from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kasane.audit.models import GENESIS_HASH, AuditEntry


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str


@dataclass(frozen=True)
class Report:
    checked: int
    first_break: Break | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def _entries(using: str, batch: int = 2000) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.using(using).filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return
        yield from rows
        last_id = rows[-1].pk


def verify_chain(using: str = "default") -> Report:
    """Walk the chain in id order and report the first entry that does not fit (in the database ``using``:
    the live one, or a backup before it is restored)."""
    previous_hash = GENESIS_HASH
    previous_id = 0
    checked = 0
    for entry in _entries(using):
        if entry.pk != previous_id + 1:
            return Report(
                checked, Break(entry.pk, f"#{previous_id + 1} から #{entry.pk - 1} が欠落しています")
            )
        if entry.prev_hash != previous_hash:
            return Report(
                checked, Break(entry.pk, "直前の記録とのつながりが一致しません（削除・挿入・並べ替え）")
            )
        if entry.compute_hash() != entry.entry_hash:
            return Report(checked, Break(entry.pk, "記録の内容が変更されています"))
        previous_hash = entry.entry_hash
        previous_id = entry.pk
        checked += 1
    return Report(checked, None)
