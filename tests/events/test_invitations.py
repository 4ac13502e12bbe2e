"""Invitation texts per municipality (or per block), ready to paste; sent by mail only where a mail server is set.

The world is conftest's (岩手県 with テスト市 and となり町, ken of 岩手県地域福祉課); the clock is pinned. Mail goes to
Django's locmem outbox (pytest-django's test backend).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail

from kasane.agencies.models import AgencyKind
from kasane.audit.models import AuditEntry
from kasane.events.models import Event, EventFormat, ProgrammeSlot
from kasane.readiness.models import Block, MunicipalityProfile
from tests.clock import morning_of

from .helpers import make_event

DAY = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=True):
        yield


@pytest.fixture
def event(world: dict[str, Any]) -> Event:
    prefecture = world["municipality"].prefecture
    north = Block.objects.create(prefecture=prefecture, name="県北", sort_order=1)
    south = Block.objects.create(prefecture=prefecture, name="県南", sort_order=2)
    MunicipalityProfile.objects.create(municipality=world["municipality"], block=north)
    MunicipalityProfile.objects.create(municipality=world["other_municipality"], block=south)
    found = make_event(
        prefecture,
        world["users"]["prefecture"],
        "第2回 人材養成研修",
        dt.date(2026, 11, 20),
        start_time=dt.time(13, 30),
        end_time=dt.time(16, 0),
        format=EventFormat.HYBRID,
        online_url="https://meeting.example.jp/secret-room",
        capacity=40,
        signup_open=True,
        signup_deadline=dt.date(2026, 11, 13),
    )
    ProgrammeSlot.objects.create(
        event=found, starts_at=dt.time(13, 30), title="【講義】重層的支援体制整備事業の概要"
    )
    world["agencies"]["prefectural"].phone = "019-629-5433"
    world["agencies"]["prefectural"].email = "chiiki@pref.example.jp"
    world["agencies"]["prefectural"].save()
    return found


def _page(client_for: Any, world: dict[str, Any], event: Event, query: str = "") -> str:
    response = client_for(world["users"]["prefecture"]).get(f"/events/{event.pk}/invitations/{query}")
    assert response.status_code == 200
    return str(response.content.decode())


def test_one_text_per_municipality_with_its_name_the_event_and_the_link(
    world: dict[str, Any], event: Event, client_for: Any
) -> None:
    html = _page(client_for, world, event)
    assert "テスト市 ご担当者様" in html and "貴市の職員の皆さま" in html
    assert "となり町 ご担当者様" in html and "貴町の職員の皆さま" in html
    assert "■日時：令和8年11月20日（金） 13:30〜16:00" in html
    assert "■申込締切：令和8年11月13日" in html and "■定員：40名（先着順）" in html
    assert f"http://testserver/e/{event.signup_key}/" in html
    assert "13:30〜　【講義】重層的支援体制整備事業の概要" in html
    assert "岩手県地域福祉課の" in html and "電話：019-629-5433" in html
    # The online meeting's link is for those who signed up, never in an invitation
    assert "secret-room" not in html
    assert 'data-copy="text-030001"' in html and "readonly" in html


def test_per_block_and_one_block_only(world: dict[str, Any], event: Event, client_for: Any) -> None:
    html = _page(client_for, world, event, "?per=block")
    assert "県北ブロック各市町村 ご担当者様" in html and "県南ブロック各市町村 ご担当者様" in html
    assert "テスト市 ご担当者様" not in html
    north = Block.objects.get(name="県北")
    html = _page(client_for, world, event, f"?block={north.pk}")
    assert "テスト市 ご担当者様" in html and "となり町 ご担当者様" not in html
    # A block's forum invites its own block's municipalities only
    Event.objects.filter(pk=event.pk).update(block=north)
    html = _page(client_for, world, event)
    assert "テスト市 ご担当者様" in html and "となり町 ご担当者様" not in html


def test_without_a_mail_server_there_is_no_send_button_and_nothing_is_sent(
    world: dict[str, Any], event: Event, client_for: Any, settings: Any
) -> None:
    settings.EMAIL_HOST = ""
    html = _page(client_for, world, event)
    assert "メールサーバーが設定されていません" in html and "メールで送る" not in html
    client = client_for(world["users"]["prefecture"])
    response = client.post(f"/events/{event.pk}/invitations/send/", {"to": ["030001"]})
    assert response.status_code == 302 and mail.outbox == []
    assert not AuditEntry.objects.filter(action="events.invitations_sent").exists()


def test_with_a_mail_server_the_texts_go_to_the_addresses_on_record(
    world: dict[str, Any], event: Event, client_for: Any, settings: Any, make_agency: Any, make_user: Any
) -> None:
    settings.EMAIL_HOST = "smtp.example.lg.jp"
    division = world["agencies"]["division"]  # テスト市 地域福祉課, where the programme officer (shi) works
    division.email = "chiiki@city.test.example.jp"
    division.save()
    make_agency(
        world["municipality"],
        "長寿介護課",
        kind=AgencyKind.CITY_DIVISION,
        fields=("other",),
        email="a@b.example.jp",
    )
    html = _page(client_for, world, event)
    assert "チェックした市町村にメールで送る" in html
    assert "送信先：地域福祉課（chiiki@city.test.example.jp）" in html  # the programme's division first
    assert "メールアドレスが登録されていません" in html  # となり町 has none on record: none is made up
    client = client_for(world["users"]["prefecture"])
    response = client.post(f"/events/{event.pk}/invitations/send/", {"to": ["030001", "030002"]})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["chiiki@city.test.example.jp"] and sent.reply_to == ["chiiki@pref.example.jp"]
    assert sent.subject == "【ご案内】第2回 人材養成研修（令和8年11月20日開催）"
    assert sent.body.startswith("テスト市 ご担当者様\n")
    entry = AuditEntry.objects.get(action="events.invitations_sent")
    assert entry.details == {"sent": 1, "municipalities": ["030001"]}


def test_sending_to_no_one_with_an_address_says_so(
    world: dict[str, Any], event: Event, client_for: Any, settings: Any
) -> None:
    settings.EMAIL_HOST = "smtp.example.lg.jp"
    client = client_for(world["users"]["prefecture"])
    response = client.post(f"/events/{event.pk}/invitations/send/", {"to": ["030002"]}, follow=True)
    assert "送信先のメールアドレスが登録されている市町村を選んでください。" in response.content.decode()
    assert mail.outbox == [] and not AuditEntry.objects.filter(action="events.invitations_sent").exists()


def test_a_closed_form_is_flagged_on_the_invitations_page(
    world: dict[str, Any], event: Event, client_for: Any
) -> None:
    Event.objects.filter(pk=event.pk).update(signup_open=False)
    assert "申込フォームが非公開です" in _page(client_for, world, event)


def test_the_page_reads_a_constant_number_of_queries(
    world: dict[str, Any], event: Event, client_for: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kasane.tenancy.models import Municipality

    client = client_for(world["users"]["prefecture"])
    url = f"/events/{event.pk}/invitations/"
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return sum("pg_advisory_xact_lock" not in q["sql"] for q in ctx.captured_queries)

    few = count()
    north = Block.objects.get(name="県北")
    for n in range(5):
        town = Municipality.objects.create(prefecture=event.prefecture, code=f"03100{n}", name=f"追加町{n}")
        MunicipalityProfile.objects.create(municipality=town, block=north)
        ProgrammeSlot.objects.create(event=event, starts_at=dt.time(14, n), title=f"項目{n}")
    assert count() == few == 9  # session, user, memberships; event, blocks, slots, towns, divisions, sender's


def test_a_title_with_a_line_break_still_makes_a_one_line_subject(event: Event) -> None:
    from kasane.events.invitations import subject_of

    Event.objects.filter(pk=event.pk).update(title="第2回\r\n人材養成研修")
    event.refresh_from_db()
    subject = subject_of(event)
    assert "\n" not in subject and "\r" not in subject
    assert subject.startswith("【ご案内】第2回 人材養成研修（")
