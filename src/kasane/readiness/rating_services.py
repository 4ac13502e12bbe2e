"""Rating several of the five items at once: one transaction, one audit entry, only the items that changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from kasane import audit
from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.lib.dates import fiscal_year, fiscal_year_label, today, wareki
from kasane.readiness.models import ReadinessRating
from kasane.tenancy.models import Municipality


@dataclass(frozen=True)
class Entry:
    item: str
    stage: int
    evidence: str
    tools_used: list[str]
    rated_on: dt.date
    based_on: int | None  # the latest rating the form was opened on (None: the item was unrated)


class RatedMeanwhile(Exception):
    """Someone rated one of the items since the form was opened; saving would hide their rating."""

    def __init__(self, items: list[str]) -> None:
        super().__init__(items)
        self.items = items


def rated_on_problem(rated_on: dt.date, previous: ReadinessRating | None) -> str:
    """What is wrong with a rating date, or "" (the rule of both rating forms).

    Not in the future (a future rating would stand as the current one and block the next), not before the
    item's previous rating, and not in a 年度 that has already ended: the end-of-年度 figures (the table,
    the annual report) must not change after the 年度 is over."""
    now = today()
    if rated_on > now:
        return "未来の日付は入力できません。"
    if previous is not None and rated_on < previous.rated_on:
        return f"前回の評価日（{wareki(previous.rated_on)}）より前の日付にはできません。"
    if fiscal_year(rated_on) < fiscal_year(now):
        ended = fiscal_year_label(fiscal_year(rated_on)).split("（")[0]
        this = fiscal_year_label(fiscal_year(now)).split("（")[0]
        return (
            f"{ended}はすでに終わっているため、その年度の日付では記録できません。"
            f"今年度（{this}）の日付を入力してください。"
        )
    return ""


def latest_ids(municipality: Municipality) -> dict[str, int]:
    """item → the id of its latest rating."""
    latest: dict[str, int] = {}
    rows = (
        ReadinessRating.objects.filter(municipality=municipality)
        .order_by("item", "-rated_on", "-pk")
        .values_list("item", "pk")
    )
    for item, pk in rows:
        latest.setdefault(item, pk)
    return latest


def record_ratings(
    municipality: Municipality, user: User, entries: list[Entry], *, actor: Actor | None = None
) -> list[ReadinessRating]:
    """A new rating for each entry, all or none. Refused (RatedMeanwhile) when an item's latest rating is no
    longer the one the form showed."""
    if not entries:
        return []
    with transaction.atomic():
        # Serialise raters of one municipality, so two forms cannot both pass the check below.
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        latest = latest_ids(municipality)
        stale = [e.item for e in entries if latest.get(e.item) != e.based_on]
        if stale:
            raise RatedMeanwhile(stale)
        created = ReadinessRating.objects.bulk_create(
            ReadinessRating(
                municipality=municipality,
                item=e.item,
                stage=e.stage,
                evidence=e.evidence,
                tools_used=e.tools_used,
                rated_on=e.rated_on,
                rated_by=user,
            )
            for e in entries
        )
        audit.log(
            "readiness.ratings_recorded",
            actor=actor,
            user=user,
            municipality=municipality,
            obj=municipality,
            details={
                "items": {e.item: e.stage for e in entries},
                "ratings": [
                    {"id": r.pk, "item": r.item, "stage": r.stage, "rated_on": r.rated_on.isoformat()}
                    for r in created
                ],
            },
        )
    return created
