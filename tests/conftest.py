"""Shared test fixtures: data built in code, never loaded from the demo."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client, TransactionTestCase
from django.utils import timezone

from kasane.accounts.models import Membership, Role, User
from kasane.agencies.models import Agency, AgencyKind, AgencyTopic, OperationForm, SupportField, Topic
from kasane.casework.models import DecisionKind, Outcome, Plan, PlanKind, PlanStatus
from kasane.community.models import (
    Coordination,
    Gathering,
    Place,
    PlatformSession,
    SessionMaterial,
    SessionOrganisation,
    SessionResult,
)
from kasane.lib.dates import today
from kasane.meetings.models import Decision
from kasane.outreach.models import AgencyVisit, HomeVisit, Source
from kasane.participation.models import (
    Assessment,
    Development,
    Engagement,
    FollowUp,
    HostConsent,
    Origin,
    Placement,
    Stage,
    StageChange,
)
from kasane.programme.models import Indicator, PlanPeriod, PlanVersion, SurveyMeasure
from kasane.programme.models import Source as IndicatorSource
from kasane.questionnaires.models import Choice, Question, QuestionKind, Questionnaire
from kasane.questionnaires.models import Status as QuestionnaireStatus
from kasane.resources.models import Location, Organization, Schedule, Service
from kasane.tenancy.models import Area, Municipality, Prefecture

from . import factories
from .clock import pinned_date, start_travel

PASSWORD = "kasane-test-pass-2026"
# Screenshots and rendered pages, kept to be looked at (tests/artifacts/, ignored by git). A run on PostgreSQL
# keeps its own in tests/artifacts/postgres/: CI runs both engines at once, and a test that clears its old
# pages before rendering must not clear the other run's.
ARTIFACTS = Path(__file__).parent / "artifacts" / ("postgres" if os.environ.get("DATABASE_URL") else "")
ARTIFACTS.mkdir(parents=True, exist_ok=True)
IN_CI = os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Locally a missing tool skips with its reason; in CI nothing may be skipped."""
    if IN_CI:
        pytest.fail(f"CI では省略できません: {reason}")
    pytest.skip(reason)


def pytest_configure(config: pytest.Config) -> None:
    """KASANE_TEST_TODAY pins the whole run to a date (tests/clock.py)."""
    start_travel()


def pytest_report_header(config: pytest.Config) -> str:
    day = pinned_date()
    return f"today: {day.isoformat()} (KASANE_TEST_TODAY)" if day else "today: the real date"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI nothing may be skipped: a skip there means a missing install step, so the run fails."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if IN_CI and skipped:
        for report in skipped:
            reporter.write_line(f"CI では省略できません: {report.nodeid} {report.longrepr}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    # Argon2 is the configured hasher (tested in tests/accounts/test_login_and_staff.py); tests that only need *a* hash use MD5.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _audit_heads_apart(settings: Any, tmp_path: Path) -> None:
    # Each test's audit trail starts empty, so its published heads must not meet another test's.
    settings.AUDIT_HEAD_DIR = tmp_path / "audit_heads"


@pytest.fixture
def prefecture(db: None) -> Prefecture:
    return Prefecture.objects.get_or_create(code="03", defaults={"name": "岩手県"})[0]


@pytest.fixture
def municipality(prefecture: Prefecture) -> Municipality:
    return Municipality.objects.create(
        prefecture=prefecture, code="030001", name="テスト市", population=90000
    )


@pytest.fixture
def other_municipality(prefecture: Prefecture) -> Municipality:
    return Municipality.objects.create(
        prefecture=prefecture, code="030002", name="となり町", population=12000
    )


@pytest.fixture
def areas(municipality: Municipality) -> dict[str, Area]:
    north = Area.objects.create(
        municipality=municipality, name="北部圏域", towns="北町\n北上町\n山田", sort_order=1
    )
    south = Area.objects.create(municipality=municipality, name="南部圏域", towns="南町\n港町", sort_order=2)
    return {"north": north, "south": south}


MakeAgency = Callable[..., Agency]


@pytest.fixture
def make_agency(prefecture: Prefecture) -> MakeAgency:
    def make(
        municipality: Municipality | None,
        name: str,
        *,
        kind: str = AgencyKind.HOUKATSU,
        area: Area | None = None,
        fields: tuple[str, ...] = ("elderly",),
        topics: dict[str, int] | None = None,
        **extra: Any,
    ) -> Agency:
        agency = Agency(
            prefecture=prefecture,
            municipality=municipality,
            name=name,
            kind=kind,
            operation_form=extra.pop("operation_form", OperationForm.DIRECT),
            area=area,
            phone=extra.pop("phone", "0197-00-0000"),
            handles_text=extra.pop("handles_text", f"{name}が受ける相談の説明です。"),
            **extra,
        )
        agency.refresh_search_text()
        agency.save()
        agency.support_fields.set(SupportField.objects.filter(code__in=fields))
        for topic_name, level in (topics or {}).items():
            AgencyTopic.objects.create(agency=agency, topic=Topic.objects.get(name=topic_name), level=level)
        return agency

    return make


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(db: None) -> MakeUser:
    def make(username: str, agency: Agency | None = None, role: str = "soudanin", **extra: Any) -> User:
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            full_name=extra.pop("full_name", f"{username} 職員"),
            **extra,
        )
        if agency is not None:
            Membership.objects.create(user=user, agency=agency, role=Role.objects.get(code=role))
        return user

    return make


@pytest.fixture
def world(
    municipality: Municipality,
    other_municipality: Municipality,
    areas: dict[str, Area],
    make_agency: MakeAgency,
    make_user: MakeUser,
) -> dict[str, Any]:
    """A small municipality with agencies and one user per role, and a neighbour with its own staff."""
    houkatsu_north = make_agency(
        municipality,
        "北部地域包括支援センター",
        area=areas["north"],
        topics={"認知症": 1, "介護": 1, "8050": 2},
    )
    houkatsu_south = make_agency(
        municipality, "南部地域包括支援センター", area=areas["south"], topics={"認知症": 1, "介護": 1}
    )
    shakyo = make_agency(
        municipality,
        "テスト市社会福祉協議会",
        kind=AgencyKind.SHAKYO,
        fields=("poverty", "other"),
        topics={"ひきこもり": 1, "8050": 1, "生活困窮": 1},
        operation_form=OperationForm.CONTRACTED,
        contractor="社会福祉法人テスト市社会福祉協議会",
        handles_text="ひきこもりや8050の世帯など、複数の課題を抱える世帯の相談を受けます。",
    )
    division = make_agency(
        municipality, "地域福祉課", kind=AgencyKind.CITY_DIVISION, fields=("other",), topics={"ひきこもり": 2}
    )
    other_agency = make_agency(other_municipality, "となり町地域包括支援センター", topics={"ひきこもり": 1})
    prefectural = make_agency(None, "岩手県地域福祉課", kind=AgencyKind.PREFECTURE, fields=("other",))
    users = {
        "soudanin": make_user("soudanin", houkatsu_north, "soudanin"),
        "coordinator": make_user("kyodo", shakyo, "coordinator"),
        "city": make_user("shi", division, "city_program"),
        "agency_admin": make_user("kikan", houkatsu_north, "agency_admin"),
        "prefecture": make_user("ken", prefectural, "prefecture"),
        "viewer": make_user("etsuran", shakyo, "viewer"),
        "other_city": make_user("tonari", other_agency, "city_program"),
        "other_admin": make_user("kikan_south", houkatsu_south, "agency_admin"),
    }
    return {
        "municipality": municipality,
        "other_municipality": other_municipality,
        "areas": areas,
        "agencies": {
            "houkatsu_north": houkatsu_north,
            "houkatsu_south": houkatsu_south,
            "shakyo": shakyo,
            "division": division,
            "other": other_agency,
            "prefectural": prefectural,
        },
        "users": users,
    }


@pytest.fixture
def matrix_world(world: dict[str, Any], make_user: MakeUser, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """The access matrix's world (tests/access/): ``world`` with a 相談員 of 南部包括 (``other_agency``), the 8050
    household's records (``r``: factories.journey) and the 包括的支援会議 with its §106-6 item (``m``:
    factories.matrix_meetings, which adds the ``pledged`` and ``unpledged`` members) and the 社協's outreach for the
    household's son (``o``: matrix_outreach) and the 社協's 参加支援 for him (``p``: matrix_participation)."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the ハブラボ's handout (matrix_community)
    world["users"]["other_agency"] = make_user("south", world["agencies"]["houkatsu_south"], "soudanin")
    world["r"] = factories.journey(world)
    world["m"] = factories.matrix_meetings(world, make_user)
    world["o"] = matrix_outreach(world)
    world["p"] = BuiltOnFirstRead(lambda: matrix_participation(world))
    world["c"] = BuiltOnFirstRead(lambda: matrix_community(world))
    world["plan"] = BuiltOnFirstRead(lambda: matrix_plan(world))
    return world


class BuiltOnFirstRead(dict[str, Any]):
    """Records made the first time one of them is read. The matrix world's 参加支援 approves a plan of the
    household's case and opens an engagement for the son: the many tests on this world that never read
    ``world["p"]`` count decisions and start engagements of their own, and keep the world they were written on."""

    def __init__(self, build: Callable[[], dict[str, Any]]) -> None:
        super().__init__()
        self.build: Callable[[], dict[str, Any]] | None = build

    def __missing__(self, key: str) -> Any:
        if self.build is None:
            raise KeyError(key)
        build, self.build = self.build, None
        self.update(build())
        return self[key]


def matrix_outreach(world: dict[str, Any]) -> dict[str, Any]:
    """The access matrix's outreach (kasane.outreach): the 社協's target for the 8050 household's son, raised at
    the §106-6 item (a pointer, never a copy), with one contact, a home visit nobody has confirmed the return
    of yet, and the agency visit through which the 社協 heard of him."""
    users, agencies = world["users"], world["agencies"]
    visit = AgencyVisit.objects.create(
        municipality=world["municipality"],
        agency=agencies["shakyo"],
        on=world["m"]["meeting"].held_on,
        counterpart="北町自治会 会長",
        result="長く外出していない息子さんがいる世帯があると聞いた。",
        author=users["coordinator"],
        author_name=users["coordinator"].full_name,
    )
    target = factories.outreach_target(
        world,
        person=world["r"]["son"],
        source=Source.SUPPORT_MEETING,
        meeting_item=world["m"]["support_item"],
        agency_visit=visit,
    )
    contact = factories.outreach_contact(target, outcome="family_talked", with_whom="family")
    now = timezone.now()
    home_visit = HomeVisit.objects.create(
        target=target,
        agency=agencies["shakyo"],
        visitor=users["coordinator"],
        visitor_name=users["coordinator"].full_name,
        leaves_at=now,
        expected_back_at=now + dt.timedelta(hours=2),
    )
    return {"target": target, "contact": contact, "home_visit": home_visit, "agency_visit": visit}


def matrix_participation(world: dict[str, Any]) -> dict[str, Any]:
    """The access matrix's 参加支援 (kasane.participation): the 社協 (the hub) runs it for the 8050 household's son
    from its case, whose 参加支援 plan the 重層的支援会議 approved today, with an assessment and a placement at a
    farm of the register in 体験, the host consent and a follow-up due today; and a 資源開拓 for the resource gap
    the meeting raised (matrix_meetings)."""
    users, agencies, case, day = world["users"], world["agencies"], world["r"]["case"], today()
    coordinator, name = users["coordinator"], users["coordinator"].full_name
    plan = Plan.objects.create(
        case=case, kind=PlanKind.PARTICIPATION, version=1, status=PlanStatus.APPROVED,
        long_term_goal="地域で役割を持つ", short_term_goals="週1回、畑の作業に参加する", author_name=name,
    )  # fmt: skip
    Decision.objects.create(
        case=case, plan=plan, kind=DecisionKind.PLAN_APPROVAL, outcome=Outcome.APPROVED, decided_on=day,
        attendees="", recorded_by_name=name,
    )  # fmt: skip
    m = world["municipality"]
    farm = Organization.objects.create(municipality=m, name="みどり農園", kind="farm")
    north = world["areas"]["north"]
    place = Location.objects.create(municipality=m, organization=farm, name="みどり農園", area=north)
    service = Service.objects.create(
        municipality=m, organization=farm, location=place, name="みどり農園 就労体験",
        categories=["farm", "work_experience"], suits_shy=True, hosts_participants=True,
    )  # fmt: skip
    Schedule.objects.create(service=service, byday="TU,TH", opens_at=dt.time(9), closes_at=dt.time(12))
    engagement = Engagement.objects.create(
        municipality=m, owner_agency=agencies["shakyo"], person=world["r"]["son"], origin=Origin.CASE,
        case=case, started_on=day, lead_user=coordinator,
    )  # fmt: skip
    Assessment.objects.create(
        engagement=engagement, version=1, assessed_on=day, wishes="土をさわる仕事をしてみたい", days=["TU"],
        author=coordinator, author_name=name,
    )  # fmt: skip
    placement = Placement.objects.create(
        engagement=engagement, service=service, stage=Stage.TRIAL, proposed_on=day
    )
    for before, stage in (("", Stage.PROPOSED), (Stage.PROPOSED, Stage.TRIAL)):
        StageChange.objects.create(
            placement=placement, from_stage=before, to_stage=stage, on=day, author_name=name
        )
    consent = HostConsent.objects.create(
        placement=placement, fields=["name", "days"], obtained_on=day, method="written",
        obtained_by=coordinator, obtained_by_name=name,
    )  # fmt: skip
    follow_up = FollowUp.objects.create(placement=placement, due_on=day, author_name=name)
    development = Development.objects.create(
        municipality=m, agency=agencies["shakyo"], title="夜に通える居場所", gap=world["m"]["gap"],
        need="昼夜逆転の若者が通える場がない。", opened_on=day,
    )  # fmt: skip
    return {
        "engagement": engagement,
        "service": service,
        "placement": placement,
        "consent": consent,
        "follow_up": follow_up,
        "development": development,
    }


def matrix_plan(world: dict[str, Any]) -> dict[str, Any]:
    """The access matrix's 実施計画 (kasane.programme): a plan period of the municipality with an indicator from
    the records and one from a resident survey, measured by a question of the municipality's questionnaire."""
    m, year = world["municipality"], today().year
    period = PlanPeriod.objects.create(
        municipality=m, title="第1期 実施計画", first_year=year - 2, last_year=year + 2
    )
    records = Indicator.objects.create(
        period=period, number=1, name="支援会議実施回数", source=IndicatorSource.RECORDS,
        measure="support_meetings_held", unit="回", baseline_year=year - 3, target=12, target_year=year + 2,
    )  # fmt: skip
    survey = Indicator.objects.create(
        period=period, number=2, name="身近に頼れる人がいると思う市民の割合", source=IndicatorSource.CITIZEN_SURVEY,
        unit="%", baseline=52, baseline_year=year - 3, target=60, target_year=year + 2,
    )  # fmt: skip
    questionnaire = Questionnaire.objects.create(
        prefecture=m.prefecture, municipality=m, title="市民意識調査", created_by=world["users"]["city"]
    )
    question = Question.objects.create(
        questionnaire=questionnaire, order=1, kind=QuestionKind.SINGLE, text="身近に頼れる人はいますか"
    )
    yes = Choice.objects.create(question=question, order=1, label="いる")
    Choice.objects.create(question=question, order=2, label="いない")
    measure = SurveyMeasure.objects.create(indicator=survey, fiscal_year=year - 1, question=question)
    measure.counted.set([yes])
    # Published, with its 公表版 kept: what the prefecture may read.
    PlanPeriod.objects.filter(pk=period.pk).update(status="published", published_on=today())
    published = PlanVersion.objects.create(
        period=period, number=1, made_on=today(), published=True, pdf=b"%PDF-1.4\n", docx=b"",
        made_by=world["users"]["city"],
    )  # fmt: skip
    return {
        "period": period,
        "records": records,
        "survey": survey,
        "measure": measure,
        "published": published,
    }


def matrix_community(world: dict[str, Any]) -> dict[str, Any]:
    """The access matrix's 地域づくり (kasane.community): a サロン of the register kept as a place with one day's
    attendance, a coordination record of the 社協, and a ハブラボ held today with an organisation, a result, a
    handout and its questionnaire. No personal data: read by every member of staff, recorded by the city."""
    m, users, day = world["municipality"], world["users"], today()
    group = Organization.objects.create(municipality=m, name="北町自治会", kind="residents")
    hall = Location.objects.create(
        municipality=m, organization=group, name="北町会館", area=world["areas"]["north"]
    )
    salon = Service.objects.create(
        municipality=m, organization=group, location=hall, name="北町ふれあいサロン", categories=["salon"],
        funding="care",
    )  # fmt: skip
    Schedule.objects.create(
        service=salon, byday="2WE", freq="MONTHLY", opens_at=dt.time(10), closes_at=dt.time(12)
    )
    place = Place.objects.create(
        municipality=m, service=salon, generations=["elderly", "children"], audiences=["anyone"]
    )
    gathering = Gathering.objects.create(
        place=place, held_on=day, age_senior=6, age_elderly=9, age_children=3
    )
    coordination = Coordination.objects.create(
        municipality=m, agency=world["agencies"]["shakyo"], contacted_on=day, counterpart_kind="farm",
        counterpart="元農家の方", connection="space", connected_from="畑", connected_to="就労体験の受け入れ先",
        recorded_by=users["coordinator"],
    )  # fmt: skip
    questionnaire = Questionnaire.objects.create(
        prefecture=m.prefecture, municipality=m, title="第1回ハブラボ アンケート", opens_on=day,
        status=QuestionnaireStatus.OPEN, created_by=users["city"],
    )  # fmt: skip
    session = PlatformSession.objects.create(
        municipality=m, title="第1回ハブラボ", theme="農と福祉", held_on=day, organisers="地域福祉課",
        questionnaire=questionnaire, created_by=users["city"],
    )  # fmt: skip
    organisation = SessionOrganisation.objects.create(session=session, name="北町自治会", sector="residents")
    result = SessionResult.objects.create(
        session=session, kind="collaboration", text="農家と就労体験をつなぐ"
    )
    material = SessionMaterial(session=session, title="当日の資料", original_name="資料.pdf", size=9)
    material.file.save("資料.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return {
        "place": place,
        "gathering": gathering,
        "coordination": coordination,
        "session": session,
        "organisation": organisation,
        "result": result,
        "material": material,
    }


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def flushable_audit_trail() -> Iterator[None]:
    """A transactional test ends by emptying every table, which the audit trail's append-only triggers
    refuse. Lift them for that one flush and put them back straight after it (SQLite and PostgreSQL)."""
    triggers = importlib.import_module("kasane.audit.migrations.0002_append_only_triggers")
    original = TransactionTestCase._fixture_teardown

    def run(statements: list[str]) -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def teardown(self: TransactionTestCase) -> None:
        TransactionTestCase._fixture_teardown = original  # type: ignore[method-assign]
        sqlite = connection.vendor == "sqlite"
        run(triggers.SQLITE_DROP if sqlite else triggers.POSTGRES_DROP)
        try:
            original(self)
        finally:
            run(triggers.SQLITE if sqlite else triggers.POSTGRES)

    TransactionTestCase._fixture_teardown = teardown  # type: ignore[method-assign]
    yield
