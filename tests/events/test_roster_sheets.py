"""The day's papers as A4 PDFs (kasane.events.sheets, sheet_views): 受付名簿 in 市町村 and ふりがな order, 名札
ten to a sheet with the group, 参加証明書 only for those who attended, each taking written to the audit
trail; read back with pypdf."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from kasane.events.models import EventGroup, ParticipantCategory

from .helpers import register
from .roster_world import actions_since, audit_mark, rw

pytestmark = pytest.mark.django_db
__all__ = ["rw"]


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def people(rw: dict[str, Any]) -> dict[str, Any]:
    event = rw["event"]
    group = EventGroup.objects.create(event=event, number=3)
    return {
        "bureau": register(
            event,
            "振興 局子",
            None,
            name_kana="しんこう きょくこ",
            organisation="県北広域振興局",
            attended=True,
        ),
        "morioka": register(
            event, "盛岡 二郎", rw["morioka"], name_kana="もりおか じろう", organisation="保健福祉部"
        ),
        "test_b": register(
            event,
            "髙橋 𠮷男",
            rw["municipality"],
            name_kana="たかはし よしお",
            organisation="地域福祉課",
            attended=True,
            group=group,
        ),
        "test_a": register(
            event,
            "相沢 葵",
            rw["municipality"],
            name_kana="あいざわ あおい",
            organisation="社会福祉協議会",
            category=ParticipantCategory.AGENCY,
            attended=True,
        ),
    }


def test_sign_in_sheet_lists_everyone_by_town_then_kana(rw: dict[str, Any], people: dict[str, Any]) -> None:
    event = rw["event"]
    mark = audit_mark()
    response = rw["client"].get(f"/events/{event.pk}/participants/sign-in-sheet/")
    assert response["Content-Type"] == "application/pdf"
    text = _pages(response.content)[0]
    assert "受付名簿 第2回 人材養成研修" in text and "岩手県庁 講堂" in text and "（申込み4人）" in text
    for heading in ("No.", "市町村", "所属", "氏名", "出席", "署名"):
        assert heading in text
    # テスト市 (030001) before 盛岡市 (032018), あいざわ before たかはし, the 振興局 last
    order = [text.index(name) for name in ("相沢 葵", "髙橋 𠮷男", "盛岡 二郎", "振興 局子")]
    assert order == sorted(order)
    assert "令和8年11月20日" in text and "作成日：令和8年12月7日" in text
    assert actions_since(mark) == ["events.roster_printed"]


def test_name_tags_show_kana_name_place_and_group(rw: dict[str, Any], people: dict[str, Any]) -> None:
    register(rw["event"], "社協 職員", rw["municipality"], organisation="テスト市社会福祉協議会")
    response = rw["client"].get(f"/events/{rw['event'].pk}/participants/name-tags/")
    pages = _pages(response.content)
    assert len(pages) == 1
    text = pages[0]
    for expected in ("たかはし よしお", "髙橋 𠮷男", "テスト市 地域福祉課", "グループ3", "県北広域振興局"):
        assert expected in text
    assert "テスト市社会福祉協議会" in text and "テスト市 テスト市" not in text  # the town said once


def test_name_tags_run_ten_to_a_page(rw: dict[str, Any]) -> None:
    for i in range(11):
        register(rw["event"], f"参加者 {i:02d}", rw["municipality"])
    response = rw["client"].get(f"/events/{rw['event'].pk}/participants/name-tags/")
    pages = _pages(response.content)
    assert len(pages) == 2 and "参加者 10" in pages[1] and "参加者 09" in pages[0]


def test_certificates_for_those_who_attended_only(rw: dict[str, Any], people: dict[str, Any]) -> None:
    event, client = rw["event"], rw["client"]
    mark = audit_mark()
    pages = _pages(client.get(f"/events/{event.pk}/participants/certificates/").content)
    assert len(pages) == 3
    assert not any("盛岡 二郎" in page for page in pages)
    first = pages[0]
    for expected in (
        "参加証明書",
        "テスト市 社会福祉協議会",
        "相沢 葵 様",
        "第2回 人材養成研修",
        "令和8年11月20日（金）",
        "岩手県庁 講堂",
        "令和8年12月7日",
        "岩手県",
    ):
        assert expected in first, expected
    assert "1 / 3" not in first  # no running page count on a certificate
    single = client.get(f"/events/participants/{people['test_b'].pk}/certificate/")
    assert single["Content-Disposition"].endswith("%E9%AB%99%E6%A9%8B%20%F0%A0%AE%B7%E7%94%B7.pdf")
    only = _pages(single.content)
    assert len(only) == 1 and "髙橋 𠮷男 様" in only[0]
    assert actions_since(mark) == ["events.roster_printed", "events.roster_printed"]


def test_no_certificate_without_attendance(rw: dict[str, Any], people: dict[str, Any]) -> None:
    event, client = rw["event"], rw["client"]
    response = client.get(f"/events/participants/{people['morioka'].pk}/certificate/", follow=True)
    assert response.redirect_chain[-1][0] == f"/events/{event.pk}/participants/"
    assert "出席の記録がある人にだけ参加証明書を作れます" in response.content.decode()
    event.registrations.update(attended=False)
    response = client.get(f"/events/{event.pk}/participants/certificates/")
    assert response.status_code == 302


def test_another_prefectures_papers_answer_404(rw: dict[str, Any]) -> None:
    other = rw["elsewhere"]
    stranger = register(other, "道の 人", None, attended=True)
    client = rw["client"]
    for path in ("sign-in-sheet", "name-tags", "certificates", "export/xlsx"):
        assert client.get(f"/events/{other.pk}/participants/{path}/").status_code == 404
    assert client.get(f"/events/participants/{stranger.pk}/certificate/").status_code == 404


def test_participants_page_links_to_every_paper(rw: dict[str, Any], people: dict[str, Any]) -> None:
    event = rw["event"]
    page = rw["client"].get(f"/events/{event.pk}/participants/").content.decode()
    for link in (
        f"/events/{event.pk}/participants/import/",
        f"/events/{event.pk}/participants/sign-in-sheet/",
        f"/events/{event.pk}/participants/name-tags/",
        f"/events/{event.pk}/participants/certificates/",
        f"/events/{event.pk}/participants/export/xlsx/",
        f"/events/{event.pk}/participants/export/csv/",
        f"/events/participants/{people['test_a'].pk}/certificate/",
    ):
        assert f'href="{link}"' in page, link
    assert f"/events/participants/{people['morioka'].pk}/certificate/" not in page
