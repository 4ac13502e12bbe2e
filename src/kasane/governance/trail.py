"""What the audit trail says about one person: where their information went and on which basis (情報の提供先),
and everyone who accessed it (for 開示).

Both read the trail only; nothing here is stored twice. An entry names a person through ``person_id``;
lists and searches name the people they showed in ``details["persons"]``, and a household page names its
members in ``basis_ref``. The disclosure record uses ``person_id`` alone (one indexed query per page); the
開示 report, which is rare and must be complete, also finds the list and household entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from kasane.agencies.models import Agency
from kasane.audit.actions import label as action_label
from kasane.audit.models import AuditEntry, Basis
from kasane.casework.models import Person

# Bases on which personal data reaches someone other than the agency that recorded it.
DISCLOSURE_BASES = (
    Basis.CONSENT,
    Basis.REFERRAL,
    Basis.CASE_TEAM,
    Basis.SW106_6,
    Basis.LAW_OTHER,
    Basis.OTHER,
)
SENT = "referral.sent"
# A 紹介票 handed to a 参加支援 host (kasane.participation): the host is not an agency in kasane, so the entry
# names it in ``details["host"]``; it is sent, on the person's consent naming that host.
HOST_SHEET = "participation.referral_sheet"


@dataclass(frozen=True)
class Recipient:
    """One agency that received the person's information on one basis."""

    agency: str
    basis: str
    basis_label: str
    first: dt.datetime
    last: dt.datetime
    count: int
    sent: bool = False  # sent to it by a つなぎ, rather than read by it


# The person's page leaves out reads under 社会福祉法第106条の6: the agency that recorded the person is not
# necessarily a pledged member of the 支援会議, and must not learn from here that the person was discussed.
PAGE_BASES = tuple(b for b in DISCLOSURE_BASES if b != Basis.SW106_6)


def recipients(person: Person, *, bases: tuple[Basis, ...] = DISCLOSURE_BASES) -> list[Recipient]:
    """Agencies other than the owner that read the person's records, or were sent them (and 参加支援 hosts
    handed a 紹介票), grouped by recipient and basis. Two queries however long the trail."""
    mine = AuditEntry.objects.filter(
        municipality_id=person.municipality_id, person_id=str(person.pk), basis__in=bases
    )
    rows: dict[tuple[str, str, bool], Recipient] = {}
    for row in (
        mine.exclude(action__in=(SENT, HOST_SHEET))
        .exclude(agency_id=person.owner_agency_id)
        .order_by()
        .values("agency_name", "basis")
        .annotate(first=Min("created_at"), last=Max("created_at"), n=Count("id"))
    ):
        _add(rows, row["agency_name"] or "（機関不明）", row["basis"], row["first"], row["last"], row["n"])
    to_id = Cast(KeyTextTransform("to_agency", "details"), IntegerField())
    sent = (
        mine.filter(action__in=(SENT, HOST_SHEET))
        .annotate(to_id=to_id, host=KeyTextTransform("host", "details"))
        .annotate(to_name=Subquery(Agency.objects.filter(pk=OuterRef("to_id")).values("name")[:1]))
        .values_list("action", "to_id", "to_name", "host", "basis", "created_at")
    )
    for action, to, name, host, basis, at in sent:
        if action == HOST_SHEET:
            _add(
                rows,
                f"{host or '（受け入れ先不明）'}（参加支援の受け入れ先・紹介票）",
                basis,
                at,
                at,
                1,
                sent=True,
            )
        elif to != person.owner_agency_id:
            _add(rows, name or "（機関不明）", basis, at, at, 1, sent=True)
    return sorted(rows.values(), key=lambda r: (r.agency, DISCLOSURE_BASES.index(Basis(r.basis)), r.sent))


def _add(
    rows: dict[tuple[str, str, bool], Recipient],
    agency: str,
    basis: str,
    first: dt.datetime,
    last: dt.datetime,
    count: int,
    *,
    sent: bool = False,
) -> None:
    key = (agency, basis, sent)
    old = rows.get(key)
    if old is not None:
        first, last, count = min(first, old.first), max(last, old.last), count + old.count
    rows[key] = Recipient(agency, basis, Basis(basis).label, first, last, count, sent)


@dataclass(frozen=True)
class Access:
    """One entry of the person's access history, as the 開示 report shows it."""

    entry_id: int
    at: dt.datetime
    actor: str
    agency: str
    action: str
    action_label: str
    basis: str
    basis_label: str
    target: str
    how: str  # 記録 / 一覧・検索 / 世帯の画面


def access_history(person: Person) -> list[Access]:
    """Every entry of the trail about this person, oldest first: reads, changes, lists that showed them and
    household pages that showed them as a member."""
    pid = str(person.pk)
    base = AuditEntry.objects.filter(municipality_id=person.municipality_id)
    found: dict[int, tuple[AuditEntry, str]] = {}
    for e in base.filter(person_id=pid):
        found[e.pk] = (e, "記録")
    # Lists (of any app) keep the ids they showed in details["persons"]; the text match narrows, the exact
    # check decides (ids may be stored as numbers or as strings).
    for e in base.filter(details__persons__icontains=pid):
        shown = e.details.get("persons") if isinstance(e.details, dict) else None
        if e.pk not in found and pid in {str(x) for x in shown or []}:
            found[e.pk] = (e, "一覧・検索")
    for e in base.filter(action="household.viewed", basis_ref__contains=pid):
        if e.pk not in found and pid in e.basis_ref.split(","):
            found[e.pk] = (e, "世帯の画面")
    return [
        Access(
            entry_id=e.pk,
            at=e.created_at,
            actor=e.actor_name or e.actor_username or "（システム）",
            agency=e.agency_name,
            action=e.action,
            action_label=action_label(e.action),
            basis=e.basis,
            basis_label=Basis(e.basis).label if e.basis in Basis.values else e.basis,
            target=e.object_label,
            how=how,
        )
        for e, how in sorted(found.values(), key=lambda pair: pair[0].pk)
    ]
