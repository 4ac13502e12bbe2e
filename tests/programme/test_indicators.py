"""成果指標 (issue 18): the planned path and how an indicator stands on it, the 年度 page with its charts, the
records behind a figure, the plan's editing with Japanese errors and nothing half-written, the audit entries,
the Excel and PDF of the page, and the page's fixed number of queries.

The clock is pinned in 令和8年度 (a day in November, so the 年度 is under way), never the real date."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kasane.audit.models import AuditEntry
from kasane.meetings.models import Meeting, MeetingStatus
from kasane.programme import indicators
from kasane.programme.models import Direction, Indicator, PlanPeriod, PlanVersion, Source, SurveyMeasure
from kasane.questionnaires.models import Answer, Choice, Question, QuestionKind, Questionnaire, Response
from tests import factories
from tests.clock import TOKYO, morning_of
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 18)  # 令和8年度, 232 of its 365 days gone by
FY = 2026


@pytest.fixture(autouse=True)
def pinned() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=False):
        yield


def _indicator(**fields: Any) -> Indicator:
    base: dict[str, Any] = {
        "number": 1,
        "name": "支援会議実施回数",
        "source": Source.RECORDS,
        "measure": "support_meetings_held",
        "unit": "回",
        "baseline": None,
        "baseline_year": 2023,
        "target": Decimal(12),
        "target_year": 2028,
        "direction": Direction.HIGHER,
    }
    return Indicator(**{**base, **fields})


# ── the planned path and the status ─────────────────────────────────────


def test_the_path_runs_straight_from_the_baseline_to_the_target() -> None:
    survey = _indicator(unit="%", baseline=Decimal("52.2"), target=Decimal(60))
    assert indicators.planned(survey, 2023) == Decimal("52.2")
    assert indicators.planned(survey, 2026) == Decimal("56.9")  # 52.2 + 7.8 × 3/5 = 56.88
    assert indicators.planned(survey, 2028) == Decimal(60)
    assert indicators.planned(survey, 2031) == Decimal(60)  # past the target year it stays at the target
    # 「- (事業未実施)」: no baseline, the path starts at 0.
    assert indicators.planned(_indicator(), 2026) == Decimal("7.2")


def test_status_by_direction() -> None:
    up = _indicator(unit="%", baseline=Decimal(52), target=Decimal(60))
    assert indicators.status(up, Decimal(60), Decimal(56)) == indicators.REACHED
    assert indicators.status(up, Decimal(56), Decimal(56)) == indicators.ON_TRACK
    assert indicators.status(up, Decimal("55.9"), Decimal(56)) == indicators.BEHIND
    assert indicators.status(up, None, Decimal(56)) == indicators.UNMEASURED
    down = _indicator(unit="%", baseline=Decimal("14.3"), target=Decimal(10), direction=Direction.LOWER)
    assert indicators.status(down, Decimal(10), Decimal(12)) == indicators.REACHED
    assert indicators.status(down, Decimal(12), Decimal(12)) == indicators.ON_TRACK
    assert indicators.status(down, Decimal("12.1"), Decimal(12)) == indicators.BEHIND


def test_status_beyond_the_target_and_between_path_and_target() -> None:
    up = _indicator(unit="%", baseline=Decimal(52), target=Decimal(60))
    assert indicators.status(up, Decimal(61), Decimal(56)) == indicators.REACHED
    assert indicators.status(up, Decimal(57), Decimal(56)) == indicators.ON_TRACK
    down = _indicator(unit="%", baseline=Decimal("14.3"), target=Decimal(10), direction=Direction.LOWER)
    assert indicators.status(down, Decimal(9), Decimal(12)) == indicators.REACHED
    assert indicators.status(down, Decimal(11), Decimal(12)) == indicators.ON_TRACK


def test_before_the_baseline_the_path_is_the_baseline() -> None:
    survey = _indicator(unit="%", baseline=Decimal("52.2"), target=Decimal(60))
    assert indicators.planned(survey, 2020) == Decimal("52.2")


def test_the_plan_period_of_a_year() -> None:
    first = PlanPeriod(first_year=2024, last_year=2028)
    second = PlanPeriod(first_year=2029, last_year=2033)
    assert indicators.period_for([first, second], 2026) is first
    assert indicators.period_for([first, second], 2028) is first
    assert indicators.period_for([first, second], 2029) is second
    assert indicators.period_for([second, first], 2024) is first
    # After every period: the latest one that began before; before every period: none.
    assert indicators.period_for([first, second], 2035) is second
    assert indicators.period_for([first], 2031) is first
    assert indicators.period_for([first, second], 2023) is None


def test_the_share_of_a_year_gone_by() -> None:
    assert indicators.elapsed_share(FY, dt.date(2026, 3, 31)) == 0
    assert indicators.elapsed_share(FY, dt.date(2026, 4, 1)) == Decimal(1) / Decimal(365)
    assert indicators.elapsed_share(FY, dt.date(2027, 3, 31)) == 1
    assert indicators.elapsed_share(FY, dt.date(2027, 3, 30)) == Decimal(364) / Decimal(365)
    assert indicators.elapsed_share(FY, dt.date(2027, 6, 1)) == 1
    assert indicators.elapsed_share(FY, dt.date(2025, 1, 1)) == 0
    assert indicators.elapsed_share(FY, DAY) == Decimal(232) / Decimal(365)


# ── the page ────────────────────────────────────────────────────────────


@pytest.fixture
def plan(world: dict[str, Any]) -> dict[str, Any]:
    m, users = world["municipality"], world["users"]
    period = PlanPeriod.objects.create(
        municipality=m, title="第1期 かさね市重層的支援体制整備事業実施計画", first_year=2024, last_year=2028
    )
    meetings = _indicator(period=period)
    meetings.save()
    survey = Indicator.objects.create(
        period=period,
        number=5,
        name="身近に頼れる人や機関があると思う市民の割合",
        source=Source.CITIZEN_SURVEY,
        unit="%",
        baseline=Decimal("52.2"),
        baseline_year=2023,
        target=Decimal(60),
        target_year=2028,
    )
    questionnaire = Questionnaire.objects.create(
        prefecture=m.prefecture, municipality=m, title="令和7年度 市民意識調査", created_by=users["city"]
    )
    question = Question.objects.create(
        questionnaire=questionnaire,
        order=1,
        kind=QuestionKind.SINGLE,
        text="身近に頼れる人や機関がありますか",
    )
    yes = Choice.objects.create(question=question, order=1, label="ある")
    no = Choice.objects.create(question=question, order=2, label="ない")
    # 60 of 100 answered ある in 令和7年度's survey.
    responses = Response.objects.bulk_create(
        Response(questionnaire=questionnaire, submitted_at=dt.datetime(2025, 10, 1, 10, tzinfo=TOKYO))
        for _ in range(100)
    )
    Answer.objects.bulk_create(
        Answer(response=r, question=question, choice=yes if i < 60 else no) for i, r in enumerate(responses)
    )
    measure = SurveyMeasure.objects.create(indicator=survey, fiscal_year=2025, question=question)
    measure.counted.set([yes])
    # Support meetings held in 令和8年度: 3 held, 2 only planned (today's, not yet held); and 1 held in 令和7年度.
    sitting = factories.meeting_body(world)
    Meeting.objects.filter(pk=sitting["meeting"].pk).update(status=MeetingStatus.SCHEDULED)
    for day, status in (
        (dt.date(2026, 5, 12), MeetingStatus.HELD),
        (dt.date(2026, 7, 14), MeetingStatus.HELD),
        (dt.date(2026, 10, 13), MeetingStatus.HELD),
        (dt.date(2026, 12, 8), MeetingStatus.SCHEDULED),
        (dt.date(2025, 9, 9), MeetingStatus.HELD),
    ):
        Meeting.objects.create(
            municipality=m,
            body=sitting["body"],
            title="支援会議",
            held_on=day,
            kinds=["support"],
            status=status,
        )
    return {"period": period, "meetings": meetings, "survey": survey, "question": question, "yes": yes}


def test_the_year_page_shows_each_indicator_on_its_path(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    page = client_for(world["users"]["city"]).get("/programme/indicators/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "成果指標 令和8年度" in text
    # ② this 年度 so far: 3 held (the planned one is not counted). The path for 令和8年度 is 12 × 3/5 = 7.2,
    # pro-rated to the 232 of 365 days gone by: 4.6; so it is behind.
    assert "<strong>3回</strong>" in text
    assert "4.6回（年度の経過分）" in text
    assert "遅れ（年度途中）" in text
    # ⑤ has no survey for 令和8年度 yet.
    assert "この年度の調査の設問が設定されていません" in text
    assert text.count("<svg") == 2


def test_a_survey_year_shows_its_share_interval_and_n(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    text = client_for(world["users"]["city"]).get("/programme/indicators/?year=2025").content.decode()
    assert "<strong>60%</strong>" in text or "<strong>60.0%</strong>" in text
    assert "n=100" in text
    assert "50.2〜69.1%" in text  # Wilson's 95% interval of 60/100


def test_a_reader_without_the_plan_permission_sees_no_edit_link(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    text = client_for(world["users"]["agency_admin"]).get("/programme/indicators/").content.decode()
    assert "計画と指標を編集" not in text
    assert (
        "計画と指標を編集"
        in client_for(world["users"]["city"]).get("/programme/indicators/").content.decode()
    )


def test_the_page_takes_the_same_queries_with_more_indicators(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    client = client_for(world["users"]["city"])
    client.get("/programme/indicators/")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/programme/indicators/?year=2025").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    Indicator.objects.create(
        period=plan["period"], number=6, name="居場所があると感じる市民の割合", source=Source.CITIZEN_SURVEY,
        unit="%", baseline=Decimal("69.5"), baseline_year=2023, target=Decimal(75), target_year=2028,
    )  # fmt: skip
    assert count() == before
    assert before == 19
    # A figure from the records is one query a 年度 shown (令和6・7年度 here).
    Indicator.objects.create(
        period=plan["period"], number=3, name="支援プランの決定件数", source=Source.RECORDS, measure="plans_decided",
        unit="件", baseline_year=2023, target=Decimal(7), target_year=2028,
    )  # fmt: skip
    assert count() == before + 2


# ── the records behind a figure ─────────────────────────────────────────


def test_the_records_behind_a_figure_are_the_sittings_counted(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    url = f"/programme/indicators/{plan['meetings'].pk}/records/"
    text = client_for(world["users"]["city"]).get(url).content.decode()
    assert "<strong>3回</strong>" in text
    assert len(re.findall(r'href="/meetings/\d+/"', text)) == 3
    # A survey indicator has no records behind it.
    assert (
        client_for(world["users"]["city"])
        .get(f"/programme/indicators/{plan['survey'].pk}/records/")
        .status_code
        == 404
    )


# ── editing ─────────────────────────────────────────────────────────────


def test_an_indicator_is_added_with_japanese_errors_first_and_an_audit_entry(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    client = client_for(world["users"]["city"])
    url = f"/programme/plans/{plan['period'].pk}/indicators/new/"
    bad = {
        "number": "1", "name": "CSWによるアウトリーチ件数", "source": "records", "measure": "", "unit": "回",
        "direction": "higher", "baseline": "", "baseline_year": "令和5年度", "target": "400", "target_year": "R4",
    }  # fmt: skip
    page = client.post(url, bad)
    text = page.content.decode()
    assert page.status_code == 200
    assert "集計する実績を選んでください" in text
    assert "目標年度は現状値の年度より後にしてください" in text
    assert "この番号の指標はすでにあります" in text
    assert Indicator.objects.filter(period=plan["period"]).count() == 2
    good = {
        **bad,
        "number": "2",
        "measure": "outreach_contacts",
        "target_year": "令和10年度",
        "baseline_note": "事業未実施",
    }
    before = AuditEntry.objects.count()
    assert client.post(url, good).status_code == 302
    made = Indicator.objects.get(period=plan["period"], number=2)
    assert (made.baseline_year, made.target_year, made.measure) == (2023, 2028, "outreach_contacts")
    entry = AuditEntry.objects.order_by("-pk").first()
    assert AuditEntry.objects.count() == before + 1 and entry is not None
    assert entry.action == "programme.indicator_saved"


def test_a_survey_measure_reads_its_choices_and_populations(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    client = client_for(world["users"]["city"])
    url = f"/programme/indicators/{plan['survey'].pk}/survey/new/"
    q = plan["question"]
    page = client.post(
        url,
        {
            "fiscal_year": "令和8年度",
            "question": q.pk,
            "counted": "あるかも",
            "weight_question": "",
            "populations": "",
        },
    )
    assert "設問にない選択肢です：あるかも" in page.content.decode()
    page = client.post(
        url,
        {
            "fiscal_year": "R8",
            "question": q.pk,
            "counted": "ある",
            "weight_question": q.pk,
            "populations": "ある=100\nない=abc",
        },
    )
    assert "「ない=abc」を読み取れません" in page.content.decode()
    assert not SurveyMeasure.objects.filter(indicator=plan["survey"], fiscal_year=2026).exists()
    ok = client.post(
        url,
        {
            "fiscal_year": "2026",
            "question": q.pk,
            "counted": "ある",
            "weight_question": "",
            "populations": "",
        },
    )
    assert ok.status_code == 302
    saved = SurveyMeasure.objects.get(indicator=plan["survey"], fiscal_year=2026)
    assert list(saved.counted.all()) == [plan["yes"]] and not saved.weighted


def test_another_municipalitys_indicator_is_not_found(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    other = client_for(world["users"]["other_city"])
    assert other.get(f"/programme/indicators/{plan['meetings'].pk}/edit/").status_code == 404
    assert other.post(f"/programme/indicators/{plan['meetings'].pk}/delete/").status_code == 404
    assert Indicator.objects.filter(pk=plan["meetings"].pk).exists()


# ── Excel and PDF ───────────────────────────────────────────────────────


def test_the_excel_holds_the_pages_figures(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    response = client_for(world["users"]["city"]).get("/programme/indicators.xlsx?year=2025")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["成果指標"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[2]
    assert header[:6] == ["番号", "指標の名称", "データ元", "単位", "現状値", "現状値の年度"]
    by_number = {r[0]: dict(zip(header, r, strict=True)) for r in rows[3:]}
    assert by_number["①"]["令和7年度"] == 1  # one sitting held in 令和7年度
    assert by_number["⑤"]["令和7年度"] == 60
    survey = [[c.value for c in row] for row in book["調査の値"].iter_rows()]
    assert survey[1][2:] == ["令和7年度", 60, 50.2, 69.1, 100, "なし"]
    assert AuditEntry.objects.filter(action="programme.exported").count() == 1


def test_the_pdf_renders_with_its_charts(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any], tmp_path: Path
) -> None:
    response = client_for(world["users"]["city"]).get("/programme/indicators.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    source = tmp_path / "indicators.pdf"
    source.write_bytes(response.content)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
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
            str(source),
            str(ARTIFACTS / "indicators-pdf"),
        ],
        check=True,
    )
    assert (ARTIFACTS / "indicators-pdf-1.png").stat().st_size > 10_000


def test_the_years_evaluation_is_written_by_the_planner_and_shown_to_readers(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    url = f"/programme/plans/{plan['period'].pk}/evaluations/2025/"
    city = client_for(world["users"]["city"])
    sent = {"narrative": "支援会議は年1回にとどまった。", "carry_over": "開催を四半期ごとにする。"}
    assert city.post(url, sent).status_code == 302
    assert AuditEntry.objects.filter(action="programme.evaluation_saved").count() == 1
    text = client_for(world["users"]["agency_admin"]).get("/programme/indicators/?year=2025").content.decode()
    assert "支援会議は年1回にとどまった。" in text and "開催を四半期ごとにする。" in text
    assert "評価を編集" not in text
    # A 年度 outside the plan, or not yet begun, has no evaluation to write.
    assert city.get(f"/programme/plans/{plan['period'].pk}/evaluations/2023/").status_code == 404
    assert city.get(f"/programme/plans/{plan['period'].pk}/evaluations/2027/").status_code == 404


def test_a_weighting_question_of_another_questionnaire_is_refused(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    m, q = world["municipality"], plan["question"]
    other = Questionnaire.objects.create(
        prefecture=m.prefecture, municipality=m, title="別の調査", created_by=world["users"]["city"]
    )
    age = Question.objects.create(questionnaire=other, order=1, kind=QuestionKind.AGE, text="年代")
    Choice.objects.create(question=age, order=1, label="70代以上")
    page = client_for(world["users"]["city"]).post(
        f"/programme/indicators/{plan['survey'].pk}/survey/new/",
        {
            "fiscal_year": "2026",
            "question": q.pk,
            "counted": "ある",
            "weight_question": age.pk,
            "populations": "70代以上=100",
        },
    )
    assert "同じアンケートから選んでください" in page.content.decode()
    assert not SurveyMeasure.objects.filter(indicator=plan["survey"], fiscal_year=2026).exists()


def test_the_prefecture_reads_only_what_was_published(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    prefecture, city = client_for(world["users"]["prefecture"]), client_for(world["users"]["city"])
    period = plan["period"]
    assert (
        "第1期 かさね市重層的支援体制整備事業実施計画"
        not in prefecture.get("/programme/published/").content.decode()
    )
    city.post(f"/programme/plans/{period.pk}/versions/new/")  # a 案, kept
    draft = PlanVersion.objects.get(period=period)
    assert not draft.published
    assert prefecture.get(f"/programme/published/{draft.pk}.pdf").status_code == 404
    city.post(f"/programme/plans/{period.pk}/publish/")
    final = PlanVersion.objects.get(period=period, published=True)
    # Edited after publication: the prefecture still reads what was published.
    Indicator.objects.filter(pk=plan["survey"].pk).update(name="公表後に書き換えた名称", target=99)
    text = prefecture.get("/programme/published/").content.decode()
    assert (
        "第1期 かさね市重層的支援体制整備事業実施計画" in text
        and "身近に頼れる人や機関があると思う市民の割合" in text
    )
    assert "公表後に書き換えた名称" not in text
    assert (
        f"/programme/published/{final.pk}.pdf" in text and f"/programme/published/{draft.pk}.pdf" not in text
    )
    assert prefecture.get(f"/programme/published/{final.pk}.pdf").content == bytes(final.pdf)
    # Nothing computed from the records is shown to the prefecture: the year page stays closed to it.
    assert prefecture.get("/programme/indicators/").status_code == 403


def test_publishing_the_plan_keeps_its_published_document(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    period = plan["period"]
    response = client_for(world["users"]["city"]).post(f"/programme/plans/{period.pk}/publish/")
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.status, period.published_on) == ("published", DAY)
    version = PlanVersion.objects.get(period=period)
    assert version.published and version.number == 1 and bytes(version.pdf).startswith(b"%PDF")
    actions = list(AuditEntry.objects.order_by("-pk").values_list("action", flat=True)[:2])
    assert sorted(actions) == ["programme.plan_published", "programme.plan_version_made"]
    # The prefecture now finds it.
    assert (
        f"/programme/published/{version.pk}.pdf"
        in client_for(world["users"]["prefecture"]).get("/programme/published/").content.decode()
    )


def test_plan_periods_do_not_overlap_and_numbers_stay_in_range(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    city = client_for(world["users"]["city"])
    page = city.post("/programme/plans/new/", {"title": "第2期", "first_year": "R8", "last_year": "R12"})
    assert "計画期間が重なっています" in page.content.decode()
    assert PlanPeriod.objects.filter(municipality=world["municipality"]).count() == 1
    url = f"/programme/plans/{plan['period'].pk}/indicators/new/"
    sent = {
        "number": "0", "name": "x", "source": "citizen_survey", "unit": "％", "direction": "higher",
        "baseline": "52.2", "baseline_year": "R5", "target": "600", "target_year": "R10",
    }  # fmt: skip
    text = city.post(url, sent).content.decode()
    assert "番号は1から20までで入力してください" in text
    assert "0から100までで入力してください" in text  # ％ is read as %
    assert Indicator.objects.filter(period=plan["period"]).count() == 2


def test_a_survey_year_must_be_the_questionnaires_own_and_inside_the_plan(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    city = client_for(world["users"]["city"])
    url = f"/programme/indicators/{plan['survey'].pk}/survey/new/"
    q = plan["question"]  # 令和7年度's survey (created on the pinned day in 令和8年度, opened in 令和7年度)
    Questionnaire.objects.filter(pk=q.questionnaire_id).update(opens_on=dt.date(2025, 10, 1))
    for year, error in (("2021", "計画期間の中の年度"), ("2026", "令和7年度の調査です")):
        page = city.post(url, {"fiscal_year": year, "question": q.pk, "counted": "ある"})
        assert error in page.content.decode(), year
    assert SurveyMeasure.objects.filter(indicator=plan["survey"]).count() == 1
