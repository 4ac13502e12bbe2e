"""Issue 13, point 1: a 相談受付 opens a 相談記録 to which 経過 are added until it is closed with a reason; the
same access and audit rules as case notes; on the household timeline, in the figures, and carried into a
多機関協働 case when one opens from it."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kasane.audit.models import AuditEntry, Basis
from kasane.casework.models import (
    CloseReason,
    Consultation,
    ConsultationNote,
)
from kasane.governance.registry import collect
from tests import factories
from tests.clock import morning_of
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 24)  # a Tuesday in 令和8年度


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=True):
        yield


@pytest.fixture
def r(world: dict[str, Any]) -> dict[str, Any]:
    records = factories.journey(world)
    # The factory's consultation was taken "now": the morning of DAY, 受付 2026-11-24.
    return records


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _intake(
    client: Client,
    response: str,
    name: str = "佐藤 一子",
    kana: str = "さとう かずこ",
    received: str = "2026-11-24T09:30",
) -> Consultation:
    data = {
        "p-name": name,
        "p-kana": kana,
        "p-sex": "female",
        "p-birth_date": "S30.5.1",
        "received_at_0": received.split("T")[0],
        "received_at_1": received.split("T")[1],
        "channel": "phone",
        "visitor": "self",
        "topics": ["income"],
        "main_topic": "income",
        "complaint": "家賃の支払いが遅れている。",
        "response": response,
        "consent_variant": "without",
        "duplicate_choice": "new",
    }
    page = client.post(reverse("consultations:new"), data)
    assert page.status_code == 302, page.content.decode()[:2000]
    return Consultation.objects.filter(person__name=name).latest("pk")


def _note(client: Client, consultation: Consultation, **extra: str) -> Any:
    data = {"on": "R8.11.24", "minutes": "15", "kind": "phone", "text": "本人へ電話。家計の状況を確認した。"}
    data.update(extra)
    return client.post(reverse("consultations:note_new", args=[consultation.pk]), data, follow=True)


@pytest.mark.parametrize(
    ("response", "closed_with"),
    [
        ("advice", CloseReason.ADVICE_ONLY),
        ("end", CloseReason.ENDED_AT_INTAKE),
        ("continue", None),
        ("refer", None),
        ("collaboration", None),
    ],
)
def test_the_response_at_intake_decides_whether_the_record_stays_open(
    world: dict[str, Any], response: str, closed_with: str | None
) -> None:
    c = _intake(_client(world["users"]["soudanin"]), response)
    if closed_with is None:
        assert c.is_open and c.close_reason == ""
    else:
        assert (c.closed_on, c.close_reason) == (dt.date(2026, 11, 24), closed_with)


def test_a_note_is_written_in_seconds_and_audited_under_the_owner_agency(world: dict[str, Any]) -> None:
    client = _client(world["users"]["soudanin"])
    c = _intake(client, "continue")
    page = _note(client, c)
    text = page.content.decode()
    assert "相談経過を記録しました。" in text
    assert "令和8年11月24日" in text and "本人へ電話。家計の状況を確認した。" in text and "15分" in text
    note = ConsultationNote.objects.get(consultation=c)
    assert note.agency == world["agencies"]["houkatsu_north"] and note.author_name == "soudanin 職員"
    entry = AuditEntry.objects.filter(action="consultation_note.recorded").get()
    assert entry.person_id == str(c.person_id) and entry.basis == Basis.OWN
    assert entry.object_id == str(note.pk) and entry.basis_ref == f"consultation:{c.pk}"


def test_only_the_agency_that_took_it_writes_and_outsiders_get_404(
    r: dict[str, Any], world: dict[str, Any], make_user: Any
) -> None:
    c = r["consultation"]  # 北部包括's, shared with the hub by the consent
    users = world["users"]
    # The hub sees it (consent covers 多機関協働) but does not write in another agency's record.
    hub = _client(users["coordinator"])
    assert hub.get(reverse("consultations:detail", args=[c.pk])).status_code == 200
    assert "相談記録は、相談を受け付けた機関の職員が記録します。" in _note(hub, c).content.decode()
    response = _client(users["other_city"]).post(reverse("consultations:note_new", args=[c.pk]), {})
    assert response.status_code == 404
    south = make_user("south_soudan", world["agencies"]["houkatsu_south"])
    assert _client(south).post(reverse("consultations:close", args=[c.pk]), {}).status_code == 404
    assert not ConsultationNote.objects.exists()
    assert Client().post(reverse("consultations:note_new", args=[c.pk]), {}).status_code == 302


def test_bad_notes_are_refused_in_japanese_and_nothing_is_written(world: dict[str, Any]) -> None:
    client = _client(world["users"]["soudanin"])
    c = _intake(client, "continue")
    assert "内容を入力してください。" in _note(client, c, text="").content.decode()
    assert "未来の日付" in _note(client, c, on="R8.12.1").content.decode()
    before = _note(client, c, on="R8.11.1").content.decode()
    assert "経過の日付は、相談を受け付けた日（2026/11/24）以降にしてください。" in before
    assert not ConsultationNote.objects.exists()


def test_closing_asks_a_reason_and_a_closed_record_takes_no_notes_until_reopened(
    world: dict[str, Any],
) -> None:
    client = _client(world["users"]["soudanin"])
    c = _intake(client, "continue")
    _note(client, c)
    url = reverse("consultations:close", args=[c.pk])
    no_reason = client.post(url, {"on": "R8.11.24", "reason": ""}, follow=True).content.decode()
    assert "終了の理由を選んでください。" in no_reason
    other = client.post(url, {"on": "R8.11.24", "reason": "other"}, follow=True).content.decode()
    assert "メモに理由を書いてください" in other
    c.refresh_from_db()
    assert c.is_open
    closed = client.post(url, {"on": "R8.11.24", "reason": "resolved", "note": "滞納を解消。"}, follow=True)
    assert "相談記録を終了しました。" in closed.content.decode()
    c.refresh_from_db()
    assert (c.closed_on, c.close_reason, c.close_note) == (DAY, "resolved", "滞納を解消。")
    refused = _note(client, c).content.decode()
    assert "終了した相談記録には経過を追加できません" in refused
    assert ConsultationNote.objects.count() == 1
    reopen = reverse("consultations:reopen", args=[c.pk])
    assert (
        "再開の理由を入力してください。" in client.post(reopen, {"reason": ""}, follow=True).content.decode()
    )
    client.post(reopen, {"reason": "本人から再び電話があった"})
    c.refresh_from_db()
    assert c.is_open and c.reopen_reason == "本人から再び電話があった" and c.reopened_on == DAY
    assert "相談経過を記録しました。" in _note(client, c).content.decode()
    actions = list(AuditEntry.objects.filter(person_id=str(c.person_id)).values_list("action", flat=True))
    assert actions.count("consultation.closed") == 1 and actions.count("consultation.reopened") == 1
    reopened = AuditEntry.objects.get(action="consultation.reopened")
    assert reopened.details["reason"] == "本人から再び電話があった"
    assert reopened.details["closed"] == {"closed_on": "2026-11-24", "reason": "resolved"}


def test_the_close_date_cannot_precede_the_last_note(world: dict[str, Any]) -> None:
    client = _client(world["users"]["soudanin"])
    c = _intake(client, "continue")
    with time_machine.travel(morning_of(DAY + dt.timedelta(days=3)), tick=True):
        client.force_login(world["users"]["soudanin"])  # three days on: a new session
        _note(client, c, on="R8.11.26")
        page = client.post(
            reverse("consultations:close", args=[c.pk]), {"on": "R8.11.25", "reason": "resolved"}, follow=True
        )
    assert "終了日は、最後の経過の日付（2026/11/26）以降にしてください。" in page.content.decode()
    c.refresh_from_db()
    assert c.is_open


def test_the_record_list_puts_the_longest_silent_first_and_audits_the_names(
    world: dict[str, Any], make_user: Any
) -> None:
    client = _client(world["users"]["soudanin"])
    quiet = _intake(client, "continue", "佐藤 一子", "さとう かずこ")
    busy = _intake(client, "continue", "鈴木 二郎", "すずき じろう")
    _intake(client, "advice", "田中 三郎", "たなか さぶろう")
    _note(client, busy)
    page = client.get(reverse("consultations:list")).content.decode()
    assert "継続中（2件）" in page and "終了（1件）" in page and "すべて（3件）" in page
    assert page.index("佐藤 一子") < page.index("鈴木 二郎") and "田中 三郎" not in page
    listed = AuditEntry.objects.filter(action="consultation.listed").latest("pk")
    assert set(listed.details["persons"]) == {quiet.person_id, busy.person_id}
    closed = client.get(reverse("consultations:list") + "?state=closed").content.decode()
    assert "田中 三郎" in closed and "助言・情報提供で終了" in closed
    # Another agency's 相談員 lists only their own agency's records.
    south = make_user("south_soudan", world["agencies"]["houkatsu_south"])
    assert "佐藤 一子" not in _client(south).get(reverse("consultations:list")).content.decode()


def test_notes_are_on_the_household_timeline_for_those_who_see_the_consultation(
    r: dict[str, Any], world: dict[str, Any]
) -> None:
    c = r["consultation"]
    ConsultationNote.objects.create(
        consultation=c, agency=c.owner_agency, on=DAY, text="長男の部屋の前で声かけ。", author_name="職員"
    )
    url = reverse("households:household", args=[r["household"].pk])
    assert "長男の部屋の前で声かけ。" in _client(world["users"]["soudanin"]).get(url).content.decode()
    assert "長男の部屋の前で声かけ。" in _client(world["users"]["coordinator"]).get(url).content.decode()


def test_a_case_opened_from_the_consultation_carries_its_notes_and_closes_it(world: dict[str, Any]) -> None:
    world["agencies"]["shakyo"].runs_collaboration = True
    world["agencies"]["shakyo"].save(update_fields=["runs_collaboration"])
    hub_user = world["users"]["coordinator"]
    hub = _client(hub_user)
    mother = factories.person(world["agencies"]["shakyo"], "菅野 トシ", "かんの とし")
    consent = factories.consent(mother, world["agencies"]["shakyo"])
    c = factories.consultation(mother, world["agencies"]["shakyo"], consent)
    _note(hub, c, text="自宅を訪問。長男は不在。")
    response = hub.post(
        reverse("cases:new"), {"consultation": c.pk, "title": "8050", "opened_on": "R8.11.24"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    c.refresh_from_db()
    assert (c.closed_on, c.close_reason) == (DAY, CloseReason.COLLABORATION)
    opened = AuditEntry.objects.get(action="case.opened")
    assert opened.details["consultation_closed"] is True
    case_page = hub.get(response.url).content.decode()
    assert "相談記録からの経過" in case_page and "自宅を訪問。長男は不在。" in case_page
    detail = hub.get(reverse("consultations:detail", args=[c.pk])).content.decode()
    assert "多機関協働へ移行" in detail and "多機関協働ケース「8050」へ" in detail
    # The case's 支援経過記録 prints them first, marked as the consultation's.
    pdf = hub.get(reverse("cases:sheet_progress", args=[opened.object_id]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "consultation_records_case_progress.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "【相談記録から】" in text and "自宅を訪問。長男は不在。" in text


def test_the_consultation_progress_sheet(world: dict[str, Any]) -> None:
    client = _client(world["users"]["soudanin"])
    c = _intake(client, "continue")
    _note(client, c, text="本人へ電話。" * 3)
    _note(client, c, kind="home_visit", text="自宅を訪問し、家計表を一緒に作った。", minutes="60")
    pdf = client.get(reverse("consultations:progress_pdf", args=[c.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "支援経過記録" in pdf["Content-Disposition"] or "%E6%94%AF" in pdf["Content-Disposition"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "consultation_records_progress.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "支援経過記録" in text and "佐藤 一子" in text and "継続中" in text
    assert "自宅を訪問し、家計表を一緒に作った。" in text and "60分" in text
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(path),
            str(ARTIFACTS / "consultation_records_progress"),
        ],
        check=True,
    )
    assert AuditEntry.objects.filter(action="sheet.progress", person_id=str(c.person_id)).exists()


def test_the_disclosure_record_and_retention_cover_the_notes(r: dict[str, Any]) -> None:
    c = r["consultation"]
    ConsultationNote.objects.create(
        consultation=c, agency=c.owner_agency, on=DAY, text="民生委員と同行訪問。", author_name="職員"
    )
    sections = {s.key: s for s in collect(r["mother"])}
    notes = sections["consultation_notes"]
    assert [f.text for f in notes.records[0].fields if f.key == "text"] == ["民生委員と同行訪問。"]


def test_the_home_page_counts_open_and_quiet_records(world: dict[str, Any]) -> None:
    with time_machine.travel(morning_of(DAY - dt.timedelta(days=40)), tick=True):
        old = _intake(
            _client(world["users"]["soudanin"]),
            "continue",
            "古川 四郎",
            "ふるかわ しろう",
            "2026-10-15T09:30",
        )
    client = _client(world["users"]["soudanin"])
    _intake(client, "continue")
    page = client.get(reverse("home:home")).content.decode()
    assert "2</strong>件 継続中の相談記録（うち1件は30日以上経過の記録なし）" in page
    _note(client, old, on="R8.11.19")
    page = client.get(reverse("home:home")).content.decode()
    assert "2</strong>件 継続中の相談記録</a>" in page


def test_the_受付番号_is_on_the_record_and_in_the_list(world: dict[str, Any]) -> None:
    client = _client(world["users"]["soudanin"])
    c = _intake(client, "continue")
    number = f"R8-{c.pk:04d}"
    assert c.number == number
    assert f"受付番号 {number}" in client.get(reverse("consultations:detail", args=[c.pk])).content.decode()
    assert number in client.get(reverse("consultations:list")).content.decode()
