"""Concurrent edits: two people saving the same minutes, deciding on the same plan or editing the same
resource gap lose nothing, and one decision is recorded; on PostgreSQL, also at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from kasane.accounts.models import User
from kasane.casework.models import CaseStatus, Outcome
from kasane.meetings.models import AgendaItem, Decision, ItemKind, ItemStatus, ResourceGap
from tests import factories

from .helpers import awaiting_meeting, lock_of, post_minutes, submit_case

pytestmark = pytest.mark.django_db


def test_two_people_saving_the_same_minutes_lose_nothing(w: dict[str, Any], client_for: Any) -> None:
    users, item = w["users"], w["m"]["support_item"]
    first, second = client_for(users["city"]), client_for(users["coordinator"])
    first_page, second_page = (
        first.get(f"/meetings/items/{item.pk}/"),
        second.get(f"/meetings/items/{item.pk}/"),
    )
    assert lock_of(first_page) == lock_of(second_page)
    ours, theirs = "市の記録：民生委員が週1回訪問", "社協の記録：配食サービスを検討"
    assert post_minutes(first, item, lock_of(first_page), discussion=ours).status_code == 302
    task = ((users["pledged"], "配食の事業者に連絡する"),)
    response = post_minutes(second, item, lock_of(second_page), actions=task, discussion=theirs)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ほかの方が先にこの議事録を保存しました。" in page
    item.refresh_from_db()
    assert item.discussion == ours and not item.actions.filter(task=task[0][1]).exists()
    # The second editor sees what the first saved and keeps what they typed, task included...
    assert ours in page and theirs in page and task[0][1] in page
    # ...and can save again from this page once they have looked.
    merged = f"{ours}\n{theirs}"
    assert post_minutes(second, item, lock_of(response), actions=task, discussion=merged).status_code == 302
    item.refresh_from_db()
    assert item.discussion == merged and item.actions.filter(task=task[0][1]).count() == 1


def test_two_people_deciding_on_the_same_plan_one_decision_the_other_told(
    w: dict[str, Any], client_for: Any, make_user: Any
) -> None:
    case = awaiting_meeting(w)
    colleague = make_user("kyodo2", w["agencies"]["shakyo"], "coordinator")
    first, second = client_for(w["users"]["coordinator"]), client_for(colleague)
    submit_case(first, case, w["m"]["meeting"])
    item = AgendaItem.objects.get(case=case)
    first_page, second_page = (
        first.get(f"/meetings/items/{item.pk}/"),
        second.get(f"/meetings/items/{item.pk}/"),
    )
    assert post_minutes(first, item, lock_of(first_page), outcome="approved").status_code == 302
    response = post_minutes(second, item, lock_of(second_page), outcome="revise")
    assert response.status_code == 200
    assert "ほかの方が先にこの議事録を保存しました。" in response.content.decode()
    case.refresh_from_db()
    assert Decision.objects.count() == 1 and Decision.objects.get().outcome == Outcome.APPROVED
    assert case.status == CaseStatus.SUPPORT
    # From the refreshed page the decision is no longer on offer.
    assert 'name="outcome"' not in second.get(f"/meetings/items/{item.pk}/").content.decode()


def test_two_items_for_one_plan_still_give_one_decision(w: dict[str, Any], client_for: Any) -> None:
    """Should two submissions of the same plan ever both land, the case row lock decides only once."""
    case, meeting = awaiting_meeting(w), w["m"]["meeting"]
    client = client_for(w["users"]["coordinator"])
    submit_case(client, case, meeting)
    one = AgendaItem.objects.get(case=case)
    two = AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.PLAN_APPROVAL, order=9, title="重複", case=case, plan=one.plan
    )
    two.invited.add(w["users"]["coordinator"])
    assert post_minutes(client, one, one.lock_version, outcome="approved").status_code == 302
    response = post_minutes(client, two, two.lock_version, outcome="approved")
    assert response.status_code == 200
    assert "ケースが「支援中」のため、「プラン承認」はできません" in response.content.decode()
    assert Decision.objects.count() == 1
    two.refresh_from_db()
    assert two.status == ItemStatus.PENDING


# Real simultaneity needs requests on separate connections, committed as they go: a transactional test.
# SQLite's in-memory test database shares one cache between threads and answers "table is locked" instead
# of waiting, so these two run on PostgreSQL (CI's other database), where they are meaningful.
ON_POSTGRESQL = connection.vendor == "postgresql"


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
        case = awaiting_meeting(world)
        colleague = make_user("kyodo2", world["agencies"]["shakyo"], "coordinator")
        first, second = _logged_in(world["users"]["coordinator"], colleague)
        # Both submit the plan at the same moment: one item.
        submitted = _at_once(
            lambda: submit_case(first, case, world["m"]["meeting"]),
            lambda: submit_case(second, case, world["m"]["meeting"]),
        )
        assert sorted(r.status_code for r in submitted) == [200, 302]
        assert (
            "まだ協議されずに残っています"
            in next(r for r in submitted if r.status_code == 200).content.decode()
        )
        item = AgendaItem.objects.get(case=case)
        # Both record the decision from the same page at the same moment: one decision, the other told.
        decided = _at_once(
            lambda: post_minutes(first, item, item.lock_version, outcome="approved"),
            lambda: post_minutes(second, item, item.lock_version, outcome="revise"),
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
    assert lock_of(first_page) == lock_of(second_page) == "1"

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
    assert edit(second, lock_of(response), "両方を進める", "developing").status_code == 302
    gap.refresh_from_db()
    assert (gap.follow_up, gap.lock_version) == ("両方を進める", 3)
    # Bad input: told in Japanese, nothing written.
    response = edit(second, "3", "", "no-such-status")
    assert response.status_code == 200 and "正しく選択してください" in response.content.decode()
    gap.refresh_from_db()
    assert gap.lock_version == 3 and ResourceGap.objects.count() == 1
