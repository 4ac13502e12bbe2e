"""When a questionnaire takes answers: from its event's start unless the officer set a day (and time), until
the day (and time) it closes. Before that the public page says when it opens and takes nothing, POST included.

The clock is pinned: the event is on 令和8年12月10日 at 13:30, and the first visit is twelve days before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from kasane.accounts.models import User
from kasane.events.models import Event, EventKind
from kasane.questionnaires import starters
from kasane.questionnaires.models import Questionnaire, Response
from kasane.tenancy.models import Prefecture

from .helpers import answer_data, make_event, make_questionnaire, staff_client

pytestmark = pytest.mark.django_db

TOKYO = dt.timezone(dt.timedelta(hours=9))
EVENT_DAY = dt.date(2026, 12, 10)
BEFORE = dt.datetime(2026, 11, 28, 10, 0, tzinfo=TOKYO)  # twelve days before, as the issue found it
NOT_YET = "まだ回答を受け付けていません"
CLOSED = "回答受付は終了しました"


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(BEFORE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def event(iwate: Prefecture, ken: User) -> Event:
    return make_event(iwate, ken, kind=EventKind.TRAINING, title="第2回 人材養成研修", starts_on=EVENT_DAY)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TOKYO)


def _try(questionnaire: Questionnaire) -> tuple[str, int]:
    """The public page's text, and what a POST of a full answer did (its status code)."""
    client = Client()
    page = client.get(f"/q/{questionnaire.slug}/").content.decode()
    return page, client.post(f"/q/{questionnaire.slug}/", answer_data(questionnaire)).status_code


def test_an_event_questionnaire_opens_at_the_events_start_and_not_a_minute_before(
    clock: Any, event: Event, iwate: Prefecture, ken: User
) -> None:
    questionnaire = make_questionnaire(iwate, ken, starter=starters.TRAINING, event=event)
    assert questionnaire.opens_on is None  # nothing set: the event decides
    page, status = _try(questionnaire)
    assert f"{NOT_YET}。回答は令和8年12月10日 13:30から受け付けます。" in page
    assert "回答を送信する" not in page and status == 200
    assert not Response.objects.exists()
    clock.move_to(_at(EVENT_DAY, 13, 29))
    page, status = _try(questionnaire)
    assert "13:30から受け付けます" in page and not Response.objects.exists()
    clock.move_to(_at(EVENT_DAY, 13, 30))
    page, status = _try(questionnaire)
    assert "回答を送信する" in page and status == 302
    assert Response.objects.count() == 1
    # The staff page says the same, and the period reads from the event.
    detail = staff_client(ken).get(f"/questionnaires/{questionnaire.pk}/").content.decode()
    assert "令和8年12月10日 13:30（研修・会議の開始）〜" in detail


def test_an_event_moved_later_moves_the_opening_with_it(
    clock: Any, event: Event, iwate: Prefecture, ken: User
) -> None:
    questionnaire = make_questionnaire(iwate, ken, starter=starters.TRAINING, event=event)
    clock.move_to(_at(EVENT_DAY, 14))
    assert questionnaire.refusal(_at(EVENT_DAY, 14)) == ""
    Event.objects.filter(pk=event.pk).update(starts_on=EVENT_DAY + dt.timedelta(days=7))
    questionnaire.refresh_from_db()
    assert "令和8年12月17日 13:30から" in questionnaire.refusal(_at(EVENT_DAY, 14))


def test_the_officer_may_open_earlier_or_later_with_a_day_and_a_time(
    clock: Any, event: Event, iwate: Prefecture, ken: User
) -> None:
    questionnaire = make_questionnaire(
        iwate, ken, starter=starters.TRAINING, event=event, opens_on=EVENT_DAY, opens_time=dt.time(9, 0)
    )
    clock.move_to(_at(EVENT_DAY, 8, 59))
    page, _ = _try(questionnaire)
    assert "回答は令和8年12月10日 9:00から受け付けます。" in page and not Response.objects.exists()
    clock.move_to(_at(EVENT_DAY, 9))
    assert _try(questionnaire)[1] == 302  # before the event's 13:30: the officer chose so
    # A day without a time opens at the start of that day, and the page names the day alone.
    questionnaire.opens_on, questionnaire.opens_time = EVENT_DAY + dt.timedelta(days=1), None
    questionnaire.save()
    page, status = _try(questionnaire)
    assert "回答は令和8年12月11日から受け付けます。" in page and status == 200


def test_closing_at_a_day_or_at_a_time(clock: Any, event: Event, iwate: Prefecture, ken: User) -> None:
    by_day = make_questionnaire(iwate, ken, starter=starters.TRAINING, event=event, closes_on=EVENT_DAY)
    by_time = make_questionnaire(
        iwate, ken, starter=starters.TRAINING, event=event, closes_on=EVENT_DAY, closes_time=dt.time(17, 0)
    )
    clock.move_to(_at(EVENT_DAY, 16, 59))
    assert by_day.refusal(_at(EVENT_DAY, 16, 59)) == by_time.refusal(_at(EVENT_DAY, 16, 59)) == ""
    clock.move_to(_at(EVENT_DAY, 17))
    page, status = _try(by_time)
    assert CLOSED in page and status == 200 and not Response.objects.filter(questionnaire=by_time).exists()
    assert _try(by_day)[1] == 302  # the closing day runs to its end
    clock.move_to(_at(EVENT_DAY + dt.timedelta(days=1), 0))
    assert CLOSED in _try(by_day)[0]
    assert by_time.period_label() == "令和8年12月10日 13:30（研修・会議の開始）〜令和8年12月10日 17:00"


def test_a_pre_training_questionnaire_is_answered_before_the_event(
    clock: Any, event: Event, iwate: Prefecture, ken: User
) -> None:
    pre = make_questionnaire(iwate, ken, starter=starters.PRE, event=event)
    page, status = _try(pre)
    assert "回答を送信する" in page and status == 302


def test_a_questionnaire_without_event_or_day_opens_when_staff_open_it(
    clock: Any, iwate: Prefecture, ken: User
) -> None:
    questionnaire = make_questionnaire(iwate, ken, starter=starters.FORUM)
    assert questionnaire.refusal(BEFORE) == "" and questionnaire.period_label() == ""


def test_the_settings_form_checks_the_times(clock: Any, event: Event, iwate: Prefecture, ken: User) -> None:
    questionnaire = make_questionnaire(iwate, ken, starter=starters.TRAINING)
    client = staff_client(ken)
    url = f"/questionnaires/{questionnaire.pk}/edit/"
    form = {"title": "研修アンケート", "phase": "single", "anonymous": "on", "event": event.pk}
    # A time alone is refused: it needs its day.
    page = client.post(url, form | {"opens_time": "09:00"}).content.decode()
    assert "時刻を指定するときは、受付開始日も入力してください。" in page
    # Closing before the event's start would never open.
    page = client.post(url, form | {"closes_on": "R8.12.9"}).content.decode()
    assert "受付終了は研修・会議の開始日時（令和8年12月10日 13:30）より後にしてください。" in page
    page = client.post(url, form | {"closes_on": "R8.12.10", "closes_time": "13:00"}).content.decode()
    assert "より後にしてください" in page
    questionnaire.refresh_from_db()
    assert questionnaire.closes_on is None and questionnaire.event is None  # nothing half-written
    response = client.post(
        url,
        form
        | {"opens_on": "R8.12.10", "opens_time": "09:30", "closes_on": "R8.12.24", "closes_time": "17:00"},
    )
    assert response.status_code == 302
    questionnaire.refresh_from_db()
    assert (questionnaire.opens_time, questionnaire.closes_time) == (dt.time(9, 30), dt.time(17, 0))
    assert questionnaire.period_label() == "令和8年12月10日 9:30〜令和8年12月24日 17:00"


def test_a_municipalitys_own_questionnaire_keeps_its_day_rule(clock: Any, world: dict[str, Any]) -> None:
    """community's ハブラボ questionnaires open on the session's day, from its first moment."""
    municipality = world["municipality"]
    questionnaire = Questionnaire.objects.create(
        prefecture=municipality.prefecture,
        municipality=municipality,
        title="第1回ハブラボ アンケート",
        opens_on=EVENT_DAY,
        status="open",
        created_by=world["users"]["city"],
    )
    assert "回答は令和8年12月10日から受け付けます" in questionnaire.refusal(
        _at(EVENT_DAY - dt.timedelta(days=1), 23, 59)
    )
    assert questionnaire.refusal(_at(EVENT_DAY, 0)) == ""
    assert questionnaire.refusal(EVENT_DAY) == ""  # a day stands for its first moment
