"""Tasks from the minutes (宿題) and the register of resource gaps (不足している社会資源)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.lib.dates import today
from kasane.meetings.access import MeetingViewer
from kasane.meetings.models import ActionItem, ResourceGap
from kasane.meetings.services._common import EditConflict, MeetingError, _log, _person_of


def complete_action(viewer: MeetingViewer, action: ActionItem, *, actor: Actor) -> None:
    if action.assignee_id != viewer.user.pk:
        raise MeetingError("宿題を完了にできるのは担当者です。")
    item = action.item
    # Completing a task of an item is an act on that item: audited on the item's own basis.
    basis = Basis.SW106_6 if item.is_support else Basis.CONSENT if item.is_layered else Basis.NONE
    with transaction.atomic():
        action.done_on = today()
        action.save(update_fields=["done_on"])
        _log(
            viewer,
            "action_item.done",
            item,
            person_id=_person_of(item),
            basis=basis,
            meeting_id=item.meeting_id,
            task=action.pk,
            actor=actor,
        )


def save_gap(
    viewer: MeetingViewer, gap: ResourceGap, *, lock_version: int | None = None, actor: Actor
) -> ResourceGap:
    with transaction.atomic():
        if gap.pk is None:
            gap.municipality = viewer.municipality
            gap.save()
            _log(viewer, "resource_gap.created", gap, actor=actor)
            return gap
        updated = ResourceGap.objects.filter(pk=gap.pk, lock_version=lock_version or 0).update(
            lock_version=F("lock_version") + 1
        )
        if not updated:
            raise EditConflict("ほかの方が先にこの項目を更新しました。最新の内容を確認してください。")
        gap.lock_version = (lock_version or 0) + 1
        gap.save()
        _log(viewer, "resource_gap.updated", gap, status=gap.status, actor=actor)
    return gap
