"""Verifying the trail: every chain walked with the audit key, then held against the signed heads.

By default each chain is walked from its latest checkpoint (``AuditCheckpoint``: a place up to which an earlier
verify found the chain whole, signed with the audit key), after checking that the checkpoint's signature holds,
that the entry at its place still carries the hash it names, and that the chain still holds exactly as many
entries up to that place as the place's number (a count read from the index); a verify that finds everything
whole then writes a checkpoint at the end of each chain, and a chain whose entries are all gone is still held
against its checkpoints. So the daily verify reads only the day's entries, and finds: any change, deletion,
insertion or reordering after a chain's checkpoint; any deletion or insertion before it; a change to the
checkpoint's own entry; and (with the heads) entries removed from the end. A change *in place* to an entry
before the checkpoint (the triggers dropped and a row edited, the count unchanged) is found only by ``full``,
which walks every chain from its first entry as the verify always did: run it weekly
(``kasane audit verify --full``, docs/operations.md) and before a restore (a backup is always verified in full).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from kasane.audit.chains import chain_keys, chain_name
from kasane.audit.heads import compare_with_chain, read_heads, unfiled_heads
from kasane.audit.models import GENESIS_HASH, AuditCheckpoint, AuditEntry

_BATCH = 2000


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str
    # The chain it breaks, as the report names it ("計測市の連鎖 12 番目").
    where: str = ""


@dataclass(frozen=True)
class Report:
    checked: int
    first_break: Break | None
    heads_checked: int = 0
    head_problems: tuple[str, ...] = ()
    breaks: tuple[Break, ...] = ()
    checkpoint_problems: tuple[str, ...] = ()
    chains: int = 0
    # How many chains were walked from a checkpoint rather than from their first entry.
    resumed: int = 0
    full: bool = True

    @property
    def ok(self) -> bool:
        return self.first_break is None and not self.head_problems and not self.checkpoint_problems


@dataclass
class _Walk:
    """One chain's walk: where it started, how far it got, what broke it."""

    chain: int | None
    name: str
    position: int = 0
    last_hash: str = GENESIS_HASH
    checked: int = 0
    broken: Break | None = None
    resumed: bool = False
    problems: list[str] = field(default_factory=list)


def _legacy_rows(using: str, after: int) -> Iterator[AuditEntry]:
    while True:
        rows = list(
            AuditEntry.objects.using(using).filter(seq__isnull=True, id__gt=after).order_by("id")[:_BATCH]
        )
        if not rows:
            return
        yield from rows
        after = rows[-1].pk


def _chain_rows(using: str, chain: int, after: int) -> Iterator[AuditEntry]:
    while True:
        rows = list(
            AuditEntry.objects.using(using).filter(chain=chain, seq__gt=after).order_by("seq")[:_BATCH]
        )
        if not rows:
            return
        yield from rows
        after = rows[-1].seq or 0


def _content_problem(entry: AuditEntry) -> str:
    if entry.compute_hash() == entry.entry_hash:
        return ""
    if entry.unkeyed_hash() == entry.entry_hash:
        return "鍵を使わずに計算されたハッシュです（鍵を持たない者による書き換え、または鍵付け以前の記録）"
    return "記録の内容が変更されています（または監査ログの鍵が違います）"


def _step(walk: _Walk, entry: AuditEntry) -> bool:
    """Hold one entry against the chain so far; False once the chain is broken."""
    position = entry.pk if walk.chain is None else (entry.seq or 0)
    expected = walk.position + 1
    if position != expected:
        if walk.chain is None:
            reason = f"#{expected} から #{position - 1} が欠落しています"
        else:
            reason = f"{expected} 番目から {position - 1} 番目が欠落しています"
    elif entry.prev_hash != walk.last_hash:
        reason = "直前の記録とのつながりが一致しません（削除・挿入・並べ替え）"
    else:
        reason = _content_problem(entry)
    if reason:
        walk.broken = Break(entry.pk, reason, _where(walk, entry))
        return False
    walk.position, walk.last_hash = position, entry.entry_hash
    walk.checked += 1
    return True


def _where(walk: _Walk, entry: AuditEntry) -> str:
    return walk.name if walk.chain is None else f"{walk.name} {entry.seq} 番目"


def _resume(walk: _Walk, using: str) -> None:
    """Start the walk at the chain's latest checkpoint whose signature holds and whose entry still carries the
    hash it names. A checkpoint with a bad signature is reported and passed over."""
    # chain=None is the legacy chain's: IS NULL.
    checkpoints = AuditCheckpoint.objects.using(using).filter(chain=walk.chain).order_by("-seq")
    for checkpoint in checkpoints.iterator():
        if not checkpoint.signed():
            walk.problems.append(
                f"{walk.name}の検証済み地点（{checkpoint.seq} 番目）は署名が一致しません。"
                "検証済み地点が書き換えられています（この地点は使わずに検証しました）"
            )
            continue
        entries = AuditEntry.objects.using(using)
        if walk.chain is None:
            entry = entries.filter(pk=checkpoint.seq, seq__isnull=True).first()
        else:
            entry = entries.filter(chain=walk.chain, seq=checkpoint.seq).first()
        if entry is None:
            walk.broken = Break(
                checkpoint.seq, "検証済み地点の記録がありません（削除されています）", walk.name
            )
        elif entry.entry_hash != checkpoint.entry_hash or _content_problem(entry):
            walk.broken = Break(entry.pk, "検証済み地点の記録が変更されています", _where(walk, entry))
        elif (held := _held_up_to(walk.chain, checkpoint.seq, using)) != checkpoint.seq:
            walk.broken = Break(
                entry.pk,
                f"検証済み地点（{checkpoint.seq} 番目）までの記録が {held} 件です（"
                f"{'削除' if held < checkpoint.seq else '挿入'}されています。kasane audit verify --full で場所を確かめてください）",
                _where(walk, entry),
            )
        else:
            walk.position, walk.last_hash, walk.resumed = checkpoint.seq, checkpoint.entry_hash, True
        return


def _held_up_to(chain: int | None, place: int, using: str) -> int:
    """How many entries the chain holds up to ``place`` (its seq; the legacy chain's id): a whole chain holds
    exactly ``place``. Counted from the (chain, seq) index, or the legacy rows' index, without reading rows."""
    entries = AuditEntry.objects.using(using)
    if chain is None:
        return entries.filter(seq__isnull=True, pk__lte=place).count()
    return entries.filter(chain=chain, seq__lte=place).count()


def _walk(walk: _Walk, using: str, *, full: bool) -> _Walk:
    if not full:
        _resume(walk, using)
    if walk.broken is not None:
        return walk
    if walk.chain is None:
        rows = _legacy_rows(using, walk.position)
    else:
        rows = _chain_rows(using, walk.chain, walk.position)
    for entry in rows:
        if not _step(walk, entry):
            break
    return walk


def _stray(using: str) -> Break | None:
    """A row with a seq but no chain belongs to no walk: someone put it there."""
    row = AuditEntry.objects.using(using).filter(chain__isnull=True, seq__isnull=False).first()
    if row is None:
        return None
    return Break(row.pk, "どの連鎖にも属さない記録があります（挿入されています）", "連鎖の外")


def walk_chains(using: str = "default", *, full: bool = True) -> list[_Walk]:
    walks = [_walk(_Walk(None, chain_name(None, using)), using, full=full)]
    # A chain with checkpoints but no entry left was deleted whole: walking it finds its checkpoint's entry gone.
    checkpointed = (
        AuditCheckpoint.objects.using(using).filter(chain__isnull=False).values_list("chain", flat=True)
    )
    for chain in sorted(set(chain_keys(using)) | {c for c in checkpointed if c is not None}):
        walks.append(_walk(_Walk(chain, chain_name(chain, using)), using, full=full))
    return walks


def chain_break(using: str = "default") -> Break | None:
    """The first entry, in any chain, that does not fit the keyed chains (all walked in full), or None."""
    stray = _stray(using)
    if stray is not None:
        return stray
    return next((w.broken for w in walk_chains(using, full=True) if w.broken), None)


def verify_chain(using: str = "default", *, backup: bool = False, full: bool = False) -> Report:
    """Walk every chain with the audit key (from its latest checkpoint, or from the start with ``full``) and
    report each chain's first entry that does not fit, then hold the chains against the signed heads
    published outside the database (in the database ``using``: the live one, or a backup before it is
    restored). A backup is always walked in full, and older than the newest heads by nature, so with
    ``backup`` the heads beyond its end are not counted against it; those it is old enough to contain still
    must match, and the heads it records are filed again by the restore (it may come from another machine)
    rather than held against this machine's file. A verify of the live trail that finds everything whole
    writes a checkpoint at the end of each chain."""
    full = full or backup
    # The trail's end before the file is read: heads published from here on are neither in the reading nor
    # counted against it.
    up_to = AuditEntry.objects.using(using).aggregate(last=Max("id"))["last"] or 0
    walks = walk_chains(using, full=full)
    stray = _stray(using)
    breaks = tuple(w.broken for w in walks if w.broken is not None) + ((stray,) if stray else ())
    reading = read_heads()
    problems = reading.problems + compare_with_chain(reading.in_force, using, beyond_end=not backup)
    if not backup:
        problems += unfiled_heads(reading, using, up_to=up_to)
    report = Report(
        checked=sum(w.checked for w in walks),
        first_break=breaks[0] if breaks else None,
        heads_checked=len(reading.in_force),
        head_problems=tuple(problems),
        breaks=breaks,
        checkpoint_problems=tuple(p for w in walks for p in w.problems),
        chains=sum(1 for w in walks if w.position or w.chain is not None),
        resumed=sum(1 for w in walks if w.resumed),
        full=full,
    )
    if report.ok and not backup:
        _write_checkpoints(walks, using)
    return report


def _write_checkpoints(walks: list[_Walk], using: str) -> None:
    now = timezone.now()
    for walk in walks:
        if not walk.position or (walk.resumed and not walk.checked):
            continue  # an empty chain, or one whose checkpoint is already its end
        checkpoint = AuditCheckpoint(
            chain=walk.chain, seq=walk.position, entry_hash=walk.last_hash, created_at=now
        )
        checkpoint.signature = checkpoint.compute_signature()
        checkpoint.save(using=using)
