"""Invitation texts for an event, one per municipality (or one per block), ready to paste into a mail.

Inside LGWAN kasane usually has no mail server: staff copy each text into their own mailer. Where one is set
up (``KASANE_EMAIL_HOST``), the texts can also be sent to the municipalities' contact addresses: the e-mail of
the municipality's division where its programme staff work (``readiness.edit``), or failing that of another of
its divisions. A municipality with no address on record gets none; nothing is guessed.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from kasane import audit
from kasane.accounts import permissions
from kasane.accounts.models import Membership, User
from kasane.agencies.models import Agency, AgencyKind
from kasane.audit.actor import Actor
from kasane.events.models import Event, EventFormat, ProgrammeSlot
from kasane.lib.dates import wareki
from kasane.readiness.models import Block
from kasane.tenancy.models import Municipality

PROGRAMME_PERMISSION = "readiness.edit"


class InvitationError(Exception):
    """The mail could not be sent; the message is shown to staff as it is."""


@dataclass(frozen=True)
class Sender:
    organisation: str
    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class Contact:
    agency: str
    email: str


@dataclass(frozen=True)
class Invitation:
    key: str  # the municipality's code, or "block-<pk>"
    addressee: str  # 津別町, or 道東ブロックの各市町村
    municipality: Municipality | None
    contact: Contact | None
    subject: str
    text: str


def mail_configured() -> bool:
    """Whether kasane may send mail: an SMTP host is set (never inside LGWAN by default)."""
    return bool(getattr(settings, "EMAIL_HOST", ""))


def sender_of(user: User, event: Event) -> Sender:
    """Who signs the invitation: the member of staff and their agency in the event's prefecture."""
    agencies = [
        m.agency for m in permissions.memberships_of(user) if m.agency.prefecture_id == event.prefecture_id
    ]
    agency = agencies[0] if agencies else None
    return Sender(
        organisation=agency.name if agency else event.prefecture.name,
        name=user.full_name,
        phone=agency.phone if agency else "",
        email=agency.email if agency else "",
    )


def municipalities_for(event: Event, block: Block | None = None) -> list[Municipality]:
    """The municipalities invited: the event's block for a block's forum, else the prefecture (or one block)."""
    chosen = event.block or block
    found = Municipality.objects.filter(prefecture=event.prefecture).select_related("profile__block")
    if chosen is not None:
        found = found.filter(profile__block=chosen)
    return list(found.order_by("code"))


def contacts(municipalities: Iterable[Municipality]) -> dict[int, Contact]:
    """Each municipality's contact address on record (two queries for the lot)."""
    divisions = list(
        Agency.objects.filter(
            municipality__in=list(municipalities), kind=AgencyKind.CITY_DIVISION, is_active=True
        )
        .exclude(email="")
        .order_by("municipality_id", "pk")
    )
    programme = {
        m.agency_id
        for m in Membership.objects.filter(
            agency__in=divisions, is_active=True, user__is_active=True
        ).select_related("role")
        if PROGRAMME_PERMISSION in m.role.permissions
    }
    found: dict[int, Contact] = {}
    for agency in sorted(divisions, key=lambda a: a.pk not in programme):
        assert agency.municipality_id is not None
        found.setdefault(agency.municipality_id, Contact(agency=agency.name, email=agency.email))
    return found


def subject_of(event: Event) -> str:
    """One line: a title saved with a line break would make an invalid mail header."""
    title = " ".join(event.title.split())
    return f"【ご案内】{title}（{wareki(event.starts_on)}開催）"


def _you(addressee: str) -> str:
    """貴市・貴町・貴村: how the letter names the municipality it is addressed to."""
    for suffix in ("市", "町", "村", "区"):
        if addressee.endswith(suffix):
            return f"貴{suffix}"
    return "各市町村"


def invitation_text(
    event: Event, *, salutation: str, you: str, url: str, sender: Sender, slots: list[ProgrammeSlot]
) -> str:
    lines = [
        salutation,
        "",
        "いつもお世話になっております。",
        f"{sender.organisation}の{sender.name}です。",
        "",
        f"下記のとおり「{event.title}」を開催いたしますので、ご案内いたします。",
        f"{you}の職員の皆さま、関係機関の皆さまのご参加をお待ちしております。",
        "",
        "記",
        "",
        f"■日時：{event.date_label()} {event.time_label()}".rstrip(),
        f"■開催形式：{event.get_format_display()}",
    ]
    if event.place:
        lines.append(f"■会場：{event.place}")
    if event.format != EventFormat.IN_PERSON:
        lines.append("■オンライン：お申し込みの方に、参加用のリンクを別途お知らせします。")
    if event.target:
        lines.append(f"■対象：{event.target}")
    if slots:
        lines.append("■内容：")
        lines += [f"　{s.starts_at:%H:%M}〜　{s.title}" for s in slots]
    if event.capacity:
        lines.append(f"■定員：{event.capacity}名（先着順）")
    if event.signup_deadline:
        lines.append(f"■申込締切：{wareki(event.signup_deadline)}")
    lines += [
        "■お申込み：次のリンクから、お一人ずつお申し込みください（アカウントは不要です）。",
        f"　{url}",
        "",
        "以上",
        "",
        "【お問い合わせ先】",
        sender.organisation,
        f"担当：{sender.name}",
    ]
    lines += [f"電話：{sender.phone}"] if sender.phone else []
    lines += [f"メール：{sender.email}"] if sender.email else []
    return "\n".join(lines) + "\n"


def invitations(
    event: Event, *, url: str, sender: Sender, per_block: bool = False, block: Block | None = None
) -> list[Invitation]:
    municipalities = municipalities_for(event, block)
    subject = subject_of(event)
    slots = list(event.slots.all())
    if per_block:
        blocks: dict[int, Block] = {}
        for m in municipalities:
            profile = getattr(m, "profile", None)
            if profile is not None and profile.block is not None:
                blocks.setdefault(profile.block.pk, profile.block)
        result = []
        for b in sorted(blocks.values(), key=lambda b: (b.sort_order, b.name)):
            addressee = f"{b.name}ブロックの各市町村"
            text = invitation_text(
                event,
                salutation=f"{b.name}ブロック各市町村 ご担当者様",
                you="各市町村",
                url=url,
                sender=sender,
                slots=slots,
            )
            result.append(Invitation(f"block-{b.pk}", addressee, None, None, subject, text))
        return result
    found = contacts(municipalities)
    return [
        Invitation(
            key=m.code,
            addressee=m.name,
            municipality=m,
            contact=found.get(m.pk),
            subject=subject,
            text=invitation_text(
                event,
                salutation=f"{m.name} ご担当者様",
                you=_you(m.name),
                url=url,
                sender=sender,
                slots=slots,
            ),
        )
        for m in municipalities
    ]


def send(event: Event, chosen: list[Invitation], *, sender: Sender, actor: Actor) -> int:
    """Send each chosen municipality its text, to its contact address. Returns how many were sent."""
    messages = [
        EmailMessage(
            subject=i.subject,
            body=i.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[i.contact.email],
            reply_to=[sender.email] if sender.email else None,
        )
        for i in chosen
        if i.contact is not None
    ]
    if not messages:
        raise InvitationError("送信先のメールアドレスが登録されている市町村を選んでください。")
    try:
        sent = get_connection(fail_silently=False).send_messages(messages) or 0
    except (smtplib.SMTPException, OSError) as exc:
        raise InvitationError(
            f"メールを送れませんでした（{type(exc).__name__}）。メールサーバーの設定を確かめるか、案内文を貼り付けて送ってください。"
        ) from None
    with transaction.atomic():
        audit.log(
            "events.invitations_sent",
            actor=actor,
            obj=event,
            details={"sent": sent, "municipalities": [i.key for i in chosen if i.contact is not None]},
        )
    return sent
