"""The rules of 参加支援 as plain functions (kasane.participation.rules), each reached on its own: every step a
placement may take and every step it may not, when a placement may be proposed, an urgent start before the
meeting's decision, how long it has waited, and which items a 紹介票 may carry."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest

from kasane.participation import rules
from kasane.participation.models import SHAREABLE_FIELDS, Stage
from kasane.participation.rules import ParticipationError

from .helpers import DAY, days_ago

ALLOWED = {
    (Stage.PROPOSED, Stage.VISIT),
    (Stage.PROPOSED, Stage.TRIAL),
    (Stage.PROPOSED, Stage.ENDED),
    (Stage.PROPOSED, Stage.SUSPENDED),
    (Stage.VISIT, Stage.TRIAL),
    (Stage.VISIT, Stage.ENDED),
    (Stage.VISIT, Stage.SUSPENDED),
    (Stage.TRIAL, Stage.SETTLED),
    (Stage.TRIAL, Stage.ENDED),
    (Stage.TRIAL, Stage.SUSPENDED),
    (Stage.SETTLED, Stage.ENDED),
    (Stage.SETTLED, Stage.SUSPENDED),
    (Stage.SUSPENDED, Stage.VISIT),
    (Stage.SUSPENDED, Stage.TRIAL),
    (Stage.SUSPENDED, Stage.ENDED),
}
EVERY_PAIR = list(itertools.product(Stage, Stage))


def refused(message: str) -> Any:
    return pytest.raises(ParticipationError, match=re.escape(message))


# --- stages ------------------------------------------------------------------------------------------------


def test_the_table_names_every_stage_and_only_the_allowed_steps() -> None:
    assert set(rules.NEXT_STAGES) == set(Stage)
    table = {(current, target) for current, targets in rules.NEXT_STAGES.items() for target in targets}
    assert table == ALLOWED
    assert rules.NEXT_STAGES[Stage.ENDED] == ()  # 終了 is final


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_an_allowed_step_passes(current: Stage, target: Stage) -> None:
    rules.check_stage(current, target)


@pytest.mark.parametrize(("current", "target"), [p for p in EVERY_PAIR if p not in ALLOWED])
def test_every_other_step_is_refused_in_words(current: Stage, target: Stage) -> None:
    with refused(f"「{current.label}」から「{target.label}」には進められません。"):
        rules.check_stage(current, target)


def test_no_stage_skips_to_settled_or_back_to_proposed() -> None:
    for current in Stage:
        if current != Stage.TRIAL:
            with pytest.raises(ParticipationError):
                rules.check_stage(current, Stage.SETTLED)
        with pytest.raises(ParticipationError):
            rules.check_stage(current, Stage.PROPOSED)


def test_followed_stages_and_stages_that_need_a_reason() -> None:
    assert set(rules.FOLLOWED_STAGES) == {Stage.TRIAL, Stage.SETTLED}
    assert set(rules.NEEDS_REASON) == {Stage.ENDED, Stage.SUSPENDED}


# --- may_place ---------------------------------------------------------------------------------------------

BEFORE_DECISION = "重層的支援会議でプランが決定されるまで、受け入れ先の提案はできません。"


def test_a_placement_waits_for_the_meetings_decision() -> None:
    with refused(BEFORE_DECISION):
        rules.may_place(None, None)


def test_the_decision_or_an_urgent_start_allows_a_placement() -> None:
    rules.may_place(days_ago(3), None)
    rules.may_place(None, days_ago(3))
    rules.may_place(days_ago(3), days_ago(10))


# --- check_urgent_start ------------------------------------------------------------------------------------

STARTED = days_ago(30)


def test_an_urgent_start_with_a_reason_on_a_day_between_intake_and_today_passes() -> None:
    for on in (STARTED, days_ago(10), DAY):
        rules.check_urgent_start(None, STARTED, on, "すぐに動きたいと本人が話す", DAY)


def test_an_urgent_start_after_the_decision_is_refused() -> None:
    with refused("プランはすでに重層的支援会議で決定されています。"):
        rules.check_urgent_start(days_ago(5), STARTED, days_ago(10), "理由", DAY)


@pytest.mark.parametrize("reason", ["", "   ", "\n　\t"])
def test_an_urgent_start_needs_a_reason(reason: str) -> None:
    with refused("決定前に始める理由を書いてください。"):
        rules.check_urgent_start(None, STARTED, days_ago(10), reason, DAY)


def test_an_urgent_start_is_not_in_the_future() -> None:
    with refused("決定前に支援を始めた日に未来の日付は入れられません。"):
        rules.check_urgent_start(None, STARTED, DAY + dt.timedelta(days=1), "理由", DAY)


def test_an_urgent_start_is_not_before_the_intake() -> None:
    with refused("決定前に支援を始めた日は、受付日より前にできません。"):
        rules.check_urgent_start(None, STARTED, STARTED - dt.timedelta(days=1), "理由", DAY)


# --- waiting_days ------------------------------------------------------------------------------------------


def test_an_urgent_start_counts_the_days_it_has_waited() -> None:
    assert rules.waiting_days(days_ago(12), None, DAY) == 12
    assert rules.waiting_days(DAY, None, DAY) == 0


def test_nothing_waits_without_an_urgent_start_or_after_the_decision() -> None:
    assert rules.waiting_days(None, None, DAY) is None
    assert rules.waiting_days(days_ago(12), days_ago(2), DAY) is None
    assert rules.waiting_days(None, days_ago(2), DAY) is None


# --- shareable ---------------------------------------------------------------------------------------------


def test_a_sheet_carries_the_items_asked_for_that_the_consent_covers_in_the_order_asked() -> None:
    assert rules.shareable(["wishes", "name", "age"], ["name", "wishes"]) == ["wishes", "name"]
    assert rules.shareable(list(SHAREABLE_FIELDS), list(SHAREABLE_FIELDS)) == list(SHAREABLE_FIELDS)


def test_a_sheet_without_a_standing_consent_is_refused() -> None:
    with refused("本人の同意（受け入れ先への情報提供）が記録されていないため、紹介票は作れません。"):
        rules.shareable(["wishes"], None)


@pytest.mark.parametrize(("requested", "consented"), [([], ["wishes"]), (["name"], ["wishes"]), (["x"], [])])
def test_a_sheet_with_nothing_consented_to_carry_is_refused(
    requested: list[str], consented: list[str]
) -> None:
    with refused("同意を得た項目の中から、紹介票に載せる項目を選んでください。"):
        rules.shareable(requested, consented)
