"""Information governance: content-free audit labels, the registry of personal data, the disclosure record
on a person's page, 開示 (PDF and JSON), and retention with anonymisation."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from kasane.audit.models import AuditEntry, Basis
from kasane.audit.trail import object_label
from kasane.audit.verify import verify_chain
from kasane.casework.models import (
    Assessment,
    AssessmentMember,
    Case,
    CaseEvent,
    CaseStatus,
    Consent,
    Consultation,
    Evaluation,
    Household,
    Person,
    PersonKey,
    Plan,
    ProgressNote,
    Referral,
    ReferralEvent,
    Relationship,
    Sex,
    Status,
)
from kasane.casework.personal_data.consultations import age_band, age_band_label
from kasane.casework.queries.search import PersonQuery, search_persons
from kasane.casework.visibility import Viewer
from kasane.governance import registry, retention
from kasane.governance.models import DisclosureRequest, RetentionPolicy
from kasane.lib.dates import TOKYO
from kasane.lib.personal_data import Scrubbed
from kasane.meetings.models import Decision
from tests import factories
from tests.clock import morning_of
from tests.conftest import ARTIFACTS, skip_or_fail

pytestmark = pytest.mark.django_db
OLD = dt.datetime(2015, 6, 1, 10, 0, tzinfo=TOKYO)
OLD_DAY = OLD.date()


@pytest.fixture
def story(world: dict[str, Any], settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return {**world, "r": factories.journey(world)}


def _count(client: Client, url: str, method: str = "get") -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url)
    assert response.status_code == 200, (url, response.status_code)
    # The advisory lock of the audit trail on PostgreSQL is left out, as in tests/casework/test_queries.py.
    return sum("pg_advisory_xact_lock" not in q["sql"] for q in ctx.captured_queries)


def _trail_text() -> str:
    return "\n".join(
        json.dumps(e.hashed_content(), ensure_ascii=False) for e in AuditEntry.objects.order_by("id")
    )


# 1. Audit labels free of personal data


def test_personal_records_name_themselves_without_content(story: dict[str, Any]) -> None:
    r = story["r"]
    records = [
        r["mother"],
        r["household"],
        r["consent"],
        r["consultation"],
        r["referral"],
        r["case"],
        r["plan"],
        r["case"].assessments.get(),
        r["case"].team.first(),
        r["case"].events.first(),
        r["referral"].events.first(),
    ]
    for record in records:
        label = object_label(record)
        assert re.fullmatch(r"\S+ No\.\d+", label), label
        assert "髙橋" not in label and "ミツ" not in label
    assert object_label(r["mother"]) == f"本人 No.{r['mother'].pk}"
    # Staff and agencies are not residents: they keep their readable names.
    assert object_label(story["agencies"]["shakyo"]) == "テスト市社会福祉協議会"


def test_every_model_that_holds_personal_data_has_a_provider_and_a_content_free_label() -> None:
    covered = registry.covered_labels()
    missing_provider, missing_label = [], []
    for model in registry.personal_models():
        if model._meta.label_lower not in covered:
            missing_provider.append(model._meta.label)
        if not isinstance(getattr(model, "audit_label", None), property):
            missing_label.append(model._meta.label)
    assert not missing_provider, f"no personal-data provider lists {missing_provider}"
    assert not missing_label, f"no audit_label on {missing_label}"
    # The closure finds the models through their links, not through a list kept by hand.
    found = {m._meta.label for m in registry.personal_models()}
    assert {"casework.PlanRole", "casework.ReferralEvent", "governance.DisclosureRequest"} <= found
    assert "agencies.Agency" not in found and "audit.AuditEntry" not in found


def test_reading_and_writing_leaves_no_name_in_the_trail(story: dict[str, Any], client_for: Any) -> None:
    r, users = story["r"], story["users"]
    soudanin, kyodo = client_for(users["soudanin"]), client_for(users["coordinator"])
    for client in (soudanin, kyodo):
        for url in (
            f"/people/{r['mother'].pk}/",
            f"/households/{r['household'].pk}/",
            f"/consultations/{r['consultation'].pk}/",
            f"/referrals/{r['referral'].pk}/",
            f"/cases/{r['case'].pk}/",
            f"/cases/{r['case'].pk}/progress.pdf",
            f"/api/v1/persons/{r['mother'].pk}",
            "/people/?name=たかはし",
            "/cases/export.xlsx",
        ):
            assert client.get(url).status_code == 200, url
    response = soudanin.post(
        f"/people/{r['mother'].pk}/edit/",
        {
            "name": "髙橋 ミツ",
            "kana": "たかはし みつ",
            "sex": "female",
            "birth_date": "S19.4.10",
            "notes": "膝が悪い",
        },
    )
    assert response.status_code == 302
    trail = _trail_text()
    for text in ("髙橋", "ミツ", "たかはし", "一郎", "膝が悪い", "ひきこもっている"):
        assert text not in trail, text
    assert f"本人 No.{r['mother'].pk}" in trail


# 3. Disclosure records: where the person's information went


def test_disclosure_record_groups_other_agencies_reads_by_basis(
    story: dict[str, Any], client_for: Any
) -> None:
    r, users = story["r"], story["users"]
    kyodo = client_for(users["coordinator"])
    for _ in range(3):
        assert kyodo.get(f"/people/{r['mother'].pk}/").status_code == 200
    assert kyodo.get(f"/consultations/{r['consultation'].pk}/").status_code == 200
    page = client_for(users["soudanin"]).get(f"/people/{r['mother'].pk}/").content.decode()
    section = page.split('id="disclosure-title"')[1]
    assert "情報の提供先" in page
    row = re.search(
        r"<tr><td>テスト市社会福祉協議会</td><td>([^<]+)</td>.*?<td class=\"num\">(\d+)件</td>", section
    )
    assert row is not None, section
    # Person pages as a case-team member, the consultation on the consent's basis.
    assert "支援チームへの参加" in section and "本人同意" in section
    counts = dict(
        re.findall(r"<td>([^<]+)</td><td>[^<]*</td><td>[^<]*</td><td class=\"num\">(\d+)件", section)
    )
    assert counts
    from kasane.governance.trail import recipients

    got = {(x.agency, x.basis): x.count for x in recipients(r["mother"])}
    assert got == {("テスト市社会福祉協議会", "case_team"): 3, ("テスト市社会福祉協議会", "consent"): 1}
    # The owner agency's own reads are not disclosures.
    assert not any(x.agency == "北部地域包括支援センター" for x in recipients(r["mother"]))


def test_disclosure_record_is_for_the_owner_agency_and_disclosure_staff_only(
    story: dict[str, Any], client_for: Any
) -> None:
    r, users = story["r"], story["users"]
    kyodo_page = client_for(users["coordinator"]).get(f"/people/{r['mother'].pk}/").content.decode()
    assert "情報の提供先" not in kyodo_page
    assert "情報の提供先" in client_for(users["soudanin"]).get(f"/people/{r['mother'].pk}/").content.decode()


def test_a_referral_shows_as_sent_with_its_basis(story: dict[str, Any], client_for: Any) -> None:
    r, users, agencies = story["r"], story["users"], story["agencies"]
    soudanin = client_for(users["soudanin"])
    response = soudanin.post(
        f"/referrals/new/?consultation={r['consultation'].pk}",
        {
            "to_agency": agencies["houkatsu_south"].pk,
            "shared_fields": ["name", "complaint"],
            "basis": "law_other",
            "basis_note": "高齢者虐待防止法第7条により通報",
            "message": "南部での見守りをお願いします。",
            "consultation": r["consultation"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    sent = AuditEntry.objects.get(action="referral.sent")
    assert sent.person_id == str(r["mother"].pk) and sent.basis == Basis.LAW_OTHER
    # The free-text 根拠の説明 stays in the referral, never in the trail.
    assert "虐待" not in json.dumps(sent.hashed_content(), ensure_ascii=False)
    from kasane.governance.trail import recipients

    sent_rows = [x for x in recipients(r["mother"]) if x.sent]
    assert [(x.agency, x.basis_label, x.count) for x in sent_rows] == [
        ("南部地域包括支援センター", "その他の法令", 1)
    ]


def test_an_export_records_each_person_with_their_basis(story: dict[str, Any], client_for: Any) -> None:
    r = story["r"]
    assert client_for(story["users"]["soudanin"]).get("/cases/export.xlsx").status_code == 200
    entry = AuditEntry.objects.get(action="case.exported")
    assert entry.person_id == str(r["mother"].pk)
    assert entry.basis == Basis.CASE_TEAM and entry.basis_ref == f"case:{r['case'].pk}"


def test_person_page_query_count_with_the_disclosure_record(story: dict[str, Any], client_for: Any) -> None:
    r, users = story["r"], story["users"]
    client = client_for(users["soudanin"])
    url = f"/people/{r['mother'].pk}/"
    _count(client, url)
    before = _count(client, url)
    kyodo = client_for(users["coordinator"])
    for _ in range(5):
        kyodo.get(url)
        kyodo.get(f"/consultations/{r['consultation'].pk}/")
    after = _count(client, url)
    assert before == after == 15


# 4. 開示


REQUEST = {
    "received_on": "R8.11.20",
    "requester_name": "髙橋 ミツ",
    "requester_relation": "self",
}


def _receive(client: Client, number: str) -> DisclosureRequest:
    """Step one: the request as received, with no person yet."""
    response = client.post("/governance/disclosures/new/", {**REQUEST, "number": number})
    assert response.status_code == 302, response.content.decode()[:3000]
    disclosure = DisclosureRequest.objects.get(number=number)
    assert response.url == f"/governance/disclosures/{disclosure.pk}/person/"
    return disclosure


def _register(client: Client, story: dict[str, Any], number: str = "R8-001") -> DisclosureRequest:
    disclosure = _receive(client, number)
    url = f"/governance/disclosures/{disclosure.pk}/person/"
    client.post(url, {"find-name": "たかはし みつ", "step": "search"})
    response = client.post(
        url, {"find-name": "たかはし みつ", "step": "choose", "person": story["r"]["mother"].pk}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    disclosure.refresh_from_db()
    return disclosure


def test_disclosure_pages_are_for_disclosure_staff_of_the_municipality(
    story: dict[str, Any], client_for: Any
) -> None:
    users = story["users"]
    city = client_for(users["city"])
    disclosure = _register(city, story)
    assert client_for(None).get("/governance/disclosures/").url.startswith("/accounts/login/")
    for role in ("soudanin", "coordinator", "agency_admin", "viewer", "prefecture"):
        client = client_for(users[role])
        assert client.get("/governance/disclosures/").status_code == 403, role
        assert client.get(f"/governance/disclosures/{disclosure.pk}/").status_code == 403, role
        assert client.post(f"/governance/disclosures/{disclosure.pk}/report.pdf").status_code == 403, role
    # Another municipality's staff with the same role: the request does not exist for them.
    tonari = client_for(users["other_city"])
    assert tonari.get("/governance/disclosures/").status_code == 200
    assert disclosure.number not in tonari.get("/governance/disclosures/").content.decode()
    assert tonari.get(f"/governance/disclosures/{disclosure.pk}/").status_code == 404
    assert tonari.post(f"/governance/disclosures/{disclosure.pk}/report.json").status_code == 404
    assert city.get(f"/governance/disclosures/{disclosure.pk}/report.pdf").status_code == 405


def test_the_cross_agency_search_is_audited_per_person_under_the_request_number(
    story: dict[str, Any], client_for: Any
) -> None:
    r = story["r"]
    city = client_for(story["users"]["city"])
    disclosure = _receive(city, "R8-002")
    response = city.post(
        f"/governance/disclosures/{disclosure.pk}/person/", {"find-name": "高橋", "step": "search"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    # 地域福祉課 recorded neither; the search reaches both, with the agency that recorded them.
    assert "髙橋 ミツ" in page and "髙橋 一郎" in page and "記録：北部地域包括支援センター" in page
    entries = list(AuditEntry.objects.filter(action="disclosure.searched"))
    assert {e.person_id for e in entries} == {str(r["mother"].pk), str(r["son"].pk)}
    assert all(e.basis == Basis.LAW_OTHER and e.basis_ref == "R8-002" for e in entries)
    assert all(e.details == {"request": disclosure.pk} for e in entries)
    assert all(e.agency_name == "地域福祉課" for e in entries)
    disclosure.refresh_from_db()
    assert disclosure.person is None


def test_no_person_search_without_a_registered_request(story: dict[str, Any], client_for: Any) -> None:
    """Issue 12, point 2: a made-up 受付番号 on the new-request form listed every matching person."""
    city = client_for(story["users"]["city"])
    response = city.post(
        "/governance/disclosures/new/",
        {**REQUEST, "number": "TEST-999", "find-name": "高橋", "step": "search"},
    )
    page = response.content.decode()
    assert "髙橋 ミツ" not in page and "髙橋 一郎" not in page and "北部地域包括支援センター" not in page
    assert not AuditEntry.objects.filter(action="disclosure.searched").exists()
    # What the post did was register TEST-999 as a request, in the open, under the user's name.
    disclosure = DisclosureRequest.objects.get(number="TEST-999")
    assert disclosure.registered_by == story["users"]["city"] and disclosure.person is None
    assert "TEST-999" in city.get("/governance/disclosures/").content.decode()


def test_one_request_allows_only_a_few_searches_each_audited(story: dict[str, Any], client_for: Any) -> None:
    """Issue 12 review: one open request was an unlimited search of every agency's records."""
    from kasane.governance.services import MAX_SEARCHES

    city = client_for(story["users"]["city"])
    disclosure = _receive(city, "R8-010")
    url = f"/governance/disclosures/{disclosure.pk}/person/"
    names = ["存在しない名前", "高橋", "たかはし", "髙橋 一郎", "ミツ", "鈴木"]
    for n, name in enumerate(names[:MAX_SEARCHES], start=1):
        page = city.post(url, {"find-name": name, "step": "search"}).content.decode()
        assert "本人の検索は上限" not in page, name
        left = MAX_SEARCHES - n
        assert (f"あと{left}回" if left else "この請求での検索は上限に達しました") in page
    made = AuditEntry.objects.filter(action="disclosure.search_made", basis_ref="R8-010").order_by("pk")
    # Every search is on the record, those that found nobody too.
    assert [e.details["search"] for e in made] == list(range(1, MAX_SEARCHES + 1))
    assert made[0].details["found"] == 0 and made[1].details["found"] == 2
    shown = AuditEntry.objects.filter(action="disclosure.searched", basis_ref="R8-010").count()
    refused = city.post(url, {"find-name": names[MAX_SEARCHES], "step": "search"}).content.decode()
    assert "本人の検索は上限（5回）に達しました" in refused and "記録：" not in refused
    assert (
        AuditEntry.objects.filter(action="disclosure.search_made", basis_ref="R8-010").count() == MAX_SEARCHES
    )
    assert AuditEntry.objects.filter(action="disclosure.searched", basis_ref="R8-010").count() == shown
    disclosure.refresh_from_db()
    assert disclosure.searches == MAX_SEARCHES and disclosure.person is None
    # A person the earlier searches showed can still be chosen.
    chosen = city.post(url, {"step": "choose", "person": story["r"]["mother"].pk})
    assert chosen.status_code == 302


def test_the_search_ends_once_the_person_is_chosen(story: dict[str, Any], client_for: Any) -> None:
    city = client_for(story["users"]["city"])
    disclosure = _register(city, story, "R8-007")
    searched = AuditEntry.objects.filter(action="disclosure.searched").count()
    response = city.post(
        f"/governance/disclosures/{disclosure.pk}/person/", {"find-name": "高橋", "step": "search"}
    )
    assert response.status_code == 302 and response.url == f"/governance/disclosures/{disclosure.pk}/"
    assert AuditEntry.objects.filter(action="disclosure.searched").count() == searched
    # Another municipality's disclosure staff cannot search inside this request.
    tonari = client_for(story["users"]["other_city"])
    fresh = _receive(city, "R8-008")
    url = f"/governance/disclosures/{fresh.pk}/person/"
    assert tonari.post(url, {"find-name": "高橋", "step": "search"}).status_code == 404
    # Staff without the 開示 permission get 403, even inside a real request.
    soudanin = client_for(story["users"]["soudanin"])
    assert soudanin.post(url, {"find-name": "高橋", "step": "search"}).status_code == 403
    assert not AuditEntry.objects.filter(action="disclosure.searched", basis_ref="R8-008").exists()


def test_no_report_before_the_person_is_known(story: dict[str, Any], client_for: Any) -> None:
    city = client_for(story["users"]["city"])
    disclosure = _receive(city, "R8-009")
    detail = city.get(f"/governance/disclosures/{disclosure.pk}/").content.decode()
    assert "本人はまだ確定していません。" in detail and "開示資料（PDF）を作成する" not in detail
    response = city.post(f"/governance/disclosures/{disclosure.pk}/report.pdf")
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="disclosure.produced").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"number": ""}, "受付番号を入力してください。"),
        ({"requester_name": "  "}, "請求者の氏名を入力してください。"),
        ({"received_on": "令和99年1月1日"}, "未来の日付は入力できません。"),
        ({"received_on": "きのう"}, "日付として読み取れません。"),
    ],
)
def test_bad_requests_are_refused_in_japanese_and_nothing_is_written(
    story: dict[str, Any], client_for: Any, change: dict[str, str], message: str
) -> None:
    city = client_for(story["users"]["city"])
    before = AuditEntry.objects.count()
    response = city.post("/governance/disclosures/new/", {**REQUEST, "number": "R8-003", **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DisclosureRequest.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"find-name": "", "step": "search"}, "本人の氏名か生年月日を入力してください。"),
        ({"person": ""}, "本人を検索し、一覧から選んでください。"),
        ({"person": "999999"}, "本人を検索し、一覧から選んでください。"),
    ],
)
def test_bad_choices_are_refused_in_japanese_and_nothing_is_chosen(
    story: dict[str, Any], client_for: Any, change: dict[str, str], message: str
) -> None:
    city = client_for(story["users"]["city"])
    disclosure = _receive(city, "R8-003")
    url = f"/governance/disclosures/{disclosure.pk}/person/"
    city.post(url, {"find-name": "たかはし みつ", "step": "search"})
    data = {"find-name": "たかはし みつ", "step": "choose", "person": story["r"]["mother"].pk, **change}
    response = city.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    disclosure.refresh_from_db()
    assert disclosure.person is None
    assert not AuditEntry.objects.filter(action="disclosure.person_chosen").exists()


def test_only_a_person_the_search_showed_can_be_chosen(story: dict[str, Any], client_for: Any) -> None:
    """Guessing a person's id is not a way round the search: the choice must be one this request showed."""
    stranger = factories.person(story["agencies"]["other"], "髙橋 ミツ", "たかはし みつ")
    city = client_for(story["users"]["city"])
    disclosure = _receive(city, "R8-004")
    url = f"/governance/disclosures/{disclosure.pk}/person/"
    for person in (stranger, story["r"]["son"]):  # another municipality's; one never searched for
        page = city.post(url, {"step": "choose", "person": person.pk}).content.decode()
        assert "本人を検索し、一覧から選んでください。" in page
    disclosure.refresh_from_db()
    assert disclosure.person is None
    # The search itself never reaches into the other municipality.
    city.post(url, {"find-name": "たかはし", "step": "search"})
    assert str(stranger.pk) not in set(
        AuditEntry.objects.filter(action="disclosure.searched").values_list("person_id", flat=True)
    )


def test_a_duplicate_number_is_refused(story: dict[str, Any], client_for: Any) -> None:
    city = client_for(story["users"]["city"])
    _register(city, story, "R8-005")
    data = {**REQUEST, "number": "R8-005", "requester_name": "髙橋 一郎"}
    page = city.post("/governance/disclosures/new/", data).content.decode()
    assert "この受付番号はすでに登録されています。" in page
    assert DisclosureRequest.objects.count() == 1


def test_registering_is_one_audited_write(story: dict[str, Any], client_for: Any) -> None:
    disclosure = _register(client_for(story["users"]["city"]), story, "R8-006")
    assert disclosure.person == story["r"]["mother"] and disclosure.registered_by_name == "shi 職員"
    assert AuditEntry.objects.get(action="disclosure.registered").person_id == ""
    entry = AuditEntry.objects.get(action="disclosure.person_chosen")
    assert entry.person_id == str(story["r"]["mother"].pk)
    assert (entry.basis, entry.basis_ref, entry.object_label) == (
        Basis.LAW_OTHER,
        "R8-006",
        f"開示請求 No.{disclosure.pk}",
    )


def test_reading_requests_is_audited_in_their_name(story: dict[str, Any], client_for: Any) -> None:
    r = story["r"]
    city = client_for(story["users"]["city"])
    disclosure = _register(city, story, "R8-030")
    assert city.get("/governance/disclosures/").status_code == 200
    assert city.get(f"/governance/disclosures/{disclosure.pk}/").status_code == 200
    for action in ("disclosure.person_chosen", "disclosure.listed", "disclosure.viewed"):
        entry = AuditEntry.objects.get(action=action)
        assert (entry.person_id, entry.basis, entry.basis_ref, entry.agency_name) == (
            str(r["mother"].pk),
            Basis.LAW_OTHER,
            "R8-030",
            "地域福祉課",
        ), action
    # The owner agency sees the 開示 staff among the recipients, on the basis of the law.
    from kasane.governance.trail import recipients

    assert [(x.agency, x.basis_label, x.count) for x in recipients(r["mother"])] == [
        ("地域福祉課", "その他の法令", 4)  # searched, chosen, listed, viewed
    ]


def _pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def _full_story(story: dict[str, Any], client_for: Any) -> DisclosureRequest:
    """Reads by the hub, a scanned consent and a note, then the request."""
    r, users = story["r"], story["users"]
    kyodo = client_for(users["coordinator"])
    kyodo.get(f"/people/{r['mother'].pk}/")
    kyodo.get(f"/cases/{r['case'].pk}/")
    ProgressNote.objects.create(
        case=r["case"],
        agency=story["agencies"]["shakyo"],
        on=dt.date(2026, 11, 22),
        kind="home_visit",
        minutes=40,
        text="自宅を訪問。長男と玄関先で5分ほど話せた。",
        author_name="佐藤 真理子",
    )
    return _register(client_for(users["city"]), story, "R8-007")


def test_the_pdf_holds_everything_and_is_audited(story: dict[str, Any], client_for: Any) -> None:
    disclosure = _full_story(story, client_for)
    city = client_for(story["users"]["city"])
    response = city.post(f"/governance/disclosures/{disclosure.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = response.content
    assert b"FontFile2" in pdf and b"IPAexGothic" in pdf
    text = _pdf_text(pdf)
    for expected in (
        "保有個人情報の開示資料",
        "受付番号R8-007",
        "髙橋ミツ",
        "令和8年11月20日",
        "50代の息子が長年ひきこもっている。",  # the consultation
        "多機関協働での支援をお願いします。",  # the referral
        "長男と玄関先で5分ほど話せた。",  # the note
        "安心して暮らしたい",  # the plan
        "情報の提供先",
        "テスト市社会福祉協議会",
        "支援チームへの参加",
        "閲覧・利用の記録",
        "kyodo職員",
        "開示請求：本人の確定",
    ):
        assert expected in text, expected
    # The son is another person: the mother's report counts him but does not name him.
    assert "一郎" not in text
    disclosure.refresh_from_db()
    assert disclosure.productions == 1 and disclosure.produced_at is not None
    entry = AuditEntry.objects.get(action="disclosure.produced")
    assert (entry.person_id, entry.basis, entry.basis_ref) == (
        str(story["r"]["mother"].pk),
        Basis.LAW_OTHER,
        "R8-007",
    )
    assert entry.details["format"] == "pdf" and entry.details["records"]["consultations"] == 1
    _render(pdf, "disclosure")


def _render(pdf: bytes, name: str) -> None:
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がないため PDF の画像化を省略しました")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(source), str(ARTIFACTS / name)], check=True)
    source.unlink()
    pages = sorted(ARTIFACTS.glob(f"{name}-*.png"))
    assert pages and all(p.stat().st_size > 10_000 for p in pages)


def test_the_json_is_machine_readable_and_complete(story: dict[str, Any], client_for: Any) -> None:
    disclosure = _full_story(story, client_for)
    city = client_for(story["users"]["city"])
    response = city.post(f"/governance/disclosures/{disclosure.pk}/report.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["format"] == "kasane-disclosure/1"
    assert data["request"] == {
        "number": "R8-007",
        "received_on": "2026-11-20",
        "requester_name": "髙橋 ミツ",
        "requester_relation": "self",
        "requester_relation_label": "本人",
    }
    sections = {s["key"]: s for s in data["sections"]}
    assert {"households", "household", "consultations", "consents", "referrals", "cases", "notes"} <= set(
        sections
    )
    person = {f["key"]: f for f in sections["households"]["records"][0]["fields"]}
    assert person["name"]["value"] == "髙橋 ミツ"
    assert person["birth_date"] == {
        "key": "birth_date",
        "label": "生年月日",
        "text": "昭和19年4月10日",
        "value": "1944-04-10",
    }
    consultation = {f["key"]: f for f in sections["consultations"]["records"][0]["fields"]}
    assert consultation["topics"]["value"] == ["withdrawal", "care"]
    assert consultation["topics"]["text"] == "○介護　◎ひきこもり・不登校"  # in the form's order
    note = {f["key"]: f["value"] for f in sections["notes"]["records"][0]["fields"]}
    assert note["minutes"] == 40 and note["on"] == "2026-11-22"
    referral = {f["key"]: f["value"] for f in sections["referrals"]["records"][0]["fields"]}
    assert referral["shared_data"]["complaint"] == "50代の息子が長年ひきこもっている。"
    assert {(x["agency"], x["basis"]) for x in data["recipients"]} >= {
        ("テスト市社会福祉協議会", "case_team")
    }
    actions = [a["action"] for a in data["accesses"]]
    assert "person.viewed" in actions and "case.viewed" in actions and "disclosure.person_chosen" in actions
    assert all(a["at"].endswith("+00:00") for a in data["accesses"])
    assert "一郎" not in response.content.decode()
    assert AuditEntry.objects.get(action="disclosure.produced").details["format"] == "json"


def test_the_access_history_includes_lists_and_household_pages(
    story: dict[str, Any], client_for: Any
) -> None:
    r = story["r"]
    kyodo = client_for(story["users"]["coordinator"])
    kyodo.get("/people/?name=いちろう")
    kyodo.get(f"/households/{r['household'].pk}/")
    from kasane.governance.trail import access_history

    son = [(a.action, a.how) for a in access_history(r["son"])]
    # The household page now writes one entry per member shown, so the son's is his own record of it.
    assert ("person.searched", "一覧・検索") in son and ("household.viewed", "記録") in son
    from kasane.governance.trail import recipients

    assert any(x.basis == "case_team" for x in recipients(r["son"]))


def test_disclosure_page_query_counts_are_pinned(story: dict[str, Any], client_for: Any) -> None:
    city = client_for(story["users"]["city"])
    disclosure = _register(city, story, "R8-010")
    pages = {
        # session, user, memberships; the list: requests with their people, one audit append
        "/governance/": 3,
        "/governance/disclosures/": 8,
        "/governance/disclosures/new/": 3,
        # the request and its person, the audit append, the two queries of the disclosure record
        # + the counts of 支援会議 items and of outreach targets raised at one, for staff (staff_notes)
        f"/governance/disclosures/{disclosure.pk}/": 12,
    }
    for url in pages:
        _count(city, url)
    before = {url: _count(city, url) for url in pages}
    for i in range(5):
        _register(city, story, f"R8-1{i}")
        client_for(story["users"]["coordinator"]).get(f"/people/{story['r']['mother'].pk}/")
    after = {url: _count(city, url) for url in pages}
    assert before == after == pages


# 5. Retention


def _backdate(household: Household) -> None:
    """Move every date of the household's records to June 2015."""
    persons = Person.objects.filter(household=household)
    cases = Case.objects.filter(household=household)
    Household.objects.filter(pk=household.pk).update(created_at=OLD, updated_at=OLD)
    persons.update(created_at=OLD, updated_at=OLD)
    Consultation.objects.filter(household=household).update(received_at=OLD, created_at=OLD)
    Consent.objects.filter(person__in=persons).update(obtained_on=OLD_DAY, created_at=OLD)
    Referral.objects.filter(household=household).update(created_at=OLD, updated_at=OLD)
    ReferralEvent.objects.filter(referral__household=household).update(at=OLD)
    cases.update(opened_on=OLD_DAY, closed_on=OLD_DAY, created_at=OLD, updated_at=OLD)
    CaseEvent.objects.filter(case__in=cases).update(on=OLD_DAY, at=OLD)
    Assessment.objects.filter(case__in=cases).update(assessed_on=OLD_DAY, created_at=OLD)
    Plan.objects.filter(case__in=cases).update(created_at=OLD, updated_at=OLD)
    Decision.objects.filter(case__in=cases).update(decided_on=OLD_DAY, created_at=OLD)
    ProgressNote.objects.filter(case__in=cases).update(on=OLD_DAY, created_at=OLD)
    Evaluation.objects.filter(case__in=cases).update(evaluated_on=OLD_DAY, created_at=OLD)


def _closed_household(story: dict[str, Any]) -> dict[str, Any]:
    """佐々木 花子 (71) and her son, helped in 2015 and closed: past a 5-year retention period."""
    north, hub = story["agencies"]["houkatsu_north"], story["agencies"]["shakyo"]
    hanako = factories.person(
        north,
        "佐々木 花子",
        "ささき はなこ",
        sex=Sex.FEMALE,
        birth_date=dt.date(1944, 8, 3),
        address="テスト市南町5-1",
        phone="0197-11-2233",
        notes="耳が遠いので大きな声で",
    )
    ken = factories.person(
        north,
        "佐々木 健",
        "ささき けん",
        household=hanako.household,
        relationship=Relationship.CHILD,
        sex=Sex.MALE,
        birth_date=dt.date(1976, 1, 20),
    )
    Household.objects.filter(pk=hanako.household_id).update(notes="長男と二人暮らし。")
    agreed = factories.consent(hanako, north, shared=[hub])
    agreed.purpose = "佐々木さん世帯の支援のため"
    agreed.document.save("doui.pdf", ContentFile(b"%PDF-1.4 scanned consent"), save=True)
    intake = factories.consultation(hanako, north, agreed)
    Consultation.objects.filter(pk=intake.pk).update(
        visitor="family",
        visitor_name="佐々木 健",
        visitor_contact="090-1111-2222",
        complaint="花子の物忘れ。",
    )
    sent = factories.referral(intake, hub, agreed, status=Status.COMPLETED)
    case = factories.case(hanako, hub, agreed, [north], status=CaseStatus.CLOSED)
    assessment = case.assessments.get()
    AssessmentMember.objects.create(assessment=assessment, person=ken, situation="健は夜勤の仕事。")
    ProgressNote.objects.create(
        case=case,
        agency=north,
        on=OLD_DAY,
        kind="home_visit",
        minutes=30,
        text="花子さん宅を訪問。",
        author_name="職員",
    )
    Decision.objects.create(
        case=case,
        kind="closure",
        decided_on=OLD_DAY,
        attendees="佐々木 健、北部包括",
        outcome="close",
        notes="花子さんの生活が安定。",
        recorded_by_name="職員",
    )
    Evaluation.objects.create(
        case=case,
        evaluated_on=OLD_DAY,
        goal_result="met",
        reasons="花子さんが通所を継続。",
        author_name="職員",
    )
    _backdate(hanako.household)
    return {
        "hanako": hanako,
        "ken": ken,
        "consent": agreed,
        "consultation": intake,
        "referral": sent,
        "case": case,
    }


NAMES = (
    "佐々木",
    "花子",
    "ささき",
    "はなこ",
    "南町5-1",
    "0197-11-2233",
    "耳が遠い",
    "物忘れ",
    "夜勤",
    "090-1111",
)


def _texts_of(household: Household) -> str:
    """Every stored value of the household's records, as one string."""
    from django.forms.models import model_to_dict

    cases = Case.objects.filter(household=household)
    rows: list[Any] = [Household.objects.get(pk=household.pk)]
    rows += list(Person.objects.filter(household=household))
    rows += list(PersonKey.objects.filter(person__household=household))
    rows += list(Consultation.objects.filter(household=household))
    rows += list(Consent.objects.filter(person__household=household))
    rows += list(Referral.objects.filter(household=household))
    rows += list(ReferralEvent.objects.filter(referral__household=household))
    for model in (Assessment, Plan, Decision, ProgressNote, Evaluation, CaseEvent):
        rows += list(model.objects.filter(case__in=cases))
    rows += list(AssessmentMember.objects.filter(assessment__case__in=cases))
    rows += list(cases)
    return json.dumps([model_to_dict(row) for row in rows], ensure_ascii=False, default=str)


def _counts(municipality: Any) -> dict[str, Any]:
    """What indicators count: these must not move when a household is anonymised."""
    consultations = Consultation.objects.filter(municipality=municipality)
    return {
        "households": Household.objects.filter(municipality=municipality).count(),
        "persons": sorted(
            Person.objects.filter(municipality=municipality).values_list("sex", "relationship")
        ),
        "consultations": sorted(
            consultations.values_list("received_at", "channel", "visitor", "main_topic", "response")
        ),
        "topics": sorted(str(t) for t in consultations.values_list("topics", "situations")),
        "consents": Consent.objects.filter(municipality=municipality).count(),
        "referrals": sorted(Referral.objects.values_list("status", "basis", "from_agency", "to_agency")),
        "cases": sorted(Case.objects.values_list("status", "opened_on", "closed_on")),
        "plans": sorted(Plan.objects.values_list("kind", "status", "version")),
        "decisions": sorted(Decision.objects.values_list("kind", "outcome", "decided_on")),
        "notes": sorted(ProgressNote.objects.values_list("kind", "on", "minutes")),
        "evaluations": sorted(Evaluation.objects.values_list("goal_result", "evaluated_on")),
    }


def test_the_cutoff_counts_from_the_next_fiscal_year() -> None:
    assert retention.cutoff_for(5, dt.date(2026, 3, 31)).day == dt.date(2020, 4, 1)
    assert retention.cutoff_for(5, dt.date(2026, 4, 1)).day == dt.date(2021, 4, 1)
    assert retention.cutoff_for(1, dt.date(2026, 11, 23)).day == dt.date(2025, 4, 1)


def test_age_bands() -> None:
    assert age_band(dt.date(1944, 8, 3), dt.date(2015, 6, 1)) == 70
    assert age_band(dt.date(1944, 8, 3), dt.date(2014, 8, 2)) == 60
    assert age_band(dt.date(1920, 1, 1), dt.date(2015, 1, 1)) == 90
    assert age_band(None, dt.date(2015, 1, 1)) is None
    assert [age_band_label(b) for b in (0, 10, 70, 90, None)] == ["10歳未満", "10代", "70代", "90歳以上", ""]


def test_the_dry_run_shows_counts_and_changes_nothing(story: dict[str, Any], client_for: Any) -> None:
    old = _closed_household(story)
    municipality = story["municipality"]
    before_texts, before_counts = _texts_of(old["hanako"].household), _counts(municipality)
    entries = AuditEntry.objects.count()
    plan = retention.preview(municipality)
    assert (plan.years, plan.households) == (5, 1)
    tallies = {t.label: (t.count, t.oldest) for t in plan.tallies}
    assert tallies["本人・世帯員"] == (2, OLD_DAY)
    assert tallies["相談受付"] == (1, OLD_DAY)
    assert tallies["同意書の写し（スキャン）"] == (1, OLD_DAY)
    assert tallies["支援経過記録"] == (1, OLD_DAY)
    page = client_for(story["users"]["city"]).get("/governance/retention/")
    html = page.content.decode()
    assert "匿名化の対象（1世帯）" in html and "平成27年6月1日" in html
    assert not any(name in html for name in NAMES)
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "1世帯" in out.getvalue() and "確認のみです" in out.getvalue()
    assert not any(name in out.getvalue() for name in NAMES)
    assert _texts_of(old["hanako"].household) == before_texts
    assert _counts(municipality) == before_counts
    assert AuditEntry.objects.count() == entries


def test_apply_removes_names_everywhere_and_keeps_counts_and_the_chain(
    story: dict[str, Any], client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.storage import default_storage

    old = _closed_household(story)
    household = old["hanako"].household
    municipality = story["municipality"]
    users = story["users"]
    # Staff read the records before the period ran out: the trail must end up with no name either way.
    for url in (f"/people/{old['hanako'].pk}/", f"/households/{household.pk}/", f"/cases/{old['case'].pk}/"):
        assert client_for(users["soudanin"]).get(url).status_code == 200
    scan = old["consent"].document.name
    assert default_storage.exists(scan)
    before_counts = _counts(municipality)
    keep_texts = _texts_of(story["r"]["household"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["city"]).post("/governance/retention/apply/", {"confirm": "1"})
    assert response.status_code == 302

    texts = _texts_of(household)
    assert not [name for name in NAMES if name in texts], texts
    assert _counts(municipality) == before_counts
    household.refresh_from_db()
    assert household.anonymised_at is not None and household.address == ""
    hanako = Person.objects.get(pk=old["hanako"].pk)
    assert (hanako.name, hanako.birth_date, hanako.sex) == ("（匿名化済み）", None, Sex.FEMALE)
    assert not PersonKey.objects.filter(person__household=household).exists()
    assert Consultation.objects.get(pk=old["consultation"].pk).age_band == 70
    assert not default_storage.exists(scan)
    assert Case.objects.get(pk=old["case"].pk).status == CaseStatus.CLOSED
    # The household in support (the journey's) is untouched.
    assert _texts_of(story["r"]["household"]) == keep_texts
    # Search no longer finds them, by name, ふりがな or phone; nor does 開示's cross-agency search.
    viewer = Viewer.of(users["soudanin"], municipality)
    assert viewer is not None
    for query in (PersonQuery(name="佐々木"), PersonQuery(name="はなこ"), PersonQuery(phone="0197-11-2233")):
        assert search_persons(viewer, query) == []
    assert "佐々木" not in client_for(users["soudanin"]).get("/people/?name=ささき").content.decode()
    # The trail: untouched, still verifying, and with no name in it.
    trail = _trail_text()
    assert not [name for name in NAMES if name in trail]
    assert verify_chain().ok
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "監査ログは正常です" in out.getvalue()
    run = AuditEntry.objects.get(action="retention.applied")
    assert run.details["households"] == 1 and run.details["household_ids"] == [household.pk]
    assert (
        run.details["counts"]["本人・世帯員"] == 2 and run.details["counts"]["同意書の写し（スキャン）"] == 1
    )
    assert run.actor_name == "shi 職員" and run.municipality == municipality
    # A second run finds nothing more to do.
    assert retention.preview(municipality).households == 0


def test_households_with_open_work_or_recent_records_are_kept(story: dict[str, Any]) -> None:
    municipality = story["municipality"]
    open_referral = _closed_household(story)
    Referral.objects.filter(pk=open_referral["referral"].pk).update(status=Status.ACCEPTED)
    recent = factories.person(story["agencies"]["houkatsu_north"], "新しい 人", "あたらしい ひと")
    _backdate(recent.household)
    factories.consultation(recent, story["agencies"]["houkatsu_north"])  # today
    pending = factories.person(story["agencies"]["houkatsu_north"], "開示 待ち", "かいじ まち")
    _backdate(pending.household)
    DisclosureRequest.objects.create(
        municipality=municipality,
        number="R8-020",
        received_on=dt.date(2016, 1, 5),
        requester_name="開示 待ち",
        person=pending,
        registered_by_name="職員",
    )
    Household.objects.filter(pk=story["r"]["household"].pk).update(created_at=OLD, updated_at=OLD)
    assert retention.preview(municipality).households == 0
    outcome = retention.anonymise_due(municipality)
    assert outcome.household_ids == []
    assert Person.objects.filter(name="（匿名化済み）").count() == 0
    # The referral is answered and the request produced: both households fall due.
    Referral.objects.filter(pk=open_referral["referral"].pk).update(status=Status.COMPLETED)
    DisclosureRequest.objects.filter(number="R8-020").update(produced_at=OLD)
    assert retention.preview(municipality).households == 2


def test_one_transaction_per_household(story: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    first = _closed_household(story)
    second = factories.person(story["agencies"]["houkatsu_north"], "佐藤 次郎", "さとう じろう")
    factories.consultation(second, story["agencies"]["houkatsu_north"])
    _backdate(second.household)
    cases_provider = registry.providers()[
        registry.PROVIDERS.index("kasane.casework.personal_data.cases.provider")
    ]
    original = cases_provider.anonymise

    def fail_for_second(household: Household, scrubbed: Scrubbed) -> None:
        original(household, scrubbed)
        if household.pk == second.household_id:
            raise RuntimeError("disk full")

    monkeypatch.setattr(cases_provider, "anonymise", fail_for_second)
    with pytest.raises(RuntimeError):
        retention.anonymise_due(story["municipality"])
    assert Person.objects.get(pk=first["hanako"].pk).name == "（匿名化済み）"
    assert Person.objects.get(pk=second.pk).name == "佐藤 次郎"
    assert Consultation.objects.get(person=second).complaint != ""
    run = AuditEntry.objects.get(action="retention.applied")
    assert run.details["household_ids"] == [first["hanako"].household_id]
    assert verify_chain().ok


def test_records_no_provider_covers_keep_the_household(
    story: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _closed_household(story)
    without_cases = tuple(p for p in registry.PROVIDERS if ".cases." not in p)
    monkeypatch.setattr(registry, "PROVIDERS", without_cases)
    registry.providers.cache_clear()
    try:
        plan = retention.preview(story["municipality"])
        assert plan.households == 0
        assert ("多機関協働ケース", 1) in plan.kept_back
        assert retention.anonymise_due(story["municipality"]).household_ids == []
    finally:
        registry.providers.cache_clear()
    assert Person.objects.get(pk=old["hanako"].pk).name == "佐々木 花子"


def test_the_policy_is_set_by_retention_staff_with_japanese_errors(
    story: dict[str, Any], client_for: Any
) -> None:
    city = client_for(story["users"]["city"])
    for bad, message in (
        ("0", "保存期間は1年以上にしてください。"),
        ("31", "保存期間は30年以下にしてください。"),
        ("五", "保存期間は年数（数字）で入力してください。"),
        ("", "保存期間を入力してください。"),
    ):
        response = city.post("/governance/retention/policy/", {"years": bad})
        assert response.status_code == 400 and message in response.content.decode(), bad
    assert not RetentionPolicy.objects.exists()
    assert not AuditEntry.objects.filter(action="retention.policy_updated").exists()
    assert (
        client_for(story["users"]["soudanin"])
        .post("/governance/retention/policy/", {"years": "3"})
        .status_code
        == 403
    )
    assert city.post("/governance/retention/policy/", {"years": "12"}).status_code == 302
    assert retention.retention_years(story["municipality"]) == 12
    entry = AuditEntry.objects.get(action="retention.policy_updated")
    assert entry.details == {"years": [5, 12]}
    # Twelve years from April 2016: the 2015 household is kept until 31 March 2028, and due the day after.
    _closed_household(story)
    with time_machine.travel(morning_of(dt.date(2028, 3, 31))):
        assert retention.preview(story["municipality"]).households == 0
    with time_machine.travel(morning_of(dt.date(2028, 4, 1))):
        assert retention.preview(story["municipality"]).households == 1


def test_apply_needs_the_confirmation(story: dict[str, Any], client_for: Any) -> None:
    old = _closed_household(story)
    response = client_for(story["users"]["city"]).post("/governance/retention/apply/", follow=True)
    assert "確認のチェックを入れてから実行してください。" in response.content.decode()
    assert Person.objects.get(pk=old["hanako"].pk).name == "佐々木 花子"
    assert not AuditEntry.objects.filter(action="retention.applied").exists()


def test_the_command_is_dry_by_default_and_applies_on_request(story: dict[str, Any]) -> None:
    old = _closed_household(story)
    with pytest.raises(CommandError, match="市町村コード 999999 の市町村はありません。"):
        call_command("retention", "--municipality", "999999")
    call_command("retention", "--municipality", story["municipality"].code, stdout=io.StringIO())
    assert Person.objects.get(pk=old["hanako"].pk).name == "佐々木 花子"
    out = io.StringIO()
    call_command("retention", "--municipality", story["municipality"].code, "--apply", stdout=out)
    assert "1世帯の個人情報を匿名化しました。" in out.getvalue()
    assert Person.objects.get(pk=old["hanako"].pk).name == "（匿名化済み）"
    run = AuditEntry.objects.get(action="retention.applied")
    assert run.actor is None and run.municipality == story["municipality"]


def test_retention_page_query_count_is_pinned(story: dict[str, Any], client_for: Any) -> None:
    city = client_for(story["users"]["city"])
    _closed_household(story)
    _count(city, "/governance/retention/")
    before = _count(city, "/governance/retention/")
    for _ in range(3):
        _closed_household(story)
    after = _count(city, "/governance/retention/")
    # session, user, memberships, the policy; one aggregate per kind of record in the inventory (18, the
    # meetings' items, the 相談経過, the outreach targets, the 参加支援 and 名寄せ's merges included); the 支援会議
    # items and the outreach targets tied to no household (2); the number of households due; the past runs.
    assert before == after == 26


def test_support_meeting_items_are_for_staff_to_weigh_and_not_in_the_document(
    story: dict[str, Any], client_for: Any
) -> None:
    """個人情報保護法第78条: whether 支援会議 items are disclosed is the staff's decision. The request page tells
    them how many there are; the PDF and the JSON do not say even that."""
    from kasane.meetings.models import AgendaItem, ItemKind

    meeting = factories.meeting_body(story)["meeting"]
    AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.SUPPORT_CASE,
        title="独居の高齢女性",
        person=story["r"]["mother"],
        situation="近所から様子が心配だと相談があった。",
    )
    city = client_for(story["users"]["city"])
    disclosure = _register(city, story, "R8-078")
    page = city.get(f"/governance/disclosures/{disclosure.pk}/").content.decode()
    assert "支援会議（社会福祉法第106条の6）の議題が1件あります" in page
    pdf_text = _pdf_text(city.post(f"/governance/disclosures/{disclosure.pk}/report.pdf").content)
    json_text = city.post(f"/governance/disclosures/{disclosure.pk}/report.json").content.decode()
    for document in (pdf_text, json_text):
        assert "支援会議" not in document.replace("重層的支援会議", "")
        assert "近所から様子が心配" not in document
