"""What an outreach stage needs (kasane.outreach.rules), asked directly and through the services that apply it.

A stage of connection is set only once a contact shows it: 家族とつながる after talking with the family, or
meeting or talking with the person; 本人とつながる and 信頼関係 after meeting or talking with the person.
支援につなぐ and 終了 have their own actions (a route and a record, a reason) and are never set by hand.
``benchmarks/mutation.py`` checks that these tests notice when a rule is changed.
"""

from __future__ import annotations

from typing import Any

import pytest

from kasane.audit.models import AuditEntry
from kasane.outreach import rules, services
from kasane.outreach.models import Contact, Method, Outcome, Route, Stage, StageChange
from tests import factories

from .helpers import DAY, actions_since, actor, audit_mark, target, viewer

pytestmark = pytest.mark.django_db

FAMILY_MESSAGE = "「家族とつながる」にするには、家族または本人と会えた・話せた接触記録が必要です。"
OWN_ACTION = "この段階は「支援につなぐ」「終了」の操作で記録します。"

# Every outcome, and what each lets a stage of connection be set on.
NOT_REACHED = {Outcome.AWAY, Outcome.NO_ANSWER, Outcome.REFUSED}


def person_message(stage: str) -> str:
    return f"「{Stage(stage).label}」にするには、本人と会えた・話せた接触記録が必要です。"


# --- the rule book, asked directly -------------------------------------------------------------------------


def test_stages_set_by_hand_are_all_but_handing_over_and_closing() -> None:
    assert set(rules.SETTABLE) == set(Stage) - {Stage.HANDED_OVER, Stage.CLOSED}


@pytest.mark.parametrize("stage", [Stage.INFORMATION, Stage.ATTEMPTING, Stage.WATCHING])
def test_stages_before_any_connection_need_no_contact(stage: str) -> None:
    assert rules.stage_problem(stage, set()) == ""
    assert rules.stage_problem(stage, set(NOT_REACHED)) == ""


@pytest.mark.parametrize("outcome", list(Outcome))
def test_connecting_with_the_family_needs_the_family_or_the_person_reached(outcome: str) -> None:
    expected = "" if outcome in {Outcome.FAMILY_TALKED, Outcome.MET, Outcome.TALKED} else FAMILY_MESSAGE
    assert rules.stage_problem(Stage.FAMILY, {outcome}) == expected


@pytest.mark.parametrize("stage", [Stage.PERSON, Stage.TRUST])
@pytest.mark.parametrize("outcome", list(Outcome))
def test_connecting_with_the_person_and_trust_need_the_person_met_or_talked_to(
    stage: str, outcome: str
) -> None:
    expected = "" if outcome in {Outcome.MET, Outcome.TALKED} else person_message(stage)
    assert rules.stage_problem(stage, {outcome}) == expected


def test_one_contact_that_reached_is_enough_among_many_that_did_not() -> None:
    assert rules.stage_problem(Stage.PERSON, {*NOT_REACHED, Outcome.FAMILY_TALKED}) == person_message(
        Stage.PERSON
    )
    assert rules.stage_problem(Stage.PERSON, {*NOT_REACHED, Outcome.TALKED}) == ""
    assert rules.stage_problem(Stage.FAMILY, set()) == FAMILY_MESSAGE


@pytest.mark.parametrize("stage", [Stage.HANDED_OVER, Stage.CLOSED])
def test_handing_over_and_closing_are_never_set_by_hand(stage: str) -> None:
    assert rules.stage_problem(stage, set(Outcome)) == OWN_ACTION
    assert rules.stage_problem(stage, set()) == OWN_ACTION


def test_collaboration_and_participation_start_from_a_consultation_and_home_visits_are_watched() -> None:
    through_consultation, watched = rules.ROUTE_NEEDS_CONSULTATION, rules.HOME_VISIT_METHODS
    assert through_consultation == {Route.COLLABORATION, Route.PARTICIPATION}
    assert watched == {Method.VISIT, Method.ACCOMPANY}


# --- set_stage applies them --------------------------------------------------------------------------------


def set_stage(w: dict[str, Any], t: Any, stage: str) -> None:
    services.set_stage(viewer(w), t, stage, on=DAY, note="", actor=actor(w))


def test_set_stage_refuses_family_until_a_contact_reached_the_family(w: dict[str, Any]) -> None:
    t = target(w)
    factories.outreach_contact(t, outcome=Outcome.AWAY)
    mark = audit_mark()
    with pytest.raises(services.OutreachError, match=FAMILY_MESSAGE):
        set_stage(w, t, Stage.FAMILY)
    t.refresh_from_db()
    assert t.stage == Stage.ATTEMPTING and t.stage_changes.count() == 1 and actions_since(mark) == []
    factories.outreach_contact(t, outcome=Outcome.FAMILY_TALKED, with_whom="family")
    set_stage(w, t, Stage.FAMILY)
    t.refresh_from_db()
    assert (t.stage, t.stage_changed_on) == (Stage.FAMILY, DAY)
    change = t.stage_changes.last()
    assert change is not None and (change.from_stage, change.to_stage) == (Stage.ATTEMPTING, Stage.FAMILY)


@pytest.mark.parametrize("stage", [Stage.PERSON, Stage.TRUST])
def test_set_stage_refuses_the_person_stages_on_the_family_alone(w: dict[str, Any], stage: str) -> None:
    t = target(w, stage=Stage.FAMILY)
    factories.outreach_contact(t, outcome=Outcome.FAMILY_TALKED, with_whom="family")
    with pytest.raises(services.OutreachError, match=person_message(stage)):
        set_stage(w, t, stage)
    t.refresh_from_db()
    assert t.stage == Stage.FAMILY
    factories.outreach_contact(t, outcome=Outcome.MET)
    set_stage(w, t, stage)
    t.refresh_from_db()
    assert t.stage == stage


@pytest.mark.parametrize("stage", [Stage.HANDED_OVER, Stage.CLOSED])
def test_set_stage_never_hands_over_or_closes(w: dict[str, Any], stage: str) -> None:
    t = target(w, stage=Stage.TRUST)
    factories.outreach_contact(t, outcome=Outcome.TALKED)
    mark = audit_mark()
    with pytest.raises(services.OutreachError, match=OWN_ACTION):
        set_stage(w, t, stage)
    t.refresh_from_db()
    assert t.stage == Stage.TRUST and t.close_reason == "" and t.route == ""
    assert not StageChange.objects.filter(target=t, to_stage=stage).exists()
    assert not AuditEntry.objects.filter(id__gt=mark).exists()


def test_set_stage_refuses_the_stage_it_is_in(w: dict[str, Any]) -> None:
    t = target(w)
    with pytest.raises(services.OutreachError, match="すでにその段階です。"):
        set_stage(w, t, Stage.ATTEMPTING)
    assert t.stage_changes.count() == 1


def test_going_back_a_stage_needs_nothing(w: dict[str, Any]) -> None:
    """Staff may step back (the son stopped answering): only connection needs a contact to show it."""
    t = target(w, stage=Stage.PERSON)
    set_stage(w, t, Stage.ATTEMPTING)
    t.refresh_from_db()
    assert t.stage == Stage.ATTEMPTING


# --- log_contact applies them to the contact being logged --------------------------------------------------


def test_the_contact_being_logged_counts_towards_the_stage_it_moves_to(w: dict[str, Any]) -> None:
    t = target(w)
    contact = Contact(
        on=DAY, method=Method.VISIT, with_whom="person", outcome=Outcome.MET, text="玄関で会えた"
    )
    services.log_contact(viewer(w), t, contact, stage=Stage.PERSON, actor=actor(w))
    t.refresh_from_db()
    assert t.stage == Stage.PERSON


def test_a_contact_that_reached_no_one_moves_no_stage_of_connection(w: dict[str, Any]) -> None:
    t = target(w)
    contact = Contact(on=DAY, method=Method.PHONE, with_whom="person", outcome=Outcome.NO_ANSWER)
    with pytest.raises(services.OutreachError, match=FAMILY_MESSAGE):
        services.log_contact(viewer(w), t, contact, stage=Stage.FAMILY, actor=actor(w))
    assert not t.contacts.exists()
