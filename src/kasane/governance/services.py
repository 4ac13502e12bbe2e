"""開示: finding the person, registering the request, producing the report. Each write is one transaction
with its audit entry; each read of a person is audited in the request's name."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.audit.trail import Item, log_many
from kasane.casework.models import Person
from kasane.casework.queries.search import PersonQuery, filter_persons
from kasane.governance.access import BASIS, acting_agency
from kasane.governance.disclosure import Report, build_report, report_json
from kasane.governance.models import DisclosureRequest
from kasane.tenancy.models import Municipality

MAX_CANDIDATES = 30
# Searches allowed inside one request. Staff search with what the requester's identity document shows (name,
# kana, birth date); a few tries cover spelling and 異体字. More is a search for someone else, not a request.
MAX_SEARCHES = 5


class SearchLimitReached(Exception):
    message = (
        f"この開示請求での本人の検索は上限（{MAX_SEARCHES}回）に達しました。"
        "本人確認書類の氏名・ふりがな・生年月日を確かめ、必要なら管理者に相談してください。"
    )


class PersonAlreadyChosen(SearchLimitReached):
    message = "この開示請求の本人はすでに確定しています。開示請求のページから続けてください。"


def find_persons(disclosure: DisclosureRequest, query: PersonQuery, *, actor: Actor) -> list[Person]:
    """Everyone in the municipality who matches, whichever agency recorded them: the one cross-agency search.
    It exists only inside a registered request whose person is not yet known, a few times per request, and
    every person it shows is audited under the request's 受付番号 (and so appears in that person's own
    disclosure record); the search itself is audited too, with how many it found."""
    if query.is_empty or disclosure.person_id is not None:
        return []
    municipality = disclosure.municipality
    with transaction.atomic():
        counted = DisclosureRequest.objects.filter(
            pk=disclosure.pk, person=None, searches__lt=MAX_SEARCHES
        ).update(searches=F("searches") + 1)
        if not counted:
            if DisclosureRequest.objects.filter(pk=disclosure.pk).exclude(person=None).exists():
                raise PersonAlreadyChosen  # in another tab, meanwhile: the search is over, not used up
            raise SearchLimitReached
        disclosure.searches += 1
        found = list(
            filter_persons(Person.objects.filter(municipality=municipality), municipality.pk, query)
            .select_related("owner_agency")
            .order_by("kana_key", "name_key", "pk")[:MAX_CANDIDATES]
        )
        audit.log(
            "disclosure.search_made",
            actor=actor,
            agency=acting_agency(actor),
            obj=disclosure,
            basis=BASIS,
            basis_ref=disclosure.number,
            details={"request": disclosure.pk, "found": len(found), "search": disclosure.searches},
        )
        _log_shown(disclosure, found, actor=actor)
    return found


def _log_shown(disclosure: DisclosureRequest, found: list[Person], *, actor: Actor) -> None:
    log_many(
        "disclosure.searched",
        [
            Item(
                obj=p,
                person_id=p.pk,
                basis=BASIS,
                basis_ref=disclosure.number,
                details={"request": disclosure.pk},
            )
            for p in found
        ],
        actor=actor,
        agency=acting_agency(actor),
    )


def chosen_person(disclosure: DisclosureRequest, value: str) -> Person | None:
    """The person picked from this request's search results: one the search showed under this request."""
    if not value.isdigit():
        return None
    shown = AuditEntry.objects.filter(
        municipality=disclosure.municipality_id,
        action="disclosure.searched",
        basis_ref=disclosure.number,
        details__request=disclosure.pk,
        person_id=value,
    )
    if not shown.exists():
        return None
    return Person.objects.filter(
        pk=int(value), municipality=disclosure.municipality_id, household__anonymised_at=None
    ).first()


def record_listed(requests: list[DisclosureRequest], *, actor: Actor) -> None:
    """The list of requests names the people they are about: one entry each, in the request's name."""
    log_many(
        "disclosure.listed",
        [Item(obj=r, person_id=r.person_id or "", basis=BASIS, basis_ref=r.number) for r in requests],
        actor=actor,
        agency=acting_agency(actor),
    )


def register_request(
    municipality: Municipality, disclosure: DisclosureRequest, *, actor: Actor
) -> DisclosureRequest:
    """Step one: the request as received. Its person is found next, inside it."""
    user = actor.staff
    disclosure.municipality = municipality
    disclosure.registered_by = user
    disclosure.registered_by_name = user.full_name
    with transaction.atomic():
        disclosure.save()
        audit.log(
            "disclosure.registered",
            actor=actor,
            agency=acting_agency(actor),
            obj=disclosure,
            basis=BASIS,
            basis_ref=disclosure.number,
        )
    return disclosure


def choose_person(disclosure: DisclosureRequest, person: Person, *, actor: Actor) -> None:
    """Step two: the person the request is about, once; fixed from then on."""
    with transaction.atomic():
        updated = DisclosureRequest.objects.filter(pk=disclosure.pk, person=None).update(person=person)
        if not updated:
            raise ValueError("この開示請求の本人はすでに確定しています。")
        disclosure.person = person
        audit.log(
            "disclosure.person_chosen",
            actor=actor,
            agency=acting_agency(actor),
            obj=disclosure,
            person_id=person.pk,
            basis=BASIS,
            basis_ref=disclosure.number,
        )


FORMATS = {"pdf": ("application/pdf", "pdf"), "json": ("application/json", "json")}


def produce(disclosure: DisclosureRequest, fmt: str, *, actor: Actor) -> tuple[bytes, Report]:
    """Build the report and render it; only then record the production (one transaction, one entry)."""
    user = actor.staff
    if disclosure.person_id is None:
        raise ValueError(
            "本人が確定していないため、開示資料は作成できません。先に本人を検索して選んでください。"
        )
    report = build_report(disclosure, made_by=user.full_name)
    if fmt == "pdf":
        from kasane.governance.report_pdf import report_pdf  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

        content = report_pdf(report)
    else:
        content = report_json(report)
    with transaction.atomic():
        DisclosureRequest.objects.filter(pk=disclosure.pk).update(
            produced_at=timezone.now(), produced_by_name=user.full_name, productions=F("productions") + 1
        )
        audit.log(
            "disclosure.produced",
            actor=actor,
            agency=acting_agency(actor),
            obj=disclosure,
            person_id=disclosure.person_id,
            basis=BASIS,
            basis_ref=disclosure.number,
            details={
                "format": fmt,
                "records": report.section_counts(),
                "recipients": len(report.recipients),
                "accesses": len(report.accesses),
                "bytes": len(content),
            },
        )
    return content, report
