"""Results say n everywhere and warn when it is below the officer's threshold (SupportSettings.min_sample,
5 unless set): the page, each question, the comparison and the Excel export."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from kasane.accounts.models import User
from kasane.questionnaires import samples, services, starters
from kasane.questionnaires.models import Question, QuestionKind, Questionnaire
from kasane.readiness.models import SupportSettings
from kasane.tenancy.models import Prefecture

from .helpers import add, choice, make_questionnaire, staff_client

pytestmark = pytest.mark.django_db
WARNING = "参考値です。"


@pytest.fixture
def three(iwate: Prefecture, ken: User) -> Questionnaire:
    """Three answers to the first question, two to the optional second."""
    questionnaire = make_questionnaire(iwate, ken, title="少人数の研修アンケート")
    first = add(questionnaire, QuestionKind.SINGLE, "参加してよかったですか", ("はい", "いいえ"))
    second = add(
        questionnaire, QuestionKind.SINGLE, "また参加したいですか", ("はい", "いいえ"), required=False
    )
    for n in range(3):
        answers: dict[Question, Any] = {first: choice(first, "はい")}
        if n < 2:
            answers[second] = choice(second, "はい")
        services.submit_response(questionnaire, answers)
    return questionnaire


def test_the_results_page_warns_below_the_threshold(three: Questionnaire, ken: User) -> None:
    page = staff_client(ken).get(f"/questionnaires/{three.pk}/results/").content.decode()
    assert '回答数 <strong class="result-total">n=3</strong>' in page
    assert WARNING in page and "回答数が少ないため（n=3、基準の5件未満）" in page
    assert "n=3は5件未満のため参考値" in page and "n=2は5件未満のため参考値" in page


def test_the_officers_threshold_decides(three: Questionnaire, ken: User, iwate: Prefecture) -> None:
    SupportSettings.objects.create(prefecture=iwate, min_sample=3)
    page = staff_client(ken).get(f"/questionnaires/{three.pk}/results/").content.decode()
    assert WARNING not in page and "n=3は" not in page
    assert "n=2は3件未満のため参考値" in page  # the optional question, answered by two


def test_the_excel_export_says_n_and_warns(three: Questionnaire, ken: User) -> None:
    response = staff_client(ken).get(f"/questionnaires/{three.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    overview = dict(book["概要"].iter_rows(values_only=True))
    assert overview["回答者数（n）"] == 3
    assert str(overview["注意"]).startswith("回答数が少ないため（n=3、基準の5件未満）")
    summary = list(book["集計"].iter_rows(values_only=True))
    assert (
        1,
        "参加してよかったですか",
        "単一選択",
        "はい",
        3,
        100.0,
        3,
        0,
        "n=3は5件未満のため参考値",
    ) in summary


def test_no_answers_is_said_apart_not_warned(iwate: Prefecture, ken: User) -> None:
    empty = make_questionnaire(iwate, ken, starter=starters.FORUM)
    page = staff_client(ken).get(f"/questionnaires/{empty.pk}/results/").content.decode()
    assert "まだ回答がありません" in page and WARNING not in page


def test_a_municipalitys_questionnaire_takes_its_prefectures_threshold(world: dict[str, Any]) -> None:
    municipality = world["municipality"]
    questionnaire = Questionnaire.objects.create(
        prefecture=municipality.prefecture,
        municipality=municipality,
        title="第1回ハブラボ アンケート",
        created_by=world["users"]["city"],
    )
    assert samples.floor_for(questionnaire) == 5
    SupportSettings.objects.create(prefecture=municipality.prefecture, min_sample=8)
    assert samples.floor_for(questionnaire) == 8
    assert samples.warning(7, 8).startswith("回答数が少ないため（n=7、基準の8件未満）")
    assert samples.warning(8, 8) == "" and samples.warning(0, 8) == ""
