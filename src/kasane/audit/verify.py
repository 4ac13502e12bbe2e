from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Max

from kasane.audit.heads import compare_with_chain, read_heads, unfiled_heads
from kasane.audit.models import GENESIS_HASH, AuditEntry


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str


@dataclass(frozen=True)
class Report:
    checked: int
    first_break: Break | None
    heads_checked: int = 0
    head_problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.first_break is None and not self.head_problems


def _entries(using: str, batch: int = 2000) -> Iterator[AuditEntry]:
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.using(using).filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return
        yield from rows
        last_id = rows[-1].pk


def _walk(using: str) -> tuple[int, Break | None]:
    previous_hash = GENESIS_HASH
    previous_id = 0
    checked = 0
    for entry in _entries(using):
        if entry.pk != previous_id + 1:
            return checked, Break(entry.pk, f"#{previous_id + 1} から #{entry.pk - 1} が欠落しています")
        if entry.prev_hash != previous_hash:
            return checked, Break(entry.pk, "直前の記録とのつながりが一致しません（削除・挿入・並べ替え）")
        if entry.compute_hash() != entry.entry_hash:
            if entry.unkeyed_hash() == entry.entry_hash:
                reason = "鍵を使わずに計算されたハッシュです（鍵を持たない者による書き換え、または鍵付け以前の記録）"
            else:
                reason = "記録の内容が変更されています（または監査ログの鍵が違います）"
            return checked, Break(entry.pk, reason)
        previous_hash = entry.entry_hash
        previous_id = entry.pk
        checked += 1
    return checked, None


def chain_break(using: str = "default") -> Break | None:
    """The first entry that does not fit the keyed chain, or None."""
    return _walk(using)[1]


def verify_chain(using: str = "default", *, backup: bool = False) -> Report:
    """Walk the chain in id order with the audit key and report the first entry that does not fit, then hold
    the chain against the signed heads published outside the database (in the database ``using``: the live
    one, or a backup before it is restored). A backup is older than the newest heads by nature, so with
    ``backup`` the heads beyond its end are not counted against it; those it is old enough to contain
    still must match, and the heads it records are filed again by the restore (it may come from another
    machine) rather than held against this machine's file."""
    # The trail's end before the file is read: heads published from here on are neither in the reading nor
    # counted against it.
    up_to = AuditEntry.objects.using(using).aggregate(last=Max("id"))["last"] or 0
    checked, first_break = _walk(using)
    reading = read_heads()
    problems = reading.problems + compare_with_chain(reading.in_force, using, beyond_end=not backup)
    if not backup:
        problems += unfiled_heads(reading, using, up_to=up_to)
    return Report(checked, first_break, len(reading.in_force), tuple(problems))
