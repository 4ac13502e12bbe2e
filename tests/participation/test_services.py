"""Each rule of the participation services, reached on its own: every test sets up a situation in which the
other guards are satisfied, so that the rule it names is the one that refuses (or allows), and a refusal
writes nothing — no row, no audit entry. Every change is one transaction with one audit entry naming the
person. The services are called directly, as the pages, the API and the demo call them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from kasane.audit.actions import label
from kasane.audit.models import AuditEntry, Basis
from kasane.casework.models import (
    Case,
    CaseStatus,
    Consent,
    DecisionKind,
    Outcome,
    Plan,
    PlanKind,
    PlanStatus,
    Referral,
    Status,
)
from kasane.meetings.models import Decision, ResourceGap
from kasane.participation import development, hosts, queries, services
from kasane.participation.models import (
    Approach,
    Assessment,
    Development,
    DevelopmentStatus,
    Engagement,
    EngagementStatus,
    FollowUp,
    HostConsent,
    HostNote,
    Origin,
    Placement,
    Review,
    Stage,
    StageChange,
)
from kasane.resources.models import Service
from kasane.resources.models import Status as ServiceStatus
from tests import factories

from .helpers import (
    DAY,
    actions_since,
    actor,
    approve_participation_plan,
    audit_mark,
    days_ago,
    engagement,
    entries_since,
    from_referral,
    host,
    placement,
    referral_for,
    viewer,
)

pytestmark = pytest.mark.django_db

NOT_OWNER = "参加支援の記録は、担当する機関の職員が行います。"
ENDED = "終了した参加支援です。"
BEFORE_DECISION = "重層的支援会議でプランが決定されるまで、受け入れ先の提案はできません。"


def refused(message: str) -> Any:
    return pytest.raises(services.ParticipationError, match=re.escape(message))


class Unchanged:
    """Nothing written: no new row of the participation records and no audit entry."""

    MODELS = (Engagement, Assessment, Placement, StageChange, HostConsent, HostNote, FollowUp, Review)

    def __init__(self) -> None:
        self.mark = audit_mark()
        self.counts = self._counts()

    def _counts(self) -> list[int]:
        return [m.objects.count() for m in self.MODELS]

    def check(self) -> None:
        assert self._counts() == self.counts
        assert actions_since(self.mark) == []


def start(w: dict[str, Any], person: str = "son", key: str = "coordinator", **kwargs: Any) -> Engagement:
    kwargs.setdefault("case", w["r"]["case"])
    kwargs.setdefault("referral", None)
    kwargs.setdefault("started_on", days_ago(3))
    return services.start_engagement(viewer(w, key), w["r"][person], actor=actor(w, key), **kwargs)


# --- start_engagement: from a case ----------------------------------------------------------------------


def test_a_case_starts_the_engagement_of_its_person(w: dict[str, Any]) -> None:
    mark = audit_mark()
    e = start(w, "mother")
    e.refresh_from_db()
    assert (e.owner_agency, e.municipality, e.person, e.origin, e.case, e.referral) == (
        w["agencies"]["shakyo"],
        w["municipality"],
        w["r"]["mother"],
        Origin.CASE,
        w["r"]["case"],
        None,
    )
    assert (e.started_on, e.lead_user, e.status) == (days_ago(3), w["users"]["coordinator"], "open")
    assert actions_since(mark) == ["participation.started"]


def test_a_case_subject_starts_from_the_case_too(w: dict[str, Any]) -> None:
    case, son = w["r"]["case"], w["r"]["son"]
    case.subjects.add(son)
    e = start(w, "son")
    assert (e.person, e.case, e.origin) == (son, case, Origin.CASE)


def test_the_person_must_be_of_the_cases_household(w: dict[str, Any]) -> None:
    stranger = factories.person(w["agencies"]["houkatsu_north"], "佐藤 花子", "さとう はなこ")
    w["r"]["stranger"] = stranger
    unchanged = Unchanged()
    with refused("本人の世帯のケースを選んでください。"):
        start(w, "stranger")
    unchanged.check()


def test_a_closed_case_starts_nothing(w: dict[str, Any]) -> None:
    Case.objects.filter(pk=w["r"]["case"].pk).update(status=CaseStatus.CLOSED)
    w["r"]["case"].refresh_from_db()
    unchanged = Unchanged()
    with refused("終結したケースからは始められません。"):
        start(w)
    unchanged.check()


def test_a_case_the_viewer_does_not_reach_is_refused(w: dict[str, Any]) -> None:
    message = "このケースは選べません。担当しているか、支援チームに入っているケースを選んでください。"
    unchanged = Unchanged()
    with refused(message):  # 南部包括 is not on the case's team
        start(w, key="other_agency")
    Consent.objects.filter(pk=w["r"]["consent"].pk).update(withdrawn_at=timezone.now())
    with refused(
        message
    ):  # the case's consent withdrawn: even the hub that runs it no longer reaches through it
        start(w)
    unchanged.check()


def test_a_reader_without_case_edit_starts_nothing(w: dict[str, Any]) -> None:
    unchanged = Unchanged()
    with refused(NOT_OWNER):
        start(w, key="reader")
    unchanged.check()


def test_a_start_names_a_case_or_a_referral_and_not_both(w: dict[str, Any]) -> None:
    message = "多機関協働のケースか、受けたつなぎのどちらかを選んでください。"
    unchanged = Unchanged()
    with refused(message):
        start(w, "mother", case=None)
    with refused(message):
        start(w, "mother", referral=w["r"]["referral"])
    unchanged.check()


def test_the_intake_day_is_not_in_the_future(w: dict[str, Any]) -> None:
    unchanged = Unchanged()
    with refused("受付日に未来の日付は入れられません。"):
        start(w, started_on=DAY + dt.timedelta(days=1))
    unchanged.check()
    assert start(w, started_on=DAY).started_on == DAY


def test_one_open_engagement_per_person_and_agency(w: dict[str, Any]) -> None:
    first = start(w)
    unchanged = Unchanged()
    with refused("この方の参加支援はすでに始まっています。"):
        start(w)
    with refused("この方の参加支援はすでに始まっています。"):  # by the referral route as well
        start(w, "son", case=None, referral=_referral_of_son(w))
    unchanged.check()
    services.end_engagement(viewer(w), first, DAY, "withdrew", "", actor=actor(w))
    again = start(w)
    assert again.pk != first.pk and again.status == EngagementStatus.OPEN


def test_another_agencys_open_engagement_does_not_block(w: dict[str, Any]) -> None:
    Engagement.objects.create(
        municipality=w["municipality"],
        owner_agency=w["agencies"]["houkatsu_north"],
        person=w["r"]["son"],
        origin=Origin.REFERRAL,
        referral=w["r"]["referral"],
        started_on=days_ago(10),
    )
    assert start(w).owner_agency == w["agencies"]["shakyo"]


# --- start_engagement: from a referral ----------------------------------------------------------------------


def _referral_of_son(w: dict[str, Any], to: str = "shakyo", status: str = Status.ACCEPTED) -> Referral:
    return referral_for(w, w["r"]["son"], to=to, status=status)


def test_an_accepted_referral_to_the_agency_starts_it(w: dict[str, Any]) -> None:
    e = from_referral(w)
    e.refresh_from_db()
    assert (e.origin, e.referral, e.case, e.owner_agency, e.person) == (
        Origin.REFERRAL,
        w["r"]["referral"],
        None,
        w["agencies"]["shakyo"],
        w["r"]["mother"],
    )


@pytest.mark.parametrize("status", [Status.IN_PROGRESS, Status.COMPLETED])
def test_a_referral_under_way_or_completed_starts_it_too(w: dict[str, Any], status: str) -> None:
    referral = _referral_of_son(w, status=status)
    assert start(w, case=None, referral=referral).referral == referral


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.DECLINED, Status.CANCELLED])
def test_a_referral_not_accepted_starts_nothing(w: dict[str, Any], status: str) -> None:
    referral = _referral_of_son(w, status=status)
    unchanged = Unchanged()
    with refused("受け入れたつなぎから始めます。先につなぎを受け入れてください。"):
        start(w, case=None, referral=referral)
    unchanged.check()


def test_a_referral_to_another_agency_or_of_another_person_starts_nothing(w: dict[str, Any]) -> None:
    message = "自機関が受けた、この方のつなぎを選んでください。"
    unchanged = Unchanged()
    with refused(message):  # accepted by 南部包括, not by the 社協
        start(w, case=None, referral=_referral_of_son(w, to="houkatsu_south"))
    with refused(message):  # the mother's referral, for the son
        start(w, "son", case=None, referral=w["r"]["referral"])
    with refused(message):  # the reader's agency received it, but the reader may not record
        start(w, "mother", key="reader", case=None, referral=w["r"]["referral"])
    unchanged.check()


# --- link_case -----------------------------------------------------------------------------------------------


def test_an_engagement_from_a_referral_is_linked_to_the_households_case(w: dict[str, Any]) -> None:
    case = w["r"]["case"]
    e = from_referral(w)
    approve_participation_plan(case, days_ago(2))
    assert queries.approved_on(e) is None  # the meeting decides the case's plan: not linked, not decided
    mark = audit_mark()
    services.link_case(viewer(w), e, case, actor=actor(w))
    e.refresh_from_db()
    assert e.case == case and e.origin == Origin.REFERRAL
    assert queries.approved_on(e) == days_ago(2)
    [entry] = entries_since(mark)
    assert (entry.action, entry.details) == ("participation.case_linked", {"case": case.pk})


def test_a_case_of_another_household_is_not_linked(w: dict[str, Any]) -> None:
    north, shakyo = w["agencies"]["houkatsu_north"], w["agencies"]["shakyo"]
    stranger = factories.person(north, "佐藤 花子", "さとう はなこ")
    other_case = factories.case(stranger, shakyo, factories.consent(stranger, north), [north])
    e = from_referral(w)
    unchanged = Unchanged()
    with refused("本人の世帯のケースを選んでください。"):
        services.link_case(viewer(w), e, other_case, actor=actor(w))
    unchanged.check()
    e.refresh_from_db()
    assert e.case is None


def test_only_the_owner_links_an_open_engagement(w: dict[str, Any]) -> None:
    e = from_referral(w)
    unchanged = Unchanged()
    with refused(NOT_OWNER):
        services.link_case(viewer(w, "reader"), e, w["r"]["case"], actor=actor(w, "reader"))
    unchanged.check()
    services.end_engagement(viewer(w), e, DAY, "withdrew", "", actor=actor(w))
    unchanged = Unchanged()
    with refused(ENDED):
        services.link_case(viewer(w), e, w["r"]["case"], actor=actor(w))
    unchanged.check()


# --- urgent start and the meeting's decision -----------------------------------------------------------------


def test_an_urgent_start_stays_flagged_until_the_meeting_approves(w: dict[str, Any]) -> None:
    v, a = viewer(w), actor(w)
    e = engagement(w)
    case = w["r"]["case"]
    assert not queries.urgent_waiting(v).exists()
    services.record_urgent_start(v, e, days_ago(20), "  本人が今月中に動きたいと話している \n", actor=a)
    e.refresh_from_db()
    assert (e.urgent_started_on, e.urgent_reason) == (days_ago(20), "本人が今月中に動きたいと話している")
    assert list(queries.urgent_waiting(v)) == [e]
    # A decision that is not the approval of a 参加支援 plan leaves the flag standing.
    collaboration = Plan.objects.create(
        case=case, kind=PlanKind.COLLABORATION, version=9, status=PlanStatus.APPROVED, author_name="テスト"
    )
    Decision.objects.create(
        case=case, plan=collaboration, kind=DecisionKind.PLAN_APPROVAL, outcome=Outcome.APPROVED,
        decided_on=days_ago(5), attendees="", recorded_by_name="テスト",
    )  # fmt: skip
    revised = approve_participation_plan(case, days_ago(4))
    Decision.objects.filter(pk=revised.pk).update(outcome=Outcome.REVISE)
    assert list(queries.urgent_waiting(v)) == [e] and queries.approved_on(e) is None
    approve_participation_plan(case, days_ago(1))
    assert queries.approved_on(e) == days_ago(1)
    assert not queries.urgent_waiting(v).exists()
    unchanged = Unchanged()
    with refused("プランはすでに重層的支援会議で決定されています。"):
        services.record_urgent_start(v, e, days_ago(2), "もう一度", actor=a)
    unchanged.check()


def test_an_urgent_start_is_checked_against_the_intake_day_and_today(w: dict[str, Any]) -> None:
    v, a = viewer(w), actor(w)
    e = engagement(w, ago=30)
    unchanged = Unchanged()
    with refused("決定前に支援を始めた日は、受付日より前にできません。"):
        services.record_urgent_start(v, e, days_ago(31), "理由", actor=a)
    with refused("決定前に始める理由を書いてください。"):
        services.record_urgent_start(v, e, days_ago(20), "  ", actor=a)
    with refused(NOT_OWNER):
        services.record_urgent_start(viewer(w, "reader"), e, days_ago(20), "理由", actor=actor(w, "reader"))
    unchanged.check()


# --- propose -------------------------------------------------------------------------------------------------


def test_a_proposal_waits_for_the_meetings_decision(w: dict[str, Any]) -> None:
    e, farm = engagement(w), host(w)
    unchanged = Unchanged()
    with refused(BEFORE_DECISION):
        services.propose(viewer(w), e, farm, days_ago(5), "", actor=actor(w))
    unchanged.check()


@pytest.mark.parametrize("way", ["urgent", "approved"])
def test_an_urgent_start_or_the_decision_allows_a_proposal(w: dict[str, Any], way: str) -> None:
    e, farm = engagement(w, urgent=way == "urgent", approved=way == "approved"), host(w)
    mark = audit_mark()
    p = services.propose(viewer(w), e, farm, days_ago(5), "畑に興味がある", actor=actor(w))
    p.refresh_from_db()
    assert (p.engagement, p.service, p.stage, p.proposed_on, p.reasons) == (
        e,
        farm,
        Stage.PROPOSED,
        days_ago(5),
        "畑に興味がある",
    )
    assert [(c.from_stage, c.to_stage, c.on, c.note) for c in p.changes.all()] == [
        ("", Stage.PROPOSED, days_ago(5), "畑に興味がある")
    ]
    [entry] = entries_since(mark)
    assert (entry.action, entry.details) == ("participation.proposed", {"service": farm.pk})


def test_a_host_of_another_municipality_is_refused(w: dict[str, Any]) -> None:
    e = engagement(w, approved=True)
    elsewhere = host(w, "となり町農園 体験", municipality=w["other_municipality"], area=None)
    unchanged = Unchanged()
    with refused("この市町村の社会資源から選んでください。"):
        services.propose(viewer(w), e, elsewhere, days_ago(5), "", actor=actor(w))
    unchanged.check()


@pytest.mark.parametrize("status", [ServiceStatus.PAUSED, ServiceStatus.ENDED])
def test_an_inactive_host_is_refused(w: dict[str, Any], status: str) -> None:
    e, farm = engagement(w, approved=True), host(w, status=status)
    unchanged = Unchanged()
    with refused("休止中・終了した社会資源は選べません。"):
        services.propose(viewer(w), e, farm, days_ago(5), "", actor=actor(w))
    unchanged.check()


def test_one_open_placement_per_host(w: dict[str, Any]) -> None:
    v, a = viewer(w), actor(w)
    e, farm = engagement(w, approved=True), host(w)
    first = services.propose(v, e, farm, days_ago(20), "", actor=a)
    unchanged = Unchanged()
    with refused("この受け入れ先での受け入れは、すでに進んでいます。"):
        services.propose(v, e, farm, days_ago(5), "", actor=a)
    unchanged.check()
    # Another host at the same time is fine, and the same host again once the first has ended.
    services.propose(v, e, host(w, "ひだまりカフェ 居場所"), days_ago(5), "", actor=a)
    services.move_stage(v, first, Stage.ENDED, days_ago(10), "合わなかった", actor=a)
    again = services.propose(v, e, farm, days_ago(5), "もう一度", actor=a)
    assert again.pk != first.pk and e.placements.filter(service=farm).count() == 2


def test_a_proposal_is_not_dated_in_the_future_nor_made_by_a_reader(w: dict[str, Any]) -> None:
    e, farm = engagement(w, approved=True), host(w)
    unchanged = Unchanged()
    with refused("提案日に未来の日付は入れられません。"):
        services.propose(viewer(w), e, farm, DAY + dt.timedelta(days=1), "", actor=actor(w))
    with refused(NOT_OWNER):
        services.propose(viewer(w, "reader"), e, farm, DAY, "", actor=actor(w, "reader"))
    unchanged.check()


# --- move_stage ----------------------------------------------------------------------------------------------


@pytest.fixture
def proposed(w: dict[str, Any]) -> Placement:
    return placement(w, engagement(w, approved=True))


def move(w: dict[str, Any], p: Placement, to: str, ago: int = 20, note: str = "") -> Placement:
    return services.move_stage(viewer(w), p, to, days_ago(ago), note, actor=actor(w))


@pytest.mark.parametrize("to", [Stage.ENDED, Stage.SUSPENDED])
def test_ending_or_suspending_needs_a_reason(w: dict[str, Any], proposed: Placement, to: str) -> None:
    unchanged = Unchanged()
    with refused("終了・中断の理由を書いてください。"):
        move(w, proposed, to, note=" \n ")
    unchanged.check()
    moved = move(w, proposed, to, note="  体調を崩した ")
    assert (moved.stage, moved.ended_on, moved.end_reason) == (to, days_ago(20), "体調を崩した")


def test_a_suspended_placement_resumes_and_forgets_its_end(w: dict[str, Any], proposed: Placement) -> None:
    move(w, proposed, Stage.SUSPENDED, ago=25, note="体調を崩した")
    resumed = move(w, proposed, Stage.TRIAL, ago=10)
    assert (resumed.stage, resumed.ended_on, resumed.end_reason) == (Stage.TRIAL, None, "")
    assert [c.to_stage for c in resumed.changes.all()] == [Stage.PROPOSED, Stage.SUSPENDED, Stage.TRIAL]


def test_a_stage_is_not_dated_before_the_proposal_nor_in_the_future(
    w: dict[str, Any], proposed: Placement
) -> None:
    unchanged = Unchanged()
    with refused("提案日より前の日付にはできません。"):
        move(w, proposed, Stage.VISIT, ago=36)
    with refused("日付に未来の日付は入れられません。"):
        services.move_stage(viewer(w), proposed, Stage.VISIT, DAY + dt.timedelta(days=1), "", actor=actor(w))
    unchanged.check()
    assert move(w, proposed, Stage.VISIT, ago=35).stage == Stage.VISIT  # on the day of the proposal


def test_a_step_the_table_refuses_writes_nothing(w: dict[str, Any], proposed: Placement) -> None:
    unchanged = Unchanged()
    with refused("「提案」から「定着」には進められません。"):
        move(w, proposed, Stage.SETTLED)
    unchanged.check()
    proposed.refresh_from_db()
    assert proposed.stage == Stage.PROPOSED


def test_a_reader_does_not_move_a_stage(w: dict[str, Any], proposed: Placement) -> None:
    unchanged = Unchanged()
    with refused(NOT_OWNER):
        services.move_stage(viewer(w, "reader"), proposed, Stage.VISIT, DAY, "", actor=actor(w, "reader"))
    unchanged.check()


def test_trial_and_settled_are_followed_up_on_the_placements_interval(
    w: dict[str, Any], proposed: Placement
) -> None:
    move(w, proposed, Stage.VISIT, ago=30)
    assert not proposed.follow_ups.exists()
    hosts.update_host_contact(viewer(w), proposed, "田中さん", "0197-11-2222", 7, actor=actor(w))
    move(w, proposed, Stage.TRIAL, ago=25)
    [pending] = proposed.follow_ups.all()
    assert (pending.due_on, pending.done_on) == (days_ago(25) + dt.timedelta(days=7), None)
    # Settling with one still pending schedules no second.
    move(w, proposed, Stage.SETTLED, ago=20)
    assert list(proposed.follow_ups.all()) == [pending]
    # The one pending when the placement was suspended follows the resumption: still one, due an interval on.
    services.record_follow_up(viewer(w), pending, days_ago(15), "慣れてきた", None, actor=actor(w))
    move(w, proposed, Stage.SUSPENDED, ago=12, note="休みが続く")
    move(w, proposed, Stage.TRIAL, ago=10)
    [moved] = proposed.follow_ups.filter(done_on__isnull=True)
    assert moved.due_on == days_ago(10) + dt.timedelta(days=7)
    # With none pending, resuming schedules one.
    move(w, proposed, Stage.SUSPENDED, ago=8, note="また休む")
    moved.delete()
    move(w, proposed, Stage.TRIAL, ago=5)
    assert proposed.follow_ups.get(done_on__isnull=True).due_on == days_ago(5) + dt.timedelta(days=7)


def test_settling_tells_the_register_the_host_has_taken_someone(w: dict[str, Any]) -> None:
    e, farm = engagement(w, approved=True), host(w)
    p = placement(w, e, farm, stage=Stage.TRIAL)
    assert not farm.hosted_before
    mark = audit_mark()
    move(w, p, Stage.SETTLED, ago=10)
    farm.refresh_from_db()
    assert farm.hosted_before
    register, change = entries_since(mark)
    assert (register.action, register.object_type, register.object_id) == (
        "resource.updated",
        "resources.service",
        str(farm.pk),
    )
    assert register.details == {"changed": ["hosted_before"]} and register.person_id == ""
    assert (change.action, change.person_id, change.details) == (
        "participation.stage_changed",
        str(e.person_id),
        {"stage": Stage.SETTLED},
    )
    # A host that has taken someone before is not written again.
    move(w, p, Stage.ENDED, ago=5, note="定着したため終える")
    again = placement(w, e, farm, stage=Stage.TRIAL)
    mark = audit_mark()
    move(w, again, Stage.SETTLED, ago=3)
    assert actions_since(mark) == ["participation.stage_changed"]


# --- the host's contact and the person's consent ---------------------------------------------------------


def test_the_follow_up_interval_is_between_1_and_180_days(w: dict[str, Any], proposed: Placement) -> None:
    unchanged = Unchanged()
    for days in (0, 181):
        with refused("フォローアップの間隔は1〜180日で入力してください。"):
            hosts.update_host_contact(viewer(w), proposed, "田中", "", days, actor=actor(w))
    unchanged.check()
    hosts.update_host_contact(viewer(w), proposed, " 田中さん ", " 0197-11-2222 ", 180, actor=actor(w))
    proposed.refresh_from_db()
    assert (proposed.host_contact, proposed.host_phone, proposed.follow_up_days) == (
        "田中さん",
        "0197-11-2222",
        180,
    )


def test_a_consent_keeps_the_items_it_names_in_the_catalogues_order(
    w: dict[str, Any], proposed: Placement
) -> None:
    consent = hosts.record_host_consent(
        viewer(w), proposed, ["days", "unknown", "wishes"], days_ago(5), "written", actor=actor(w)
    )
    assert consent.fields == ["wishes", "days"] and consent.obtained_by == w["users"]["coordinator"]
    assert hosts.standing_consent(proposed) == consent
    unchanged = Unchanged()
    with refused("同意を得た項目を1つ以上選んでください。"):
        hosts.record_host_consent(viewer(w), proposed, ["unknown"], days_ago(5), "oral", actor=actor(w))
    with refused("同意日に未来の日付は入れられません。"):
        hosts.record_host_consent(
            viewer(w), proposed, ["wishes"], DAY + dt.timedelta(days=1), "oral", actor=actor(w)
        )
    unchanged.check()


def test_a_new_consent_replaces_the_standing_one(w: dict[str, Any], proposed: Placement) -> None:
    v, a = viewer(w), actor(w)
    first = hosts.record_host_consent(v, proposed, ["wishes"], days_ago(10), "written", actor=a)
    second = hosts.record_host_consent(v, proposed, ["wishes", "name"], days_ago(3), "oral", actor=a)
    first.refresh_from_db()
    assert first.withdrawn_on == days_ago(3) and second.withdrawn_on is None
    assert hosts.standing_consent(proposed) == second


def test_a_withdrawn_consent_shares_nothing_more(w: dict[str, Any], proposed: Placement) -> None:
    v, a = viewer(w), actor(w)
    consent = hosts.record_host_consent(v, proposed, ["wishes"], days_ago(10), "written", actor=a)
    unchanged = Unchanged()
    with refused(NOT_OWNER):
        hosts.withdraw_host_consent(viewer(w, "reader"), consent, DAY, actor=actor(w, "reader"))
    unchanged.check()
    hosts.withdraw_host_consent(v, consent, days_ago(1), actor=a)
    consent.refresh_from_db()
    assert consent.withdrawn_on == days_ago(1) and hosts.standing_consent(proposed) is None
    with refused("この同意はすでに撤回されています。"):
        hosts.withdraw_host_consent(v, consent, DAY, actor=a)


# --- follow-ups ----------------------------------------------------------------------------------------------


def test_a_follow_up_done_schedules_the_next_while_trial_or_settled(w: dict[str, Any]) -> None:
    v, a = viewer(w), actor(w)
    p = placement(w, engagement(w, approved=True), stage=Stage.TRIAL)
    first = p.follow_ups.get()
    services.record_follow_up(v, first, days_ago(5), "  朝から参加できた ", None, actor=a)
    first.refresh_from_db()
    assert (first.done_on, first.note) == (days_ago(5), "朝から参加できた")
    second = p.follow_ups.get(done_on__isnull=True)
    assert second.due_on == days_ago(5) + dt.timedelta(days=p.follow_up_days)
    # A day given wins over the interval.
    services.record_follow_up(v, second, days_ago(1), "順調", DAY + dt.timedelta(days=3), actor=a)
    assert p.follow_ups.get(done_on__isnull=True).due_on == DAY + dt.timedelta(days=3)


def test_a_follow_up_of_an_ended_placement_schedules_nothing(w: dict[str, Any]) -> None:
    v, a = viewer(w), actor(w)
    p = placement(w, engagement(w, approved=True), stage=Stage.TRIAL)
    pending = p.follow_ups.get()
    move(w, p, Stage.ENDED, ago=5, note="本人の希望で終える")
    services.record_follow_up(v, pending, days_ago(2), "終了後の様子を聞いた", None, actor=a)
    assert not p.follow_ups.filter(done_on__isnull=True).exists()


def test_a_follow_up_needs_a_note_and_is_recorded_once(w: dict[str, Any]) -> None:
    v, a = viewer(w), actor(w)
    p = placement(w, engagement(w, approved=True), stage=Stage.TRIAL)
    pending = p.follow_ups.get()
    unchanged = Unchanged()
    with refused("本人と受け入れ先の様子を書いてください。"):
        services.record_follow_up(v, pending, days_ago(2), " ", None, actor=a)
    with refused("実施日に未来の日付は入れられません。"):
        services.record_follow_up(v, pending, DAY + dt.timedelta(days=1), "様子", None, actor=a)
    unchanged.check()
    services.record_follow_up(v, pending, days_ago(2), "様子", None, actor=a)
    with refused("このフォローアップは記録済みです。"):
        services.record_follow_up(v, pending, days_ago(1), "もう一度", None, actor=a)


# --- the 紹介票 ------------------------------------------------------------------------------------------------


class Sheet:
    """Stands in for the PDF: what it was asked to carry."""

    def __init__(self) -> None:
        self.items: list[str] | None = None

    def __call__(self, placement: Placement, items: list[str], *, author: str) -> bytes:
        self.items = items
        return b"%PDF"


def test_a_sheet_carries_only_what_the_standing_consent_covers(
    w: dict[str, Any], proposed: Placement
) -> None:
    v, a = viewer(w), actor(w)
    build = Sheet()
    with refused("本人の同意（受け入れ先への情報提供）が記録されていないため、紹介票は作れません。"):
        hosts.referral_sheet(v, proposed, ["wishes"], build, actor=a)
    consent = hosts.record_host_consent(v, proposed, ["wishes", "days"], days_ago(2), "oral", actor=a)
    with refused(NOT_OWNER):
        hosts.referral_sheet(viewer(w, "reader"), proposed, ["wishes"], build, actor=actor(w, "reader"))
    with refused("同意を得た項目の中から、紹介票に載せる項目を選んでください。"):
        hosts.referral_sheet(v, proposed, ["name", "age"], build, actor=a)
    assert build.items is None
    mark = audit_mark()
    assert hosts.referral_sheet(v, proposed, ["name", "days", "wishes"], build, actor=a) == b"%PDF"
    assert build.items == ["days", "wishes"]
    [entry] = entries_since(mark)
    assert (entry.action, entry.basis, entry.basis_ref, entry.person_id) == (
        "participation.referral_sheet",
        Basis.CONSENT,
        f"host_consent:{consent.pk}",
        str(proposed.engagement.person_id),
    )
    hosts.withdraw_host_consent(v, consent, DAY, actor=a)
    with refused("紹介票は作れません"):
        hosts.referral_sheet(v, proposed, ["wishes"], build, actor=a)


# --- the end -------------------------------------------------------------------------------------------------


def test_an_engagement_does_not_end_while_a_placement_is_open(w: dict[str, Any]) -> None:
    v, a = viewer(w), actor(w)
    e = engagement(w, approved=True)
    p = placement(w, e, host(w), stage=Stage.SETTLED)
    unchanged = Unchanged()
    with refused("「みどり農園 就労体験」での受け入れが続いています。先に受け入れを終了にしてください。"):
        services.end_engagement(v, e, DAY, "settled", "", actor=a)
    unchanged.check()
    move(w, p, Stage.SUSPENDED, ago=5, note="休みが続く")  # a suspended placement is not open
    with refused("終了日は受付日より前にできません。"):
        services.end_engagement(v, e, days_ago(61), "settled", "", actor=a)
    ended = services.end_engagement(v, e, DAY, "other_support", "就労移行支援につないだ", actor=a)
    assert (ended.status, ended.ended_on, ended.end_reason, ended.end_note) == (
        EngagementStatus.ENDED,
        DAY,
        "other_support",
        "就労移行支援につないだ",
    )


def test_an_ended_engagement_takes_no_more_work(w: dict[str, Any]) -> None:
    v, a = viewer(w), actor(w)
    e = engagement(w, approved=True)
    services.end_engagement(v, e, DAY, "withdrew", "", actor=a)
    unchanged = Unchanged()
    for call in (
        lambda: services.propose(v, e, host(w), DAY, "", actor=a),
        lambda: services.record_urgent_start(v, e, DAY, "理由", actor=a),
        lambda: services.save_assessment(v, e, Assessment(assessed_on=DAY, wishes="畑"), actor=a),
        lambda: services.end_engagement(v, e, DAY, "withdrew", "", actor=a),
    ):
        with refused(ENDED):
            call()
    unchanged.check()


# --- one audit entry per change ------------------------------------------------------------------------------


def _calls(w: dict[str, Any]) -> list[tuple[str, Callable[[], Any]]]:
    """Every service in the order of a 参加支援's life, for the mother, begun from the referral the 社協
    accepted: (the action, the call). Each call returns the object its entry names."""
    v, a = viewer(w), actor(w)
    farm = host(w)
    held: dict[str, Any] = {}

    def keep(name: str, value: Any) -> Any:
        held[name] = value
        return value

    return [
        ("participation.started", lambda: keep("e", from_referral(w))),
        ("participation.case_linked", lambda: services.link_case(v, held["e"], w["r"]["case"], actor=a)),
        (
            "participation.urgent_start",
            lambda: services.record_urgent_start(v, held["e"], days_ago(2), "急ぐ", actor=a),
        ),
        (
            "participation.assessed",
            lambda: services.save_assessment(v, held["e"], Assessment(assessed_on=DAY, wishes="畑"), actor=a),
        ),
        ("participation.proposed", lambda: keep("p", services.propose(v, held["e"], farm, DAY, "", actor=a))),
        (
            "participation.stage_changed",
            lambda: services.move_stage(v, held["p"], Stage.VISIT, DAY, "", actor=a),
        ),
        (
            "participation.host_updated",
            lambda: hosts.update_host_contact(v, held["p"], "田中", "", 14, actor=a),
        ),
        (
            "participation.host_consent",
            lambda: keep("c", hosts.record_host_consent(v, held["p"], ["wishes"], DAY, "oral", actor=a)),
        ),
        (
            "participation.host_consent_withdrawn",
            lambda: hosts.withdraw_host_consent(v, held["c"], DAY, actor=a),
        ),
        (
            "participation.host_note",
            lambda: hosts.add_host_note(v, held["p"], HostNote(on=DAY, kind="tasks", text="袋詰め"), actor=a),
        ),
        (
            "participation.stage_changed",
            lambda: services.move_stage(v, held["p"], Stage.TRIAL, DAY, "", actor=a),
        ),
        (
            "participation.followed_up",
            lambda: services.record_follow_up(v, held["p"].follow_ups.get(), DAY, "順調", None, actor=a),
        ),
        (
            "participation.reviewed",
            lambda: services.add_review(v, held["e"], Review(on=DAY, attendance="週1回"), actor=a),
        ),
        (
            "participation.stage_changed",
            lambda: services.move_stage(v, held["p"], Stage.ENDED, DAY, "終える", actor=a),
        ),
        ("participation.ended", lambda: services.end_engagement(v, held["e"], DAY, "settled", "", actor=a)),
    ]


def test_every_change_writes_exactly_one_audit_entry_naming_the_person(w: dict[str, Any]) -> None:
    mother = w["r"]["mother"]
    calls = _calls(w)
    engagement_id = None
    for action, call in calls:
        mark = audit_mark()
        obj = call()
        [entry] = entries_since(mark)
        engagement_id = engagement_id or obj.pk
        assert entry.action == action and label(action) != action, action
        assert (entry.actor, entry.municipality, entry.agency) == (
            w["users"]["coordinator"],
            w["municipality"],
            w["agencies"]["shakyo"],
        ), action
        assert (entry.person_id, entry.basis, entry.basis_ref) == (
            str(mother.pk),
            Basis.OWN,
            f"participation:{engagement_id}",
        ), action
        assert (entry.object_type, entry.object_id) == (obj._meta.label_lower, str(obj.pk)), action
    assert len(calls) == 15
    assert (
        AuditEntry.objects.filter(person_id=str(mother.pk), action__startswith="participation.").count() == 15
    )


# --- 資源開拓 -------------------------------------------------------------------------------------------------


def new_development(w: dict[str, Any], agency: str = "shakyo", **extra: Any) -> Development:
    extra.setdefault("opened_on", days_ago(30))
    return Development(
        title="夜に通える居場所",
        need="昼夜逆転の若者が通える場がない",
        agency=w["agencies"][agency],
        **extra,
    )


@pytest.fixture
def opened(w: dict[str, Any]) -> Development:
    return development.open_development(new_development(w), actor=actor(w))


def test_a_development_is_opened_in_the_actors_municipality(w: dict[str, Any]) -> None:
    mark = audit_mark()
    made = development.open_development(new_development(w, gap=w["m"]["gap"]), actor=actor(w))
    made.refresh_from_db()
    assert (made.municipality, made.agency, made.status, made.gap) == (
        w["municipality"],
        w["agencies"]["shakyo"],
        DevelopmentStatus.OPEN,
        w["m"]["gap"],
    )
    [entry] = entries_since(mark)
    assert (entry.action, entry.person_id, entry.details) == (
        "development.opened",
        "",
        {"gap": w["m"]["gap"].pk},
    )


def test_only_editors_of_its_agency_open_a_development(w: dict[str, Any]) -> None:
    mark = audit_mark()
    for key in ("reader", "soudanin", "city"):  # 北部包括 and the city record cases, but not for the 社協
        with refused("資源開拓の記録は、担当機関の職員が行います。"):
            development.open_development(new_development(w), actor=actor(w, key))
    assert not Development.objects.exists() and actions_since(mark) == []
    assert development.open_development(new_development(w, "division"), actor=actor(w, "city")).pk


def test_a_development_refuses_another_municipalitys_gap_and_a_future_day(w: dict[str, Any]) -> None:
    gap = ResourceGap.objects.create(
        municipality=w["other_municipality"],
        title="移動手段",
        description="バスがない",
        raised_on=days_ago(3),
        raised_by_agency=w["agencies"]["other"],
    )
    with refused("この市町村の会議で提起された不足資源を選んでください。"):
        development.open_development(new_development(w, gap=gap), actor=actor(w))
    with refused("開始日に未来の日付は入れられません。"):
        development.open_development(new_development(w, opened_on=DAY + dt.timedelta(days=1)), actor=actor(w))
    assert not Development.objects.exists()


def approach(on: dt.date = DAY) -> Approach:
    return Approach(on=on, whom="北町公民館", what="夜の開放を相談", result="検討してくれる")


def test_an_approach_is_recorded_by_an_editor_on_an_open_development(
    w: dict[str, Any], opened: Development
) -> None:
    mark = audit_mark()
    made = development.add_approach(opened, approach(days_ago(30)), actor=actor(w))
    assert (made.development, made.author, made.author_name) == (
        opened,
        w["users"]["coordinator"],
        w["users"]["coordinator"].full_name,
    )
    [entry] = entries_since(mark)
    assert (entry.action, entry.details) == ("development.approached", {"development": opened.pk})
    with refused("働きかけの日付は開始日より前にできません。"):
        development.add_approach(opened, approach(days_ago(31)), actor=actor(w))
    with refused("資源開拓の記録は、担当機関の職員が行います。"):
        development.add_approach(opened, approach(), actor=actor(w, "soudanin"))
    development.close_development(opened, DevelopmentStatus.DROPPED, DAY, "場所がない", None, actor=actor(w))
    with refused("終わった資源開拓です。"):
        development.add_approach(opened, approach(), actor=actor(w))
    assert opened.approaches.count() == 1


def test_a_success_names_a_resource_of_the_same_municipality(w: dict[str, Any], opened: Development) -> None:
    message = "できた資源を、社会資源の一覧から選んでください（先に登録します）。"
    elsewhere = host(w, "となり町 夜カフェ", municipality=w["other_municipality"], area=None)
    for result in (None, elsewhere):
        with refused(message):
            development.close_development(
                opened, DevelopmentStatus.SUCCEEDED, DAY, "", result, actor=actor(w)
            )
    cafe = host(w, "北町 夜カフェ")
    mark = audit_mark()
    development.close_development(opened, DevelopmentStatus.SUCCEEDED, DAY, " できた ", cafe, actor=actor(w))
    opened.refresh_from_db()
    assert (opened.status, opened.closed_on, opened.result, opened.close_note) == (
        DevelopmentStatus.SUCCEEDED,
        DAY,
        cafe,
        "できた",
    )
    assert actions_since(mark) == ["development.closed"]
    with refused("この資源開拓はすでに終わっています。"):
        development.close_development(opened, DevelopmentStatus.DROPPED, DAY, "やめる", None, actor=actor(w))


def test_setting_a_development_aside_says_why_and_names_no_resource(
    w: dict[str, Any], opened: Development
) -> None:
    with refused("見送る理由を書いてください。"):
        development.close_development(opened, DevelopmentStatus.DROPPED, DAY, "  ", None, actor=actor(w))
    with refused("結果を選んでください。"):
        development.close_development(opened, DevelopmentStatus.OPEN, DAY, "理由", None, actor=actor(w))
    with refused("完了日は開始日より前にできません。"):
        development.close_development(
            opened, DevelopmentStatus.DROPPED, days_ago(31), "理由", None, actor=actor(w)
        )
    with refused("資源開拓の記録は、担当機関の職員が行います。"):
        development.close_development(
            opened, DevelopmentStatus.DROPPED, DAY, "理由", None, actor=actor(w, "reader")
        )
    development.close_development(
        opened, DevelopmentStatus.DROPPED, DAY, "担い手がいない", host(w), actor=actor(w)
    )
    opened.refresh_from_db()
    assert (opened.status, opened.result, opened.close_note) == (
        DevelopmentStatus.DROPPED,
        None,
        "担い手がいない",
    )
    assert Service.objects.count() == 1  # the register itself is untouched
