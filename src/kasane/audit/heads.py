"""Signed heads of the audit trail, written outside the database.

A hash chain, even a keyed one, cannot show that its newest entries were removed: what is left is still a
whole chain. So kasane writes a head — the number of entries; for each chain the seq and hash of its last
entry; the id and hash of the last entry of the chain written before the chains were partitioned (``last_id``,
``last_hash``: in a head written before then, the whole trail's); the time — signed with the audit key, as one line appended to ``AUDIT_HEAD_DIR/heads.jsonl``: daily from a timer
(``kasane audit publish-head``) and before every ``kasane backup``. ``kasane audit verify`` then checks that
each head still describes the chains, i.e. that each last entry it names is there with the same hash. The command also
prints the line, so the timer's log keeps a copy off the server too.

A restore brings back an older chain on purpose. It writes a ``restore`` line, after which the heads beyond
the restored end no longer apply: they described entries the restore replaced (the restore itself is in the
trail, and the restore line is signed like any head).

Each head is also recorded in the trail (``audit.head_published``, the whole signed line in its details), so
the file cannot quietly lose lines either: ``verify`` reports a head the trail records and the file lacks
(the file deleted, truncated or edited). A restore on another machine, whose head file never saw the
backup's heads, files them again from the restored trail, each only if its signature holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import operator
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from kasane.audit.chains import chain_end, chain_name, legacy_end
from kasane.audit.models import GENESIS_HASH, AuditEntry, audit_key
from kasane.lib.dates import datetime_label
from kasane.lib.env import private_dir

HEAD_FILE = "heads.jsonl"
PUBLISHED = "audit.head_published"
# Keeps a head's signature from ever being taken for an entry's hash, which is made with the same key.
_DOMAIN = b"kasane-audit-head\n"

Kind = Literal["head", "restore"]


@dataclass(frozen=True)
class Head:
    kind: Kind
    count: int
    last_id: int
    last_hash: str
    published_at: dt.datetime
    # Per chain, the seq and hash of its last entry. Empty in a head written before the chains.
    chains: Mapping[int, tuple[int, str]] = field(default_factory=dict)

    def fields(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "count": self.count,
            "last_id": self.last_id,
            "last_hash": self.last_hash,
            "chains": {str(chain): [seq, hash_] for chain, (seq, hash_) in sorted(self.chains.items())},
            "published_at": self.published_at.isoformat(timespec="microseconds"),
        }

    def covers(self, other: Head) -> bool:
        """Whether every entry ``other`` names lies within this head's ends (a restore keeps those heads)."""
        return other.last_id <= self.last_id and all(
            chain in self.chains and seq <= self.chains[chain][0] for chain, (seq, _) in other.chains.items()
        )

    def line(self) -> str:
        fields = self.fields()
        return json.dumps({**fields, "signature": _sign(fields)}, sort_keys=True, separators=(",", ":"))

    @property
    def label(self) -> str:
        return f"{datetime_label(self.published_at)} の控え（{self.count} 件）"


@dataclass(frozen=True)
class Reading:
    in_force: list[Head]
    problems: list[str]
    # The signature of every properly signed line, retired or not: what the trail's records are held against.
    signatures: frozenset[str] = frozenset()


def head_file() -> Path:
    return Path(settings.AUDIT_HEAD_DIR) / HEAD_FILE


def _sign(fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(audit_key(), _DOMAIN + payload, hashlib.sha256).hexdigest()


def current_head(using: str = "default", *, kind: Kind = "head") -> Head:
    entries = AuditEntry.objects.using(using)
    # The count and every chain's end in one statement, so an append in between cannot make them disagree.
    groups = (
        entries.order_by()
        .values("chain")
        .annotate(n=Count("id"), last_seq=Max("seq"), last_legacy=Max("id", filter=Q(seq__isnull=True)))
    )
    count, last_id, ends = 0, 0, {}
    for group in groups:
        count += group["n"]
        if group["chain"] is None:
            last_id = group["last_legacy"] or 0
        elif group["last_seq"]:
            ends[group["chain"]] = group["last_seq"]
    last_hash = entries.filter(pk=last_id).values_list("entry_hash", flat=True).first()
    chains: dict[int, tuple[int, str]] = {}
    if ends:
        wanted = reduce(operator.or_, (Q(chain=chain, seq=seq) for chain, seq in ends.items()))
        chains = {
            int(chain or 0): (int(seq or 0), hash_)
            for chain, seq, hash_ in entries.filter(wanted).values_list("chain", "seq", "entry_hash")
        }
    return Head(kind, count, last_id, last_hash or GENESIS_HASH, timezone.now(), chains)


def publish_head(using: str = "default", *, kind: Kind = "head") -> Head:
    """Append the trail's current head to the head file (0600 in a 0700 directory), then record it in the
    trail. A restore line first files again the heads the restored trail records and the file lacks."""
    if kind == "restore":
        from kasane.audit.verify import chain_break  # noqa: PLC0415 - verify reads the heads this module writes

        # Only a trail that verifies is trusted to say which heads were published: a record slipped into a
        # broken one must not retire the heads after it.
        if chain_break(using) is None:
            refile_recorded_heads(using)
    head = current_head(using, kind=kind)
    line = head.line()
    _append_line(line)
    from kasane.audit.trail import log  # noqa: PLC0415 - the trail module imports the models this one loads

    with transaction.atomic(using=using):
        log(PUBLISHED, details=json.loads(line))
    return head


def _append_line(line: str) -> None:
    path = head_file()
    private_dir(path.parent)
    # One write of one short line to a file opened for appending: concurrent publishers never interleave.
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def _recorded(using: str, up_to: int | None = None) -> list[tuple[int, dict[str, Any]]]:
    entries = AuditEntry.objects.using(using).filter(action=PUBLISHED)
    if up_to is not None:
        entries = entries.filter(pk__lte=up_to)
    rows = entries.order_by("id").values_list("id", "details")
    return [(pk, details) for pk, details in rows if isinstance(details, dict)]


def refile_recorded_heads(using: str = "default") -> int:
    """File again the heads the trail records and the file lacks (a restore on another machine). A record whose
    line does not carry a valid signature is left out, and ``verify`` goes on reporting it."""
    filed = read_heads().signatures
    added = 0
    for _pk, details in _recorded(using):
        line = json.dumps(details, sort_keys=True, separators=(",", ":"))
        head, signed = _parse(line)
        if head is not None and signed and details["signature"] not in filed:
            _append_line(line)
            added += 1
    return added


def unfiled_heads(reading: Reading, using: str = "default", *, up_to: int | None = None) -> list[str]:
    """Heads the trail says were published that the file no longer holds. ``up_to``: the trail's last id taken
    before the file was read, so a head published meanwhile (its line after the reading, its record after
    that id) is not taken for a lost one."""
    recorded = _recorded(using, up_to)
    missing = [pk for pk, details in recorded if details.get("signature") not in reading.signatures]
    if not missing:
        return []
    return [
        f"監査ログ #{missing[0]} に記録された控えが、控えのファイル（{head_file()}）にありません。"
        "控えのファイルが削除・切り詰め・書き換えられています" + _others(len(missing))
    ]


def read_heads() -> Reading:
    """The heads in force, in the order written; a line that does not parse or whose signature does not
    match is a problem to report (someone edited the file), never a head to trust."""
    path = head_file()
    if not path.exists():
        return Reading([], [])
    in_force: list[Head] = []
    problems: list[str] = []
    signatures: set[str] = set()
    for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        if not text.strip():
            continue
        head, signed = _parse(text)
        if head is None:
            problems.append(f"控えの {number} 行目を読み取れません（{path}）")
        elif not signed:
            problems.append(f"控えの {number} 行目は署名が一致しません。控えが書き換えられています（{path}）")
        else:
            signatures.add(json.loads(text)["signature"])
            if head.kind == "restore":
                in_force = [h for h in in_force if head.covers(h)]
            in_force.append(head)
    return Reading(in_force, problems, frozenset(signatures))


def signed_head(text: str) -> Head | None:
    """The head a line describes, if its signature holds under this installation's audit key."""
    head, signed = _parse(text)
    return head if signed else None


def _parse(text: str) -> tuple[Head | None, bool]:
    try:
        data = json.loads(text)
        signature = str(data.pop("signature"))
        head = Head(
            kind=data["kind"],
            count=int(data["count"]),
            last_id=int(data["last_id"]),
            last_hash=str(data["last_hash"]),
            published_at=dt.datetime.fromisoformat(data["published_at"]),
            chains={int(c): (int(end[0]), str(end[1])) for c, end in data.get("chains", {}).items()},
        )
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None, False
    if head.kind not in ("head", "restore") or head.published_at.tzinfo is None:
        return None, False
    # The signature covers the fields exactly as written, so any edit to the line breaks it.
    return head, hmac.compare_digest(signature, _sign(data))


def compare_with_chain(heads: list[Head], using: str = "default", *, beyond_end: bool = True) -> list[str]:
    """What the heads say the chains lost or had rewritten. ``beyond_end=False`` (a backup) skips what a head
    names beyond a chain's last entry: a backup is older than the latest head by nature. But a head the
    backup's own trail records as published was written before the backup was taken, so every chain end it
    names must be in it: one municipality's newest entries cut from a backup whose other chains are whole is
    reported, not taken for an older backup."""
    if not beyond_end:
        recorded = {d.get("signature") for _pk, d in _recorded(using)}
        inside = [h for h in heads if _sign(h.fields()) in recorded]
        outside = [h for h in heads if _sign(h.fields()) not in recorded]
        return _compare(inside, using, beyond_end=True) + _compare(outside, using, beyond_end=False)
    return _compare(heads, using, beyond_end=True)


def _compare(heads: list[Head], using: str, *, beyond_end: bool) -> list[str]:
    problems = _compare_legacy(heads, using, beyond_end=beyond_end)
    named = sorted({chain for h in heads for chain in h.chains})
    for chain in named:
        problems += _compare_chain(chain, heads, using, beyond_end=beyond_end)
    return problems


def _compare_legacy(heads: list[Head], using: str, *, beyond_end: bool) -> list[str]:
    ids = {h.last_id for h in heads if h.last_id}
    entries = AuditEntry.objects.using(using).filter(seq__isnull=True)
    hashes = dict(entries.filter(pk__in=ids).values_list("id", "entry_hash")) if ids else {}
    end = legacy_end(using)
    chain_end_id = end[0] if end else 0
    missing = [
        h
        for h in heads
        if h.last_id and h.last_id not in hashes and (beyond_end or h.last_id <= chain_end_id)
    ]
    rewritten = [h for h in heads if h.last_id in hashes and hashes[h.last_id] != h.last_hash]
    problems = []
    if missing:
        first = min(missing, key=lambda h: h.last_id)
        lost = f"#{chain_end_id + 1} 以降の記録" if first.last_id > chain_end_id else "記録"
        problems.append(
            f"{first.label}にある #{first.last_id} がありません。{lost}が削除されています"
            + _others(len(missing))
        )
    if rewritten:
        first = min(rewritten, key=lambda h: h.last_id)
        problems.append(
            f"{first.label}の #{first.last_id} とハッシュが一致しません。記録が作り直されています"
            + _others(len(rewritten))
        )
    return problems


def _compare_chain(chain: int, heads: list[Head], using: str, *, beyond_end: bool) -> list[str]:
    naming = [(h, *h.chains[chain]) for h in heads if chain in h.chains]
    seqs = sorted({seq for _, seq, _ in naming})
    entries = AuditEntry.objects.using(using).filter(chain=chain)
    hashes: dict[int, str] = {}
    for start in range(0, len(seqs), 500):
        rows = entries.filter(seq__in=seqs[start : start + 500]).values_list("seq", "entry_hash")
        hashes.update((int(seq or 0), hash_) for seq, hash_ in rows)
    end = chain_end(chain, using)
    last = end[0] if end else 0
    missing = [(h, seq) for h, seq, _ in naming if seq not in hashes and (beyond_end or seq <= last)]
    rewritten = [(h, seq) for h, seq, hash_ in naming if seq in hashes and hashes[seq] != hash_]
    name = chain_name(chain, using)
    problems = []
    if missing:
        head, seq = min(missing, key=lambda pair: pair[1])
        lost = f"{last + 1} 番目以降の記録" if seq > last else "記録"
        problems.append(
            f"{head.label}にある{name}の {seq} 番目がありません。{lost}が削除されています"
            + _others(len(missing))
        )
    if rewritten:
        head, seq = min(rewritten, key=lambda pair: pair[1])
        problems.append(
            f"{head.label}の{name} {seq} 番目とハッシュが一致しません。記録が作り直されています"
            + _others(len(rewritten))
        )
    return problems


def _others(count: int) -> str:
    return f"（ほかに {count - 1} 件の控えでも同様です）" if count > 1 else ""
