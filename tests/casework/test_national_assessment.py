"""The インテーク・アセスメントシート as MHLW lays it out (reference §3.2): the person's life as facts, the 課題の特性,
the 複合課題の類型, the 見立て and the result, each flowing once — from the intake into the first version, from
each version into the next — and printed on the A4 sheet with how the case came, the 相談歴, the team and the
consent. The ジェノグラム・エコマップ (#8) stays on paper."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kasane.audit.models import AuditEntry
from kasane.casework.forms.cases import CARRIED_OVER
from kasane.casework.models import (
    Assessment,
    AssessmentMember,
    Case,
    CaseStatus,
    Channel,
    Consultation,
    Route,
)
from kasane.casework.sheets import assessment_sheet
from kasane.casework.views.case_pages import consultation_history
from kasane.casework.visibility import Viewer
from kasane.lib.dates import TOKYO
from tests import factories
from tests.clock import morning_of
from tests.conftest import ARTIFACTS, skip_or_fail

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _late_november_2026() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=True):
        yield


def _at(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TOKYO)


def _intake(person: Any, agency: Any, received_at: dt.datetime, **life: Any) -> Consultation:
    return Consultation.objects.create(
        municipality=person.municipality,
        owner_agency=agency,
        person=person,
        household=person.household,
        received_at=received_at,
        topics=["income"],
        complaint="生活費が足りない。",
        recorded_by_name="テスト 職員",
        **life,
    )


@pytest.fixture
def r(world: dict[str, Any]) -> dict[str, Any]:
    """The 8050 household's case at the hub, opened from 北部包括's referral and not yet assessed; the hub took
    the mother's own intake after the case was opened, and 南部包括 took one the hub may not see."""
    r = factories.journey(world)
    case = r["case"]
    case.assessments.all().delete()
    case.status = CaseStatus.ASSESSMENT
    case.save(update_fields=["status"])
    agencies = world["agencies"]
    north_intake = r["consultation"]
    Consultation.objects.filter(pk=north_intake.pk).update(
        received_at=_at(2026, 11, 1, 10, 0),
        employment="not_working",
        housing="rented",
        issues=["family"],
        situations=["8050"],
    )
    r["north_intake"] = Consultation.objects.get(pk=north_intake.pk)
    r["hub_intake"] = _intake(
        r["mother"],
        agencies["shakyo"],
        _at(2026, 11, 20, 14, 0),
        channel=Channel.HOME_VISIT,
        route=Route.MINSEI,
        referrer_name="北町 民生委員 山田",
        employment="pensioner",
        housing="owned",
        housing_unstable=True,
        income_sources=["pension", "family"],
        monthly_income=80000,
        welfare="never",
        debt="no",
        arrears=["tax"],
        illness="膝の痛みで整形外科に通院",
        treatment="attending",
        health_insurance="elderly",
        pension="old_age",
        issues=["poverty", "isolation", "care"],
        situations=["8050", "isolation"],
    )
    r["south_intake"] = _intake(
        r["mother"],
        agencies["houkatsu_south"],
        _at(2026, 11, 22, 9, 0),
        employment="regular",
        issues=["dv"],
        situations=["double_care"],
    )
    r["users"] = world["users"]
    r["agencies"] = agencies
    r["world"] = world
    return r


def _hub(r: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(r["users"]["coordinator"])
    return client


def _form_page(r: dict[str, Any]) -> Any:
    response = _hub(r).get(reverse("cases:assessment_new", args=[r["case"].pk]))
    assert response.status_code == 200
    return response


FULL = {
    "assessed_on": "R8.11.22",
    "employment": "not_working",
    "employment_note": "30代で退職",
    "housing": "owned",
    "housing_note": "築50年、雨漏りあり",
    "income_sources": ["family", "pension"],
    "monthly_income": "１２０，０００円",
    "welfare": "past",
    "debt": "yes",
    "arrears": ["utilities", "rent"],
    "money_note": "消費者金融に約50万円",
    "illness": "不眠",
    "treatment": "needed",
    "mental_health": "suspected",
    "disability_card": "suspected",
    "card_kinds": ["mental"],
    "health_insurance": "national",
    "pension": "unpaid",
    "issues": ["mental", "isolation", "poverty"],
    "household_situation": "母（82）と長男（54）の二人暮らし。",
    "household_issues": "介護と生活費",
    "background": "父の死後、収入が母の年金だけになった。",
    "strengths": "母子の関係は良好",
    "person_words": "このままではいけない",
    "urgency": "high",
    "risks": "母の急変",
    "situations": ["isolation", "8050"],
    "result": "collaboration",
    "m-TOTAL_FORMS": "0",
    "m-INITIAL_FORMS": "0",
}


def _post(r: dict[str, Any], data: dict[str, Any]) -> Any:
    return _hub(r).post(reverse("cases:assessment_new", args=[r["case"].pk]), data)


# --- Pre-fill: the facts flow once --------------------------------------------------------------------------


def test_a_first_assessment_starts_from_the_latest_intake_the_hub_may_see(r: dict[str, Any]) -> None:
    """The case came by referral: the hub's own later intake is the one the first assessment starts from.
    南部包括's, later still, is not the hub's to see and lends nothing."""
    response = _form_page(r)
    initial = response.context["form"].initial
    assert initial["employment"] == "pensioner"
    assert initial["housing"] == "owned" and initial["housing_unstable"] is True
    assert initial["income_sources"] == ["pension", "family"] and initial["monthly_income"] == 80000
    assert initial["illness"] == "膝の痛みで整形外科に通院" and initial["pension"] == "old_age"
    assert initial["issues"] == ["poverty", "isolation", "care"]
    assert initial["situations"] == ["8050", "isolation"]
    assert initial["assessed_on"] == DAY
    # The intake's words are not the assessment's.
    assert "household_situation" not in initial and "result" not in initial
    html = response.content.decode()
    assert "相談受付（令和8年11月20日・テスト市社会福祉協議会）" in html
    assert "dv" not in initial["issues"] and "double_care" not in initial["situations"]
    # Reading the intake to copy it is a recorded read of that intake.
    entry = AuditEntry.objects.filter(action="consultation.viewed").latest("id")
    assert entry.object_id == str(r["hub_intake"].pk) and entry.person_id == str(r["mother"].pk)


def test_a_copied_list_is_the_assessments_own(r: dict[str, Any]) -> None:
    initial = _form_page(r).context["form"].initial
    initial["issues"].append("other")
    r["hub_intake"].refresh_from_db()
    assert r["hub_intake"].issues == ["poverty", "isolation", "care"]


def test_the_consultation_the_case_came_from_comes_first(r: dict[str, Any]) -> None:
    Case.objects.filter(pk=r["case"].pk).update(consultation=r["north_intake"])
    initial = _form_page(r).context["form"].initial
    assert initial["employment"] == "not_working" and initial["housing"] == "rented"
    assert initial["issues"] == ["family"] and initial["situations"] == ["8050"]


def test_an_intake_the_viewer_may_not_see_is_never_copied(r: dict[str, Any]) -> None:
    # The mother's only intake left is 南部包括's (the others are now her son's).
    Consultation.objects.exclude(pk=r["south_intake"].pk).update(person=r["son"])
    initial = _form_page(r).context["form"].initial
    assert set(initial) == {"assessed_on"}
    assert not AuditEntry.objects.filter(action="consultation.viewed").exists()


def test_a_new_version_carries_every_item_of_the_last(r: dict[str, Any]) -> None:
    assert _post(r, FULL).status_code == 302
    first = Assessment.objects.get(case=r["case"])
    reads = AuditEntry.objects.filter(action="consultation.viewed").count()
    initial = _form_page(r).context["form"].initial
    assert {name: initial[name] for name in CARRIED_OVER} == {
        name: getattr(first, name) for name in CARRIED_OVER
    }
    # Not the intake's: the previous version's.
    assert initial["employment"] == "not_working" and initial["issues"] == ["poverty", "mental", "isolation"]
    assert initial["result"] == "collaboration" and initial["background"].startswith("父の死後")
    assert AuditEntry.objects.filter(action="consultation.viewed").count() == reads
    page = _form_page(r).content.decode()
    assert "前の版（令和8年11月22日）の内容をすべて引き継いでいます" in page
    # Saved unchanged, the second version holds the same facts.
    data = {name: value for name, value in FULL.items() if not name.startswith("m-")}
    assert _post(r, {**data, "m-TOTAL_FORMS": "0", "m-INITIAL_FORMS": "0"}).status_code == 302
    second = Assessment.objects.get(case=r["case"], version=2)
    assert {n: getattr(second, n) for n in CARRIED_OVER} == {n: getattr(first, n) for n in CARRIED_OVER}


# --- The form ------------------------------------------------------------------------------------------------


def test_every_item_is_saved_and_lists_keep_the_lists_order(r: dict[str, Any]) -> None:
    assert _post(r, FULL).status_code == 302
    # Saving shows no intake: nothing of one is read.
    assert not AuditEntry.objects.filter(action="consultation.viewed").exists()
    a = Assessment.objects.get(case=r["case"])
    assert a.employment == "not_working" and a.employment_note == "30代で退職"
    assert a.housing == "owned" and a.housing_unstable is False and a.housing_note == "築50年、雨漏りあり"
    assert a.income_sources == ["pension", "family"]  # the list's order, not the order sent
    assert a.monthly_income == 120000  # 全角 and 円 as staff type them
    assert a.welfare == "past" and a.debt == "yes" and a.arrears == ["rent", "utilities"]
    assert a.money_note == "消費者金融に約50万円" and a.illness == "不眠" and a.treatment == "needed"
    assert a.mental_health == "suspected" and a.disability_card == "suspected" and a.card_kinds == ["mental"]
    assert a.health_insurance == "national" and a.pension == "unpaid"
    assert a.issues == ["poverty", "mental", "isolation"]
    assert a.situations == ["8050", "isolation"]
    assert a.background == "父の死後、収入が母の年金だけになった。" and a.result == "collaboration"


def test_only_the_situation_is_required(r: dict[str, Any]) -> None:
    data = {
        "assessed_on": "R8.11.22",
        "household_situation": "二人暮らし",
        "urgency": "medium",
        "m-TOTAL_FORMS": "0",
        "m-INITIAL_FORMS": "0",
    }
    assert _post(r, data).status_code == 302
    a = Assessment.objects.get(case=r["case"])
    assert a.employment == "" and a.issues == [] and a.monthly_income is None and a.result == ""


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"monthly_income": "12万くらい"}, "monthly_income", "金額は数字で入力してください（例：120000）。"),
        ({"monthly_income": "-5"}, "monthly_income", "金額は0円以上で入力してください。"),
        (
            {"disability_card": "none", "card_kinds": ["physical"]},
            "card_kinds",
            "手帳の種類を選んだときは、障害者手帳の「所持」「申請中」などを選んでください。",
        ),
        ({"issues": ["no_such_issue"]}, "issues", "正しく選択してください。"),
        ({"household_situation": ""}, "household_situation", "世帯の状況を入力してください。"),
    ],
)
def test_bad_input_is_refused_in_japanese_and_nothing_is_written(
    r: dict[str, Any], change: dict[str, Any], field: str, message: str
) -> None:
    response = _post(r, {**FULL, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in e for e in errors), errors
    assert "入力内容を確認してください" in response.content.decode()
    assert not Assessment.objects.filter(case=r["case"]).exists()


def test_the_form_is_laid_out_as_the_sheet_with_the_reported_items_marked(r: dict[str, Any]) -> None:
    html = _form_page(r).content.decode()
    headings = ["本人の生活の状況", "課題の特性", "複合課題の類型", "見立て", "アセスメント結果"]
    positions = [html.index(f'">{h}</h2>') for h in headings]
    assert positions == sorted(positions)
    groups = ["仕事", "住まい", "収入・家計と生活保護", "健康・障害", "健康保険・年金"]
    places = [html.index(f'">{group}</h3>') for group in groups]
    assert positions[0] < places[0] and places == sorted(places) and places[-1] < positions[1]
    for marked in ["※就労状況", "※生活保護", "※課題の特性", "※複合課題の類型", "※アセスメント結果・支援方針"]:
        assert marked in html
    assert "※住まい" not in html and "※収入源" not in html
    # Every single choice but 緊急度 (which has a default) can be left 未記入.
    assert len(re.findall(r'<input type="radio" name="\w+" value=""', html)) == 10


# --- The case page -----------------------------------------------------------------------------------------


def test_the_case_page_shows_the_facts_issues_situations_background_and_result(r: dict[str, Any]) -> None:
    assert _post(r, FULL).status_code == 302
    html = _hub(r).get(reverse("cases:detail", args=[r["case"].pk])).content.decode()
    assert "<dt>※アセスメント結果</dt><dd>多機関協働で対応</dd>" in html
    issues = (
        "経済的困窮、メンタルヘルスの課題（うつ・不眠・不安・依存症等）、社会的孤立（ニート・ひきこもり等）"
    )
    assert f"<dt>※課題の特性</dt><dd>{issues}</dd>" in html
    assert "<dt>※複合課題の類型</dt><dd>8050、社会的孤立</dd>" in html
    assert "父の死後、収入が母の年金だけになった。" in html
    # Every life item recorded but the 課題 (shown above) and 住まいを失うおそれ (not ticked): 17.
    assert "本人の生活の状況（17項目）" in html
    assert "※就労状況" in html and "無職（求職していない）" in html and "120,000円" in html


# --- The sheet ---------------------------------------------------------------------------------------------


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _assessed(r: dict[str, Any]) -> Assessment:
    assert _post(r, FULL).status_code == 302
    a = Assessment.objects.get(case=r["case"])
    AssessmentMember.objects.create(
        assessment=a, person=r["son"], situation="約20年間ひきこもり", issues="不眠。収入がない。"
    )
    return a


def test_the_sheet_prints_every_item_of_the_reference(r: dict[str, Any]) -> None:
    Case.objects.filter(pk=r["case"].pk).update(consultation=r["hub_intake"])
    a = _assessed(r)
    viewer = Viewer.of(r["users"]["coordinator"], r["world"]["municipality"])
    assert viewer is not None
    pdf = assessment_sheet(a, today=DAY, history=consultation_history(viewer, r["case"]))
    text = _text(pdf)
    # #4 年代, marked; #5 相談方法 and 把握ルート・紹介元 from the case's consultation.
    assert "※年代80代（アセスメント日現在）" in text
    assert (
        "相談方法訪問" in text and "把握ルート民生委員・児童委員" in text and "紹介元北町民生委員山田" in text
    )
    # #6 相談歴: the consultations the reader may see, with date, agency and 対応; not 南部包括's.
    assert (
        "令和8年11月1日北部地域包括支援センター" in text and "令和8年11月20日テスト市社会福祉協議会" in text
    )
    assert "南部地域包括支援センター" not in text
    # #9–#16 the life facts as check boxes.
    assert "※就労状況" in text and "■無職（求職していない）" in text and "□正規雇用" in text
    assert "■持家" in text and "□住まいを失うおそれがある" in text and "築50年、雨漏りあり" in text
    assert "■年金" in text and "■家族の収入・仕送り" in text and "□就労収入" in text and "120,000円" in text
    assert "※生活保護" in text and "■過去に受給" in text
    assert "■家賃" in text and "■公共料金（電気・ガス・水道）" in text and "消費者金融に約50万円" in text
    assert "■受診が必要（未受診）" in text and "■疑い" in text and "■障害の疑い（未申請）" in text
    assert "■精神障害者保健福祉手帳" in text and "■国民健康保険" in text and "■未納・未加入" in text
    # #17 課題の特性, #18 複合課題の類型, #21 背景要因, #26 機関, #27 結果, #28 同意.
    assert "※課題の特性" in text and "■経済的困窮" in text and "□ＤＶ" in text
    assert "※複合課題の類型" in text and "■8050" in text and "□ダブルケア" in text
    assert "課題の背景要因父の死後、収入が母の年金だけになった。" in text
    assert "現在関わっている機関" in text and "テスト市社会福祉協議会主担当令和8年11月21日" in text
    assert "北部地域包括支援センター支援機関令和8年11月21日" in text
    assert "※アセスメント結果・支援方針" in text and "■多機関協働で対応" in text and "□見守り" in text
    assert (
        "本人同意の状況" in text and "令和8年11月20日（書面）" in text and "■多機関協働の利用申込み" in text
    )
    assert "約20年間ひきこもり" in text and "※は国への報告対象項目" in text
    assert 2 <= _pages(pdf) <= 3


def test_without_a_history_the_sheet_lists_only_the_consultation_the_case_came_from(
    r: dict[str, Any],
) -> None:
    Case.objects.filter(pk=r["case"].pk).update(consultation=r["hub_intake"])
    text = _text(assessment_sheet(_assessed(r), today=DAY))
    assert "令和8年11月20日テスト市社会福祉協議会" in text
    assert "令和8年11月1日" not in text and "南部地域包括支援センター" not in text


def test_a_case_opened_from_a_referral_came_through_the_referring_agency(r: dict[str, Any]) -> None:
    Case.objects.filter(pk=r["case"].pk).update(referral=r["referral"])
    text = _text(assessment_sheet(_assessed(r), today=DAY))
    assert "把握ルート関係機関からの紹介" in text and "紹介元北部地域包括支援センター" in text
    assert "相談受付の記録がありません" in text


def test_the_sheets_queries_are_pinned(r: dict[str, Any], django_assert_max_num_queries: Any) -> None:
    """5: the assessment with its case, consultation, referral and consent; the members' rows; the household;
    the team; the agencies the consent names. The 相談歴 is the caller's."""
    Case.objects.filter(pk=r["case"].pk).update(consultation=r["hub_intake"], referral=r["referral"])
    a = _assessed(r)
    with django_assert_max_num_queries(5):
        assessment_sheet(a, today=DAY)


def test_the_sheet_renders_to_png(r: dict[str, Any], tmp_path: Any) -> None:
    """Every page rendered so a person can look at it (tests/artifacts/sheet-assessment-national-*.png)."""
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がないため PDF の画像化を省略しました")
    Case.objects.filter(pk=r["case"].pk).update(consultation=r["hub_intake"])
    a = _assessed(r)
    viewer = Viewer.of(r["users"]["coordinator"], r["world"]["municipality"])
    assert viewer is not None
    pdf = assessment_sheet(a, today=DAY, history=consultation_history(viewer, r["case"]))
    source = tmp_path / "assessment.pdf"
    source.write_bytes(pdf)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "sheet-assessment-national"
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(source), str(target)], check=True)
    pages = sorted(ARTIFACTS.glob("sheet-assessment-national-*.png"))
    assert len(pages) == _pages(pdf)


def test_the_sheet_prints_the_source_consultation_only_while_the_reader_sees_it(r: dict[str, Any]) -> None:
    """The case opened from 北部包括's consultation (seen by the hub on the mother's consent): its 紹介元 is on the
    sheet and each consultation of the 相談歴 is a read, recorded; once the consent is withdrawn the hub keeps
    its case, but the consultation, its 紹介元 and its place in the 相談歴 are no longer printed."""
    north = r["north_intake"]
    Consultation.objects.filter(pk=north.pk).update(
        route=Route.MINSEI, referrer_name="民生委員の山田花子さん"
    )
    Case.objects.filter(pk=r["case"].pk).update(consultation=north)
    _assessed(r)
    url = reverse("cases:sheet_assessment", args=[r["case"].pk])
    before = AuditEntry.objects.filter(action="consultation.viewed").count()
    text = _text(_hub(r).get(url).content)
    assert "民生委員の山田花子さん" in text
    read = AuditEntry.objects.filter(action="consultation.viewed").order_by("id")[before:]
    assert {e.object_id for e in read} >= {str(north.pk)}
    consent = r["consent"]
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_on = DAY
    consent.save(update_fields=["withdrawn_at", "withdrawn_on"])
    text = _text(_hub(r).get(url).content)
    assert "民生委員の山田花子さん" not in text
