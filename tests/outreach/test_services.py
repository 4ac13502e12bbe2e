"""Each rule of the outreach services, reached on its own: every test sets up a situation in which the other
guards are satisfied, so that the rule it names is the one that refuses (or allows), and a refusal writes
nothing — no row, no audit entry. Every change is one transaction with one audit entry. The services are called
directly, as the pages, the API and the demo call them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.actions import label
from kasane.audit.models import Basis
from kasane.casework.models import Status
from kasane.meetings.models import AgendaItem
from kasane.outreach import services
from kasane.outreach.forms import TargetForm
from kasane.outreach.models import (
    AgencyVisit,
    CloseReason,
    Contact,
    Counterpart,
    HomeVisit,
    Method,
    Outcome,
    OutreachSettings,
    Route,
    Source,
    Stage,
    StageChange,
    Target,
)
from tests import factories
from tests.clock import TOKYO

from .helpers import DAY, actions_since, actor, audit_mark, days_ago, entries_since, target, viewer

pytestmark = pytest.mark.django_db

NOT_OWNER = "アウトリーチの記録は担当機関の職員が行います。"
CLOSED = "終了した対象です。続ける場合は先に再開してください。"


def refused(message: str) -> Any:
    return pytest.raises(services.OutreachError, match=re.escape(message))


def contact(on: dt.date = DAY, outcome: str = Outcome.AWAY, **extra: Any) -> Contact:
    extra.setdefault("with_whom", "person")
    return Contact(on=on, method=Method.VISIT, outcome=outcome, **extra)


def log(w: dict[str, Any], t: Target, c: Contact, stage: str = "", key: str = "coordinator") -> Contact:
    return services.log_contact(viewer(w, key), t, c, stage=stage, actor=actor(w, key))


def closed_target(w: dict[str, Any], **extra: Any) -> Target:
    t = target(w, stage=Stage.CLOSED, **extra)
    Target.objects.filter(pk=t.pk).update(close_reason=CloseReason.SETTLED, closed_on=days_ago(3))
    t.refresh_from_db()
    return t


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TOKYO)


# --- create_target and update_target -----------------------------------------------------------------------


def new_target(**extra: Any) -> Target:
    return Target(
        label="港町の60代女性",
        description="郵便物が溜まっている。",
        raised_on=days_ago(2),
        **extra,
    )


def test_a_target_is_created_by_a_description_in_the_first_stage(w: dict[str, Any]) -> None:
    mark = audit_mark()
    t = services.create_target(viewer(w), new_target(), actor=actor(w))
    t.refresh_from_db()
    assert t.owner_agency == w["agencies"]["shakyo"] and t.municipality == w["municipality"]
    assert (t.stage, t.stage_changed_on) == (Stage.INFORMATION, days_ago(2))
    assert t.person is None and t.created_by_name == w["users"]["coordinator"].full_name
    assert [(s.from_stage, s.to_stage, s.on) for s in t.stage_changes.all()] == [
        ("", Stage.INFORMATION, days_ago(2))
    ]
    assert actions_since(mark) == ["outreach_target.created"]


def test_a_target_from_a_support_meeting_needs_its_item(w: dict[str, Any]) -> None:
    message = "支援会議の議題から把握した場合は、その議題を選んでください。"
    with refused(message):
        services.create_target(viewer(w), new_target(source=Source.SUPPORT_MEETING), actor=actor(w))
    assert not Target.objects.filter(label="港町の60代女性").exists()
    # The form says so in Japanese, beside the field, before the service is asked.
    form = TargetForm(
        {
            "label": "港町の60代女性",
            "description": "郵便物が溜まっている。",
            "source": Source.SUPPORT_MEETING,
            "raised_on": "2026-11-22",
        },
        items=AgendaItem.objects.all(),
        staff=User.objects.all(),
    )
    assert not form.is_valid() and form.errors["meeting_item"] == [message]
    item = w["m"]["support_item"]
    t = services.create_target(
        viewer(w), new_target(source=Source.SUPPORT_MEETING, meeting_item=item), actor=actor(w)
    )
    t.refresh_from_db()
    assert t.meeting_item == item


def test_withdrawing_the_item_a_target_points_at_leaves_the_pointer_empty(
    w: dict[str, Any], client_for: Any
) -> None:
    """An item put on the wrong sitting is withdrawn (deleted) before the sitting: the target stays."""
    from kasane.meetings.models import Meeting

    m = w["m"]
    coming = Meeting.objects.create(
        municipality=w["municipality"],
        body=m["body"],
        title="包括的支援会議（次回）",
        kinds=m["meeting"].kinds,
        held_on=DAY + dt.timedelta(days=7),
    )
    item = AgendaItem.objects.create(meeting=coming, kind=m["support_item"].kind, title="夜間の徘徊")
    item.invited.set([w["users"]["city"], w["users"]["coordinator"]])
    t = target(w, source=Source.SUPPORT_MEETING, meeting_item=item)
    response = client_for(w["users"]["city"]).post(f"/meetings/items/{item.pk}/withdraw/")
    assert response.status_code == 302 and not AgendaItem.objects.filter(pk=item.pk).exists()
    t.refresh_from_db()
    assert t.meeting_item is None and t.source == Source.SUPPORT_MEETING


@pytest.mark.parametrize("source", [s for s in Source if s != Source.SUPPORT_MEETING])
def test_a_target_raised_elsewhere_drops_the_item(w: dict[str, Any], source: str) -> None:
    t = services.create_target(
        viewer(w), new_target(source=source, meeting_item=w["m"]["support_item"]), actor=actor(w)
    )
    t.refresh_from_db()
    assert t.source == source and t.meeting_item is None


def test_changing_the_source_away_from_the_meeting_drops_the_item(w: dict[str, Any]) -> None:
    t = w["o"]["target"]
    t.source = Source.NEIGHBOURS
    services.update_target(viewer(w), t, actor=actor(w))
    t.refresh_from_db()
    assert t.meeting_item is None


def test_only_staff_who_may_record_create_a_target(w: dict[str, Any]) -> None:
    with refused("アウトリーチの対象を登録できるのは、記録の権限がある職員です。"):
        services.create_target(viewer(w, "reader"), new_target(), actor=actor(w, "reader"))
    assert not Target.objects.filter(label="港町の60代女性").exists()


def test_linking_the_person_brings_the_household_and_is_audited(w: dict[str, Any]) -> None:
    t = target(w)
    t.person = w["r"]["mother"]
    mark = audit_mark()
    services.update_target(viewer(w), t, actor=actor(w))
    t.refresh_from_db()
    assert t.household == w["r"]["household"]
    [entry] = entries_since(mark)
    assert entry.action == "outreach_target.updated" and entry.details == {"person_linked": True}
    assert entry.person_id == str(w["r"]["mother"].pk)
    mark = audit_mark()
    t.area = "北町二丁目"
    services.update_target(viewer(w), t, actor=actor(w))
    assert [e.details for e in entries_since(mark)] == [{"person_linked": False}]


@pytest.mark.parametrize("key", ["soudanin", "reader"])
def test_only_the_owner_agencys_recording_staff_change_a_target(w: dict[str, Any], key: str) -> None:
    t = target(w)
    t.label = "書き換え"
    with refused(NOT_OWNER):
        services.update_target(viewer(w, key), t, actor=actor(w, key))
    t.refresh_from_db()
    assert t.label == "北町の70代男性"


# --- log_contact -------------------------------------------------------------------------------------------


def test_a_contact_is_logged_by_the_owner_agency(w: dict[str, Any]) -> None:
    t = target(w)
    mark = audit_mark()
    c = log(w, t, contact(text="不在。メモを投函した。", next_step="夕方に再訪", next_on=DAY))
    c.refresh_from_db()
    assert c.agency == w["agencies"]["shakyo"] and c.author == w["users"]["coordinator"]
    assert c.author_name == w["users"]["coordinator"].full_name
    t.refresh_from_db()
    assert t.last_contact_on == DAY and t.stage == Stage.ATTEMPTING
    [entry] = entries_since(mark)
    assert entry.action == "outreach_contact.recorded" and entry.object_id == str(c.pk)
    assert entry.details == {"method": Method.VISIT, "outcome": Outcome.AWAY}


def test_a_contact_in_the_future_is_refused(w: dict[str, Any]) -> None:
    t = target(w)
    mark = audit_mark()
    with refused("接触の日付に未来の日は入力できません。予定は「次の予定日」に入れてください。"):
        log(w, t, contact(on=DAY + dt.timedelta(days=1)))
    assert not t.contacts.exists() and actions_since(mark) == []
    log(w, t, contact(on=DAY))  # today is not the future
    assert t.contacts.count() == 1


def test_a_contact_before_the_target_was_raised_is_refused(w: dict[str, Any]) -> None:
    t = target(w, raised_on=days_ago(30))
    with refused("接触の日付が把握日より前です。把握日を直すか、日付を確かめてください。"):
        log(w, t, contact(on=days_ago(31)))
    assert not t.contacts.exists()
    log(w, t, contact(on=days_ago(30)))  # the day it was raised will do
    assert t.contacts.count() == 1


def test_a_closed_target_takes_no_contact(w: dict[str, Any]) -> None:
    t = closed_target(w)
    with refused(CLOSED):
        log(w, t, contact())
    assert not t.contacts.exists()


@pytest.mark.parametrize("key", ["soudanin", "reader", "city"])
def test_only_the_owner_agencys_recording_staff_log_contacts(w: dict[str, Any], key: str) -> None:
    t = target(w)
    mark = audit_mark()
    with refused(NOT_OWNER):
        log(w, t, contact(), key=key)
    assert not t.contacts.exists() and actions_since(mark) == []


def test_the_last_contact_only_moves_forward(w: dict[str, Any]) -> None:
    t = target(w)
    log(w, t, contact(on=days_ago(10)))
    t.refresh_from_db()
    assert t.last_contact_on == days_ago(10)
    log(w, t, contact(on=days_ago(3)))
    t.refresh_from_db()
    assert t.last_contact_on == days_ago(3)
    # A visit written up late does not make the target look more recently reached than it was.
    log(w, t, contact(on=days_ago(7)))
    t.refresh_from_db()
    assert t.last_contact_on == days_ago(3)
    log(w, t, contact(on=days_ago(3)))
    t.refresh_from_db()
    assert t.last_contact_on == days_ago(3) and t.contacts.count() == 4


def test_a_contact_moves_the_stage_when_asked(w: dict[str, Any]) -> None:
    t = target(w)
    log(w, t, contact(on=days_ago(1), outcome=Outcome.FAMILY_TALKED, with_whom="family"), stage=Stage.FAMILY)
    t.refresh_from_db()
    assert (t.stage, t.stage_changed_on) == (Stage.FAMILY, days_ago(1))
    change = t.stage_changes.last()
    assert change is not None and (change.from_stage, change.to_stage, change.on) == (
        Stage.ATTEMPTING,
        Stage.FAMILY,
        days_ago(1),
    )
    # Asking for the stage it is already in changes nothing.
    log(w, t, contact(outcome=Outcome.FAMILY_TALKED, with_whom="family"), stage=Stage.FAMILY)
    t.refresh_from_db()
    assert t.stage_changes.count() == 2 and t.stage_changed_on == days_ago(1)


def test_a_contact_does_not_move_the_stage_unless_asked(w: dict[str, Any]) -> None:
    t = target(w)
    log(w, t, contact(outcome=Outcome.TALKED))
    t.refresh_from_db()
    assert t.stage == Stage.ATTEMPTING and t.stage_changes.count() == 1


def test_a_stage_the_outcomes_do_not_support_refuses_the_whole_contact(w: dict[str, Any]) -> None:
    t = target(w)
    mark = audit_mark()
    with refused("「本人とつながる」にするには、本人と会えた・話せた接触記録が必要です。"):
        log(w, t, contact(outcome=Outcome.FAMILY_TALKED, text="母と玄関先で話した"), stage=Stage.PERSON)
    t.refresh_from_db()
    assert not Contact.objects.filter(target=t).exists()
    assert t.stage == Stage.ATTEMPTING and t.last_contact_on is None and t.stage_changes.count() == 1
    assert actions_since(mark) == []


def test_a_contact_cannot_hand_over_or_close(w: dict[str, Any]) -> None:
    t = target(w, stage=Stage.TRUST)
    with refused("この段階は「支援につなぐ」「終了」の操作で記録します。"):
        log(w, t, contact(outcome=Outcome.TALKED), stage=Stage.CLOSED)
    assert not t.contacts.exists()


# --- hand_over ---------------------------------------------------------------------------------------------


@pytest.fixture
def son_records(w: dict[str, Any]) -> dict[str, Any]:
    """The son's own 相談受付 at the 社協, and a つなぎ of it to 南部包括, accepted."""
    son, shakyo = w["r"]["son"], w["agencies"]["shakyo"]
    consultation = factories.consultation(son, shakyo)
    referral = factories.referral(consultation, w["agencies"]["houkatsu_south"], None, Status.ACCEPTED)
    return {"consultation": consultation, "referral": referral}


def hand_over(w: dict[str, Any], t: Target, route: str, **records: Any) -> None:
    services.hand_over(viewer(w), t, route=route, on=DAY, actor=actor(w), **records)


def test_handing_over_needs_the_person_linked(w: dict[str, Any], son_records: dict[str, Any]) -> None:
    t = target(w, stage=Stage.TRUST)
    mark = audit_mark()
    with refused("支援につなぐ前に、対象者を本人・世帯の記録と結び付けてください。"):
        hand_over(w, t, Route.COLLABORATION, consultation=son_records["consultation"])
    t.refresh_from_db()
    assert t.stage == Stage.TRUST and t.route == "" and actions_since(mark) == []


@pytest.mark.parametrize("route", [Route.COLLABORATION, Route.PARTICIPATION])
def test_collaboration_and_participation_go_through_the_persons_consultation(
    w: dict[str, Any], son_records: dict[str, Any], route: str
) -> None:
    t = target(w, person=w["r"]["son"], stage=Stage.TRUST)
    message = "この方の相談受付を選んでください（多機関協働・参加支援は相談受付から始まります）。"
    with refused(message):
        hand_over(w, t, route)
    with refused(message):  # the mother's 相談受付 is not his
        hand_over(w, t, route, consultation=w["r"]["consultation"])
    t.refresh_from_db()
    assert t.stage == Stage.TRUST and t.consultation is None
    mark = audit_mark()
    hand_over(w, t, route, consultation=son_records["consultation"], referral=son_records["referral"])
    t.refresh_from_db()
    assert (t.stage, t.route, t.stage_changed_on) == (Stage.HANDED_OVER, route, DAY)
    assert t.consultation == son_records["consultation"] and t.referral is None
    assert [c.note for c in t.stage_changes.all()][-1] == Route(route).label
    assert actions_since(mark) == ["outreach_target.handed_over"]


def test_another_agency_is_reached_through_the_persons_referral(
    w: dict[str, Any], son_records: dict[str, Any]
) -> None:
    t = target(w, person=w["r"]["son"], stage=Stage.TRUST)
    message = "この方のつなぎを選んでください（他の機関へは、つなぎで引き継ぎます）。"
    with refused(message):
        hand_over(w, t, Route.AGENCY, consultation=son_records["consultation"])
    with refused(message):  # the mother's つなぎ is not his
        hand_over(w, t, Route.AGENCY, referral=w["r"]["referral"])
    t.refresh_from_db()
    assert t.stage == Stage.TRUST and t.referral is None
    # A つなぎ the receiver declined (or the sender withdrew) hands no one over.
    referral = son_records["referral"]
    for status in (Status.DECLINED, Status.CANCELLED):
        referral.status = status
        with refused(
            "辞退・取消になったつなぎでは、支援につないだことになりません。別のつなぎを選んでください。"
        ):
            hand_over(w, t, Route.AGENCY, referral=referral)
    referral.status = Status.ACCEPTED
    t.refresh_from_db()
    assert t.stage == Stage.TRUST
    hand_over(w, t, Route.AGENCY, referral=son_records["referral"])
    t.refresh_from_db()
    assert (t.stage, t.route) == (Stage.HANDED_OVER, Route.AGENCY)
    assert t.referral == son_records["referral"] and t.consultation == son_records["consultation"]


def test_handing_over_needs_a_route(w: dict[str, Any], son_records: dict[str, Any]) -> None:
    t = target(w, person=w["r"]["son"], stage=Stage.TRUST)
    with refused("つなぎ先を選んでください。"):
        hand_over(w, t, "", consultation=son_records["consultation"])
    t.refresh_from_db()
    assert t.stage == Stage.TRUST


def test_a_closed_target_is_not_handed_over(w: dict[str, Any], son_records: dict[str, Any]) -> None:
    t = closed_target(w, person=w["r"]["son"])
    with refused(CLOSED):
        hand_over(w, t, Route.COLLABORATION, consultation=son_records["consultation"])


def test_only_the_owner_agency_hands_over(w: dict[str, Any], son_records: dict[str, Any]) -> None:
    t = target(w, person=w["r"]["son"], stage=Stage.TRUST)
    with refused(NOT_OWNER):
        services.hand_over(
            viewer(w, "soudanin"),
            t,
            route=Route.COLLABORATION,
            on=DAY,
            consultation=son_records["consultation"],
            actor=actor(w, "soudanin"),
        )


# --- close and reopen --------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "forgotten", "closed"])
def test_closing_needs_a_reason_from_the_list(w: dict[str, Any], reason: str) -> None:
    t = target(w)
    mark = audit_mark()
    with refused("終了の理由を選んでください。"):
        services.close(viewer(w), t, reason=reason, on=DAY, actor=actor(w))
    t.refresh_from_db()
    assert t.is_open and t.closed_on is None and actions_since(mark) == []


def test_closing_records_the_reason_and_the_day(w: dict[str, Any]) -> None:
    t = target(w)
    services.close(viewer(w), t, reason=CloseReason.MOVED, on=days_ago(1), actor=actor(w))
    t.refresh_from_db()
    assert (t.stage, t.close_reason, t.closed_on, t.stage_changed_on) == (
        Stage.CLOSED,
        CloseReason.MOVED,
        days_ago(1),
        days_ago(1),
    )
    assert [c.note for c in t.stage_changes.all()][-1] == "転出"
    with refused(CLOSED):
        services.close(viewer(w), t, reason=CloseReason.MOVED, on=DAY, actor=actor(w))


def test_reopening_needs_a_reason_and_goes_to_watching(w: dict[str, Any]) -> None:
    t = closed_target(w)
    mark = audit_mark()
    with refused("再開の理由を入力してください。"):
        services.reopen(viewer(w), t, reason="  ", actor=actor(w))
    t.refresh_from_db()
    assert t.stage == Stage.CLOSED and actions_since(mark) == []
    services.reopen(viewer(w), t, reason="民生委員から再び連絡", actor=actor(w))
    t.refresh_from_db()
    assert (t.stage, t.stage_changed_on, t.close_reason, t.closed_on) == (Stage.WATCHING, DAY, "", None)
    change = t.stage_changes.last()
    assert change is not None and change.note == "再開：民生委員から再び連絡"
    assert (change.from_stage, change.to_stage) == (Stage.CLOSED, Stage.WATCHING)


def test_only_a_closed_target_is_reopened_and_only_by_its_agency(w: dict[str, Any]) -> None:
    with refused("この対象は終了していません。"):
        services.reopen(viewer(w), target(w), reason="念のため", actor=actor(w))
    t = closed_target(w)
    with refused(NOT_OWNER):
        services.reopen(viewer(w, "soudanin"), t, reason="念のため", actor=actor(w, "soudanin"))
    t.refresh_from_db()
    assert t.stage == Stage.CLOSED


# --- home visits and 帰所確認 --------------------------------------------------------------------------------


def plan(
    w: dict[str, Any], t: Target, leaves: dt.datetime, back: dt.datetime, key: str = "coordinator"
) -> Any:
    visit = HomeVisit(leaves_at=leaves, expected_back_at=back, companions_other="民生委員の佐藤さん")
    return services.plan_home_visit(viewer(w, key), t, visit, [w["users"]["reader"]], actor=actor(w, key))


@pytest.mark.parametrize("back", [at(13, 59), at(14, 0)])
def test_the_expected_return_comes_after_leaving(w: dict[str, Any], back: dt.datetime) -> None:
    t = target(w)
    with refused("帰所予定は出発より後の時刻にしてください。"):
        plan(w, t, at(14), back)
    assert not t.home_visits.exists()


def test_a_home_visit_is_planned_with_its_companions(w: dict[str, Any]) -> None:
    t = target(w)
    mark = audit_mark()
    visit = plan(w, t, at(14), at(14, 1))
    visit.refresh_from_db()
    assert visit.agency == w["agencies"]["shakyo"] and visit.visitor == w["users"]["coordinator"]
    assert list(visit.companions.all()) == [w["users"]["reader"]] and visit.returned_at is None
    assert actions_since(mark) == ["home_visit.planned"]


def test_home_visits_are_planned_by_the_owner_agency_for_open_targets(w: dict[str, Any]) -> None:
    with refused(NOT_OWNER):
        plan(w, target(w), at(14), at(16), key="soudanin")
    with refused(CLOSED):
        plan(w, closed_target(w), at(14), at(16))
    assert not HomeVisit.objects.exclude(pk=w["o"]["home_visit"].pk).exists()


@pytest.mark.parametrize("key", ["soudanin", "reader"])
def test_only_the_visiting_agencys_recording_staff_confirm_the_return(w: dict[str, Any], key: str) -> None:
    visit = w["o"]["home_visit"]
    with refused("帰所確認は訪問した機関の職員が行います。"):
        services.confirm_return(viewer(w, key), visit, actor=actor(w, key))
    visit.refresh_from_db()
    assert visit.returned_at is None and visit.returned_confirmed_by == ""


def test_the_return_is_confirmed_once(w: dict[str, Any]) -> None:
    visit = w["o"]["home_visit"]
    mark = audit_mark()
    services.confirm_return(viewer(w), visit, actor=actor(w))
    visit.refresh_from_db()
    assert visit.returned_at == timezone.now()
    assert visit.returned_confirmed_by == w["users"]["coordinator"].full_name
    with refused("すでに帰所を確認しています。"):
        services.confirm_return(viewer(w), visit, actor=actor(w))
    assert actions_since(mark) == ["home_visit.returned"]


# --- agency visits and the setting -------------------------------------------------------------------------


def agency_visit(on: dt.date = DAY) -> AgencyVisit:
    return AgencyVisit(on=on, counterpart_kind=Counterpart.MINSEI, counterpart="民生委員 田中さん")


def test_an_agency_visit_is_the_visiting_agencys(w: dict[str, Any]) -> None:
    visit = services.record_agency_visit(viewer(w, "soudanin"), agency_visit(), actor=actor(w, "soudanin"))
    visit.refresh_from_db()
    assert visit.agency == w["agencies"]["houkatsu_north"] and visit.municipality == w["municipality"]
    assert visit.author == w["users"]["soudanin"]


def test_an_agency_visit_in_the_future_or_by_a_reader_is_refused(w: dict[str, Any]) -> None:
    before = AgencyVisit.objects.count()
    with refused("訪問日に未来の日は入力できません。予定は「次の予定日」に入れてください。"):
        services.record_agency_visit(viewer(w), agency_visit(DAY + dt.timedelta(days=1)), actor=actor(w))
    with refused("訪問を記録できるのは、記録の権限がある職員です。"):
        services.record_agency_visit(viewer(w, "reader"), agency_visit(), actor=actor(w, "reader"))
    assert AgencyVisit.objects.count() == before


@pytest.mark.parametrize("days", [0, 366])
def test_the_stale_days_stay_between_1_and_365(w: dict[str, Any], days: int) -> None:
    setting = services.settings_for(w["municipality"].pk)
    with refused("日数は1から365までで入力してください。"):
        services.update_settings(setting, stale_days=days, user=w["users"]["city"], actor=actor(w, "city"))
    assert not OutreachSettings.objects.exists()


@pytest.mark.parametrize("days", [1, 365])
def test_the_stale_days_are_saved_for_the_municipality(w: dict[str, Any], days: int) -> None:
    setting = services.settings_for(w["municipality"].pk)
    assert setting.stale_days == OutreachSettings.DEFAULT_STALE_DAYS == 30
    services.update_settings(setting, stale_days=days, user=w["users"]["city"], actor=actor(w, "city"))
    assert services.settings_for(w["municipality"].pk).stale_days == days


# --- one audit entry per change ----------------------------------------------------------------------------


def _calls(w: dict[str, Any]) -> list[tuple[str, Callable[[], Any], Any]]:
    """(action, the call, the object the entry names) for every service, each on a fresh target."""
    son = w["r"]["son"]
    intake = factories.consultation(son, w["agencies"]["shakyo"])
    v, a = viewer(w), actor(w)
    opened = target(w, person=son)
    trusted = target(w, person=son, stage=Stage.TRUST)
    closing = target(w, person=son)
    reopening = closed_target(w, person=son)
    moving = target(w, person=son)
    factories.outreach_contact(moving, outcome=Outcome.MET)
    c = contact(outcome=Outcome.FAMILY_TALKED)
    visit = HomeVisit(leaves_at=at(14), expected_back_at=at(16))
    made = new_target(person=son)
    place = agency_visit()
    setting = services.settings_for(w["municipality"].pk)
    home = w["o"]["home_visit"]
    return [
        ("outreach_target.created", lambda: services.create_target(v, made, actor=a), made),
        ("outreach_target.updated", lambda: services.update_target(v, opened, actor=a), opened),
        ("outreach_contact.recorded", lambda: services.log_contact(v, opened, c, actor=a), c),
        (
            "outreach_target.stage_changed",
            lambda: services.set_stage(v, moving, Stage.PERSON, on=DAY, actor=a),
            moving,
        ),
        (
            "outreach_target.handed_over",
            lambda: services.hand_over(
                v, trusted, route=Route.PARTICIPATION, on=DAY, consultation=intake, actor=a
            ),
            trusted,
        ),
        (
            "outreach_target.closed",
            lambda: services.close(v, closing, reason=CloseReason.SETTLED, on=DAY, actor=a),
            closing,
        ),
        (
            "outreach_target.reopened",
            lambda: services.reopen(v, reopening, reason="再び連絡", actor=a),
            reopening,
        ),
        ("home_visit.planned", lambda: services.plan_home_visit(v, opened, visit, [], actor=a), visit),
        ("home_visit.returned", lambda: services.confirm_return(v, home, actor=a), home),
        ("agency_visit.recorded", lambda: services.record_agency_visit(v, place, actor=a), place),
        (
            "outreach.settings_updated",
            lambda: services.update_settings(
                setting, stale_days=14, user=w["users"]["city"], actor=actor(w, "city")
            ),
            None,
        ),
    ]


def test_every_change_writes_exactly_one_audit_entry_of_its_own(w: dict[str, Any]) -> None:
    son = w["r"]["son"]
    calls = _calls(w)
    for action, call, obj in calls:
        mark = audit_mark()
        call()
        entries = entries_since(mark)
        assert [e.action for e in entries] == [action], action
        [entry] = entries
        by = "city" if action == "outreach.settings_updated" else "coordinator"
        assert entry.actor == w["users"][by] and entry.municipality == w["municipality"], action
        assert label(action) != action, f"{action} has no Japanese label"
        if obj is not None:
            assert (entry.object_type, entry.object_id) == (obj._meta.label_lower, str(obj.pk)), action
        if action.startswith(("outreach_target.", "outreach_contact.", "home_visit.")):
            # About the person's target, on the agency's own records.
            assert entry.agency == w["agencies"]["shakyo"], action
            assert (entry.person_id, entry.basis) == (str(son.pk), Basis.OWN), action
            target_id = obj.pk if isinstance(obj, Target) else obj.target_id
            assert entry.basis_ref == f"target:{target_id}", action
        else:
            assert entry.person_id == "", action
    assert len(calls) == 11


def test_a_refused_change_leaves_the_target_as_it_was(w: dict[str, Any]) -> None:
    """The guards run before the transaction: a refusal leaves no stage change behind."""
    t = target(w)
    before = StageChange.objects.count()
    for call in (
        lambda: services.set_stage(viewer(w), t, Stage.TRUST, on=DAY, actor=actor(w)),
        lambda: services.close(viewer(w), t, reason="", on=DAY, actor=actor(w)),
        lambda: services.hand_over(viewer(w), t, route=Route.AGENCY, on=DAY, actor=actor(w)),
    ):
        with pytest.raises(services.OutreachError):
            call()
    assert StageChange.objects.count() == before
    t.refresh_from_db()
    assert t.stage == Stage.ATTEMPTING
