"""The event's participants and their attendance as a table (Excel or CSV), one row per registration in
the order of the 受付名簿; ``lib.exports`` writes the file and keeps every cell from running as a formula."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.http import StreamingHttpResponse

from kasane import audit
from kasane.audit.actor import Actor
from kasane.events.models import Event, Registration
from kasane.events.sheets import roster_order
from kasane.lib import exports
from kasane.lib.dates import wareki_datetime

HEADER = (
    "氏名",
    "ふりがな",
    "市町村",
    "所属",
    "区分",
    "職種",
    "メール",
    "申込の方法",
    "申込日時",
    "グループ",
    "出席",
)
FORMATS = ("xlsx", "csv")


def participants(event: Event) -> list[Registration]:
    return roster_order(list(event.registrations.select_related("municipality", "group")))


def rows(registrations: list[Registration]) -> Iterator[list[Any]]:
    for r in registrations:
        yield [
            r.name,
            r.name_kana,
            r.municipality.name if r.municipality else "",
            r.organisation,
            r.get_category_display(),
            r.occupation,
            r.email,
            r.get_channel_display(),
            wareki_datetime(r.registered_at),
            r.group.name if r.group else "",
            "出席" if r.attended else "",
        ]


def export_participants(event: Event, fmt: str, *, actor: Actor) -> StreamingHttpResponse:
    """The file, with the audit entry of its being taken (how many people, in which format)."""
    registrations = participants(event)
    with transaction.atomic():
        audit.log(
            "events.participants_exported",
            actor=actor,
            obj=event,
            details={
                "format": fmt,
                "participants": len(registrations),
                "attended": sum(1 for r in registrations if r.attended),
            },
        )
    filename = f"{event.title}_参加者と出席.{fmt}"
    if fmt == "csv":
        return exports.csv_response(filename, HEADER, rows(registrations))
    return exports.xlsx_response(filename, "参加者と出席", HEADER, rows(registrations))
