"""終結時の評価 judged goal by goal as the 評価シート does, and 再開 with a reason (issue 13, point 4); the
閲覧の根拠 badge, the referral's reason label and 続柄 (point 7)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from kasane.audit.models import AuditEntry
from kasane.casework.forms.households import MemberForm
from kasane.casework.models import Case, CaseEvent, CaseStatus, Evaluation, Person, Relationship, Sex
from kasane.casework.models import Status as ReferralStatus
from tests import factories
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 5)
GOALS = "①週に1回、社協の居場所に顔を出す。\n②夜は眠れるようにする。\n\n③家計を見直す。"


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=False):
        yield


@pytest.fixture
def j(world: dict[str, Any]) -> dict[str, Any]:
    journey = factories.journey(world)
    journey["plan"].short_term_goals = GOALS
    journey["plan"].save(update_fields=["short_term_goals"])
    return {**world, **journey}


def _evaluate(
    client: Any, case: Case, results: list[str], comments: list[str] | None = None, **more: Any
) -> Any:
    data = {
        "evaluated_on": "R8.12.5",
        "reasons": "居場所に通えるようになった。",
        "direction": "close",
        "closure_code": "goal_met",
        "g-TOTAL_FORMS": str(len(results)),
        "g-INITIAL_FORMS": "0",
        **more,
    }
    for n, result in enumerate(results):
        if result:
            data[f"g-{n}-result"] = result
        data[f"g-{n}-comment"] = (comments or [""] * len(results))[n]
    return client.post(reverse("cases:evaluation_new", args=[case.pk]), data)


def test_the_form_lists_each_goal_and_preselects_nothing(j: dict[str, Any], client_for: Any) -> None:
    page = client_for(j["users"]["coordinator"]).get(reverse("cases:evaluation_new", args=[j["case"].pk]))
    html = page.content.decode()
    assert "週に1回、社協の居場所に顔を出す。" in html and "③" not in html
    assert (
        html.count('name="g-0-result"') == 3
        and 'name="g-2-result"' in html
        and 'name="g-3-result"' not in html
    )
    assert "---------" not in html and "checked" not in html
    assert 'name="goal_result"' not in html


def test_every_goal_is_judged_or_nothing_is_written(j: dict[str, Any], client_for: Any) -> None:
    page = _evaluate(client_for(j["users"]["coordinator"]), j["case"], ["met", "", "met"])
    assert "達成状況を選んでください。" in page.content.decode()
    assert not Evaluation.objects.exists()


def test_a_goal_not_met_says_why(j: dict[str, Any], client_for: Any) -> None:
    page = _evaluate(client_for(j["users"]["coordinator"]), j["case"], ["met", "not_met", "met"])
    assert "一部達成・未達成のときは、理由を入力してください。" in page.content.decode()
    assert not Evaluation.objects.exists()


def test_rows_other_than_the_plans_goals_are_refused(j: dict[str, Any], client_for: Any) -> None:
    """A tampered form cannot judge two goals of three, nor add one the plan does not have."""
    coordinator = client_for(j["users"]["coordinator"])
    for results in (["met", "met"], ["met", "met", "met", "met"]):
        assert _evaluate(coordinator, j["case"], results).status_code == 200
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    ("results", "overall"),
    [
        (["met", "met", "met"], "met"),
        (["met", "partly", "not_met"], "partly"),
        (["met", "not_met", "not_met"], "partly"),
        (["partly", "partly", "partly"], "partly"),
        (["not_met", "not_met", "not_met"], "not_met"),
    ],
)
def test_the_cases_result_follows_from_its_goals(
    j: dict[str, Any], client_for: Any, results: list[str], overall: str
) -> None:
    page = _evaluate(
        client_for(j["users"]["coordinator"]),
        j["case"],
        results,
        ["" if r == "met" else "就労は次の段階とした" for r in results],
        goal_result="met",  # a posted overall result is not read: it follows from the goals
    )
    assert page.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.goal_result == overall and evaluation.plan == j["plan"]
    assert [(g.position, g.goal, g.result) for g in evaluation.goals.all()] == [
        (1, "週に1回、社協の居場所に顔を出す。", results[0]),
        (2, "夜は眠れるようにする。", results[1]),
        (3, "家計を見直す。", results[2]),
    ]
    entry = AuditEntry.objects.get(action="evaluation.recorded")
    assert entry.details["goals"] == results and entry.details["goal_result"] == overall


def test_the_case_page_shows_each_goals_result(j: dict[str, Any], client_for: Any) -> None:
    coordinator = client_for(j["users"]["coordinator"])
    _evaluate(coordinator, j["case"], ["met", "partly", "met"], ["", "通院につながった", ""])
    html = coordinator.get(reverse("cases:detail", args=[j["case"].pk])).content.decode()
    assert "令和8年12月5日の評価：一部達成" in html
    assert "夜は眠れるようにする。" in html and "通院につながった" in html


# --- 再開 ------------------------------------------------------------------------------------------------


def _closed(j: dict[str, Any]) -> Case:
    Case.objects.filter(pk=j["case"].pk).update(
        status=CaseStatus.CLOSED, closed_on=DAY, closure_reason="終結"
    )
    return Case.objects.get(pk=j["case"].pk)


@pytest.mark.parametrize("reason", [None, "", " \u3000\n"])
def test_reopening_without_a_reason_writes_nothing(
    j: dict[str, Any], client_for: Any, reason: str | None
) -> None:
    case = _closed(j)
    events = CaseEvent.objects.count()
    data = {} if reason is None else {"note": reason}
    page = client_for(j["users"]["coordinator"]).post(
        reverse("cases:action", args=[case.pk, "reopen"]), data, follow=True
    )
    assert "再開の理由を入力してください。" in page.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and CaseEvent.objects.count() == events
    assert not AuditEntry.objects.filter(action="case.reopen").exists()


def test_the_reason_for_reopening_stays_on_the_history_and_the_trail_points_to_it(
    j: dict[str, Any], client_for: Any
) -> None:
    case = _closed(j)
    coordinator = client_for(j["users"]["coordinator"])
    coordinator.post(
        reverse("cases:action", args=[case.pk, "reopen"]), {"note": " 母が入院し、長男が一人になった。 "}
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT
    event = case.events.get(action="再開する")
    assert event.note == "母が入院し、長男が一人になった。"
    entry = AuditEntry.objects.get(action="case.reopen")
    # The trail keeps everything for ever: it points to the reason, which retention may scrub, not copies it.
    assert entry.details["event"] == event.pk and "入院" not in str(entry.details)
    html = coordinator.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "再開する（" in html and "母が入院し、長男が一人になった。" in html


def test_the_closed_case_asks_for_the_reason_in_a_form_not_a_confirm(
    j: dict[str, Any], client_for: Any
) -> None:
    case = _closed(j)
    html = client_for(j["users"]["coordinator"]).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "再開の理由" in html and 'name="note"' in html
    assert "終結したケースを再開します。よろしいですか" not in html


# --- the 閲覧の根拠 badge and the referral's reason --------------------------------------------------------


def test_the_basis_badge_shows_only_when_the_record_is_not_the_agencys_own(
    j: dict[str, Any], client_for: Any
) -> None:
    case_url = reverse("cases:detail", args=[j["case"].pk])
    person_url = reverse("households:person", args=[j["mother"].pk])
    hub = client_for(j["users"]["coordinator"])
    north = client_for(j["users"]["soudanin"])
    assert "閲覧の根拠" not in hub.get(case_url).content.decode()  # the hub runs the case
    assert "閲覧の根拠：支援チームへの参加" in north.get(case_url).content.decode()
    assert "閲覧の根拠" not in north.get(person_url).content.decode()  # 北部包括 recorded her
    assert "閲覧の根拠" in hub.get(person_url).content.decode()


def test_the_senders_cancel_asks_for_the_reason_as_staff_write_it(j: dict[str, Any], client_for: Any) -> None:
    referral = j["referral"]
    referral.status = ReferralStatus.REQUESTED
    referral.save(update_fields=["status"])
    html = (
        client_for(j["users"]["soudanin"])
        .get(reverse("referrals:detail", args=[referral.pk]))
        .content.decode()
    )
    assert "取消の理由" in html and "取り消すの理由" not in html


# --- 続柄 ------------------------------------------------------------------------------------------------


def test_a_new_member_is_named_as_one_person(j: dict[str, Any]) -> None:
    offered = dict(MemberForm().fields["relationship"].choices)  # type: ignore[attr-defined]
    assert {"father", "mother", "eldest_son", "eldest_daughter", "grandchild"} <= set(offered)
    assert not {"parent", "sibling", "spouse", "grandparent", "self"} & set(offered)
    form = MemberForm(data={"name": "髙橋 一夫", "sex": "male", "relationship": "parent"})
    assert not form.is_valid()
    assert form.errors["relationship"] == ["続柄は、父・母・長男のように1人を指すものを選んでください。"]


def test_a_member_recorded_as_父母_keeps_it_until_staff_choose(j: dict[str, Any]) -> None:
    son = j["son"]
    Person.objects.filter(pk=son.pk).update(relationship=Relationship.PARENT)
    son.refresh_from_db()
    assert son.get_relationship_display() == "父母"
    form = MemberForm(instance=son)
    assert "parent" in dict(form.fields["relationship"].choices)  # type: ignore[attr-defined]
    assert "以前の区分「父母」" in form.fields["relationship"].help_text


def test_the_migration_names_one_person_where_the_sex_makes_it_certain(j: dict[str, Any]) -> None:
    migration = importlib.import_module(
        "kasane.casework.migrations.0004_per_goal_evaluation_and_one_person_relationships"
    )
    north = j["agencies"]["houkatsu_north"]
    household = j["mother"].household
    rows = {
        (rel, sex): factories.person(north, f"髙橋 {n}", household=household, relationship=rel, sex=sex)
        for n, (rel, sex) in enumerate(
            [
                ("parent", Sex.MALE),
                ("parent", Sex.FEMALE),
                ("parent", Sex.UNANSWERED),
                ("spouse", Sex.FEMALE),
                ("grandparent", Sex.MALE),
                ("sibling", Sex.FEMALE),
                ("child", Sex.MALE),
            ]
        )
    }
    migration.name_one_person(apps, None)
    now = {key: Person.objects.get(pk=p.pk).get_relationship_display() for key, p in rows.items()}
    assert now == {
        ("parent", Sex.MALE): "父",
        ("parent", Sex.FEMALE): "母",
        ("parent", Sex.UNANSWERED): "父母",
        ("spouse", Sex.FEMALE): "妻",
        ("grandparent", Sex.MALE): "祖父",
        ("sibling", Sex.FEMALE): "兄弟姉妹",  # 姉 or 妹? not guessed
        ("child", Sex.MALE): "子",  # 長男 or 二男? not guessed
    }
