"""The meetings app over HTTP and through its services.

守秘義務の誓約, the legal basis each agenda item carries (支援会議 / 重層的支援会議), decisions only through items,
the §106-6 compartment checked against every page and API operation of the access matrix, concurrent edits,
tasks from the minutes, regular series, the indicator counts, the audit trail, pinned query counts and the
minutes PDF. The world is the access matrix's: the 8050 household's case and the 包括的支援会議 of
tests/test_access.py ``_meetings`` (city, coordinator and ``pledged`` invited to a §106-6 item; soudanin and
``unpledged`` members without a pledge).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.http import HttpRequest
from django.test import Client, RequestFactory, TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.actions import ACTIONS
from kasane.audit.actor import actor_of
from kasane.audit.models import AuditEntry, Basis
from kasane.casework.models import Case, CaseStatus, DecisionKind, Household, Outcome, Person, PlanStatus
from kasane.casework.services import cases as case_services
from kasane.casework.visibility import Viewer
from kasane.lib.dates import fiscal_year, fiscal_year_bounds, today
from kasane.meetings import indicators, services
from kasane.meetings.access import MeetingViewer
from kasane.meetings.models import (
    PLEDGE_WORDING,
    ActionItem,
    AgendaItem,
    Attendance,
    BodyMember,
    Decision,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingBody,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Pledge,
    ResourceGap,
    SupportOutcome,
)
from tests import factories
from tests.conftest import skip_or_fail
from tests.test_access import API_EXPECTED, API_POST, EXPECTED, ROLES, _meetings

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).parent / "artifacts"
# How shared content is labelled: on pages (notice, basis tag) and in PDFs. The kind of a sitting
# ("支援会議（社会福祉法第106条の6）") names the statute too, but labels no content, so it does not count.
LABELS = (
    "社会福祉法第106条の6に基づく",
    "社会福祉法第106条の6（支援会議・守秘義務）",
    "【社会福祉法第106条の6",
)


@pytest.fixture
def w(world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    """The access matrix's world: the journey's case and the 包括的支援会議 with its §106-6 item."""
    world["users"]["other_agency"] = make_user("south", world["agencies"]["houkatsu_south"], "soudanin")
    world["r"] = factories.journey(world)
    world["m"] = _meetings(world, make_user)
    return world


def _request(user: User, w: dict[str, Any]) -> HttpRequest:
    request = RequestFactory().post("/meetings/")
    request.user = user
    request.municipality = w["municipality"]  # type: ignore[attr-defined]
    return request


def _viewer(user: User, w: dict[str, Any]) -> MeetingViewer:
    return MeetingViewer.of(_request(user, w))


def _lock(response: Any) -> str:
    found = re.search(r'name="lock_version" value="(\d+)"', response.content.decode())
    assert found, "the page carries no lock_version"
    return found.group(1)


def _minutes(
    client: Client,
    item: AgendaItem,
    lock: int | str,
    actions: tuple[tuple[User, str], ...] = (),
    **fields: str,
) -> Any:
    """Post the item's minutes form as the page sends it."""
    data: dict[str, Any] = {
        "lock_version": str(lock),
        "a-TOTAL_FORMS": str(len(actions)),
        "a-INITIAL_FORMS": "0",
        **fields,
    }
    for i, (assignee, task) in enumerate(actions):
        data |= {f"a-{i}-assignee": assignee.pk, f"a-{i}-task": task, f"a-{i}-due_on": "R9.1.15"}
    return client.post(f"/meetings/items/{item.pk}/", data)


def _awaiting(w: dict[str, Any]) -> Case:
    """The journey's case with its plan submitted to the meeting (会議待ち)."""
    case, plan = w["r"]["case"], w["r"]["plan"]
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status"])
    case.status = CaseStatus.AWAITING_MEETING
    case.save(update_fields=["status"])
    return case


def _submit(client: Client, case: Case, meeting: Meeting, kind: str = ItemKind.PLAN_APPROVAL) -> Any:
    return client.post(f"/meetings/cases/{case.pk}/submit/", {"meeting": meeting.pk, "kind": kind})


def _entries_since(mark: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(id__gt=mark).order_by("id"))


def _mark() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _pdf_text(content: bytes) -> str:
    with subprocess.Popen(
        ["pdftotext", "-layout", "-", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as proc:
        out, _ = proc.communicate(content)
    return out.decode()


def _flat(text: str) -> str:
    """Without the line breaks and spaces a PDF's layout puts in."""
    return re.sub(r"\s+", "", text)


def _flat_pdf(response: Any) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return _flat(_pdf_text(response.content))


# --- 1. 守秘義務の誓約 ----------------------------------------------------------------------------------------


def test_the_pledge_needs_the_box_ticked_and_writes_nothing_without_it(
    w: dict[str, Any], client_for: Any
) -> None:
    body, soudanin = w["m"]["body"], w["users"]["soudanin"]
    mark = _mark()
    response = client_for(soudanin).post(f"/meetings/bodies/{body.pk}/pledge/", {})
    assert response.status_code == 200
    assert "誓約文を読み、「誓約します」にチェックを入れてください。" in response.content.decode()
    assert not Pledge.objects.filter(user=soudanin).exists()
    assert _entries_since(mark) == []


def test_a_member_pledges_for_the_fiscal_year_and_only_once(w: dict[str, Any], client_for: Any) -> None:
    body, soudanin = w["m"]["body"], w["users"]["soudanin"]
    client = client_for(soudanin)
    page = client.get(f"/meetings/bodies/{body.pk}/pledge/").content.decode()
    assert PLEDGE_WORDING in page and 'name="agree"' in page
    response = client.post(f"/meetings/bodies/{body.pk}/pledge/", {"agree": "on"})
    assert response.status_code == 302
    pledge = Pledge.objects.get(user=soudanin, body=body)
    end_of_year = fiscal_year_bounds(fiscal_year(today()))[1]
    assert (end_of_year.month, end_of_year.day) == (3, 31)
    assert pledge.pledged_on == today() and pledge.valid_until == end_of_year
    assert pledge.wording == PLEDGE_WORDING and pledge.recorded_by == soudanin
    assert (pledge.user_name, pledge.agency_name) == (soudanin.full_name, "北部地域包括支援センター")
    assert "あなたは誓約済み" in client.get(f"/meetings/bodies/{body.pk}/").content.decode()
    # A second pledge in the same year is refused, over HTTP and in the service.
    again = client.post(f"/meetings/bodies/{body.pk}/pledge/", {"agree": "on"})
    assert again.status_code == 200 and "今年度の誓約は済んでいます" in again.content.decode()
    with pytest.raises(services.MeetingError, match="今年度の誓約はすでに済んでいます"):
        services.take_pledge(_viewer(soudanin, w), body, actor=actor_of(_request(soudanin, w)))
    assert Pledge.objects.filter(user=soudanin, body=body).count() == 1


def test_a_pledge_holds_until_march_31_of_the_year_it_was_signed_in(w: dict[str, Any]) -> None:
    assert Pledge.valid_until_for(dt.date(2026, 4, 1)) == dt.date(2027, 3, 31)
    assert Pledge.valid_until_for(dt.date(2027, 1, 5)) == dt.date(2027, 3, 31)
    assert Pledge.valid_until_for(dt.date(2027, 3, 31)) == dt.date(2027, 3, 31)
    assert Pledge.valid_until_for(dt.date(2027, 4, 1)) == dt.date(2028, 3, 31)
    pledge = Pledge.objects.get(user=w["users"]["pledged"])
    end = pledge.valid_until
    current = Pledge.objects.filter(pk=pledge.pk).current
    assert current(end).exists() and not current(end + dt.timedelta(days=1)).exists()
    assert not current(pledge.pledged_on - dt.timedelta(days=1)).exists()


def test_only_a_member_of_the_body_can_pledge(w: dict[str, Any], client_for: Any, make_user: Any) -> None:
    body = w["m"]["body"]
    url = f"/meetings/bodies/{body.pk}/pledge/"
    # A host sees every body of the town but is not its member: told, nothing written.
    host = make_user("shi2", w["agencies"]["division"], "city_program")
    response = client_for(host).post(url, {"agree": "on"})
    assert response.status_code == 200
    assert "誓約は会議体の構成員が行います" in response.content.decode()
    # Staff who are neither members nor hosts do not learn the body exists.
    for key in ("other_agency", "agency_admin", "other_city", "prefecture"):
        assert client_for(w["users"][key]).post(url, {"agree": "on"}).status_code == 404, key
    assert not Pledge.objects.filter(user__in=[host, w["users"]["other_agency"]]).exists()
    with pytest.raises(services.MeetingError, match="構成員が行います"):
        services.take_pledge(_viewer(host, w), body, actor=actor_of(_request(host, w)))


def _pushed_to_last_year(pledge: Pledge) -> None:
    start, end = fiscal_year_bounds(fiscal_year(today()) - 1)
    pledge.pledged_on, pledge.valid_until = start + dt.timedelta(days=10), end
    pledge.save(update_fields=["pledged_on", "valid_until"])


def test_last_years_pledge_no_longer_opens_the_item_until_renewed(w: dict[str, Any], client_for: Any) -> None:
    m, pledged = w["m"], w["users"]["pledged"]
    item, meeting = m["support_item"], m["meeting"]
    client = client_for(pledged)
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 200
    _pushed_to_last_year(Pledge.objects.get(user=pledged))
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 404
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert item.title not in page and "守秘義務の誓約がまだのため" in page
    assert _flat(item.situation) not in _flat_pdf(client.get(f"/meetings/{meeting.pk}/minutes.pdf"))
    # Renewal for this year is allowed although a pledge exists (last year's), and opens the item again.
    assert client.post(f"/meetings/bodies/{m['body'].pk}/pledge/", {"agree": "on"}).status_code == 302
    assert Pledge.objects.filter(user=pledged).count() == 2
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 200


def test_a_member_who_leaves_the_body_loses_the_item_at_once(w: dict[str, Any], client_for: Any) -> None:
    m, users = w["m"], w["users"]
    item = m["support_item"]
    client = client_for(users["pledged"])
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 200
    member = m["body"].members.get(user=users["pledged"])
    response = client_for(users["city"]).post(f"/meetings/bodies/{m['body'].pk}/members/{member.pk}/remove/")
    assert response.status_code == 302
    # The pledge is still within its year, but the pledge binds members of the body only.
    assert Pledge.objects.current().filter(user=users["pledged"]).exists()
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 404
    # No longer a member, they do not see the sitting at all.
    assert client.get(f"/meetings/{m['meeting'].pk}/minutes.pdf").status_code == 404
    # Nor can the task from the item be assigned to them any more.
    with pytest.raises(services.MeetingError, match="支援会議の宿題は"):
        _record_support_minutes(w, actions=[users["pledged"]])


# --- 2. 支援会議 items --------------------------------------------------------------------------------------


def _support_form(invited: list[User], **extra: Any) -> dict[str, Any]:
    return {
        "title": "夜間に徘徊する高齢女性",
        "subject_name": "田中 ハナ",
        "subject_age": "80代",
        "situation": "夜間に屋外で見かけるとの情報が複数の機関から寄せられている。",
        "invited": [u.pk for u in invited],
        **extra,
    }


def _support_items() -> int:
    return AgendaItem.objects.filter(kind=ItemKind.SUPPORT_CASE).count()


def test_a_support_item_with_a_pledged_member_is_created_with_its_invitees(
    w: dict[str, Any], client_for: Any
) -> None:
    users, meeting = w["users"], w["m"]["meeting"]
    response = client_for(users["city"]).post(
        f"/meetings/{meeting.pk}/items/support/", _support_form([users["pledged"]])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = AgendaItem.objects.filter(kind=ItemKind.SUPPORT_CASE).latest("pk")
    # The creator joins automatically; nobody else is added.
    assert set(item.invited.all()) == {users["city"], users["pledged"]}
    assert item.case_id is None and item.order == 2


def test_a_support_item_is_refused_when_an_invitee_has_no_pledge(w: dict[str, Any], client_for: Any) -> None:
    users, meeting = w["users"], w["m"]["meeting"]
    before, mark = _support_items(), _mark()
    # The form offers pledged members only; a forged choice is refused in Japanese.
    response = client_for(users["city"]).post(
        f"/meetings/{meeting.pk}/items/support/", _support_form([users["unpledged"]])
    )
    assert response.status_code == 200
    assert "候補にありません" in response.content.decode()
    # The service refuses it too, naming who has not pledged: an expired pledge is no pledge.
    _pushed_to_last_year(Pledge.objects.get(user=users["pledged"]))
    item = AgendaItem(title="x", subject_name="x", situation="x")
    with pytest.raises(services.MeetingError, match="守秘義務の誓約をしていない方") as refused:
        services.add_support_item(
            _viewer(users["city"], w),
            meeting,
            item,
            [users["unpledged"], users["pledged"]],
            actor=actor_of(_request(users["city"], w)),
        )
    assert users["unpledged"].full_name in str(refused.value) and users["pledged"].full_name in str(
        refused.value
    )
    assert _support_items() == before and _entries_since(mark) == []


def test_a_support_item_is_refused_when_its_creator_has_no_pledge(
    w: dict[str, Any], client_for: Any, make_user: Any
) -> None:
    users, m = w["users"], w["m"]
    host = make_user("shi2", w["agencies"]["division"], "city_program")
    BodyMember.objects.create(body=m["body"], user=host, agency=w["agencies"]["division"], joined_on=today())
    client = client_for(host)
    url = f"/meetings/{m['meeting'].pk}/items/support/"
    message = "支援会議の議題を作成する前に、ご自身の守秘義務の誓約を行ってください。"
    assert message in client.get(url).content.decode()
    before = _support_items()
    response = client.post(url, _support_form([users["pledged"]]))
    assert response.status_code == 200 and message in response.content.decode()
    with pytest.raises(services.MeetingError, match="ご自身の守秘義務の誓約"):
        services.add_support_item(
            _viewer(host, w),
            m["meeting"],
            AgendaItem(title="x"),
            [users["pledged"]],
            actor=actor_of(_request(host, w)),
        )
    assert _support_items() == before


def test_a_support_item_is_refused_on_a_sitting_that_does_not_serve_the_support_meeting(
    w: dict[str, Any], client_for: Any
) -> None:
    users, body = w["users"], w["m"]["body"]
    layered_only = Meeting.objects.create(
        municipality=w["municipality"],
        body=body,
        title="重層的支援会議",
        kinds=[MeetingKind.LAYERED],
        held_on=today(),
    )
    before = _support_items()
    response = client_for(users["city"]).post(
        f"/meetings/{layered_only.pk}/items/support/", _support_form([users["pledged"]])
    )
    assert response.status_code == 200
    assert "この回は「支援会議（社会福祉法第106条の6）」を兼ねていないため" in response.content.decode()
    assert _support_items() == before


def test_a_support_meeting_body_must_be_hosted_by_a_city_division(w: dict[str, Any], client_for: Any) -> None:
    client, agencies = client_for(w["users"]["city"]), w["agencies"]
    form = {"name": "社協主催の会議", "kinds": [MeetingKind.SUPPORT], "host_agency": agencies["shakyo"].pk}
    response = client.post("/meetings/bodies/new/", form)
    assert response.status_code == 200
    assert (
        "支援会議は市町村が組織します。主催には市町村の担当課を選んでください。" in response.content.decode()
    )
    assert not MeetingBody.objects.filter(name="社協主催の会議").exists()
    # The hub may host a 重層的支援会議; the city hosts the 支援会議.
    assert client.post("/meetings/bodies/new/", {**form, "kinds": [MeetingKind.LAYERED]}).status_code == 302
    division = {**form, "name": "市主催の支援会議", "host_agency": agencies["division"].pk}
    assert client.post("/meetings/bodies/new/", division).status_code == 302
    assert set(MeetingBody.objects.values_list("name", "host_agency__kind")) >= {
        ("社協主催の会議", "shakyo"),
        ("市主催の支援会議", "city_division"),
    }


def test_a_body_that_does_not_serve_the_support_meeting_cannot_get_one_by_another_door(
    w: dict[str, Any], client_for: Any
) -> None:
    """Neither one meeting nor a series can serve a kind of meeting its body does not: otherwise a body
    hosted by the hub would hold 支援会議 sittings."""
    hub_body = MeetingBody.objects.create(
        municipality=w["municipality"],
        name="社協の重層的支援会議",
        kinds=[MeetingKind.LAYERED],
        host_agency=w["agencies"]["shakyo"],
    )
    client = client_for(w["users"]["coordinator"])
    response = client.post(
        "/meetings/new/",
        {"body": hub_body.pk, "title": "x", "kinds": [MeetingKind.SUPPORT], "held_on": "R9.1.21"},
    )
    assert response.status_code == 200
    assert "この会議体が兼ねていない種類の会議は選べません" in response.content.decode()
    response = client.post(
        f"/meetings/bodies/{hub_body.pk}/series/",
        _series_form(kinds=[MeetingKind.SUPPORT, MeetingKind.LAYERED]),
        follow=True,
    )
    assert "この会議体が兼ねていない種類の会議は選べません" in response.content.decode()
    assert not Meeting.objects.filter(body=hub_body).exists()


# --- 3. 重層的支援会議 items --------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["not_covered", "withdrawn"])
def test_a_case_item_needs_the_persons_consent_to_the_meeting(
    w: dict[str, Any], client_for: Any, how: str
) -> None:
    case, consent = _awaiting(w), w["r"]["consent"]
    if how == "not_covered":
        consent.covers_meeting = False
    else:
        consent.withdrawn_at, consent.withdrawn_on = timezone.now(), today()
    consent.save()
    mark = _mark()
    response = _submit(client_for(w["users"]["coordinator"]), case, w["m"]["meeting"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "本人の同意（重層的支援会議での検討）がないため、重層的支援会議では扱えません。" in page
    assert "支援会議（社会福祉法第106条の6）の議題にしてください" in page
    assert not AgendaItem.objects.filter(case=case).exists()
    assert not [e for e in _entries_since(mark) if e.action == "agenda_item.created"]


def test_plan_approval_only_for_a_case_awaiting_the_meeting(w: dict[str, Any], client_for: Any) -> None:
    case, coordinator, meeting = w["r"]["case"], w["users"]["coordinator"], w["m"]["meeting"]
    assert case.status == CaseStatus.SUPPORT
    # The page offers only what the case's state allows; a forged kind is refused.
    response = _submit(client_for(coordinator), case, meeting, ItemKind.PLAN_APPROVAL)
    assert response.status_code == 200 and "候補にありません" in response.content.decode()
    with pytest.raises(services.MeetingError, match="会議待ち"):
        services.add_case_item(
            _viewer(coordinator, w),
            meeting,
            case,
            ItemKind.PLAN_APPROVAL,
            [],
            actor=actor_of(_request(coordinator, w)),
        )
    assert not AgendaItem.objects.filter(case=case).exists()


def test_the_same_pending_item_cannot_be_added_twice(w: dict[str, Any], client_for: Any) -> None:
    case, meeting = _awaiting(w), w["m"]["meeting"]
    client = client_for(w["users"]["coordinator"])
    assert _submit(client, case, meeting).status_code == 302
    item = AgendaItem.objects.get(case=case)
    assert item.plan == w["r"]["plan"] and item.kind == ItemKind.PLAN_APPROVAL
    # The person consented to discussion at the sitting: everyone called to it takes part.
    attendees = {w["users"][k] for k in ("coordinator", "city", "soudanin")}
    assert set(item.invited.all()) == attendees
    response = _submit(client, case, meeting)
    assert response.status_code == 200
    assert "このケースの同じ議題が、まだ協議されずに残っています。" in response.content.decode()
    assert AgendaItem.objects.filter(case=case).count() == 1
    # The case page points to the pending item; a team member who does not run the case cannot submit it.
    assert f"/meetings/items/{item.pk}/" in client.get(f"/cases/{case.pk}/").content.decode()
    assert _submit(client_for(w["users"]["soudanin"]), case, meeting).status_code == 403


# --- 4. decisions come only from items ----------------------------------------------------------------------


def test_record_decision_without_an_agenda_item_is_refused(w: dict[str, Any]) -> None:
    case, coordinator = _awaiting(w), w["users"]["coordinator"]
    viewer = Viewer.of(coordinator, w["municipality"])
    assert viewer is not None
    decision = Decision(
        kind=DecisionKind.PLAN_APPROVAL, decided_on=today(), attendees="地域福祉課", outcome=Outcome.APPROVED
    )
    with pytest.raises(case_services.WorkflowError, match="重層的支援会議の議題から記録します"):
        case_services.record_decision(viewer, case, decision, actor=actor_of(_request(coordinator, w)))
    case.refresh_from_db()
    w["r"]["plan"].refresh_from_db()
    assert case.status == CaseStatus.AWAITING_MEETING and w["r"]["plan"].status == PlanStatus.SUBMITTED
    assert not Decision.objects.exists()


def test_approval_through_the_item_moves_the_case_and_the_plan(w: dict[str, Any], client_for: Any) -> None:
    case, plan, meeting = _awaiting(w), w["r"]["plan"], w["m"]["meeting"]
    client = client_for(w["users"]["coordinator"])
    assert _submit(client, case, meeting).status_code == 302
    item = AgendaItem.objects.get(case=case)
    page = client.get(f"/meetings/items/{item.pk}/")
    assert 'name="outcome" value="approved"' in page.content.decode()
    response = _minutes(client, item, _lock(page), outcome="approved", discussion="役割分担を確認した。")
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    plan.refresh_from_db()
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert case.status == CaseStatus.SUPPORT and plan.status == PlanStatus.APPROVED
    decision = Decision.objects.get()
    assert (decision.agenda_item, decision.plan, decision.outcome) == (item, plan, Outcome.APPROVED)
    assert decision.decided_on == meeting.held_on and "地域福祉課" in decision.attendees
    assert "役割分担を確認した。" in decision.notes
    assert item.status == ItemStatus.DISCUSSED and meeting.status == MeetingStatus.HELD
    # The decision is final: the page no longer offers an outcome, and a second one is refused.
    page = client.get(f"/meetings/items/{item.pk}/")
    assert 'name="outcome"' not in page.content.decode()
    assert _minutes(client, item, _lock(page), outcome="revise").status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).outcome == Outcome.APPROVED
    coordinator = w["users"]["coordinator"]
    with pytest.raises(services.MeetingError, match="この議題の決定はすでに記録されています"):
        services.record_minutes(
            _viewer(coordinator, w),
            item,
            {"outcome": Outcome.REVISE},
            [],
            lock_version=AgendaItem.objects.get(pk=item.pk).lock_version,
            basis=Basis.OWN,
            actor=actor_of(_request(coordinator, w)),
        )
    case.refresh_from_db()
    assert Decision.objects.count() == 1 and case.status == CaseStatus.SUPPORT


def test_revision_sends_the_plan_back(w: dict[str, Any], client_for: Any) -> None:
    case, plan = _awaiting(w), w["r"]["plan"]
    client = client_for(w["users"]["coordinator"])
    _submit(client, case, w["m"]["meeting"])
    item = AgendaItem.objects.get(case=case)
    response = _minutes(client, item, item.lock_version, outcome="revise", discussion="就労の目標を見直す。")
    assert response.status_code == 302
    case.refresh_from_db()
    plan.refresh_from_db()
    assert case.status == CaseStatus.PLANNING and plan.status == PlanStatus.REVISION


def test_a_decision_needs_a_city_division_attendee_present(w: dict[str, Any], client_for: Any) -> None:
    users, meeting = w["users"], w["m"]["meeting"]
    case = _awaiting(w)
    client = client_for(users["coordinator"])
    _submit(client, case, meeting)
    item = AgendaItem.objects.get(case=case)
    # The city records attendance: its own officer was absent.
    present = [users["coordinator"].pk, users["soudanin"].pk]
    assert client_for(users["city"]).post(f"/meetings/{meeting.pk}/", {"present": present}).status_code == 302
    assert not Attendance.objects.get(meeting=meeting, user=users["city"]).present
    response = _minutes(client, item, item.lock_version, outcome="approved", discussion="記録されない")
    assert response.status_code == 200
    assert "重層的支援会議には市町村の職員の出席が必要です。" in response.content.decode()
    case.refresh_from_db()
    fresh = AgendaItem.objects.get(pk=item.pk)
    assert case.status == CaseStatus.AWAITING_MEETING and not Decision.objects.exists()
    assert (fresh.status, fresh.discussion, fresh.lock_version) == (ItemStatus.PENDING, "", item.lock_version)
    # With the city present the same decision goes through.
    Attendance.objects.filter(meeting=meeting, user=users["city"]).update(present=True)
    assert _minutes(client, item, item.lock_version, outcome="approved").status_code == 302
    assert Decision.objects.count() == 1


def test_the_city_cannot_record_the_cases_decision_for_the_hub(w: dict[str, Any], client_for: Any) -> None:
    users = w["users"]
    case = _awaiting(w)
    _submit(client_for(users["coordinator"]), case, w["m"]["meeting"], ItemKind.PLAN_APPROVAL)
    item = AgendaItem.objects.get(case=case)
    item.invited.add(users["city"])
    response = _minutes(client_for(users["city"]), item, item.lock_version, outcome="approved")
    assert response.status_code == 200
    assert "多機関協働事業者の担当者が行います" in response.content.decode()
    assert not Decision.objects.exists()


# --- 5. the §106-6 compartment ------------------------------------------------------------------------------

# Distinctive text written into the §106-6 item's minutes; each may show only where SHOWN_ON says.
SECRET = {
    "situation": "ZQSITU7F3 長男が夜間に大声を出し近隣と口論",
    "discussion": "ZQDISC4K8 民生委員の見守り状況を共有",
    "decisions": "ZQDECI2P9 来月まで見守り再協議",
    "task": "ZQTASK5M1 民生委員と同行訪問する",
}
SUBJECT = "ZQNAME8R2"


def _record_support_minutes(w: dict[str, Any], actions: list[User]) -> AgendaItem:
    city, item = w["users"]["city"], w["m"]["support_item"]
    return services.record_minutes(
        _viewer(city, w),
        item,
        {"discussion": "x"},
        [{"assignee": u, "task": "訪問", "due_on": dt.date(2027, 1, 15)} for u in actions],
        lock_version=AgendaItem.objects.get(pk=item.pk).lock_version,
        basis=Basis.SW106_6,
        actor=actor_of(_request(city, w)),
    )


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )


def _body_text(response: Any) -> str:
    """What a person would read in the response, whatever its format, without layout whitespace."""
    content = (
        b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    )
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        if shutil.which("pdftotext") is None:
            skip_or_fail("pdftotext（poppler-utils）がないため PDF の本文を確認できません")
        text = _pdf_text(content)
    elif "spreadsheetml" in kind:
        text = _xlsx_text(content)
    elif kind.startswith("application/json"):
        text = json.dumps(json.loads(content or b"null"), ensure_ascii=False)
    else:
        text = content.decode("utf-8", errors="replace")
    return _flat(text)


def _marker(text: str) -> str:
    return text.split()[0]


def test_what_is_shared_under_106_6_shows_only_to_invited_pledged_members(
    w: dict[str, Any], client_for: Any
) -> None:
    users, r, m = w["users"], w["r"], w["m"]
    item, meeting = m["support_item"], m["meeting"]
    # The item is about the mother the hub already knows (linked so a 開示 finds it): the link grants nothing.
    item.person, item.subject_name = r["mother"], SUBJECT
    item.save(update_fields=["person", "subject_name"])
    # The same person's case is on the same sitting as a 重層的支援会議 item, with a decision recorded.
    coordinator = client_for(users["coordinator"])
    assert _submit(coordinator, r["case"], meeting, ItemKind.PROGRESS).status_code == 302
    layered = AgendaItem.objects.get(case=r["case"])
    assert _minutes(coordinator, layered, layered.lock_version, outcome="continue").status_code == 302
    # The host writes the §106-6 minutes through the page, with a task for a pledged member.
    city = client_for(users["city"])
    page = city.get(f"/meetings/items/{item.pk}/")
    response = _minutes(
        city,
        item,
        _lock(page),
        actions=((users["pledged"], SECRET["task"]),),
        situation=SECRET["situation"],
        discussion=SECRET["discussion"],
        decisions=SECRET["decisions"],
        outcome="watch",
        rediscuss_on="R9.1.21",
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    paths: dict[str, Callable[[dict[str, Any]], str]] = {}
    for name, (build, _anon, _by_role) in EXPECTED.items():
        paths[name] = build
    for operation, (build, _by_role) in API_EXPECTED.items():
        if operation not in API_POST:
            paths[operation] = build
    paths["layered_item"] = lambda w: f"/meetings/items/{layered.pk}/"
    audience = {"city", "coordinator", "pledged"}
    # (page, role) pairs where each piece may appear: the item page and the minutes PDF of its audience,
    # plus the meeting page (its title) and the assignee's task list (the task).
    content_pages = {(p, u) for p in ("meetings:item", "meetings:minutes_pdf") for u in audience}
    shown_on = {
        **{_marker(v): content_pages for k, v in SECRET.items() if k != "task"},
        SUBJECT: content_pages,
        _marker(SECRET["task"]): content_pages | {("meetings:actions", "pledged")},
        item.title: content_pages | {("meetings:detail", u) for u in audience},
    }
    seen: dict[str, set[tuple[str, str]]] = {marker: set() for marker in shown_on}
    unlabelled: list[str] = []
    fetched = 0
    for role in [None, *ROLES]:
        client = client_for(users[role] if role else None)
        for name, build in paths.items():
            response = client.get(build(w))
            fetched += 1
            if response.status_code != 200:
                continue
            text = _body_text(response)
            found = [marker for marker in shown_on if marker in text]
            for marker in found:
                seen[marker].add((name, role or "anonymous"))
            if found and not any(label in text for label in LABELS):
                unlabelled.append(f"{name} as {role}")
    print(f"\ncompartment: {fetched} responses read for {len(shown_on)} pieces of §106-6 content")
    for marker, expected in shown_on.items():
        leaked, missing = sorted(seen[marker] - expected), sorted(expected - seen[marker])
        assert not leaked and not missing, f"{marker}: leaked to {leaked}, missing from {missing}"
    assert not unlabelled, f"§106-6 content shown without the label: {unlabelled}"
    assert fetched >= 11 * 90


# --- 6. concurrent edits ------------------------------------------------------------------------------------


def test_two_people_saving_the_same_minutes_lose_nothing(w: dict[str, Any], client_for: Any) -> None:
    users, item = w["users"], w["m"]["support_item"]
    first, second = client_for(users["city"]), client_for(users["coordinator"])
    first_page, second_page = (
        first.get(f"/meetings/items/{item.pk}/"),
        second.get(f"/meetings/items/{item.pk}/"),
    )
    assert _lock(first_page) == _lock(second_page)
    ours, theirs = "市の記録：民生委員が週1回訪問", "社協の記録：配食サービスを検討"
    assert _minutes(first, item, _lock(first_page), discussion=ours).status_code == 302
    task = ((users["pledged"], "配食の事業者に連絡する"),)
    response = _minutes(second, item, _lock(second_page), actions=task, discussion=theirs)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ほかの方が先にこの議事録を保存しました。" in page
    item.refresh_from_db()
    assert item.discussion == ours and not item.actions.filter(task=task[0][1]).exists()
    # The second editor sees what the first saved and keeps what they typed, task included...
    assert ours in page and theirs in page and task[0][1] in page
    # ...and can save again from this page once they have looked.
    merged = f"{ours}\n{theirs}"
    assert _minutes(second, item, _lock(response), actions=task, discussion=merged).status_code == 302
    item.refresh_from_db()
    assert item.discussion == merged and item.actions.filter(task=task[0][1]).count() == 1


def test_two_people_deciding_on_the_same_plan_one_decision_the_other_told(
    w: dict[str, Any], client_for: Any, make_user: Any
) -> None:
    case = _awaiting(w)
    colleague = make_user("kyodo2", w["agencies"]["shakyo"], "coordinator")
    first, second = client_for(w["users"]["coordinator"]), client_for(colleague)
    _submit(first, case, w["m"]["meeting"])
    item = AgendaItem.objects.get(case=case)
    first_page, second_page = (
        first.get(f"/meetings/items/{item.pk}/"),
        second.get(f"/meetings/items/{item.pk}/"),
    )
    assert _minutes(first, item, _lock(first_page), outcome="approved").status_code == 302
    response = _minutes(second, item, _lock(second_page), outcome="revise")
    assert response.status_code == 200
    assert "ほかの方が先にこの議事録を保存しました。" in response.content.decode()
    case.refresh_from_db()
    assert Decision.objects.count() == 1 and Decision.objects.get().outcome == Outcome.APPROVED
    assert case.status == CaseStatus.SUPPORT
    # From the refreshed page the decision is no longer on offer.
    assert 'name="outcome"' not in second.get(f"/meetings/items/{item.pk}/").content.decode()


def test_two_items_for_one_plan_still_give_one_decision(w: dict[str, Any], client_for: Any) -> None:
    """Should two submissions of the same plan ever both land, the case row lock decides only once."""
    case, meeting = _awaiting(w), w["m"]["meeting"]
    client = client_for(w["users"]["coordinator"])
    _submit(client, case, meeting)
    one = AgendaItem.objects.get(case=case)
    two = AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.PLAN_APPROVAL, order=9, title="重複", case=case, plan=one.plan
    )
    two.invited.add(w["users"]["coordinator"])
    assert _minutes(client, one, one.lock_version, outcome="approved").status_code == 302
    response = _minutes(client, two, two.lock_version, outcome="approved")
    assert response.status_code == 200
    assert "ケースが「支援中」のため、「プラン承認」はできません" in response.content.decode()
    assert Decision.objects.count() == 1
    two.refresh_from_db()
    assert two.status == ItemStatus.PENDING


# Real simultaneity needs requests on separate connections, committed as they go: a transactional test.
# SQLite's in-memory test database shares one cache between threads and answers "table is locked" instead
# of waiting, so these two run on PostgreSQL (CI's other database), where they are meaningful.
ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def flushable_audit_trail() -> Iterator[None]:
    """A transactional test ends by emptying every table, which the audit trail's append-only triggers
    refuse. Lift them for that one flush and put them back straight after it."""
    original = TransactionTestCase._fixture_teardown

    def teardown(self: TransactionTestCase) -> None:
        TransactionTestCase._fixture_teardown = original  # type: ignore[method-assign]
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        try:
            original(self)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")

    TransactionTestCase._fixture_teardown = teardown  # type: ignore[method-assign]
    yield


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together by a barrier; each thread has its own connection."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def _logged_in(*users: User) -> list[Client]:
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


if ON_POSTGRESQL:

    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_two_people_deciding_at_the_same_moment(
        flushable_audit_trail: None, world: dict[str, Any], make_user: Any
    ) -> None:
        world["r"] = factories.journey(world)
        world["m"] = factories.meeting_body(world)
        case = _awaiting(world)
        colleague = make_user("kyodo2", world["agencies"]["shakyo"], "coordinator")
        first, second = _logged_in(world["users"]["coordinator"], colleague)
        # Both submit the plan at the same moment: one item.
        submitted = _at_once(
            lambda: _submit(first, case, world["m"]["meeting"]),
            lambda: _submit(second, case, world["m"]["meeting"]),
        )
        assert sorted(r.status_code for r in submitted) == [200, 302]
        assert (
            "まだ協議されずに残っています"
            in next(r for r in submitted if r.status_code == 200).content.decode()
        )
        item = AgendaItem.objects.get(case=case)
        # Both record the decision from the same page at the same moment: one decision, the other told.
        decided = _at_once(
            lambda: _minutes(first, item, item.lock_version, outcome="approved"),
            lambda: _minutes(second, item, item.lock_version, outcome="revise"),
        )
        assert sorted(r.status_code for r in decided) == [200, 302]
        told = next(r for r in decided if r.status_code == 200).content.decode()
        assert "ほかの方が先にこの議事録を保存しました。" in told
        decision = Decision.objects.get()
        case.refresh_from_db()
        expected = CaseStatus.SUPPORT if decision.outcome == Outcome.APPROVED else CaseStatus.PLANNING
        assert case.status == expected and AgendaItem.objects.get().lock_version == 2


def test_two_people_editing_the_same_resource_gap(w: dict[str, Any], client_for: Any) -> None:
    gap = w["m"]["gap"]
    url = f"/meetings/gaps/{gap.pk}/"
    first, second = client_for(w["users"]["city"]), client_for(w["users"]["coordinator"])
    first_page, second_page = first.get(url), second.get(url)
    assert _lock(first_page) == _lock(second_page) == "1"

    def edit(client: Client, lock: str, follow_up: str, status: str) -> Any:
        return client.post(
            url,
            {
                "lock_version": lock,
                "title": gap.title,
                "description": gap.description,
                "raised_on": "R8.11.23",
                "raised_by_agency": gap.raised_by_agency_id,
                "status": status,
                "follow_up": follow_up,
            },
        )

    assert edit(first, "1", "公民館の夜間開放を打診した", "considering").status_code == 302
    response = edit(second, "1", "子ども食堂の運営団体に相談", "developing")
    assert response.status_code == 200
    page = response.content.decode()
    assert "ほかの方が先にこの項目を更新しました。" in page
    gap.refresh_from_db()
    assert (gap.follow_up, gap.status, gap.lock_version) == ("公民館の夜間開放を打診した", "considering", 2)
    assert "公民館の夜間開放を打診した" in page and "子ども食堂の運営団体に相談" in page
    assert edit(second, _lock(response), "両方を進める", "developing").status_code == 302
    gap.refresh_from_db()
    assert (gap.follow_up, gap.lock_version) == ("両方を進める", 3)
    # Bad input: told in Japanese, nothing written.
    response = edit(second, "3", "", "no-such-status")
    assert response.status_code == 200 and "正しく選択してください" in response.content.decode()
    gap.refresh_from_db()
    assert gap.lock_version == 3 and ResourceGap.objects.count() == 1


# --- 7. tasks from the minutes ------------------------------------------------------------------------------


def _home_count(client: Client) -> str:
    found = re.search(r'queue__count">(\d+)</strong>件 会議の宿題', client.get("/").content.decode())
    assert found
    return found.group(1)


def test_a_task_stays_in_the_assignees_list_until_they_complete_it(
    w: dict[str, Any], client_for: Any
) -> None:
    users, meeting = w["users"], w["m"]["meeting"]
    city = client_for(users["city"])
    response = city.post(
        f"/meetings/{meeting.pk}/items/promotion/",
        {"title": "夜間の居場所", "situation": "市内に夜の居場所がない"},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(kind=ItemKind.PROMOTION)
    task = "公民館の夜間利用の可否を確認する"
    assert _minutes(city, item, item.lock_version, actions=((users["soudanin"], task),)).status_code == 302
    action = ActionItem.objects.get(task=task)
    assignee = client_for(users["soudanin"])
    assert task in assignee.get("/meetings/actions/").content.decode()
    assert _home_count(assignee) == "1"
    assert task not in city.get("/meetings/actions/").content.decode()
    # Only the assignee completes it: for anyone else it does not exist.
    assert city.post(f"/meetings/actions/{action.pk}/done/").status_code == 404
    assert client_for(users["coordinator"]).post(f"/meetings/actions/{action.pk}/done/").status_code == 404
    assert assignee.get(f"/meetings/actions/{action.pk}/done/").status_code == 405
    action.refresh_from_db()
    assert action.done_on is None
    with pytest.raises(services.MeetingError, match="担当者です"):
        services.complete_action(
            _viewer(users["city"], w), action, actor=actor_of(_request(users["city"], w))
        )
    assert assignee.post(f"/meetings/actions/{action.pk}/done/").status_code == 302
    action.refresh_from_db()
    assert action.done_on == today()
    page = assignee.get("/meetings/actions/").content.decode()
    assert "未完了の宿題はありません。" in page and task in page.split("完了したもの")[1]
    assert _home_count(assignee) == "0"


def test_a_support_items_task_goes_only_to_a_pledged_invitee(w: dict[str, Any], client_for: Any) -> None:
    users, item = w["users"], w["m"]["support_item"]
    city = client_for(users["city"])
    before = ActionItem.objects.count()
    response = _minutes(city, item, item.lock_version, actions=((users["soudanin"], "訪問する"),))
    assert response.status_code == 200 and "候補にありません" in response.content.decode()
    with pytest.raises(services.MeetingError, match="支援会議の宿題は、この議題の参加者（誓約済み）にだけ"):
        _record_support_minutes(w, actions=[users["soudanin"]])
    assert ActionItem.objects.count() == before
    AgendaItem.objects.filter(pk=item.pk).update(lock_version=1)
    item.refresh_from_db()
    assert (
        _minutes(city, item, item.lock_version, actions=((users["pledged"], "訪問する"),)).status_code == 302
    )
    assert ActionItem.objects.count() == before + 1


def test_a_task_from_a_support_item_is_labelled_and_hidden_once_the_pledge_lapses(
    w: dict[str, Any], client_for: Any
) -> None:
    users, action = w["users"], w["m"]["action"]
    client = client_for(users["pledged"])
    page = client.get("/meetings/actions/").content.decode()
    assert action.task in page and any(label in page for label in LABELS)
    _pushed_to_last_year(Pledge.objects.get(user=users["pledged"]))
    page = client.get("/meetings/actions/").content.decode()
    assert action.task not in page and "守秘義務の誓約" in page
    assert _home_count(client) == "1"  # still theirs to do once they renew


# --- 8. regular series --------------------------------------------------------------------------------------


def _series_form(**extra: Any) -> dict[str, Any]:
    return {
        "title": "定例支援会議",
        "week": "3",
        "weekday": "3",
        "starts_at": "14:00",
        "place": "市役所3階会議室",
        "first_month": "R9.4.1",
        "months": "12",
        "kinds": [MeetingKind.SUPPORT, MeetingKind.LAYERED],
        **extra,
    }


def test_a_monthly_series_on_the_third_thursday(w: dict[str, Any], client_for: Any, make_user: Any) -> None:
    body, users = w["m"]["body"], w["users"]
    occasional = make_user("hoken", w["agencies"]["division"], "city_program")
    BodyMember.objects.create(
        body=body, user=occasional, agency=w["agencies"]["division"], is_core=False, joined_on=today()
    )
    response = client_for(users["city"]).post(
        f"/meetings/bodies/{body.pk}/series/", _series_form(), follow=True
    )
    assert "定例会議を12回分作成しました。" in response.content.decode()
    meetings = list(Meeting.objects.filter(series__isnull=False).order_by("held_on"))
    assert [m.held_on for m in meetings] == [
        dt.date(2027, 4, 15),
        dt.date(2027, 5, 20),
        dt.date(2027, 6, 17),
        dt.date(2027, 7, 15),
        dt.date(2027, 8, 19),
        dt.date(2027, 9, 16),
        dt.date(2027, 10, 21),
        dt.date(2027, 11, 18),
        dt.date(2027, 12, 16),
        dt.date(2028, 1, 20),
        dt.date(2028, 2, 17),
        dt.date(2028, 3, 16),
    ]
    assert all(m.held_on.weekday() == 3 and 15 <= m.held_on.day <= 21 for m in meetings)
    assert {m.title for m in meetings} >= {"定例支援会議（4月）", "定例支援会議（3月）"}
    assert all(m.starts_at == dt.time(14, 0) and m.place == "市役所3階会議室" for m in meetings)
    assert all(m.kinds == [MeetingKind.SUPPORT, MeetingKind.LAYERED] for m in meetings)
    core = {users["city"].pk, users["coordinator"].pk, users["soudanin"].pk, users["pledged"].pk}
    core |= {users["unpledged"].pk}
    for meeting in meetings:
        assert set(meeting.attendance.values_list("user_id", flat=True)) == core, meeting.held_on
    assert AuditEntry.objects.filter(action="meeting.series_created").count() == 1


@pytest.mark.parametrize(("months", "message"), [("0", "1 以上"), ("30", "24 以下")])
def test_a_series_with_a_bad_number_of_months_is_refused(
    w: dict[str, Any], client_for: Any, months: str, message: str
) -> None:
    body = w["m"]["body"]
    response = client_for(w["users"]["city"]).post(
        f"/meetings/bodies/{body.pk}/series/", _series_form(months=months), follow=True
    )
    page = response.content.decode()
    assert "定例会議を作成できませんでした" in page and message in page
    assert not Meeting.objects.filter(series__isnull=False).exists()
    with pytest.raises(services.MeetingError, match="1〜24回"):
        services.create_series(
            _viewer(w["users"]["city"], w),
            MeetingSeries(body=body, title="x", week=3, weekday=3, starts_at=dt.time(14)),
            first_month=dt.date(2027, 4, 1),
            months=int(months),
            kinds=[MeetingKind.SUPPORT],
            actor=actor_of(_request(w["users"]["city"], w)),
        )
    assert not Meeting.objects.filter(series__isnull=False).exists()


def test_only_hosts_create_a_series(w: dict[str, Any], client_for: Any) -> None:
    body = w["m"]["body"]
    for key in ("soudanin", "pledged"):
        response = client_for(w["users"][key]).post(f"/meetings/bodies/{body.pk}/series/", _series_form())
        assert response.status_code == 404, key
    assert client_for(w["users"]["city"]).get(f"/meetings/bodies/{body.pk}/series/").status_code == 405
    assert not Meeting.objects.filter(series__isnull=False).exists()


# --- 9. indicators ------------------------------------------------------------------------------------------


def _held(w: dict[str, Any], held_on: dt.date, kinds: list[str], title: str) -> Meeting:
    meeting = Meeting.objects.create(
        municipality=w["municipality"], body=w["m"]["body"], title=title, kinds=kinds, held_on=held_on
    )
    users, agencies = w["users"], w["agencies"]
    for key, agency in (("city", "division"), ("coordinator", "shakyo")):
        Attendance.objects.create(meeting=meeting, user=users[key], agency=agencies[agency], name=key)
    city = users["city"]
    services.record_attendance(
        _viewer(city, w),
        meeting,
        {users["city"].pk, users["coordinator"].pk},
        actor=actor_of(_request(city, w)),
    )
    meeting.refresh_from_db()
    return meeting


def _second_case(w: dict[str, Any], name: str) -> Case:
    north, hub = w["agencies"]["houkatsu_north"], w["agencies"]["shakyo"]
    someone = factories.person(north, name, "べつ せたい")
    case = factories.case(someone, hub, factories.consent(someone, north), [north], status="awaiting_meeting")
    case.plans.update(status=PlanStatus.SUBMITTED)
    return case


def _decide_by_service(w: dict[str, Any], meeting: Meeting, case: Case, outcome: str) -> None:
    coordinator = w["users"]["coordinator"]
    request, viewer = _request(coordinator, w), _viewer(coordinator, w)
    item = services.add_case_item(viewer, meeting, case, ItemKind.PLAN_APPROVAL, [], actor=actor_of(request))
    services.record_minutes(
        viewer,
        item,
        {"outcome": outcome, "discussion": "協議"},
        [],
        lock_version=1,
        basis=Basis.OWN,
        actor=actor_of(request),
    )


def test_indicator_counts_come_from_the_records_of_the_fiscal_year(
    w: dict[str, Any], client_for: Any
) -> None:
    year = fiscal_year(today())
    start, end = fiscal_year_bounds(year)
    support_layered = [MeetingKind.SUPPORT, MeetingKind.LAYERED]
    # This year: today's sitting (held once attendance is recorded) and one at the start of the year.
    users = w["users"]
    meeting = w["m"]["meeting"]
    client_for(users["city"]).post(
        f"/meetings/{meeting.pk}/", {"present": [users["city"].pk, users["coordinator"].pk]}
    )
    _held(w, start, support_layered, "4月の支援会議")
    # Not counted as 支援会議 held: a sitting that only serves 重層的支援会議, one still scheduled, one last year.
    _held(w, start + dt.timedelta(days=1), [MeetingKind.LAYERED], "重層的支援会議のみ")
    Meeting.objects.create(
        municipality=w["municipality"],
        body=w["m"]["body"],
        title="予定",
        kinds=[MeetingKind.SUPPORT],
        held_on=end,
    )
    last_year = _held(w, start - dt.timedelta(days=1), support_layered, "前年度3月の支援会議")
    # Plans: the journey's approved today through the page, another sent back, and one approved last year.
    case = _awaiting(w)
    coordinator = client_for(users["coordinator"])
    _submit(coordinator, case, meeting)
    item = AgendaItem.objects.get(case=case)
    assert _minutes(coordinator, item, item.lock_version, outcome="approved").status_code == 302
    _decide_by_service(w, meeting, _second_case(w, "別 世帯"), Outcome.REVISE)
    _decide_by_service(w, last_year, _second_case(w, "前年 世帯"), Outcome.APPROVED)
    # A submitted plan not yet discussed is not "considered".
    services.add_case_item(
        _viewer(users["coordinator"], w),
        meeting,
        _second_case(w, "未協議 世帯"),
        ItemKind.PLAN_APPROVAL,
        [],
        actor=actor_of(_request(users["coordinator"], w)),
    )
    assert Decision.objects.count() == 3
    assert indicators.counts(w["municipality"], year) == indicators.MeetingCounts(
        support_meetings_held=2, plans_considered=2, plans_decided=1
    )
    assert indicators.counts(w["municipality"], year - 1) == indicators.MeetingCounts(
        support_meetings_held=1, plans_considered=1, plans_decided=1
    )
    # Another town's records never count here.
    assert indicators.counts(w["other_municipality"], year) == indicators.MeetingCounts(0, 0, 0)
    page = client_for(users["soudanin"]).get("/meetings/").content.decode()
    assert '<span class="queue__count">2</span>回 支援会議の開催' in page
    assert '<span class="queue__count">1</span>件 プランの決定' in page


# --- 10. the audit trail ------------------------------------------------------------------------------------


def _named_items(entry: AuditEntry) -> set[int]:
    """The agenda items an entry names: its object, or the items a listing showed."""
    named = set(entry.details.get("items", []))
    if entry.object_type == "meetings.agendaitem":
        named.add(int(entry.object_id))
    return named


def test_every_meeting_action_is_audited_on_the_items_basis(
    w: dict[str, Any], client_for: Any, make_user: Any
) -> None:
    users, m, r = w["users"], w["m"], w["r"]
    item, meeting = m["support_item"], m["meeting"]
    support_ref = f"meeting:{meeting.pk}"
    city, coordinator, pledged = (client_for(users[k]) for k in ("city", "coordinator", "pledged"))
    expected: list[tuple[str, Basis, Callable[[], Any]]] = [
        ("agenda_item.viewed", Basis.SW106_6, lambda: pledged.get(f"/meetings/items/{item.pk}/")),
        ("agenda_item.listed", Basis.SW106_6, lambda: pledged.get(f"/meetings/{meeting.pk}/")),
        ("minutes.pdf", Basis.SW106_6, lambda: pledged.get(f"/meetings/{meeting.pk}/minutes.pdf")),
        ("agenda_item.listed", Basis.SW106_6, lambda: pledged.get("/meetings/actions/")),
        (
            "agenda_item.minutes",
            Basis.SW106_6,
            lambda: _minutes(city, item, item.lock_version, discussion="見守りを続ける"),
        ),
        (
            "agenda_item.created",
            Basis.SW106_6,
            lambda: city.post(f"/meetings/{meeting.pk}/items/support/", _support_form([users["pledged"]])),
        ),
        (
            "action_item.done",
            Basis.SW106_6,
            lambda: pledged.post(f"/meetings/actions/{m['action'].pk}/done/"),
        ),
    ]
    for action, basis, call in expected:
        mark = _mark()
        response = call()
        assert response.status_code in (200, 302), (action, response.status_code)
        entries = [e for e in _entries_since(mark) if e.action == action]
        assert entries, f"{action} left no entry"
        for entry in entries:
            assert (entry.basis, entry.basis_ref) == (basis, support_ref), (action, entry.basis)
            assert _named_items(entry), action
    assert all(
        item.pk in _named_items(e)
        for e in AuditEntry.objects.filter(
            action__in=["agenda_item.viewed", "agenda_item.listed", "minutes.pdf"]
        )
    )
    # A 重層的支援会議 item: put on the agenda on the person's consent, read by the invited city on it too.
    case = _awaiting(w)
    mark = _mark()
    assert _submit(coordinator, case, meeting).status_code == 302
    layered = AgendaItem.objects.get(case=case)
    created = [e for e in _entries_since(mark) if e.action == "agenda_item.created"]
    assert [(e.basis, e.person_id) for e in created] == [(Basis.CONSENT, str(r["mother"].pk))]
    assert created[0].details["consent"] == r["consent"].pk
    layered.invited.add(users["city"])
    mark = _mark()
    assert city.get(f"/meetings/items/{layered.pk}/").status_code == 200
    assert [(e.action, e.basis) for e in _entries_since(mark)] == [("agenda_item.viewed", Basis.CONSENT)]
    mark = _mark()
    assert city.get(f"/meetings/{meeting.pk}/").status_code == 200
    listed = {
        i: e.basis for e in _entries_since(mark) if e.action == "agenda_item.listed" for i in _named_items(e)
    }
    support_items = AgendaItem.objects.filter(kind=ItemKind.SUPPORT_CASE, invited=users["city"])
    assert listed == {
        layered.pk: Basis.CONSENT,
        **dict.fromkeys(support_items.values_list("pk", flat=True), Basis.SW106_6),
    }
    # A promotion item holds no personal data: no basis, no person.
    mark = _mark()
    city.post(f"/meetings/{meeting.pk}/items/promotion/", {"title": "担い手の不足", "situation": ""})
    promo = [e for e in _entries_since(mark) if e.action == "agenda_item.created"]
    assert [(e.basis, e.person_id) for e in promo] == [(Basis.NONE, "")]
    # Every action the meetings app wrote has a Japanese label in the audit catalogue.
    used = set(AuditEntry.objects.values_list("action", flat=True))
    assert {a for a in used if a not in ACTIONS} == set()


def test_the_compartments_content_never_reaches_the_audit_trail(w: dict[str, Any], client_for: Any) -> None:
    """The trail is kept forever and shown to auditors: it names the item, never what was said in it."""
    item = w["m"]["support_item"]
    city = client_for(w["users"]["city"])
    _minutes(city, item, item.lock_version, situation=SECRET["situation"], discussion=SECRET["discussion"])
    city.get(f"/meetings/items/{item.pk}/")
    dump = json.dumps(
        list(AuditEntry.objects.values("object_label", "details", "basis_ref")), ensure_ascii=False
    )
    for text in (SECRET["situation"], SECRET["discussion"], item.title, item.subject_name):
        assert text not in dump


# --- 11. query counts ---------------------------------------------------------------------------------------


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    # On PostgreSQL the audit trail serialises appends with an advisory lock: one statement more per
    # audited request. Leave it out so one pinned figure holds on both engines.
    return sum("pg_advisory_xact_lock" not in q["sql"] for q in ctx.captured_queries)


def _grow(w: dict[str, Any], make_user: Any, n: int) -> None:
    """More of everything the meeting pages list: items, invitees, attendees, tasks, meetings."""
    users, m, agencies = w["users"], w["m"], w["agencies"]
    meeting, body = m["meeting"], m["body"]
    for i in range(n):
        extra = make_user(f"member{i}", agencies["houkatsu_south"], "soudanin")
        BodyMember.objects.create(body=body, user=extra, agency=agencies["houkatsu_south"], joined_on=today())
        Pledge.objects.create(
            body=body,
            user=extra,
            user_name=extra.full_name,
            agency_name="南部包括",
            pledged_on=today(),
            valid_until=Pledge.valid_until_for(today()),
            wording=PLEDGE_WORDING,
        )
        Attendance.objects.create(
            meeting=meeting, user=extra, agency=agencies["houkatsu_south"], name=f"追加{i}"
        )
        m["support_item"].invited.add(extra)
        item = AgendaItem.objects.create(
            meeting=meeting, kind=ItemKind.SUPPORT_CASE, order=10 + i, title=f"議題{i}", situation="状況"
        )
        item.invited.set([users["city"], users["coordinator"], users["pledged"], extra])
        for who in (users["pledged"], users["city"]):
            ActionItem.objects.create(item=item, assignee=who, task=f"宿題{i}", due_on=dt.date(2027, 1, 1))
        ActionItem.objects.create(item=m["support_item"], assignee=extra, task=f"宿題{i}", due_on=today())
        Meeting.objects.create(
            municipality=w["municipality"],
            body=body,
            title=f"追加の会議{i}",
            kinds=[MeetingKind.SUPPORT],
            held_on=today() + dt.timedelta(days=7 * (i + 1)),
        )


PAGES: dict[str, tuple[Callable[[dict[str, Any]], str], str, int]] = {
    # name: (url, user, pinned query count)
    "meeting_list": (lambda w: "/meetings/", "city", 9),
    "meeting": (lambda w: f"/meetings/{w['m']['meeting'].pk}/", "city", 13),
    "item": (lambda w: f"/meetings/items/{w['m']['support_item'].pk}/", "city", 15),
    "actions": (lambda w: "/meetings/actions/", "pledged", 9),
    "minutes_pdf": (lambda w: f"/meetings/{w['m']['meeting'].pk}/minutes.pdf", "city", 14),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_is_pinned_and_flat(
    w: dict[str, Any], client_for: Any, make_user: Any, page: str
) -> None:
    build, user, pinned = PAGES[page]
    client = client_for(w["users"][user])
    url = build(w)
    _count(client, url)  # the first request of a session also touches the session and the user's row
    before = _count(client, url)
    _grow(w, make_user, 5)
    after = _count(client, url)
    assert before == after, f"{page}: {before} queries with little data, {after} with more"
    assert after == pinned, f"{page}: pinned at {pinned}, now {after}"


# --- 12. the minutes PDF ------------------------------------------------------------------------------------


def test_the_minutes_pdf_carries_the_label_and_distribution_list_and_embeds_its_font(
    w: dict[str, Any], client_for: Any, tmp_path: Path
) -> None:
    for tool in ("pdftotext", "pdftoppm", "pdffonts"):
        if shutil.which(tool) is None:
            skip_or_fail(f"{tool}（poppler-utils）がないため会議録 PDF を確認できません")
    users, m = w["users"], w["m"]
    names = {"city": "市川 一郎", "coordinator": "佐藤 真理子", "pledged": "南 誓子", "unpledged": "北 未誓"}
    for key, name in names.items():
        users[key].full_name = name
        users[key].save(update_fields=["full_name"])
    item = m["support_item"]
    city = client_for(users["city"])
    _minutes(
        city,
        item,
        item.lock_version,
        actions=((users["pledged"], "民生委員と訪問する"),),
        situation=item.situation,
        discussion="民生委員が週1回、声かけをしている。",
        decisions="地域包括と民生委員で見守りを続け、1月に再協議する。",
        outcome="watch",
        rediscuss_on="R9.1.21",
    )
    response = city.get(f"/meetings/{m['meeting'].pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "inline; filename*=UTF-8''" in response["Content-Disposition"]
    source = tmp_path / "minutes.pdf"
    source.write_bytes(response.content)
    text = _flat(_pdf_text(response.content))
    assert "会議録" in text and "【社会福祉法第106条の6支援会議】" in text
    assert "下記の配布先以外への提供・複写・持ち出しはできません" in text
    distribution = text.split("配布先：")[1][:80]
    for key in ("city", "coordinator", "pledged"):
        assert names[key].replace(" ", "") in distribution, key
    assert names["unpledged"].replace(" ", "") not in text  # a member, but not on this item's list
    assert "ごみ屋敷の高齢男性" in text and "見守り、期日に再協議する" in text and "令和9年1月21日" in text
    fonts = subprocess.run(["pdffonts", str(source)], check=True, capture_output=True, text=True).stdout
    embedded = [line for line in fonts.splitlines() if "IPAexGothic" in line]
    assert embedded and all(" yes " in line for line in embedded), fonts
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("minutes-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", str(source), str(ARTIFACTS / "minutes")],
        check=True,
    )
    rendered = list(ARTIFACTS.glob("minutes-*.png"))
    assert len(rendered) == 1 and rendered[0].stat().st_size > 20_000


def test_the_minutes_pdf_leaves_out_what_the_reader_may_not_see(w: dict[str, Any], client_for: Any) -> None:
    m, users = w["m"], w["users"]
    url = f"/meetings/{m['meeting'].pk}/minutes.pdf"
    for key in ("soudanin", "unpledged"):
        text = _flat_pdf(client_for(users[key]).get(url))
        assert "会議録" in text and "この会議録で閲覧できる議題はありません。" in text, key
        assert not any(label in text for label in LABELS), key
        assert "ごみ屋敷" not in text and "配布先" not in text and "近所から" not in text, key
    for key in ("other_agency", "agency_admin", "other_city", "prefecture"):
        assert client_for(users[key]).get(url).status_code == 404, key


# --- 開示 and retention: the meetings app's personal-data provider --------------------------------------


def test_the_persons_page_never_shows_that_they_were_discussed_at_a_support_meeting(
    w: dict[str, Any], client_for: Any
) -> None:
    """情報の提供先 is for the agency that recorded the person, who need not be a pledged member."""
    item = w["m"]["support_item"]
    item.person = w["r"]["mother"]
    item.save(update_fields=["person"])
    assert client_for(w["users"]["city"]).get(f"/meetings/items/{item.pk}/").status_code == 200
    assert AuditEntry.objects.filter(person_id=str(item.person_id), basis=Basis.SW106_6).exists()
    page = client_for(w["users"]["soudanin"]).get(f"/people/{item.person_id}/").content.decode()
    assert "情報の提供先" in page
    assert "社会福祉法第106条の6" not in page


def test_the_disclosure_report_gives_case_meetings_in_full_and_only_counts_support_items(
    w: dict[str, Any],
) -> None:
    from kasane.meetings.personal_data import provider

    mother = w["r"]["mother"]
    item = w["m"]["support_item"]
    item.person = mother
    item.save(update_fields=["person"])
    AgendaItem.objects.create(
        meeting=w["m"]["meeting"],
        kind=ItemKind.PROGRESS,
        title="8050の世帯（進捗確認）",
        case=w["r"]["case"],
        discussion="母の通院が定着した。",
    )
    sections = {s.key: s for s in provider.collect(mother)}
    assert list(sections) == ["decisions", "meetings"]
    section = sections["meetings"]
    text = json.dumps([[f.text for f in r.fields] for r in section.records], ensure_ascii=False)
    assert "母の通院が定着した。" in text
    assert item.situation not in text and "ごみ" not in text
    assert "支援会議（社会福祉法第106条の6）の議題が1件あります" in section.note


def test_retention_scrubs_the_items_of_a_household_and_keeps_the_counts(w: dict[str, Any]) -> None:
    from kasane.governance import retention

    municipality = w["municipality"]
    old = factories.person(w["agencies"]["houkatsu_north"], "古川 一", "ふるかわ はじめ")
    item = w["m"]["support_item"]
    item.person = old
    item.save(update_fields=["person"])
    action = w["m"]["action"]
    held = dt.date(2015, 6, 17)
    Meeting.objects.filter(pk=item.meeting_id).update(held_on=held, status=MeetingStatus.HELD)
    AgendaItem.objects.filter(pk=item.pk).update(status=ItemStatus.DISCUSSED, outcome=SupportOutcome.WATCH)
    old_moment = timezone.make_aware(dt.datetime(2015, 6, 17, 10))
    for model in (Household, Person):
        model.objects.filter(pk=old.household_id if model is Household else old.pk).update(
            created_at=old_moment, updated_at=old_moment
        )
    AgendaItem.objects.filter(pk=item.pk).update(updated_at=old_moment)
    # The sitting of the test's own household is today: only the old one falls due.
    before = indicators.counts(municipality, fiscal_year(held))
    assert retention.preview(municipality).households >= 1
    outcome = retention.anonymise_due(municipality)
    assert old.household_id in outcome.household_ids
    item.refresh_from_db()
    action.refresh_from_db()
    assert item.situation == "" and item.subject_name == "（匿名化済み）" and item.title == "（匿名化済み）"
    assert action.task == "（匿名化済み）"
    assert item.kind == ItemKind.SUPPORT_CASE and item.outcome == SupportOutcome.WATCH
    assert indicators.counts(municipality, fiscal_year(held)) == before


def test_a_pending_item_keeps_its_household(w: dict[str, Any]) -> None:
    from kasane.governance import retention
    from kasane.meetings.personal_data import provider

    old = factories.person(w["agencies"]["houkatsu_north"], "古川 一", "ふるかわ はじめ")
    item = w["m"]["support_item"]
    item.person = old
    item.save(update_fields=["person"])
    Meeting.objects.filter(pk=item.meeting_id).update(held_on=dt.date(2015, 6, 17))
    cutoff = retention.cutoff_for(5, today())
    held = Household.objects.filter(pk=old.household_id).filter(provider.holds(cutoff)[0])
    assert held.exists()  # still 協議前


def test_a_gap_raised_from_an_item_keeps_the_link_but_not_the_content(
    w: dict[str, Any], client_for: Any
) -> None:
    item = w["m"]["support_item"]
    data = {
        "title": "夜間の見守り",
        "description": "夜間に高齢者を見守る仕組みがない。",
        "raised_on": "R8.11.20",
        "raised_by_agency": w["agencies"]["division"].pk,
        "status": "raised",
        "follow_up": "",
        "item": item.pk,
    }
    page = client_for(w["users"]["city"]).get(f"/meetings/gaps/new/?item={item.pk}").content.decode()
    assert "議題の内容は写されません" in page and item.situation not in page
    assert client_for(w["users"]["city"]).post("/meetings/gaps/new/", data).status_code == 302
    gap = ResourceGap.objects.get(title="夜間の見守り")
    assert gap.source_item_id == item.pk
    # Someone who cannot see the item cannot attach a gap to it.
    assert (
        client_for(w["users"]["soudanin"]).post("/meetings/gaps/new/", data | {"title": "別"}).status_code
        == 302
    )
    assert ResourceGap.objects.get(title="別").source_item_id is None
    listing = client_for(w["users"]["soudanin"]).get("/meetings/gaps/").content.decode()
    assert item.situation not in listing and item.subject_name not in listing


def test_retention_scrubs_old_support_items_about_no_one_on_record(
    w: dict[str, Any], client_for: Any
) -> None:
    """A 支援会議 item about someone kasane has no record of goes by its sitting's date, once discussed and
    with no task open; the dry run shows it first and changes nothing."""
    from kasane.governance import retention

    municipality = w["municipality"]
    item, action = w["m"]["support_item"], w["m"]["action"]
    old = timezone.make_aware(dt.datetime(2015, 6, 17, 10))
    Meeting.objects.filter(pk=item.meeting_id).update(held_on=dt.date(2015, 6, 17), status=MeetingStatus.HELD)
    AgendaItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.DISCUSSED, outcome=SupportOutcome.CONTACT, updated_at=old
    )
    # An open task keeps it.
    assert sum(t.count for t in retention.preview(municipality).unlinked) == 0
    ActionItem.objects.filter(pk=action.pk).update(done_on=dt.date(2015, 7, 1))
    plan = retention.preview(municipality)
    assert [t.count for t in plan.unlinked] == [1] and plan.anything
    item.refresh_from_db()
    assert item.situation  # the dry run wrote nothing
    page = client_for(w["users"]["city"]).get("/governance/retention/").content.decode()
    assert "支援会議の議題（本人の記録と結び付いていないもの）" in page and item.subject_name not in page
    outcome = retention.anonymise_due(municipality)
    item.refresh_from_db()
    action.refresh_from_db()
    assert item.situation == "" and item.subject_name == "（匿名化済み）" and action.task == "（匿名化済み）"
    assert outcome.scrubbed.counts["支援会議の議題（本人の記録と結び付いていないもの）"] == 1
    assert sum(t.count for t in retention.preview(municipality).unlinked) == 0


def test_a_task_whose_item_is_no_longer_visible_cannot_be_read_or_closed(
    w: dict[str, Any], client_for: Any
) -> None:
    action = w["m"]["action"]
    pledged = w["users"]["pledged"]
    Pledge.objects.filter(user=pledged).delete()
    client = client_for(pledged)
    assert client.post(f"/meetings/actions/{action.pk}/done/").status_code == 404
    action.refresh_from_db()
    assert action.done_on is None
    page = client.get("/meetings/actions/").content.decode()
    assert action.task not in page and f"/meetings/actions/{action.pk}/done/" not in page


def test_inviting_to_a_sitting_with_bad_input_is_refused_in_japanese(
    w: dict[str, Any], client_for: Any
) -> None:
    meeting = w["m"]["meeting"]
    response = client_for(w["users"]["city"]).post(
        f"/meetings/{meeting.pk}/invite/", {"member": "²"}, follow=True
    )
    assert response.status_code == 200 and "構成員を選んでください。" in response.content.decode()


def test_someone_called_to_the_sitting_later_takes_part_in_its_case_items(
    w: dict[str, Any], client_for: Any
) -> None:
    meeting, case = w["m"]["meeting"], w["r"]["case"]
    item = AgendaItem.objects.create(meeting=meeting, kind=ItemKind.PROGRESS, title="進捗確認", case=case)
    late = w["users"]["pledged"]
    member = meeting.body.members.get(user=late)
    assert client_for(late).get(f"/meetings/items/{item.pk}/").status_code == 404
    client_for(w["users"]["city"]).post(f"/meetings/{meeting.pk}/invite/", {"member": member.pk})
    assert client_for(late).get(f"/meetings/items/{item.pk}/").status_code == 200
