"""The platform (ハブラボ): who may record a session and what; nothing of the day (participants, record, an
attending organisation, a result) before the day; the organisations' formset rules and per-sector counts;
materials refused as events refuse them; the session's anonymous questionnaire from the platform starter,
answered at the public link only from the day, never shown to the prefecture; pages 200/403/404/405 and
query counts that do not grow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.community.models import (
    PlatformSession,
    ResultKind,
    Sector,
    SessionMaterial,
    SessionOrganisation,
    SessionResult,
)
from kasane.community.rules import CommunityError
from kasane.community.services import platform as services
from kasane.questionnaires import starters
from kasane.questionnaires.models import QuestionKind, Questionnaire, Response, Status
from kasane.resources.models import Organization, Service
from kasane.tenancy.models import Municipality
from tests.clock import morning_of
from tests.questionnaires.helpers import answer_data

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 15)
TOMORROW = DAY + dt.timedelta(days=1)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(morning_of(DAY), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def actor(user: User, municipality: Municipality) -> Actor:
    return Actor(user=user, municipality=municipality)


def client(user: User | None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def hablab(world: dict[str, Any], *, held_on: dt.date = DAY, **fields: Any) -> PlatformSession:
    """A session written straight to the table (the rules are the services')."""
    values: dict[str, Any] = {
        "municipality": world["municipality"],
        "title": "第3回ハブラボ",
        "theme": "農と福祉でつくる居場所",
        "organisers": "市 地域福祉課、市社会福祉協議会",
        **fields,
    }
    return PlatformSession.objects.create(held_on=held_on, **values)


def org(session: PlatformSession, name: str, sector: str, **fields: Any) -> SessionOrganisation:
    return SessionOrganisation.objects.create(session=session, name=name, sector=sector, **fields)


def register_entry(municipality: Municipality, name: str = "みどり農園カフェ") -> Service:
    group = Organization.objects.create(municipality=municipality, name=f"{name}の会")
    return Service.objects.create(
        municipality=municipality, organization=group, name=name, categories=["ibasho"]
    )


def upload(name: str = "当日資料.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# --- sessions ------------------------------------------------------------------------------------------------


def test_a_session_is_the_municipalitys_with_one_audit_entry(
    world: dict[str, Any], community_worker: User
) -> None:
    m = world["municipality"]
    session = PlatformSession(title="第1回ハブラボ", theme="つながり", held_on=TOMORROW, organisers="市")
    services.save_session(session, changed=["title"], actor=actor(community_worker, m))
    assert (session.municipality, session.created_by) == (m, community_worker)
    entry = AuditEntry.objects.get(action="community.session_saved")
    assert entry.details == {"created": True, "fields": ["title"]}


@pytest.mark.parametrize("who", ["viewer", "soudanin", "other_city"])
def test_only_community_editors_of_the_municipality_record_sessions(world: dict[str, Any], who: str) -> None:
    session = PlatformSession(title="第1回", theme="t", held_on=DAY, organisers="市")
    with pytest.raises(CommunityError, match="権限がありません"):
        services.save_session(session, actor=actor(world["users"][who], world["municipality"]))
    assert not PlatformSession.objects.exists()


def test_another_municipalitys_session_is_left_alone(world: dict[str, Any]) -> None:
    theirs = hablab(world, municipality=world["other_municipality"])
    me = actor(world["users"]["city"], world["municipality"])
    for change in (
        lambda: services.save_session(theirs, actor=me),
        lambda: services.delete_session(theirs, actor=me),
        lambda: services.save_organisations(
            theirs, [SessionOrganisation(name="a", sector="welfare")], actor=me
        ),
        lambda: services.add_result(theirs, SessionResult(kind="other", text="x"), actor=me),
        lambda: services.add_material(theirs, title="資料", upload=upload(), actor=me),
        lambda: services.create_session_questionnaire(theirs, actor=me),
    ):
        with pytest.raises(CommunityError, match="他の市町村"):
            change()
    assert PlatformSession.objects.filter(pk=theirs.pk).exists()
    assert not SessionOrganisation.objects.exists() and not SessionMaterial.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"participants": 30}, "開催日より前に参加者数は記録できません。"),
        ({"participants": 0}, "開催日より前に参加者数は記録できません。"),
        ({"record": "話し合ったこと"}, services.FUTURE_RECORD),
    ],
)
def test_nothing_of_the_day_before_the_day(
    world: dict[str, Any], community_worker: User, fields: dict[str, Any], message: str
) -> None:
    m = world["municipality"]
    session = PlatformSession(title="第1回", theme="t", held_on=TOMORROW, organisers="市", **fields)
    with pytest.raises(CommunityError, match=message):
        services.save_session(session, actor=actor(community_worker, m))
    session.held_on = DAY
    services.save_session(session, actor=actor(community_worker, m))


def test_a_session_cannot_move_ahead_of_the_organisations_that_came(
    world: dict[str, Any], community_worker: User
) -> None:
    session = hablab(world)
    org(session, "中町自治会", Sector.RESIDENTS, attended=True, attendees=2)
    session.held_on = TOMORROW
    with pytest.raises(CommunityError, match="参加した団体"):
        services.save_session(session, actor=actor(community_worker, world["municipality"]))


def test_the_questionnaire_opens_with_the_day_when_the_day_moves(
    world: dict[str, Any], community_worker: User
) -> None:
    me = actor(community_worker, world["municipality"])
    session = hablab(world, held_on=TOMORROW)
    questionnaire = services.create_session_questionnaire(session, actor=me)
    session.held_on = TOMORROW + dt.timedelta(days=7)
    services.save_session(session, changed=["held_on"], actor=me)
    questionnaire.refresh_from_db()
    assert questionnaire.opens_on == TOMORROW + dt.timedelta(days=7)


def test_deleting_a_session_takes_its_records_files_and_unanswered_questionnaire(
    world: dict[str, Any], community_worker: User, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    me = actor(community_worker, world["municipality"])
    session = hablab(world)
    org(session, "中町自治会", Sector.RESIDENTS)
    material = services.add_material(session, title="次第", upload=upload(), actor=me)
    stored = media / material.file.name
    assert stored.exists()
    questionnaire = services.create_session_questionnaire(session, actor=me)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_session(session, actor=me)
    assert not PlatformSession.objects.exists() and not SessionOrganisation.objects.exists()
    assert not Questionnaire.objects.filter(pk=questionnaire.pk).exists()
    assert not stored.exists()
    assert AuditEntry.objects.get(action="community.session_deleted").details["materials"] == 1


def test_a_session_with_answers_is_not_deleted(world: dict[str, Any], community_worker: User) -> None:
    me = actor(community_worker, world["municipality"])
    session = hablab(world)
    questionnaire = services.create_session_questionnaire(session, actor=me)
    Response.objects.create(questionnaire=questionnaire, submitted_at=morning_of(DAY))
    with pytest.raises(CommunityError, match="回答が届いている"):
        services.delete_session(session, actor=me)
    assert PlatformSession.objects.filter(pk=session.pk).exists()


# --- organisations -------------------------------------------------------------------------------------------


def test_organisations_saved_removed_and_counted_by_sector(
    world: dict[str, Any], community_worker: User
) -> None:
    me = actor(community_worker, world["municipality"])
    session = hablab(world)
    gone = org(session, "来なかった会社", Sector.BUSINESS)
    rows = [
        SessionOrganisation(name="市社会福祉協議会", sector=Sector.WELFARE, attended=True, attendees=3),
        SessionOrganisation(name="みどり農園", sector=Sector.AGRICULTURE, attended=True, attendees=1),
        SessionOrganisation(name="中町小学校", sector=Sector.EDUCATION, invited=True),
        SessionOrganisation(name="特養さくら", sector=Sector.WELFARE, invited=True),
    ]
    services.save_organisations(session, rows, [gone], actor=me)
    assert sorted(session.organisations.values_list("name", flat=True)) == sorted(r.name for r in rows)
    counts = {
        c.code: (c.invited, c.attended, c.attendees)
        for c in services.sector_counts(session.organisations.all())
    }
    assert counts["welfare"] == (2, 1, 3)
    assert counts["agriculture"] == (1, 1, 1)
    assert counts["education"] == (1, 0, 0)
    assert counts["business"] == (0, 0, 0)
    entry = AuditEntry.objects.get(action="community.organisation_saved")
    assert entry.details == {"saved": 4, "removed": 1, "attended": 2}


@pytest.mark.parametrize(
    ("held_on", "row", "message"),
    [
        (
            DAY,
            SessionOrganisation(name="A", sector="welfare", attended=False, attendees=2),
            "参加人数を入れるときは",
        ),
        (TOMORROW, SessionOrganisation(name="A", sector="welfare", attended=True), "開催日より前の回に"),
    ],
)
def test_organisation_rules(
    world: dict[str, Any], community_worker: User, held_on: dt.date, row: SessionOrganisation, message: str
) -> None:
    session = hablab(world, held_on=held_on)
    with pytest.raises(CommunityError, match=message):
        services.save_organisations(session, [row], actor=actor(community_worker, world["municipality"]))
    assert not SessionOrganisation.objects.exists()


def test_an_organisation_is_listed_once(world: dict[str, Any], community_worker: User) -> None:
    session = hablab(world)
    org(session, "中町自治会", Sector.RESIDENTS)
    with pytest.raises(CommunityError, match="同じ団体が2回"):
        services.save_organisations(
            session,
            [SessionOrganisation(name="中町自治会", sector="town")],
            actor=actor(community_worker, world["municipality"]),
        )


def test_another_sessions_organisation_is_not_changed_from_here(
    world: dict[str, Any], community_worker: User
) -> None:
    mine, other = hablab(world), hablab(world, title="第4回")
    theirs = org(other, "中町自治会", Sector.RESIDENTS)
    theirs.name = "書き換え"
    with pytest.raises(CommunityError, match="他の回"):
        services.save_organisations(mine, [theirs], actor=actor(community_worker, world["municipality"]))


# --- results and materials -----------------------------------------------------------------------------------


def test_results_from_the_day_with_a_register_entry_of_the_municipality(
    world: dict[str, Any], community_worker: User
) -> None:
    me = actor(community_worker, world["municipality"])
    future = hablab(world, held_on=TOMORROW)
    with pytest.raises(CommunityError, match="開催日より前に成果"):
        services.add_result(future, SessionResult(kind=ResultKind.QUESTION, text="問い"), actor=me)
    held = hablab(world)
    theirs = register_entry(world["other_municipality"], "となり町カフェ")
    with pytest.raises(CommunityError, match="他の市町村の社会資源"):
        services.add_result(held, SessionResult(kind=ResultKind.PLACE, text="x", service=theirs), actor=me)
    ours = register_entry(world["municipality"])
    result = services.add_result(
        held, SessionResult(kind=ResultKind.PLACE, text="農園カフェ", service=ours), actor=me
    )
    assert AuditEntry.objects.get(action="community.result_saved").details == {
        "session": held.pk,
        "kind": "place",
        "service": ours.pk,
    }
    services.delete_result(result, actor=me)
    assert not SessionResult.objects.exists()
    assert AuditEntry.objects.filter(action="community.result_deleted").count() == 1


def test_a_renamed_exe_is_not_a_pdf(world: dict[str, Any], community_worker: User) -> None:
    with pytest.raises(CommunityError, match="ファイルの中身がPDF"):
        services.add_material(
            hablab(world),
            title="資料",
            upload=upload("資料.pdf", EXE),
            actor=actor(community_worker, world["municipality"]),
        )
    assert not SessionMaterial.objects.exists()


def test_a_file_past_twenty_megabytes_is_refused(world: dict[str, Any], community_worker: User) -> None:
    big = upload("記録.pdf", PDF + b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(CommunityError, match="20MBまで"):
        services.add_material(
            hablab(world), title="資料", upload=big, actor=actor(community_worker, world["municipality"])
        )


def test_a_material_is_kept_with_its_name_and_size(
    world: dict[str, Any], community_worker: User, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    me = actor(community_worker, world["municipality"])
    material = services.add_material(
        hablab(world), title="次第", upload=upload("次第（第3回）.pdf"), actor=me
    )
    assert (material.original_name, material.size) == ("次第（第3回）.pdf", len(PDF))
    assert material.file.name.endswith(".pdf") and "次第" not in material.file.name
    stored = media / material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_material(material, actor=me)
    assert not stored.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"community.material_added", "community.material_deleted"} <= actions


# --- the questionnaire ---------------------------------------------------------------------------------------


def test_the_questionnaire_comes_from_the_platform_starter(
    world: dict[str, Any], community_worker: User
) -> None:
    m = world["municipality"]
    session = hablab(world, held_on=TOMORROW)
    questionnaire = services.create_session_questionnaire(session, actor=actor(community_worker, m))
    session.refresh_from_db()
    assert session.questionnaire == questionnaire
    assert (questionnaire.municipality, questionnaire.prefecture, questionnaire.created_by) == (
        m,
        m.prefecture,
        community_worker,
    )
    assert questionnaire.anonymous and not questionnaire.one_answer_per_link
    assert (questionnaire.opens_on, questionnaire.status) == (TOMORROW, Status.DRAFT)
    assert questionnaire.questions.count() == len(starters.PLATFORM.questions)
    category = questionnaire.questions.get(kind=QuestionKind.CATEGORY)
    assert tuple(category.choices.values_list("label", flat=True)) == starters.PLATFORM_SECTORS
    assert "platform" not in starters.STARTERS
    assert AuditEntry.objects.get(action="questionnaire.created").details["starter"] == "platform"
    assert AuditEntry.objects.get(action="community.questionnaire_created").object_id == str(session.pk)
    with pytest.raises(CommunityError, match="すでに"):
        services.create_session_questionnaire(session, actor=actor(community_worker, m))


def test_opening_and_closing(world: dict[str, Any], community_worker: User) -> None:
    me = actor(community_worker, world["municipality"])
    session = hablab(world)
    with pytest.raises(CommunityError, match="アンケートがありません"):
        services.set_questionnaire_open(session, True, actor=me)
    questionnaire = services.create_session_questionnaire(session, actor=me)
    services.set_questionnaire_open(session, True, actor=me)
    questionnaire.refresh_from_db()
    assert questionnaire.status == Status.OPEN
    services.set_questionnaire_open(session, False, actor=me)
    questionnaire.refresh_from_db()
    assert questionnaire.status == Status.CLOSED
    with pytest.raises(CommunityError, match="権限がありません"):
        services.set_questionnaire_open(
            session, True, actor=actor(world["users"]["viewer"], world["municipality"])
        )


def _open_questionnaire(world: dict[str, Any], user: User, held_on: dt.date = DAY) -> PlatformSession:
    me = actor(user, world["municipality"])
    session = hablab(world, held_on=held_on)
    services.create_session_questionnaire(session, actor=me)
    services.set_questionnaire_open(session, True, actor=me)
    session.refresh_from_db()
    return session


def test_answered_at_the_public_link_from_the_day_only(
    world: dict[str, Any], community_worker: User, clock: Any
) -> None:
    session = _open_questionnaire(world, community_worker, held_on=TOMORROW)
    questionnaire = session.questionnaire
    assert questionnaire is not None
    public = Client()
    page = public.get(f"/q/{questionnaire.slug}/").content.decode()
    assert "まだ回答を受け付けていません" in page
    public.post(f"/q/{questionnaire.slug}/", answer_data(questionnaire))
    assert not Response.objects.exists()
    clock.move_to(morning_of(TOMORROW))
    page = public.get(f"/q/{questionnaire.slug}/").content.decode()
    assert "まちづくり" in page  # the sectors are the respondent categories
    response = public.post(f"/q/{questionnaire.slug}/", answer_data(questionnaire))
    assert response.status_code == 302
    assert Response.objects.filter(questionnaire=questionnaire).count() == 1


def test_the_prefecture_never_sees_a_hablab_questionnaire(
    world: dict[str, Any], community_worker: User
) -> None:
    session = _open_questionnaire(world, community_worker)
    questionnaire = session.questionnaire
    assert questionnaire is not None
    ken = client(world["users"]["prefecture"])
    listing = ken.get("/questionnaires/")
    assert listing.status_code == 200
    assert questionnaire.title not in listing.content.decode()
    for page in ("", "results/", "handout/", "free-text/"):
        assert ken.get(f"/questionnaires/{questionnaire.pk}/{page}").status_code == 404, page


# --- pages ---------------------------------------------------------------------------------------------------


def _everything(world: dict[str, Any], user: User) -> dict[str, Any]:
    session = _open_questionnaire(world, user)
    me = actor(user, world["municipality"])
    material = services.add_material(session, title="次第", upload=upload(), actor=me)
    result = services.add_result(session, SessionResult(kind=ResultKind.QUESTION, text="問い"), actor=me)
    return {"s": session.pk, "m": material.pk, "r": result.pk}


READ_PAGES = (
    "/community/sessions/",
    "/community/sessions/{s}/",
    "/community/materials/{m}/",
    "/community/sessions/{s}/questionnaire/handout/",
    "/community/sessions/{s}/questionnaire/results/",
)
EDIT_PAGES = (
    "/community/sessions/new/",
    "/community/sessions/{s}/edit/",
    "/community/sessions/{s}/organisations/",
    "/community/sessions/{s}/materials/new/",
)
POSTS = (
    "/community/sessions/{s}/delete/",
    "/community/sessions/{s}/results/new/",
    "/community/results/{r}/delete/",
    "/community/materials/{m}/delete/",
    "/community/sessions/{s}/questionnaire/",
    "/community/sessions/{s}/questionnaire/status/",
)


def test_who_opens_which_page(world: dict[str, Any], community_worker: User) -> None:
    ids = _everything(world, community_worker)
    viewer, worker, anonymous = client(world["users"]["viewer"]), client(community_worker), client(None)
    for page in READ_PAGES:
        url = page.format(**ids)
        assert viewer.get(url).status_code == 200, url
        assert anonymous.get(url).status_code == 302, url
    for page in EDIT_PAGES:
        url = page.format(**ids)
        assert viewer.get(url).status_code == 403, url
        assert worker.get(url).status_code == 200, url
    for page in POSTS:
        url = page.format(**ids)
        assert viewer.post(url).status_code == 403, url
        assert worker.get(url).status_code == 405, url
    assert client(world["users"]["prefecture"]).get("/community/sessions/").status_code == 403


def test_another_municipality_gets_404(world: dict[str, Any], community_worker: User) -> None:
    ids = _everything(world, community_worker)
    outsider = client(world["users"]["other_city"])
    for page in READ_PAGES[1:] + EDIT_PAGES[1:]:
        url = page.format(**ids)
        assert outsider.get(url).status_code == 404, url
    for page in POSTS:
        url = page.format(**ids)
        assert outsider.post(url, {"action": "close"}).status_code == 404, url
    assert PlatformSession.objects.filter(pk=ids["s"]).exists() and SessionResult.objects.exists()
    assert SessionMaterial.objects.exists()
    assert "第3回ハブラボ" not in outsider.get("/community/sessions/").content.decode()


def test_no_handout_or_results_without_a_questionnaire(world: dict[str, Any]) -> None:
    session = hablab(world)
    viewer = client(world["users"]["viewer"])
    for page in ("handout", "results"):
        assert viewer.get(f"/community/sessions/{session.pk}/questionnaire/{page}/").status_code == 404


def session_data(**fields: Any) -> dict[str, Any]:
    return {
        "title": "第5回ハブラボ",
        "theme": "子どもの居場所と企業",
        "held_on": "R8.7.10",
        "starts_at": "13:30",
        "ends_at": "16:00",
        "venue": "市民交流プラザ",
        "organisers": "市 地域福祉課",
        "programme": "13:30 開会\n13:40 話題提供\n14:30 対話",
        "participants": "",
        "record": "",
        **fields,
    }


def test_registering_a_session_and_the_list(world: dict[str, Any], community_worker: User) -> None:
    worker = client(community_worker)
    response = worker.post("/community/sessions/new/", session_data())
    session = PlatformSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/community/sessions/{session.pk}/"
    assert (session.starts_at, session.ends_at) == (dt.time(13, 30), dt.time(16, 0))
    held = hablab(world, title="第2回ハブラボ", held_on=DAY - dt.timedelta(days=30), participants=40)
    org(held, "みどり農園", Sector.AGRICULTURE, attended=True, attendees=2)
    org(held, "中町小学校", Sector.EDUCATION, invited=True)
    page = worker.get("/community/sessions/").content.decode()
    assert "予定" in page and "開催済" in page
    assert '<span class="tag">農業</span>' in page and '<span class="tag">教育</span>' not in page
    detail = worker.get(f"/community/sessions/{session.pk}/").content.decode()
    assert "<li>13:40 話題提供</li>" in detail


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"participants": "25"}, "開催日より前に参加者数は記録できません。"),
        ({"record": "話し合ったこと"}, services.FUTURE_RECORD),
        ({"ends_at": "13:00"}, services.ENDS_BEFORE_START),
        ({"theme": ""}, "テーマを入力してください。"),
    ],
)
def test_the_session_form_refuses_with_a_clear_message(
    world: dict[str, Any], community_worker: User, fields: dict[str, str], message: str
) -> None:
    response = client(community_worker).post("/community/sessions/new/", session_data(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PlatformSession.objects.exists()


def _formset(rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {
        "org-TOTAL_FORMS": str(len(rows)),
        "org-INITIAL_FORMS": str(initial),
        "org-MIN_NUM_FORMS": "0",
        "org-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if value is not False:
                data[f"org-{i}-{key}"] = "on" if value is True else value
    return data


def test_the_organisations_page(world: dict[str, Any], community_worker: User) -> None:
    session = hablab(world)
    kept = org(session, "中町自治会", Sector.RESIDENTS)
    gone = org(session, "来なかった会社", Sector.BUSINESS)
    worker = client(community_worker)
    url = f"/community/sessions/{session.pk}/organisations/"
    data = _formset(
        [
            {"id": str(kept.pk), "name": "中町自治会", "sector": "residents", "invited": True, "attended": True, "attendees": "2"},
            {"id": str(gone.pk), "name": "来なかった会社", "sector": "business", "invited": True, "attendees": "0", "DELETE": True},
            {"name": "みどり農園", "sector": "agriculture", "invited": True, "attended": True, "attendees": "1"},
        ],
        initial=2,
    )  # fmt: skip
    response = worker.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert sorted(session.organisations.values_list("name", "attended", "attendees")) == [
        ("みどり農園", True, 1),
        ("中町自治会", True, 2),
    ]
    page = worker.get(f"/community/sessions/{session.pk}/").content.decode()
    assert (
        '<th scope="row">農業</th><td class="num">1</td><td class="num">1</td><td class="num">1</td>' in page
    )


@pytest.mark.parametrize(
    ("held_on", "row", "message"),
    [
        (
            DAY,
            {"name": "A", "sector": "welfare", "invited": True, "attendees": "3"},
            "参加人数を入れるときは",
        ),
        (
            TOMORROW,
            {"name": "A", "sector": "welfare", "attended": True, "attendees": "0"},
            "開催日より前の回に",
        ),
    ],
)
def test_the_organisations_page_refuses(
    world: dict[str, Any], community_worker: User, held_on: dt.date, row: dict[str, Any], message: str
) -> None:
    session = hablab(world, held_on=held_on)
    response = client(community_worker).post(
        f"/community/sessions/{session.pk}/organisations/", _formset([row])
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SessionOrganisation.objects.exists()


def test_the_organisations_page_refuses_a_name_twice(world: dict[str, Any], community_worker: User) -> None:
    session = hablab(world)
    row = {"name": "中町自治会", "sector": "residents", "invited": True, "attendees": "0"}
    response = client(community_worker).post(
        f"/community/sessions/{session.pk}/organisations/", _formset([row, row])
    )
    assert response.status_code == 400
    assert "同じ団体が2回入っています：中町自治会" in response.content.decode()


def test_a_question_for_the_council_is_shown_first(world: dict[str, Any], community_worker: User) -> None:
    session = hablab(world)
    worker = client(community_worker)
    url = f"/community/sessions/{session.pk}/results/new/"
    worker.post(
        url, {"result-kind": "collaboration", "result-text": "農園と学校の連携", "result-service": ""}
    )
    worker.post(
        url,
        {
            "result-kind": "question",
            "result-text": "送迎の仕組みを市全体で考えられないか",
            "result-service": "",
        },
    )
    assert SessionResult.objects.count() == 2
    page = worker.get(f"/community/sessions/{session.pk}/").content.decode()
    council = page.index("全体推進会議への問い</h2>")
    assert council < page.index("送迎の仕組みを市全体で考えられないか") < page.index("生まれたこと（成果）")
    response = worker.post(
        url, {"result-kind": "question", "result-text": "", "result-service": ""}, follow=True
    )
    assert "内容を入力してください。" in response.content.decode()
    assert SessionResult.objects.count() == 2


def test_uploading_and_downloading_a_material(world: dict[str, Any], community_worker: User) -> None:
    session = hablab(world)
    worker = client(community_worker)
    url = f"/community/sessions/{session.pk}/materials/new/"
    refused = worker.post(url, {"title": "スライド", "file": upload("スライド.pdf", EXE)})
    assert refused.status_code == 400
    assert "ファイルの中身がPDF（.pdf）ではありません" in refused.content.decode()
    refused = worker.post(url, {"title": "スライド", "file": upload("setup.exe", EXE)})
    assert "この種類のファイル（.exe）は登録できません" in refused.content.decode()
    assert not SessionMaterial.objects.exists()
    assert worker.post(url, {"title": "スライド", "file": upload("スライド.pdf")}).status_code == 302
    material = SessionMaterial.objects.get()
    download = client(world["users"]["viewer"]).get(f"/community/materials/{material.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert "attachment" in download["Content-Disposition"]


def test_the_questionnaire_from_the_session_page(world: dict[str, Any], community_worker: User) -> None:
    session = hablab(world)
    worker = client(community_worker)
    worker.post(f"/community/sessions/{session.pk}/questionnaire/")
    session.refresh_from_db()
    questionnaire = session.questionnaire
    assert questionnaire is not None and questionnaire.status == Status.DRAFT
    worker.post(f"/community/sessions/{session.pk}/questionnaire/status/", {"action": "open"})
    questionnaire.refresh_from_db()
    assert questionnaire.status == Status.OPEN
    handout = worker.get(f"/community/sessions/{session.pk}/questionnaire/handout/").content.decode()
    assert f"http://testserver/q/{questionnaire.slug}/" in handout
    assert "<svg" in handout and "qr-code" in handout
    worker.post(f"/community/sessions/{session.pk}/questionnaire/status/", {"action": "close"})
    questionnaire.refresh_from_db()
    assert questionnaire.status == Status.CLOSED


def _answer(questionnaire: Questionnaire, sector: str, idea: str) -> None:
    questions = list(questionnaire.questions.prefetch_related("choices"))
    category = next(q for q in questions if q.kind == QuestionKind.CATEGORY)
    texts = [q for q in questions if q.kind == QuestionKind.TEXT]
    data = answer_data(questionnaire, **{f"q{category.pk}": str(category.choices.get(label=sector).pk)})
    data[f"q{texts[0].pk}"] = idea
    data[f"q{texts[1].pk}"] = ""
    assert Client().post(f"/q/{questionnaire.slug}/", data).status_code == 302


def test_the_results_page(world: dict[str, Any], community_worker: User) -> None:
    session = _open_questionnaire(world, community_worker)
    questionnaire = session.questionnaire
    assert questionnaire is not None
    url = f"/community/sessions/{session.pk}/questionnaire/results/"
    viewer = client(world["users"]["viewer"])
    assert "まだ回答がありません" in viewer.get(url).content.decode()
    _answer(questionnaire, "農業", "畑でサロンを開きたい")
    _answer(questionnaire, "教育", "放課後に子どもと農作業")
    _answer(questionnaire, "農業", "収穫祭を一緒に")
    page = viewer.get(url).content.decode()
    assert "回答が5件未満のため、割合は参考値です。" in page
    assert '<strong class="result-total">3件</strong>' in page
    # Three answers: a reader who does not record the ハブラボ gets the figures, not the words, which with
    # so few respondents could say who wrote them.
    assert "畑でサロンを開きたい" not in page
    assert "自由記述は回答者がわからないよう、ハブラボを記録する職員だけに表示します" in page
    page = client(community_worker).get(url).content.decode()
    # A chart for each of the five choice questions (sector, age, two scales, wanting to work together).
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 5
    # The ideas by sector, in the sectors' order.
    assert (
        page.index("教育（1件）")
        < page.index("放課後に子どもと農作業")
        < page.index("農業（2件）")
        < page.index("畑でサロンを開きたい")
    )
    for i in range(2):
        _answer(questionnaire, "住民", f"感想{i}")
    page = viewer.get(url).content.decode()
    assert "回答が5件未満" not in page
    assert "畑でサロンを開きたい" in page


# --- query counts --------------------------------------------------------------------------------------------


def _queries(c: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert c.get(url).status_code == 200, url
    return len(captured)


def _fill(world: dict[str, Any], session: PlatformSession, n: int, tag: str) -> None:
    for i in range(n):
        org(session, f"{tag}団体{i}", Sector.values[i % len(Sector.values)], attended=True, attendees=1)
        SessionResult.objects.create(session=session, kind=ResultKind.values[i % 4], text=f"{tag}成果{i}",
                                     service=register_entry(world["municipality"], f"{tag}場{i}"))  # fmt: skip
        SessionMaterial.objects.create(
            session=session, title=f"{tag}資料{i}", file=f"community/x{tag}{i}.pdf"
        )


def test_query_counts_do_not_grow(
    world: dict[str, Any], community_worker: User, django_assert_num_queries: Any
) -> None:
    session = _open_questionnaire(world, community_worker)
    assert session.questionnaire is not None
    _fill(world, session, 1, "a")
    _answer(session.questionnaire, "農業", "a")
    worker = client(community_worker)
    worker.get("/community/sessions/")  # the first request of a session settles its municipality
    pages = ["/community/sessions/", f"/community/sessions/{session.pk}/",
             f"/community/sessions/{session.pk}/questionnaire/results/",
             f"/community/sessions/{session.pk}/organisations/"]  # fmt: skip
    few = [_queries(worker, url) for url in pages]
    _fill(world, session, 12, "b")
    for i in range(6):
        other = hablab(world, title=f"第{i + 10}回")
        _fill(world, other, 2, f"c{i}")
        services.create_session_questionnaire(other, actor=actor(community_worker, world["municipality"]))
    for i in range(4):
        _answer(session.questionnaire, "教育", f"b{i}")
    assert [_queries(worker, url) for url in pages] == few
    # The session, the user and their memberships; then the page's own: the list's count, its rows and the
    # organisations that came; the session, its organisations, results, materials, respondents and the
    # register for the result form; the questionnaire's questions, choices, responses and answers.
    with django_assert_num_queries(3 + 3):
        worker.get(pages[0])
    with django_assert_num_queries(3 + 6):
        worker.get(pages[1])
    with django_assert_num_queries(3 + 5):
        worker.get(pages[2])
