"""名寄せ's writes: merging two records of one person, undoing it, and judging a pair to be two people.

A merge deletes nothing. Every record that points at the merged person is found from the model registry
(each foreign key to ``Person``, in any app, including those above casework that it cannot import), moved to
the survivor and remembered in the ``Merge``, so that an undo moves exactly those back. Each write is one
transaction with one audit entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.models import DistinctPair, Merge, Person
from kasane.casework.visibility import Viewer
from kasane.lib.nayose import ScoredPair

# Records about the person's record itself, not about the person: the name index is the merged person's own
# (it drops out of search with them), and 名寄せ's own records name both persons on purpose.
NOT_MOVED = frozenset({"casework.personkey", "casework.merge", "casework.distinctpair"})


class MergeRefused(Exception):
    """A merge or an undo that cannot be done; the message says why, in words staff read."""


def pointing_fields() -> Iterator[tuple[type[models.Model], str]]:
    """(model, field name) of every foreign key to Person whose rows follow a merge."""
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.one_to_many):
            continue
        model: Any = relation.related_model
        if model._meta.label_lower not in NOT_MOVED:
            yield model, relation.field.name  # type: ignore[union-attr]


def may_merge(viewer: Viewer, first: Person, second: Person) -> str:
    """Why the viewer may not merge these two records ("" when they may), in either direction: the owner
    agency of the record that disappears must be one the viewer edits for, and of the other too when they
    differ, so it is the same condition whichever is kept."""
    if first.pk == second.pk:
        return "同じ記録どうしはまとめられません。"
    if first.municipality_id != second.municipality_id or first.municipality_id != viewer.municipality.pk:
        return "市町村が異なる記録はまとめられません。"
    if first.merged_into_id is not None or second.merged_into_id is not None:
        return "すでに別の記録にまとめられた記録です。"
    if not (viewer.can_edit(first.owner_agency_id) and viewer.can_edit(second.owner_agency_id)):
        if first.owner_agency_id == second.owner_agency_id:
            return "この記録を記録した機関で編集できる職員だけがまとめられます。"
        return "記録した機関が異なるため、両方の機関で編集できる職員だけがまとめられます。"
    return ""


def _locked(*pks: int) -> dict[int, Person]:
    return {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=pks)}


def _move(merged: Person, survivor: Person) -> tuple[dict[str, dict[str, list[int]]], list[dict[str, Any]]]:
    moved: dict[str, dict[str, list[int]]] = {}
    unlinked: list[dict[str, Any]] = []
    for model, field in pointing_fields():
        rows = model._base_manager.filter(**{field: merged.pk})
        if model._meta.auto_created:
            # A link table (a case's 支援対象者): a link the survivor already has would be there twice. It is
            # taken out and kept whole in the merge, to be made again by an undo.
            other = next(f.name for f in model._meta.fields if f.is_relation and f.name != field)
            held = model._base_manager.filter(**{field: survivor.pk}).values(other)
            for row in rows.filter(**{f"{other}__in": held}).values():
                unlinked.append({"model": model._meta.label_lower, "row": row})
                model._base_manager.filter(pk=row["id"]).delete()
        pks = sorted(rows.values_list("pk", flat=True))
        if pks:
            model._base_manager.filter(pk__in=pks).update(**{field: survivor.pk})
            moved.setdefault(model._meta.label_lower, {})[field] = pks
    return moved, unlinked


def merge_persons(
    viewer: Viewer, *, merged: Person, survivor: Person, pair: ScoredPair, note: str, actor: Actor
) -> Merge:
    """Merge ``merged`` into ``survivor`` on the evidence of ``pair`` and what staff checked (``note``)."""
    with transaction.atomic():
        locked = _locked(merged.pk, survivor.pk)
        merged, survivor = locked[merged.pk], locked[survivor.pk]
        reason = may_merge(viewer, merged, survivor)
        if reason:
            raise MergeRefused(reason)
        try:
            with transaction.atomic():
                moved, unlinked = _move(merged, survivor)
        except IntegrityError as exc:
            raise MergeRefused(
                "二つの記録に、同時に一つしか持てない記録（同じ機関で進行中の参加支援など）があるため、"
                "まとめられませんでした。先にどちらかを終えてから、もう一度まとめてください。"
            ) from exc
        Person.objects.filter(pk=merged.pk).update(merged_into=survivor)
        merge = Merge.objects.create(
            municipality=viewer.municipality,
            merged=merged,
            survivor=survivor,
            probability=pair.probability,
            evidence=pair.evidence,
            note=note,
            moved=moved,
            unlinked=unlinked,
            merged_by=viewer.user,
            merged_at=timezone.now(),
        )
        audit.log(
            "person.merged",
            actor=actor,
            agency=viewer.primary_agency,
            obj=merge,
            person_id=merged.pk,
            basis=Basis.OWN,
            details={
                "merged": merged.pk,
                "survivor": survivor.pk,
                "probability": round(pair.probability, 4),
                "evidence": pair.evidence,
                "note": note,
                "moved": merge.moved_count,
            },
        )
    return merge


def undo_merge(viewer: Viewer, merge: Merge, *, actor: Actor) -> Merge:
    """Put back what ``merge`` moved: each record to the merged person, the links it took out, and the merged
    person as a record of its own. Only while the survivor has not itself been merged since."""
    with transaction.atomic():
        merge = Merge.objects.select_for_update().get(pk=merge.pk)
        locked = _locked(merge.merged_id, merge.survivor_id)
        merged, survivor = locked[merge.merged_id], locked[merge.survivor_id]
        if merge.undone_at is not None:
            raise MergeRefused("このまとめは、すでに元に戻されています。")
        if survivor.merged_into_id is not None:
            raise MergeRefused(
                "残した記録がその後さらに別の記録にまとめられています。先にそちらを元に戻してください。"
            )
        if not (viewer.can_edit(merged.owner_agency_id) and viewer.can_edit(survivor.owner_agency_id)):
            raise MergeRefused("両方の記録を記録した機関で編集できる職員だけが元に戻せます。")
        for label, fields in merge.moved.items():
            model: Any = apps.get_model(label)
            for field, pks in fields.items():
                model._base_manager.filter(pk__in=pks, **{field: survivor.pk}).update(**{field: merged.pk})
        for link in merge.unlinked:
            model = apps.get_model(link["model"])
            model._base_manager.create(**link["row"])
        Person.objects.filter(pk=merged.pk).update(merged_into=None)
        merge.undone_by, merge.undone_at = viewer.user, timezone.now()
        merge.save(update_fields=["undone_by", "undone_at"])
        audit.log(
            "person.merge_undone",
            actor=actor,
            agency=viewer.primary_agency,
            obj=merge,
            person_id=merged.pk,
            basis=Basis.OWN,
            details={"merged": merged.pk, "survivor": survivor.pk, "moved": merge.moved_count},
        )
    return merge


def mark_different(viewer: Viewer, first: Person, second: Person, *, actor: Actor) -> DistinctPair:
    """Staff judged the two records to be different people: the pair is not offered again."""
    low, high = sorted((first, second), key=lambda p: p.pk)
    with transaction.atomic():
        existing = DistinctPair.objects.filter(first=low, second=high, withdrawn_at__isnull=True).first()
        if existing is not None:
            return existing
        mark = DistinctPair.objects.create(
            municipality=viewer.municipality,
            first=low,
            second=high,
            marked_by=viewer.user,
            marked_at=timezone.now(),
        )
        audit.log(
            "person.marked_different",
            actor=actor,
            agency=viewer.primary_agency,
            obj=mark,
            person_id=low.pk,
            basis=Basis.OWN,
            details={"first": low.pk, "second": high.pk},
        )
    return mark


def withdraw_different(viewer: Viewer, mark: DistinctPair, *, actor: Actor) -> DistinctPair:
    """The 「別の人」 judgement taken back: the pair is offered again if it still scores."""
    with transaction.atomic():
        mark = DistinctPair.objects.select_for_update().get(pk=mark.pk)
        if mark.withdrawn_at is not None:
            return mark
        mark.withdrawn_by, mark.withdrawn_at = viewer.user, timezone.now()
        mark.save(update_fields=["withdrawn_by", "withdrawn_at"])
        audit.log(
            "person.different_withdrawn",
            actor=actor,
            agency=viewer.primary_agency,
            obj=mark,
            person_id=mark.first_id,
            basis=Basis.OWN,
            details={"first": mark.first_id, "second": mark.second_id},
        )
    return mark
