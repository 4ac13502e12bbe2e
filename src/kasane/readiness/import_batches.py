"""Applying a previewed municipality list, and undoing it.

A pending ``ImportBatch`` holds the preview. Applying writes the rows the preview showed (flagged rows only
when the officer ticked them) in one transaction with one audit entry, and keeps the state of every
municipality before and after. The undo rule: only the latest applied batch of the prefecture may be undone,
and only while every municipality it touched is still exactly as the import left it (name, ふりがな, block,
振興局, status, 年度, population, area) and every municipality it created has no records of its own; anything
else would silently throw away someone's later change, so undo is refused and says which municipalities.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from kasane import audit
from kasane.audit.actor import Actor
from kasane.readiness import import_preview
from kasane.readiness.import_preview import NEW, UPDATE, Preview, State, snapshots
from kasane.readiness.importer import ImportResult
from kasane.readiness.models import Block, ImportBatch, MunicipalityProfile, Region
from kasane.tenancy.models import Municipality, Prefecture


class ImportRefused(Exception):
    """The batch cannot be applied or undone; the message says why, in Japanese."""


def start(
    *, prefecture: Prefecture, filename: str, parsed: ImportResult, listed_regions: list[str], actor: Actor
) -> tuple[Preview, ImportBatch | None]:
    """The preview of an upload, kept as a pending batch when it has no error (nothing else is written)."""
    preview = import_preview.build(parsed, prefecture, listed_regions=listed_regions)
    counts = preview.counts()
    if counts["errors"]:
        return preview, None
    with transaction.atomic():
        ImportBatch.objects.filter(
            prefecture=prefecture, state=ImportBatch.State.PENDING, uploaded_by=actor.staff
        ).delete()
        batch = ImportBatch.objects.create(
            prefecture=prefecture,
            filename=filename[:200],
            preview=preview.rows,
            new_regions=preview.new_regions,
            counts=counts,
            uploaded_by=actor.staff,
            uploaded_at=timezone.now(),
        )
        audit.log(
            "readiness.import_previewed",
            actor=actor,
            obj=batch,
            details={"filename": batch.filename, **counts},
        )
    return preview, batch


def latest_applied(prefecture: Prefecture) -> ImportBatch | None:
    return (
        ImportBatch.objects.filter(prefecture=prefecture, state=ImportBatch.State.APPLIED)
        .order_by("-applied_at", "-pk")
        .first()
    )


@transaction.atomic
def apply(batch: ImportBatch, *, confirmed: set[str], actor: Actor) -> ImportBatch:
    """Write what the preview showed; flagged rows only when their code is in ``confirmed``."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != ImportBatch.State.PENDING:
        raise ImportRefused("この取り込みはすでに反映されています。取り込みの履歴をご覧ください。")
    rows = [r for r in batch.preview if r["kind"] in (NEW, UPDATE)]
    chosen = [r for r in rows if not r["flags"] or r["code"] in confirmed]
    _still_as_previewed(chosen)
    blocks = {b.name: b for b in Block.objects.filter(prefecture=batch.prefecture)}
    regions = {r.name: r for r in Region.objects.filter(prefecture=batch.prefecture)}
    created_blocks, created_regions = set(blocks), set(regions)
    changes = []
    for row in chosen:
        municipality = _write(batch.prefecture, row, blocks, regions)
        changes.append({"municipality_id": municipality.pk, "code": row["code"], "line": row["line"]})
        changes[-1] |= {"before": row["before"], "rename": row["rename"]}
    after = snapshots([c["municipality_id"] for c in changes])
    for change in changes:
        change["after"] = after[change["municipality_id"]]
    batch.changes = changes
    batch.created_blocks = [blocks[name].pk for name in blocks if name not in created_blocks]
    batch.created_regions = [regions[name].pk for name in regions if name not in created_regions]
    batch.counts = import_preview.counts_of(batch.preview) | _applied_counts(rows, chosen)
    batch.state = ImportBatch.State.APPLIED
    batch.applied_at = timezone.now()
    batch.save(
        update_fields=["changes", "created_blocks", "created_regions", "counts", "state", "applied_at"]
    )
    audit.log(
        "readiness.imported", actor=actor, obj=batch, details={"filename": batch.filename, **batch.counts}
    )
    return batch


def _applied_counts(rows: list[dict[str, Any]], chosen: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "applied_new": sum(1 for r in chosen if r["kind"] == NEW),
        "applied_updated": sum(1 for r in chosen if r["kind"] == UPDATE),
        "applied_renamed": sum(1 for r in chosen if r["rename"]),
        "skipped": len(rows) - len(chosen),
    }


def _still_as_previewed(chosen: list[dict[str, Any]]) -> None:
    """Refuse when a municipality the preview showed has changed since (or a new code was taken)."""
    current = snapshots([r["municipality_id"] for r in chosen if r["municipality_id"]])
    moved = [
        r["before"]["name"]
        for r in chosen
        if r["municipality_id"] and current.get(r["municipality_id"]) != r["before"]
    ]
    new_codes = [r["code"] for r in chosen if not r["municipality_id"]]
    moved += list(Municipality.objects.filter(code__in=new_codes).values_list("name", flat=True))
    if moved:
        raise ImportRefused(
            f"プレビューの後に、{'、'.join(moved)}の登録内容が変わりました。"
            "何も反映していません。もう一度ファイルを選んで、プレビューからやり直してください。"
        )


def _write(
    prefecture: Prefecture, row: dict[str, Any], blocks: dict[str, Block], regions: dict[str, Region]
) -> Municipality:
    after: State = row["after"]
    before: State | None = row["before"]
    if before is None:
        municipality = Municipality.objects.create(
            prefecture=prefecture, code=row["code"], name=after["name"], population=after["population"]
        )
    else:
        municipality = Municipality.objects.get(pk=row["municipality_id"])
        municipality.name = after["name"]
        municipality.population = after["population"]
        municipality.save(update_fields=["name", "population"])
    fields: dict[str, Any] = {
        "name_kana": after["kana"],
        "status": after["status"],
        "status_year": after["status_year"],
        "area_km2": Decimal(after["area"]) if after["area"] else None,
        "block": _named(Block, prefecture, after["block"], blocks),
    }
    if before is None or not before["profile"] or before["region"] != after["region"]:
        # 振興局 is set by name; the old text field follows it until every page reads the region.
        fields["region"] = _named(Region, prefecture, after["region"], regions)
        fields["bureau"] = after["region"]
    MunicipalityProfile.objects.update_or_create(municipality=municipality, defaults=fields)
    return municipality


def _named(model: Any, prefecture: Prefecture, name: str, known: dict[str, Any]) -> Any:
    """The block or region of that name, made (last in order) when the import brings a new one."""
    if not name:
        return None
    if name not in known:
        known[name] = model.objects.create(prefecture=prefecture, name=name, sort_order=len(known) + 1)
    return known[name]


@transaction.atomic
def undo(batch: ImportBatch, *, actor: Actor) -> ImportBatch:
    """Put every municipality the batch touched back as it was, if nothing has changed them since."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    latest = latest_applied(batch.prefecture)
    if latest is None or latest.pk != batch.pk:
        raise ImportRefused("元に戻せるのは、最後に反映した取り込み（まだ元に戻していないもの）だけです。")
    current = snapshots([c["municipality_id"] for c in batch.changes])
    changed = [c["after"]["name"] for c in batch.changes if current.get(c["municipality_id"]) != c["after"]]
    if changed:
        raise ImportRefused(
            f"この取り込みの後に、{'、'.join(changed)}の登録内容（名称・ブロック・実施状況など）が変更されているため、"
            "元に戻せません。何も変更していません。必要な箇所は市町村ごとの画面で直してください。"
        )
    created = Municipality.objects.filter(
        pk__in=[c["municipality_id"] for c in batch.changes if c["before"] is None]
    )
    busy = [m.name for m in created if _has_records(m)]
    if busy:
        raise ImportRefused(
            f"この取り込みで新しく登録した{'、'.join(busy)}に、その後シート・評価などの記録が登録されているため、"
            "元に戻せません。何も変更していません。"
        )
    for change in batch.changes:
        if change["before"] is not None:
            _restore(change["municipality_id"], change["before"])
    MunicipalityProfile.objects.filter(municipality__in=created).delete()
    created.delete()
    _drop_unused(Block, batch.created_blocks)
    _drop_unused(Region, batch.created_regions)
    batch.state = ImportBatch.State.UNDONE
    batch.undone_at = timezone.now()
    batch.undone_by = actor.staff
    batch.save(update_fields=["state", "undone_at", "undone_by"])
    audit.log(
        "readiness.import_undone",
        actor=actor,
        obj=batch,
        details={"filename": batch.filename, **batch.counts},
    )
    return batch


def _restore(municipality_id: int, before: State) -> None:
    municipality = Municipality.objects.get(pk=municipality_id)
    municipality.name = before["name"]
    municipality.population = before["population"]
    municipality.save(update_fields=["name", "population"])
    if not before["profile"]:
        MunicipalityProfile.objects.filter(municipality=municipality).delete()
        return
    for model, key in ((Block, "block_id"), (Region, "region_id")):
        if before[key] is not None and not model.objects.filter(pk=before[key]).exists():
            raise ImportRefused(
                f"{before['name']}の以前のブロックまたは振興局が削除されているため、元に戻せません。"
            )
    MunicipalityProfile.objects.filter(municipality=municipality).update(
        name_kana=before["kana"],
        block_id=before["block_id"],
        region_id=before["region_id"],
        bureau=before["bureau"],
        status=before["status"],
        status_year=before["status_year"],
        area_km2=Decimal(before["area"]) if before["area"] else None,
    )


def _has_records(municipality: Municipality) -> bool:
    """Whether anything but its profile hangs off a municipality (then deleting it would lose records)."""
    collector = Collector(using=router.db_for_write(Municipality))
    try:
        collector.collect([municipality])
    except (ProtectedError, RestrictedError):
        return True
    ours = {Municipality, MunicipalityProfile}
    if any(model not in ours and objs for model, objs in collector.data.items()):
        return True
    # Records that would only lose their link (an audit entry, say) count too: they were written about it.
    linked = [objs for lists in collector.field_updates.values() for objs in lists]
    if any(objs.exists() if hasattr(objs, "exists") else objs for objs in linked):
        return True
    return any(qs.model not in ours and qs.exists() for qs in collector.fast_deletes)


def _drop_unused(model: Any, ids: list[int]) -> None:
    """Blocks and regions the batch made go again once no profile uses them."""
    for item in model.objects.filter(pk__in=ids):
        if not item.profiles.exists():
            try:
                item.delete()
            except (ProtectedError, RestrictedError):
                continue
