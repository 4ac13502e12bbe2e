"""The access matrix's rows for the participant list in and out (kasane.events.roster_views, sheet_views):
importing a list, an import's page and its undo, the template, 受付名簿・名札・参加証明書 and the export of
participants and attendance. All are support staff's own pages (the prefecture's officer, 403 to everyone
else); the event is rows_events.py's, with one imported registration who attended (so that a certificate
exists) and so cannot be undone."""

from __future__ import annotations

from typing import Any

from tests.access.outcomes import LOGIN, Rows, support_staff
from tests.access.rows_events import _event

BATCH = "20261207-1000-a1b2c3"


def _imported(w: dict[str, Any]) -> Any:
    from kasane.events.models import ParticipantCategory, Registration, RegistrationChannel

    return Registration.objects.get_or_create(
        event=_event(w),
        import_batch=BATCH,
        defaults={
            "name": "取込 花子",
            "municipality": w["municipality"],
            "category": ParticipantCategory.MUNICIPAL,
            "channel": RegistrationChannel.IMPORT,
            "attended": True,
        },
    )[0]


def _batch(w: dict[str, Any]) -> str:
    return f"/events/{_imported(w).event_id}/participants/import/{BATCH}/"


EXPECTED: Rows = {
    "events:roster_import": (
        lambda w: f"/events/{_event(w).pk}/participants/import/",
        LOGIN,
        support_staff(),
    ),
    "events:roster_import_confirm": (
        lambda w: f"/events/{_event(w).pk}/participants/import/confirm/",
        LOGIN,
        support_staff(405),
    ),
    "events:roster_batch": (_batch, LOGIN, support_staff()),
    "events:roster_undo": (lambda w: f"{_batch(w)}undo/", LOGIN, support_staff(405)),
    "events:roster_template": (lambda w: "/events/participants/import-template/", LOGIN, support_staff()),
    "events:sign_in_sheet": (
        lambda w: f"/events/{_event(w).pk}/participants/sign-in-sheet/",
        LOGIN,
        support_staff(),
    ),
    "events:name_tags": (lambda w: f"/events/{_event(w).pk}/participants/name-tags/", LOGIN, support_staff()),
    "events:certificates": (
        lambda w: f"/events/{_imported(w).event_id}/participants/certificates/",
        LOGIN,
        support_staff(),
    ),
    "events:certificate": (
        lambda w: f"/events/participants/{_imported(w).pk}/certificate/",
        LOGIN,
        support_staff(),
    ),
    "events:participants_export": (
        lambda w: f"/events/{_event(w).pk}/participants/export/xlsx/",
        LOGIN,
        support_staff(),
    ),
}
