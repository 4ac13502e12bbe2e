"""The municipality's resident surveys (成果指標 ⑤〜⑧, issue 18): made from a starter for a 年度 with an audit
entry, opened and closed, answered on the public page (the web, and paper typed in by staff), read per
question with counts the test computes itself, handed out by QR, exported to Excel; read by the programme's
readers, run by the planner, not found by another municipality and refused to front-line staff and the
prefecture.

The clock is pinned in 令和8年度 (a day in November), never the real date."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.community.models import PlatformSession
from kasane.programme import survey_setup
from kasane.programme.models import Indicator, PlanPeriod, Source, SurveyMeasure
from kasane.questionnaires.models import (
    AGE_BANDS,
    Answer,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Status,
)
from tests.clock import TOKYO, morning_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 18)  # 令和8年度
FY = 2026
LIST = "/programme/surveys/"


@pytest.fixture(autouse=True)
def pinned() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=False):
        yield


def planner_actor(world: dict[str, Any]) -> Actor:
    return Actor(user=world["users"]["city"], municipality=world["municipality"])


def citizen(world: dict[str, Any], *, opened: bool = True) -> Questionnaire:
    survey = survey_setup.create_survey(survey_setup.CITIZEN.key, FY, actor=planner_actor(world))
    if opened:
        survey_setup.set_open(survey, True, actor=planner_actor(world))
        survey.refresh_from_db()
    return survey


def questions(survey: Questionnaire) -> list[Question]:
    return list(survey.questions.order_by("order").prefetch_related("choices"))


def url(survey: Questionnaire, page: str = "") -> str:
    return f"{LIST}{survey.pk}/{page}"


def block(text: str, question: Question) -> str:
    """One question's results on the survey page."""
    return text.split(f'id="result-q{question.pk}"')[1].split("</section>")[0]


# ── making a survey from a starter ──────────────────────────────────────


def test_the_planner_makes_a_citizen_survey_with_the_indicator_questions_and_an_audit_entry(
    client_for: Any, world: dict[str, Any]
) -> None:
    response = client_for(world["users"]["city"]).post(
        f"{LIST}new/", {"starter": "citizen_survey", "year": str(FY)}
    )
    survey = Questionnaire.objects.get()
    assert response.status_code == 302 and response.url == url(survey)
    assert survey.title == f"令和8年度 {world['municipality'].name}市民意識調査"
    assert (survey.municipality, survey.anonymous, survey.status) == (
        world["municipality"],
        True,
        Status.DRAFT,
    )
    assert survey.opens_on == dt.date(2026, 4, 1)
    asked = questions(survey)
    assert [(q.kind, q.text, q.required) for q in asked] == [
        (QuestionKind.AGE, "あなたの年齢をお選びください。", False),
        (QuestionKind.SINGLE, "身近に頼れる人や相談できる機関があると思いますか。", False),
        (QuestionKind.SINGLE, "家庭や職場、学校、地域などで、自分の居場所や役割があると感じますか。", False),
        (QuestionKind.SINGLE, "日頃、孤独や孤立を感じることがありますか。", False),
    ]
    assert [c.label for c in asked[0].choices.all()] == list(AGE_BANDS)
    assert [c.label for c in asked[1].choices.all()] == [
        "そう思う",
        "ややそう思う",
        "あまりそう思わない",
        "そう思わない",
    ]
    assert [c.label for c in asked[3].choices.all()][2:] == ["あまりない", "ない"]
    entry = AuditEntry.objects.get(action="programme.survey_created")
    assert entry.object_id == str(survey.pk)
    assert entry.details == {"starter": "citizen_survey", "fiscal_year": FY, "questions": 4}
    assert (entry.actor, entry.municipality) == (world["users"]["city"], world["municipality"])
    assert AuditEntry.objects.filter(action="questionnaire.created", object_id=str(survey.pk)).exists()


def test_the_welfare_starter_asks_where_to_turn_with_the_two_answers_of_indicator_8(
    world: dict[str, Any],
) -> None:
    survey = survey_setup.create_survey("welfare_survey", FY + 1, actor=planner_actor(world))
    assert survey.title == f"令和9年度 {world['municipality'].name}地域福祉アンケート"
    asked = questions(survey)
    assert [q.kind for q in asked] == [QuestionKind.AGE, QuestionKind.MULTIPLE]
    labels = [c.label for c in asked[1].choices.all()]
    assert labels[-2:] == ["どこに相談すればいいかわからない", "相談相手はいない"]
    assert len(labels) == 11


def test_a_second_survey_of_the_same_name_and_bad_input_write_nothing(
    client_for: Any, world: dict[str, Any]
) -> None:
    client = client_for(world["users"]["city"])
    citizen(world, opened=False)
    for data, message in (
        ({"starter": "citizen_survey", "year": str(FY)}, "はすでにあります"),
        ({"starter": "nonsense", "year": str(FY)}, "調査の種類を選んでください"),
        ({"starter": "citizen_survey", "year": str(FY - 3)}, "年度を選んでください"),
        ({"starter": "citizen_survey", "year": "令和8年度"}, "年度を選んでください"),
    ):
        page = client.post(f"{LIST}new/", data, follow=True)
        assert message in page.content.decode(), data
    assert Questionnaire.objects.count() == 1
    assert AuditEntry.objects.filter(action="programme.survey_created").count() == 1


def test_only_the_planner_makes_opens_and_closes(client_for: Any, world: dict[str, Any]) -> None:
    survey = citizen(world, opened=False)
    data = {"starter": "welfare_survey", "year": str(FY)}
    for role in ("agency_admin", "soudanin", "prefecture"):
        client = client_for(world["users"][role])
        assert client.post(f"{LIST}new/", data).status_code == 403, role
        assert client.post(url(survey, "status/"), {"action": "open"}).status_code == 403, role
    # Another municipality's planner does not find this one's survey.
    assert (
        client_for(world["users"]["other_city"]).post(url(survey, "status/"), {"action": "open"}).status_code
        == 404
    )
    assert client_for(world["users"]["city"]).get(f"{LIST}new/").status_code == 405
    survey.refresh_from_db()
    assert survey.status == Status.DRAFT and Questionnaire.objects.count() == 1
    # The service refuses as well, whoever calls it.
    reader = Actor(user=world["users"]["agency_admin"], municipality=world["municipality"])
    with pytest.raises(survey_setup.SurveyError, match="権限がありません"):
        survey_setup.set_open(survey, True, actor=reader)
    with pytest.raises(survey_setup.SurveyError, match="権限がありません"):
        survey_setup.create_survey("welfare_survey", FY, actor=reader)


# ── answering: open and close, the web and paper ────────────────────────


def test_opening_and_closing_decide_whether_paper_answers_can_be_typed_in(
    client_for: Any, world: dict[str, Any]
) -> None:
    survey = citizen(world, opened=False)
    client = client_for(world["users"]["city"])
    text = client.get(url(survey)).content.decode()
    assert "紙で回収した回答を入力する" in text
    assert "今は回答を受け付けていないため、紙の回答は入力できません" in text
    assert f"/q/{survey.slug}/" not in text.split("paper-title")[1].split("</section>")[0]

    client.post(url(survey, "status/"), {"action": "open"})
    survey.refresh_from_db()
    assert survey.status == Status.OPEN
    assert AuditEntry.objects.filter(action="questionnaire.opened", object_id=str(survey.pk)).count() == 1
    text = client.get(url(survey)).content.decode()
    assert f'href="http://testserver/q/{survey.slug}/"' in text
    assert "回答ページを開いて入力する" in text
    assert "回答の受付を終了する" in text

    client.post(url(survey, "status/"), {"action": "close"})
    survey.refresh_from_db()
    assert survey.status == Status.CLOSED
    assert AuditEntry.objects.filter(action="questionnaire.closed", object_id=str(survey.pk)).count() == 1
    assert "紙の回答は入力できません" in client.get(url(survey)).content.decode()
    # The public page refuses once closed.
    assert "回答受付は終了しました" in Client().get(f"/q/{survey.slug}/").content.decode()


def test_a_paper_answer_typed_in_on_the_public_page_is_counted_blanks_and_all(
    client_for: Any, world: dict[str, Any]
) -> None:
    survey = citizen(world)
    age, rely, belong, alone = questions(survey)
    # One paper form: 40代, そう思う, the second question left blank, ない.
    typed = {
        f"q{age.pk}": str(age.choices.get(label="40代").pk),
        f"q{rely.pk}": str(rely.choices.get(label="そう思う").pk),
        f"q{alone.pk}": str(alone.choices.get(label="ない").pk),
    }
    assert Client().post(f"/q/{survey.slug}/", typed).status_code == 302
    response = Response.objects.get(questionnaire=survey)
    assert set(response.answers.values_list("question_id", flat=True)) == {age.pk, rely.pk, alone.pk}
    text = client_for(world["users"]["city"]).get(url(survey)).content.decode()
    assert '<strong class="result-total">1件</strong>' in text
    assert "n=0（無回答 1件）" in block(text, belong)  # the question left blank
    assert "n=1" in block(text, rely)


# ── the results ─────────────────────────────────────────────────────────


def _answer(survey: Questionnaire, picks: list[tuple[str | None, str | None]]) -> None:
    """One response per pair: (age band, answer to the first indicator question), None for a blank."""
    age, rely, *_ = questions(survey)
    ages = {c.label: c for c in age.choices.all()}
    options = {c.label: c for c in rely.choices.all()}
    for i, (band, label) in enumerate(picks):
        response = Response.objects.create(
            questionnaire=survey, submitted_at=dt.datetime(2026, 10, 1 + i % 28, 10, tzinfo=TOKYO)
        )
        if band is not None:
            Answer.objects.create(response=response, question=age, choice=ages[band])
        if label is not None:
            Answer.objects.create(response=response, question=rely, choice=options[label])


PICKS: list[tuple[str | None, str | None]] = (
    [("70代以上", "そう思う")] * 7
    + [("40代", "ややそう思う")] * 5
    + [("30代", "あまりそう思わない")] * 2
    + [(None, "そう思わない")]
    + [("20代以下", None)]
)


def test_the_results_are_the_counts_of_the_answers(client_for: Any, world: dict[str, Any]) -> None:
    survey = citizen(world)
    _answer(survey, PICKS)
    answered = [label for _, label in PICKS if label is not None]
    n = len(answered)
    assert n == 15
    text = client_for(world["users"]["agency_admin"]).get(url(survey)).content.decode()
    assert f'<strong class="result-total">{len(PICKS)}件</strong>' in text
    age, rely, *_ = questions(survey)
    rely_block = block(text, rely)
    assert f"n={n}（無回答 {len(PICKS) - n}件）" in rely_block
    for label in ("そう思う", "ややそう思う", "あまりそう思わない", "そう思わない"):
        count = answered.count(label)
        share = (Decimal(count * 100) / n).quantize(Decimal("0.1"))
        assert f'<th scope="row">{label}</th><td class="num">{count}件</td><td class="num">{share}%</td>' in (
            rely_block
        ), label
    age_block = block(text, age)
    assert "n=15（無回答 1件）" in age_block
    assert "<svg" in rely_block and "<svg" in age_block
    # A reader sees the results, not the buttons of the planner nor the paper entry.
    assert "回答の受付を" not in text and "紙で回収した回答を入力する" not in text


def test_the_indicators_it_measures_with_their_share_and_the_ones_still_to_set(
    client_for: Any, world: dict[str, Any]
) -> None:
    survey = citizen(world)
    _answer(survey, PICKS)
    period = PlanPeriod.objects.create(
        municipality=world["municipality"], title="第1期 実施計画", first_year=2024, last_year=2028
    )
    common = {"period": period, "source": Source.CITIZEN_SURVEY, "unit": "%", "baseline_year": 2023,
              "target_year": 2028}  # fmt: skip
    rely_indicator = Indicator.objects.create(
        number=5,
        name="身近に頼れる人や機関があると思う市民の割合",
        baseline=Decimal("52.2"),
        target=60,
        **common,
    )
    Indicator.objects.create(number=6, name="自分の居場所や役割があると感じる市民の割合", target=75, **common)
    rely = questions(survey)[1]
    measure = SurveyMeasure.objects.create(indicator=rely_indicator, fiscal_year=FY, question=rely)
    measure.counted.set(Choice.objects.filter(question=rely, label__in=("そう思う", "ややそう思う")))
    text = client_for(world["users"]["city"]).get(url(survey)).content.decode()
    section = text.split('id="measures-title"')[1].split("</section>")[0]
    # 12 of the 15 who answered chose one of the two counted options: 80.0%, unweighted.
    assert "⑤ 身近に頼れる人や機関があると思う市民の割合（令和8年度" in section
    assert "<strong>80.0%</strong>" in section and "n=15" in section
    assert "回答数が少ないため参考値" in section
    assert f'href="/programme/indicators/{rely_indicator.pk}/survey/new/"' not in section
    assert "⑥ 自分の居場所や役割があると感じる市民の割合の設問を設定する" in section
    # The list names the indicator with its 年度, the 年度 of the survey and its answers.
    listing = client_for(world["users"]["agency_admin"]).get(LIST).content.decode()
    assert '<span class="tag">⑤ 令和8年度</span>' in listing
    assert "令和8年度（2026年度）" in listing
    assert f"{len(PICKS)}件" in listing


# ── the list, the handout, the Excel ────────────────────────────────────


def test_the_list_shows_resident_surveys_only_and_the_form_only_to_the_planner(
    client_for: Any, world: dict[str, Any]
) -> None:
    survey = citizen(world)
    m = world["municipality"]
    hablab = Questionnaire.objects.create(
        prefecture=m.prefecture,
        municipality=m,
        title="第3回ハブラボ アンケート",
        created_by=world["users"]["city"],
    )
    PlatformSession.objects.create(
        municipality=m, title="第3回ハブラボ", theme="居場所", held_on=DAY, questionnaire=hablab
    )
    prefectures = Questionnaire.objects.create(
        prefecture=m.prefecture, title="人材養成研修アンケート", created_by=world["users"]["prefecture"]
    )
    text = client_for(world["users"]["city"]).get(LIST).content.decode()
    assert survey.title in text
    assert hablab.title not in text and prefectures.title not in text
    assert "調査を作成する" in text and 'action="/programme/surveys/new/"' in text
    assert 'href="/programme/indicators/"' in text
    reader = client_for(world["users"]["agency_admin"]).get(LIST).content.decode()
    assert survey.title in reader and "/programme/surveys/new/" not in reader
    # The neighbour's list has none of this municipality's surveys.
    assert survey.title not in client_for(world["users"]["other_city"]).get(LIST).content.decode()


def test_who_opens_a_survey_s_pages(client_for: Any, world: dict[str, Any]) -> None:
    survey = citizen(world)
    expected = {"city": 200, "agency_admin": 200, "other_city": 404, "soudanin": 403, "prefecture": 403}
    for page in ("", "handout/", "answers.xlsx"):
        for role, status in expected.items():
            assert client_for(world["users"][role]).get(url(survey, page)).status_code == status, (page, role)
    assert client_for(world["users"]["soudanin"]).get(LIST).status_code == 403
    assert client_for(world["users"]["prefecture"]).get(LIST).status_code == 403
    assert client_for(None).get(url(survey)).status_code == 302


def test_the_handout_shows_the_qr_code_of_the_common_link(client_for: Any, world: dict[str, Any]) -> None:
    survey = citizen(world, opened=False)
    client = client_for(world["users"]["agency_admin"])
    text = client.get(url(survey, "handout/")).content.decode()
    link = f"http://testserver/q/{survey.slug}/"
    assert "<svg" in text and 'class="qr-code"' in text
    assert f'data-answer-url="{link}"' in text
    assert survey.title in text and "令和8年度" in text
    assert "まだ回答を受け付けていません" in text  # a reminder to open it before handing it out
    survey_setup.set_open(survey, True, actor=planner_actor(world))
    assert "まだ回答を受け付けていません" not in client.get(url(survey, "handout/")).content.decode()


def test_the_excel_has_one_row_a_respondent_and_leaves_an_audit_entry(
    client_for: Any, world: dict[str, Any]
) -> None:
    survey = citizen(world)
    _answer(survey, PICKS)
    response = client_for(world["users"]["agency_admin"]).get(url(survey, "answers.xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["回答一覧"].iter_rows(values_only=True))
    assert len(rows) == 1 + len(PICKS)
    assert rows[0][2] == "問1 あなたの年齢をお選びください。"
    assert [r[3] for r in rows[1:]].count("そう思う") == 7
    entry = AuditEntry.objects.get(action="programme.exported")
    assert entry.details == {"what": "survey.xlsx", "survey": survey.pk, "responses": len(PICKS)}


def test_the_list_and_the_survey_page_take_the_same_queries_with_more_surveys_and_answers(
    client_for: Any, world: dict[str, Any]
) -> None:
    survey = citizen(world)
    client = client_for(world["users"]["city"])
    client.get(LIST)

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    before_list, before_page = count(LIST), count(url(survey))
    # The list: the session, the user and their grants (4), the surveys with their answer counts, the measures.
    assert before_list == 6
    # The page: the same 4, the survey, its questions, options, responses and answers, its measures, the plan.
    assert before_page == 11
    survey_setup.create_survey("welfare_survey", FY, actor=planner_actor(world))
    _answer(survey, PICKS)
    assert count(LIST) == before_list
    assert count(url(survey)) == before_page
