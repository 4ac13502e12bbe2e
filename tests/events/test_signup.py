"""Signing up for an event without an account (/e/<signup_key>/), and the event page's sign-up panel.

The world is conftest's (岩手県 with テスト市 and となり町); the clock is pinned to DAY. Covered: what the public
page shows (and never shows: other participants), the refusals (closed → 404, past the deadline, full, over,
a second sign-up with the same address), the last place taken under the lock, the confirmation only in the
applicant's own browser, the audit entry with the client address, and the staff panel (open/close, 定員, 締切,
counts by channel, the QR code).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.events.models import (
    Event,
    EventFormat,
    ParticipantCategory,
    ProgrammeSlot,
    Registration,
    RegistrationChannel,
)
from kasane.events.signup import FULL, Applicant, SignupRefused, sign_up
from kasane.tenancy.models import Municipality, Prefecture
from tests.clock import morning_of

from .helpers import make_event, register

DAY = dt.date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=True):
        yield


@pytest.fixture
def event(world: dict[str, Any]) -> Event:
    """An open 研修 on 2026-11-20, 定員 3, 締切 2026-11-13, with one participant the staff registered."""
    prefecture = world["municipality"].prefecture
    found = make_event(
        prefecture,
        world["users"]["prefecture"],
        "第2回 人材養成研修",
        dt.date(2026, 11, 20),
        start_time=dt.time(13, 30),
        end_time=dt.time(16, 0),
        format=EventFormat.HYBRID,
        online_url="https://meeting.example.jp/secret-room",
        capacity=3,
        signup_open=True,
        signup_deadline=dt.date(2026, 11, 13),
    )
    register(found, "秘密野 花子", world["municipality"], email="hanako.himitsu@example.jp")
    return found


def _post(world: dict[str, Any], **changes: str) -> dict[str, str]:
    data = {
        "name": "山田 太郎",
        "name_kana": "やまだ たろう",
        "municipality": str(world["other_municipality"].pk),
        "organisation": "となり町 保健福祉課",
        "category": ParticipantCategory.MUNICIPAL,
        "occupation": "保健師",
        "email": "Taro.Yamada@Example.JP",
    }
    return {**data, **changes}


def _url(event: Event, suffix: str = "") -> str:
    return f"/e/{event.signup_key}/{suffix}"


# --- the public page ------------------------------------------------------------------------------------


def test_the_page_shows_the_event_and_the_places_left_to_anyone(world: dict[str, Any], event: Event) -> None:
    response = Client().get(_url(event))
    assert response.status_code == 200
    html = response.content.decode()
    assert "第2回 人材養成研修" in html
    assert "令和8年11月20日（金）" in html and "13:30〜16:00" in html
    assert "定員" in html and '残り <strong class="signup-remaining">2</strong>人' in html
    assert "令和8年11月13日" in html  # 締切 in 和暦
    assert "その他（振興局・道庁など）" in html
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "no-store" in response.headers["Cache-Control"]


def test_the_page_never_shows_other_participants_nor_the_online_link(
    world: dict[str, Any], event: Event
) -> None:
    html = Client().get(_url(event)).content.decode()
    for secret in ("秘密野", "hanako.himitsu", "secret-room", 'href="/events/'):
        assert secret not in html
    # Nor, once someone has signed up, on the next applicant's page or their failed post
    Client().post(_url(event), _post(world))
    failed = Client().post(_url(event), _post(world, name="", name_kana="", email="b@example.jp"))
    for page in (Client().get(_url(event)), failed):
        html = page.content.decode()
        for secret in ("山田", "taro.yamada", "秘密野", "hanako.himitsu", "secret-room"):
            assert secret not in html


def test_only_the_prefectures_municipalities_are_offered(world: dict[str, Any], event: Event) -> None:
    elsewhere = Municipality.objects.create(
        prefecture=Prefecture.objects.create(code="01", name="北海道"), code="012041", name="旭川市"
    )
    html = Client().get(_url(event)).content.decode()
    assert "テスト市" in html and "となり町" in html and "旭川市" not in html
    response = Client().post(_url(event), _post(world, municipality=str(elsewhere.pk)))
    assert response.status_code == 200 and not Registration.objects.filter(email__icontains="yamada").exists()


@pytest.mark.parametrize("key", ["closed", "unknown"])
def test_a_form_staff_have_not_opened_or_an_unknown_key_is_404(
    world: dict[str, Any], event: Event, key: str
) -> None:
    if key == "closed":
        Event.objects.filter(pk=event.pk).update(signup_open=False)
        url = _url(event)
    else:
        url = "/e/notakey123/"
    assert Client().get(url).status_code == 404
    assert Client().post(url, _post(world)).status_code == 404
    assert not Registration.objects.filter(channel=RegistrationChannel.PUBLIC).exists()


# --- signing up -----------------------------------------------------------------------------------------


def test_signing_up_keeps_what_was_sent_audits_it_and_shows_it_back(
    world: dict[str, Any], event: Event
) -> None:
    client = Client(REMOTE_ADDR="192.0.2.44")
    response = client.post(_url(event), _post(world))
    assert response.status_code == 302 and response["Location"] == _url(event, "done/")
    registration = Registration.objects.get(event=event, channel=RegistrationChannel.PUBLIC)
    assert registration.email == "taro.yamada@example.jp"
    assert registration.municipality == world["other_municipality"]
    assert registration.user is None and registration.category == ParticipantCategory.MUNICIPAL
    entry = AuditEntry.objects.get(action="events.signed_up_public")
    assert entry.actor is None and entry.ip_address == "192.0.2.44"
    assert entry.details["registration"] == registration.pk
    assert "山田" not in str(entry.details) and "yamada" not in str(entry.details)
    done = client.get(_url(event, "done/"))
    html = done.content.decode()
    assert "お申込みを受け付けました" in html and "山田 太郎" in html and "taro.yamada@example.jp" in html
    assert "秘密野" not in html and "no-store" in done.headers["Cache-Control"]
    # Another browser sees no one's confirmation: back to the form
    assert Client().get(_url(event, "done/"))["Location"] == _url(event)


def test_the_same_address_twice_is_refused_kindly(world: dict[str, Any], event: Event) -> None:
    Client().post(_url(event), _post(world))
    response = Client().post(_url(event), _post(world, email="TARO.yamada@example.jp", name="山田 次郎"))
    assert response.status_code == 200
    assert "すでにこの研修・会議に申し込まれています" in response.content.decode()
    assert Registration.objects.filter(event=event, email="taro.yamada@example.jp").count() == 1
    # The same address may sign up for another event
    other = make_event(
        event.prefecture, event.created_by, "意見交換会", dt.date(2026, 12, 1), signup_open=True
    )
    assert Client().post(_url(other), _post(world)).status_code == 302


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": ""}, "メールアドレスを入力してください。"),
        ({"email": "taro@"}, "メールアドレスの形が正しくありません。"),
        ({"municipality": "other"}, "市町村職員の方は、お勤めの市町村を選んでください。"),
        ({"name_kana": "Yamada"}, "ふりがなは、ひらがなかカタカナで入力してください。"),
        ({"organisation": ""}, "所属を入力してください。"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    world: dict[str, Any], event: Event, changes: dict[str, str], message: str
) -> None:
    response = Client().post(_url(event), _post(world, **changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Registration.objects.filter(channel=RegistrationChannel.PUBLIC).exists()
    assert not AuditEntry.objects.filter(action="events.signed_up_public").exists()


def test_someone_from_the_bureau_signs_up_under_other(world: dict[str, Any], event: Event) -> None:
    data = _post(
        world, municipality="other", category=ParticipantCategory.BUREAU, organisation="県北広域振興局"
    )
    assert Client().post(_url(event), data).status_code == 302
    assert Registration.objects.get(channel=RegistrationChannel.PUBLIC).municipality is None


def test_after_the_deadline_nothing_is_taken(world: dict[str, Any], event: Event) -> None:
    with time_machine.travel(morning_of(dt.date(2026, 11, 13)), tick=False):
        assert (
            Client().get(_url(event)).content.decode().count("signup-form") >= 1
        )  # the last day still takes
    with time_machine.travel(morning_of(dt.date(2026, 11, 14)), tick=False):
        page = Client().get(_url(event)).content.decode()
        assert "申込みの受付は令和8年11月13日で締め切りました。" in page and "signup-form" not in page
        response = Client().post(_url(event), _post(world))
        assert "締め切りました" in response.content.decode()
    assert not Registration.objects.filter(channel=RegistrationChannel.PUBLIC).exists()


def test_a_full_event_takes_no_more(world: dict[str, Any], event: Event) -> None:
    register(event, "満員 一", world["municipality"])
    register(event, "満員 二", world["municipality"])
    page = Client().get(_url(event)).content.decode()
    assert FULL in page and "signup-form" not in page and "満員" not in page
    Client().post(_url(event), _post(world))
    assert event.registrations.count() == 3


def test_the_last_place_goes_to_one_of_two_who_loaded_the_page_together(
    world: dict[str, Any], event: Event
) -> None:
    register(event, "先客", world["municipality"])
    # Both pages said one place left; both applicants send at once.
    first, second = Client(), Client()
    assert '残り <strong class="signup-remaining">1</strong>人' in first.get(_url(event)).content.decode()
    second.get(_url(event))
    assert first.post(_url(event), _post(world)).status_code == 302
    response = second.post(_url(event), _post(world, email="hanako@example.jp", name="鈴木 花子"))
    assert FULL in response.content.decode()
    assert event.registrations.count() == 3


def test_the_service_counts_again_under_the_lock_not_from_the_page(
    world: dict[str, Any], event: Event
) -> None:
    """The event object the page loaded is stale by the time the second applicant sends: the service must
    count the places inside its own transaction, on the locked row."""
    stale = Event.objects.get(pk=event.pk)
    register(event, "先客", world["municipality"])
    applicant = Applicant(
        "山田 太郎", "やまだ", None, "振興局", ParticipantCategory.BUREAU, "", "a@example.jp"
    )
    sign_up(stale, applicant, actor=Actor())
    with pytest.raises(SignupRefused) as refused:
        sign_up(stale, Applicant(**{**applicant.__dict__, "email": "b@example.jp"}), actor=Actor())
    assert refused.value.closed and str(refused.value) == FULL
    # Closing the form also wins over a page loaded while it was open
    Event.objects.filter(pk=event.pk).update(signup_open=False, capacity=None)
    with pytest.raises(SignupRefused):
        sign_up(stale, Applicant(**{**applicant.__dict__, "email": "c@example.jp"}), actor=Actor())


def test_the_places_are_counted_after_the_row_is_locked(world: dict[str, Any], event: Event) -> None:
    """On PostgreSQL (the lead's run): the event row is locked before the count, so a second transaction waits
    for the first to commit and then counts its registration. SQLite lets one writer at a time in anyway."""
    applicant = Applicant(
        "山田 太郎", "やまだ", None, "振興局", ParticipantCategory.BUREAU, "", "a@example.jp"
    )
    with CaptureQueriesContext(connection) as queries:
        sign_up(event, applicant, actor=Actor())
    sql = [q["sql"] for q in queries.captured_queries]
    counted = next(i for i, q in enumerate(sql) if "COUNT(" in q.upper() and "events_registration" in q)
    if not connection.features.has_select_for_update:  # SQLite: one writer at a time, no row locks
        assert not any("FOR UPDATE" in q for q in sql)
        return
    locked = next(i for i, q in enumerate(sql) if "FOR UPDATE" in q and "events_event" in q)
    assert locked < counted


def test_one_address_cannot_fill_the_event(
    world: dict[str, Any], event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kasane.events.signup.BURST_LIMIT", 2)
    Event.objects.filter(pk=event.pk).update(capacity=None)
    bot = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(2):
        assert bot.post(_url(event), _post(world, email=f"bot{n}@example.jp")).status_code == 302
    refused = bot.post(_url(event), _post(world, email="bot9@example.jp"))
    assert "短い時間に同じ接続元から多くの申込みがありました" in refused.content.decode()
    # Another address is not held back, and an hour later the first one may sign up again
    assert Client(REMOTE_ADDR="198.51.100.8").post(_url(event), _post(world)).status_code == 302
    with time_machine.travel(morning_of(DAY) + dt.timedelta(hours=1, minutes=5), tick=False):
        assert bot.post(_url(event), _post(world, email="bot9@example.jp")).status_code == 302
    assert event.registrations.filter(channel=RegistrationChannel.PUBLIC).count() == 4


def test_an_event_that_is_over_takes_no_sign_up(world: dict[str, Any], event: Event) -> None:
    Event.objects.filter(pk=event.pk).update(signup_deadline=None)
    with time_machine.travel(morning_of(dt.date(2026, 11, 21)), tick=False):
        assert "この研修・会議は終了しました。" in Client().get(_url(event)).content.decode()


def test_the_wrong_method_is_refused(world: dict[str, Any], event: Event) -> None:
    assert Client().put(_url(event)).status_code == 405
    assert Client().post(_url(event, "done/")).status_code == 405


# --- the staff panel ------------------------------------------------------------------------------------


def test_the_event_page_shows_link_qr_and_counts_by_channel(
    world: dict[str, Any], event: Event, client_for: Any
) -> None:
    Client().post(_url(event), _post(world))
    html = client_for(world["users"]["prefecture"]).get(f"/events/{event.pk}/").content.decode()
    assert f"/e/{event.signup_key}/" in html and "<svg" in html and "qr-code" in html
    assert "申込フォーム：1人" in html and "事務局が登録：1人" in html
    assert "定員：3人（残り 1人）" in html
    # A participant's view of the same event shows no panel
    other = client_for(world["users"]["city"]).get(f"/events/{event.pk}/").content.decode()
    assert event.signup_key not in other


def test_staff_open_close_and_set_capacity_and_deadline(
    world: dict[str, Any], event: Event, client_for: Any
) -> None:
    client = client_for(world["users"]["prefecture"])
    url = f"/events/{event.pk}/signup/"
    response = client.post(url, {"capacity": "40", "signup_deadline": "R8.11.16"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.signup_open, event.capacity, event.signup_deadline) == (False, 40, dt.date(2026, 11, 16))
    entry = AuditEntry.objects.get(action="events.signup_settings_saved")
    assert entry.details["fields"] == ["signup_open", "capacity", "signup_deadline"]
    assert Client().get(_url(event)).status_code == 404
    client.post(url, {"signup_open": "on", "capacity": "40", "signup_deadline": "R8.11.16"})
    event.refresh_from_db()
    assert event.signup_open and Client().get(_url(event)).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"capacity": "0"}, "定員は1人以上にしてください。"),
        (
            {"signup_deadline": "2026-11-21"},
            "申込締切日は開催日（令和8年11月20日）までの日付にしてください。",
        ),
        ({"signup_deadline": "あした"}, "日付として読み取れません"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(
    world: dict[str, Any], event: Event, client_for: Any, data: dict[str, str], message: str
) -> None:
    response = client_for(world["users"]["prefecture"]).post(
        f"/events/{event.pk}/signup/", {"signup_open": "on", **data}
    )
    assert response.status_code == 200 and message in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 3 and event.signup_deadline == dt.date(2026, 11, 13)
    assert not AuditEntry.objects.filter(action="events.signup_settings_saved").exists()


def test_the_qr_code_downloads_as_a_png(world: dict[str, Any], event: Event, client_for: Any) -> None:
    response = client_for(world["users"]["prefecture"]).get(f"/events/{event.pk}/signup/qr.png")
    assert response["Content-Type"] == "image/png" and response.content.startswith(b"\x89PNG")


def test_the_event_form_sets_the_signup_fields(world: dict[str, Any], event: Event, client_for: Any) -> None:
    client = client_for(world["users"]["prefecture"])
    base = {
        "kind": event.kind,
        "title": event.title,
        "starts_on": "2026-11-20",
        "format": EventFormat.IN_PERSON,
        "place": "県庁",
        "block": "",
    }
    from kasane.readiness.models import Block

    base["block"] = str(Block.objects.create(prefecture=event.prefecture, name="県央").pk)
    response = client.post(
        f"/events/{event.pk}/edit/", {**base, "capacity": "50", "signup_deadline": "2026-11-30"}
    )
    assert "申込締切日は開催日までの日付にしてください。" in response.content.decode()
    response = client.post(
        f"/events/{event.pk}/edit/", {**base, "capacity": "50", "signup_deadline": "R8.11.10"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.capacity, event.signup_open, event.signup_deadline) == (50, False, dt.date(2026, 11, 10))


def test_the_public_page_reads_a_constant_number_of_queries(world: dict[str, Any], event: Event) -> None:
    client = Client()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(event)).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(5):
        register(event, f"参加者{n}", world["municipality"])
        ProgrammeSlot.objects.create(event=event, starts_at=dt.time(14, n), title=f"項目{n}")
    Event.objects.filter(pk=event.pk).update(capacity=None)
    assert count() == few == 4  # the event, its registrations counted, its programme, the municipalities


def test_signing_up_with_an_account_keeps_the_same_capacity_and_deadline(
    world: dict[str, Any], event: Event
) -> None:
    """The one-click sign-up of a logged-in participant (services.register_self) counts the same 定員 and
    締切 as the public form: the event cannot be pushed past either from inside kasane."""
    from kasane.events.services import EventError, register_self

    city = world["users"]["city"]
    register(event, "満員 一", world["municipality"])
    register(event, "満員 二", world["municipality"])
    with pytest.raises(EventError, match=FULL):
        register_self(event, actor=Actor(user=city))
    Event.objects.filter(pk=event.pk).update(capacity=None)
    with (
        time_machine.travel(morning_of(dt.date(2026, 11, 14)), tick=False),
        pytest.raises(EventError, match="締め切りました"),
    ):
        register_self(event, actor=Actor(user=city))
    register_self(event, actor=Actor(user=city))
    assert event.registrations.filter(user=city).count() == 1
