"""Signing up for an event without an account: the public form at ``/e/<signup_key>/``.

The form is open only while support staff keep it open (``Event.signup_open``), until the deadline (the whole
of that day in Tokyo) and while places remain. The places are counted under a lock on the event's row, in the
transaction that adds the registration: two people sending the form for the last place at the same moment
cannot both get it (PostgreSQL: ``SELECT … FOR UPDATE``; SQLite lets one writer at a time in anyway).

Nothing personal is reachable from the form: it shows the event as the invitation does and the number of places
left, never who else has signed up.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.events.models import Event, ParticipantCategory, Registration, RegistrationChannel
from kasane.lib.dates import today, wareki
from kasane.tenancy.models import Municipality

DUPLICATE = (
    "このメールアドレスでは、すでにこの研修・会議に申し込まれています。"
    "内容を変更・取り消す場合は、事務局にご連絡ください。"
)
FULL = "定員に達したため、申込みの受付を終了しました。"
OVER = "この研修・会議は終了しました。"
NOT_OPEN = "この研修・会議の申込みは、現在受け付けていません。"


# A bot (or a slip of a script) must not fill an event from one address; a town hall behind one NAT address
# signing up its staff one by one stays far below this.
BURST_LIMIT = 20
BURST_WINDOW = dt.timedelta(hours=1)
BURST = (
    "短い時間に同じ接続元から多くの申込みがありました。しばらくしてからお申し込みいただくか、"
    "事務局にご連絡ください。"
)


def _burst(event: Event, address: str | None) -> bool:
    """Whether this address has already signed up BURST_LIMIT people for the event within the window."""
    if not address:
        return False
    recent = AuditEntry.objects.filter(
        action="events.signed_up_public",
        object_type="events.event",
        object_id=str(event.pk),
        ip_address=address,
        created_at__gte=timezone.now() - BURST_WINDOW,
    )
    return recent.count() >= BURST_LIMIT


def closed_after(deadline: dt.date) -> str:
    return f"申込みの受付は{wareki(deadline)}で締め切りました。"


class SignupRefused(Exception):
    """The sign-up cannot be taken; the message is shown to the applicant as it is. ``closed`` says whether the
    form as a whole is closed (full, past the deadline) rather than this one applicant refused."""

    def __init__(self, message: str, *, closed: bool) -> None:
        super().__init__(message)
        self.closed = closed


@dataclass(frozen=True)
class Applicant:
    """What the applicant typed, checked by the form."""

    name: str
    name_kana: str
    municipality: Municipality | None
    organisation: str
    category: ParticipantCategory | str
    occupation: str
    email: str


def event_by_key(key: str) -> Event:
    """The event behind a public sign-up link; 404 for an unknown key and for a form staff have not opened."""
    event = (
        Event.objects.select_related("prefecture", "block").filter(signup_key=key, signup_open=True).first()
    )
    if event is None:
        raise Http404
    return event


def remaining_places(event: Event, registered: int) -> int | None:
    """None when the event has no 定員."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - registered)


def refusal(event: Event, *, day: dt.date, registered: int) -> str | None:
    """Why the form takes no sign-up today, or None while it does."""
    if not event.signup_open:
        return NOT_OPEN
    if not event.is_upcoming(day):
        return OVER
    if event.signup_deadline is not None and day > event.signup_deadline:
        return closed_after(event.signup_deadline)
    if remaining_places(event, registered) == 0:
        return FULL
    return None


def sign_up(event: Event, applicant: Applicant, *, actor: Actor) -> Registration:
    """Take one public sign-up, or raise ``SignupRefused``."""
    with transaction.atomic():
        # Every check again under the lock: the page the applicant filled in may be minutes old.
        locked = Event.objects.select_for_update().get(pk=event.pk)
        reason = refusal(locked, day=today(), registered=locked.registrations.count())
        if reason is not None:
            raise SignupRefused(reason, closed=True)
        if locked.registrations.filter(email__iexact=applicant.email).exists():
            raise SignupRefused(DUPLICATE, closed=False)
        if _burst(locked, actor.client_address):
            raise SignupRefused(BURST, closed=False)
        registration = Registration.objects.create(
            event=locked,
            name=applicant.name,
            name_kana=applicant.name_kana,
            municipality=applicant.municipality,
            organisation=applicant.organisation,
            category=applicant.category,
            occupation=applicant.occupation,
            email=applicant.email,
            channel=RegistrationChannel.PUBLIC,
        )
        audit.log(
            "events.signed_up_public",
            actor=actor,
            obj=locked,
            details={"registration": registration.pk, "category": str(applicant.category)},
        )
    return registration


# --- what support staff set and see ----------------------------------------------------------------------


def save_settings(
    event: Event,
    *,
    signup_open: bool,
    capacity: int | None,
    deadline: dt.date | None,
    actor: Actor,
) -> list[str]:
    """Open or close the form and set its 定員 and 締切. Returns the names of the fields that changed."""
    new = {"signup_open": signup_open, "capacity": capacity, "signup_deadline": deadline}
    changed = [name for name, value in new.items() if getattr(event, name) != value]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(event, name, new[name])
        event.save(update_fields=[*changed, "updated_at"])
        audit.log(
            "events.signup_settings_saved",
            actor=actor,
            obj=event,
            details={"fields": changed, "open": signup_open, "capacity": capacity},
        )
    return changed


def counts_by_channel(event: Event) -> list[tuple[str, int]]:
    """How the registrations arrived (申込フォーム, 事務局が登録, …), in the channels' order, with zeros left out."""
    counts = dict(
        event.registrations.order_by()
        .values_list("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    return [(label, counts[value]) for value, label in RegistrationChannel.choices if counts.get(value)]


def qr_svg(url: str, *, scale: int = 5) -> str:
    """The link as an inline SVG QR code, drawn here: nothing is fetched from outside."""
    import segno  # noqa: PLC0415 - segno loads when a QR code is drawn, not at start-up

    return str(
        segno.make(url, error="m").svg_inline(
            scale=scale,
            border=2,
            dark="#000000",
            light="#ffffff",
            title="申込フォームのQRコード",
            svgclass="qr-code",
        )
    )


def qr_png(url: str) -> bytes:
    """The same code as a PNG, to paste into a flyer or a slide."""
    import segno  # noqa: PLC0415 - segno loads when a QR code is drawn, not at start-up

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()
