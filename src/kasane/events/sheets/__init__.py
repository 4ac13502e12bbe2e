"""The event's papers for the day, each an A4 PDF in the embedded Japanese font (``kasane.lib.pdf``):
受付名簿 (`sign_in`), 名札 (`name_tags`) and 参加証明書 (`certificates`)."""

from __future__ import annotations

from kasane.events.models import Registration


def roster_order(registrations: list[Registration]) -> list[Registration]:
    """By 市町村 (in the order of their codes, as prefectures list them), then by ふりがな; those of no
    municipality (振興局, the prefecture) after them, and anyone without ふりがな last in their town."""
    return sorted(
        registrations,
        key=lambda r: (
            r.municipality is None,
            r.municipality.code if r.municipality else "",
            not r.name_kana,
            r.name_kana,
            r.name,
            r.pk,
        ),
    )


def affiliation(registration: Registration) -> str:
    """市町村 and 所属 on one line, the town said once: 「旭川市 保健福祉部」, and 「旭川市社会福祉協議会」 as it is."""
    town = registration.municipality.name if registration.municipality else ""
    organisation = registration.organisation
    if town and organisation.startswith(town):
        return organisation
    return " ".join(t for t in (town, organisation) if t)
