"""The prefecture's regions (北海道's 総合振興局・振興局, another prefecture's 地域振興局 or 保健所圏域) as data the
support staff keep: add, rename, reorder, delete an unused one, and the word the prefecture uses for them.

Each write is one transaction with one audit entry. A refusal raises ``RegionError`` with the Japanese
sentence to show, and writes nothing.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, ProtectedError, QuerySet

from kasane import audit
from kasane.audit.actor import Actor
from kasane.readiness import support_settings
from kasane.readiness.models import MunicipalityProfile, Region, SupportSettings
from kasane.tenancy.models import Prefecture

NAME_MAX = Region._meta.get_field("name").max_length or 30
LABEL_MAX = SupportSettings._meta.get_field("region_label").max_length or 20


class RegionError(Exception):
    """A change the page refuses, with the reason as staff read it."""


def label(prefecture: Prefecture) -> str:
    """The word the prefecture uses for its regions (振興局 unless the officer set another)."""
    return support_settings.of(prefecture).region_label


def listed(prefecture: Prefecture) -> QuerySet[Region]:
    """The prefecture's regions in their order, each with how many municipalities it holds."""
    return (
        Region.objects.filter(prefecture=prefecture)
        .annotate(municipality_count=Count("profiles"))
        .order_by("sort_order", "name")  # an aggregate drops the model's default order
    )


def _clean_name(name: str, word: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise RegionError(f"{word}の名称を入力してください。")
    if len(cleaned) > NAME_MAX:
        raise RegionError(f"{word}の名称は{NAME_MAX}文字以内で入力してください。")
    return cleaned


def _taken(prefecture: Prefecture, name: str, *, other_than: int | None = None) -> bool:
    found = Region.objects.filter(prefecture=prefecture, name=name)
    if other_than is not None:
        found = found.exclude(pk=other_than)
    return found.exists()


def add(prefecture: Prefecture, name: str, *, actor: Actor) -> Region:
    word = label(prefecture)
    cleaned = _clean_name(name, word)
    if _taken(prefecture, cleaned):
        raise RegionError(f"「{cleaned}」はすでに登録されています。")
    with transaction.atomic():
        last = Region.objects.filter(prefecture=prefecture).aggregate(last=Max("sort_order"))["last"]
        try:
            region = Region.objects.create(prefecture=prefecture, name=cleaned, sort_order=(last or 0) + 1)
        except IntegrityError:  # added by someone else a moment ago
            raise RegionError(f"「{cleaned}」はすでに登録されています。") from None
        audit.log("readiness.region_added", actor=actor, obj=region, details={"name": cleaned})
    return region


def rename(region: Region, name: str, *, actor: Actor) -> None:
    """A new name for the region; the profiles' 振興局 text follows it, so both say the same."""
    word = label(region.prefecture)
    cleaned = _clean_name(name, word)
    if cleaned == region.name:
        return
    if _taken(region.prefecture, cleaned, other_than=region.pk):
        raise RegionError(f"「{cleaned}」はすでに登録されています。")
    before = region.name
    with transaction.atomic():
        region.name = cleaned
        region.save(update_fields=["name"])
        MunicipalityProfile.objects.filter(region=region).update(bureau=cleaned)
        audit.log(
            "readiness.region_renamed", actor=actor, obj=region, details={"before": before, "after": cleaned}
        )


def move(region: Region, *, up: bool, actor: Actor) -> None:
    """One place up or down the list. The order is renumbered 1, 2, 3… so equal numbers cannot stall it."""
    with transaction.atomic():
        ordered = list(Region.objects.select_for_update().filter(prefecture=region.prefecture))
        index = next(n for n, r in enumerate(ordered) if r.pk == region.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for number, each in enumerate(ordered, start=1):
            each.sort_order = number
        Region.objects.bulk_update(ordered, ["sort_order"])
        audit.log(
            "readiness.region_moved",
            actor=actor,
            obj=region,
            details={"name": region.name, "position": other + 1},
        )


def delete(region: Region, *, actor: Actor) -> None:
    """Only a region no municipality belongs to (the profiles protect theirs)."""
    word = label(region.prefecture)
    with transaction.atomic():
        held = MunicipalityProfile.objects.filter(region=region).count()
        if held:
            raise RegionError(
                f"「{region.name}」には{held}市町村が属しているため削除できません。"
                f"先に各市町村の状況の変更で、別の{word}を選んでください。"
            )
        audit.log("readiness.region_deleted", actor=actor, obj=region, details={"name": region.name})
        try:
            region.delete()
        except ProtectedError:  # a municipality was put in it a moment ago
            raise RegionError(f"「{region.name}」には市町村が属しているため削除できません。") from None


def set_label(prefecture: Prefecture, word: str, *, actor: Actor) -> None:
    cleaned = "".join(word.split())
    if not cleaned:
        raise RegionError("地域の呼び方を入力してください（例：振興局、地域振興局、保健所圏域）。")
    if len(cleaned) > LABEL_MAX:
        raise RegionError(f"地域の呼び方は{LABEL_MAX}文字以内で入力してください。")
    with transaction.atomic():
        settings, _ = SupportSettings.objects.select_for_update().get_or_create(prefecture=prefecture)
        before = settings.region_label
        if before == cleaned:
            return
        settings.region_label = cleaned
        settings.save(update_fields=["region_label"])
        audit.log(
            "readiness.region_label_set",
            actor=actor,
            obj=settings,
            details={"before": before, "after": cleaned},
        )
