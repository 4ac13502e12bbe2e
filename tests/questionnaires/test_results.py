"""Aggregation checked against answers counted by hand, the before/after comparison, the charts and the
Excel export."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from kasane.accounts.models import User
from kasane.audit.models import AuditEntry
from kasane.lib import charts
from kasane.questionnaires import data, results, services, starters
from kasane.questionnaires.models import QuestionKind, Questionnaire
from kasane.tenancy.models import Prefecture

from .helpers import add, choice, make_questionnaire, staff_client

pytestmark = pytest.mark.django_db

D = Decimal

# Eight respondents, counted by hand below.
#      年齢      職業        形式        連携したい機関          理解度                感想                 また参加
ROWS = [
    ("30代", "福祉関係者", "会場", ("社協", "包括"), "よく理解できた", "顔の見える関係ができた", "はい"),
    ("40代", "行政職員", "オンライン", ("包括",), "理解できた", "", "はい"),
    ("40代", "福祉関係者", "会場", ("社協", "保健所", "学校"), "理解できた", "時間が短かった", None),
    ("50代", "医療関係者", "会場", ("保健所",), "どちらともいえない", "", "いいえ"),
    ("20代以下", "行政職員", "オンライン", ("社協", "包括"), "よく理解できた", "庁内で共有したい", "はい"),
    ("30代", "その他", "会場", ("学校",), "あまり理解できなかった", "", None),
    ("60代", "福祉関係者", "オンライン", ("社協",), "理解できた", "事例が参考になった", "はい"),
    ("40代", "行政職員", "会場", ("包括", "学校"), "理解できた", "", "いいえ"),
]


@pytest.fixture
def counted(iwate: Prefecture, ken: User) -> Questionnaire:
    questionnaire = make_questionnaire(iwate, ken, title="手で数えたアンケート")
    qs = [
        add(questionnaire, QuestionKind.AGE, "年齢"),
        add(questionnaire, QuestionKind.CATEGORY, "ご職業"),
        add(questionnaire, QuestionKind.SINGLE, "参加の形式", ("会場", "オンライン")),
        add(questionnaire, QuestionKind.MULTIPLE, "連携したい機関", ("社協", "包括", "保健所", "学校")),
        add(questionnaire, QuestionKind.LIKERT, "理念を理解できましたか", scale="understood"),
        add(questionnaire, QuestionKind.TEXT, "ご感想", required=False),
        add(questionnaire, QuestionKind.SINGLE, "また参加したいですか", ("はい", "いいえ"), required=False),
    ]
    for row in ROWS:
        answers: dict[Any, Any] = {}
        for question, value in zip(qs, row, strict=True):
            if question.kind == QuestionKind.TEXT:
                answers[question] = value
            elif question.kind == QuestionKind.MULTIPLE:
                answers[question] = [choice(question, label) for label in value]
            else:
                answers[question] = choice(question, value) if value else None
        services.submit_response(questionnaire, answers)
    return questionnaire


def _table(result: results.QuestionResult) -> list[tuple[str, int, Decimal]]:
    return [(c.label, c.count, c.percent) for c in result.counts]


def test_counts_and_percentages_match_the_hand_count(counted: Questionnaire) -> None:
    loaded = data.load(counted)
    age, category, form, agencies, idea, comment, again = loaded.summary
    assert loaded.respondents == 8
    assert _table(age) == [
        ("20代以下", 1, D("12.5")),
        ("30代", 2, D("25.0")),
        ("40代", 3, D("37.5")),
        ("50代", 1, D("12.5")),
        ("60代", 1, D("12.5")),
        ("70代以上", 0, D("0.0")),
    ]
    assert _table(category) == [
        ("福祉関係者", 3, D("37.5")),
        ("行政職員", 3, D("37.5")),
        ("医療関係者", 1, D("12.5")),
        ("その他", 1, D("12.5")),
    ]
    assert _table(form) == [("会場", 5, D("62.5")), ("オンライン", 3, D("37.5"))]
    # Multiple choice: of the 8 respondents, so the percentages add up to 162.5.
    assert _table(agencies) == [
        ("社協", 4, D("50.0")),
        ("包括", 4, D("50.0")),
        ("保健所", 2, D("25.0")),
        ("学校", 3, D("37.5")),
    ]
    assert agencies.answered == 8
    assert _table(idea) == [
        ("よく理解できた", 2, D("25.0")),
        ("理解できた", 4, D("50.0")),
        ("どちらともいえない", 1, D("12.5")),
        ("あまり理解できなかった", 1, D("12.5")),
        ("理解できなかった", 0, D("0.0")),
    ]
    assert (idea.positive_count, idea.positive_share, idea.positive_label) == (
        6,
        D("75.0"),
        "「理解できた」以上",
    )
    assert (comment.answered, comment.unanswered) == (4, 4)
    # Optional question: n is those who answered (6); 4/6 rounds half up to 66.7, 2/6 to 33.3.
    assert (again.answered, again.unanswered) == (6, 2)
    assert _table(again) == [("はい", 4, D("66.7")), ("いいえ", 2, D("33.3"))]


def test_free_text_grouped_by_respondent_category(counted: Questionnaire) -> None:
    loaded = data.load(counted)
    comment = next(q for q in loaded.questions if q.kind == QuestionKind.TEXT)
    groups = [(g.label, [a.text for a in g.answers]) for g in loaded.text_groups(comment)]
    assert groups == [
        ("福祉関係者", ["顔の見える関係ができた", "時間が短かった", "事例が参考になった"]),
        ("行政職員", ["庁内で共有したい"]),
    ]


def test_results_page_shows_the_figures_and_charts(counted: Questionnaire, ken: User) -> None:
    page = staff_client(ken).get(f"/questionnaires/{counted.pk}/results/").content.decode()
    assert "n=8" in page and "参考値です。" not in page  # 8 is above the default threshold (5)
    assert "「理解できた」以上：<strong>75.0%</strong>（6件）" in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 6  # not for free text
    assert '<title id="chart-q' in page and "<desc id=" in page
    assert "66.7%" in page and "無回答 2件" in page


# --- before and after ------------------------------------------------------------------------------------------


def _likert(
    qid: int, text: str, levels: list[int], labels: tuple[str, ...] | None = None
) -> results.QuestionResult:
    """A Likert result from the levels (1 = most positive) the respondents chose."""
    labels = labels or (
        "よく理解している",
        "ある程度理解している",
        "どちらともいえない",
        "あまり理解していない",
        "理解していない",
    )
    choices = tuple(results.ChoiceData(qid * 10 + i, label) for i, label in enumerate(labels, start=1))
    question = results.QuestionData(qid, 1, "likert", text, choices)
    responses = [results.ResponseData(n, {qid: (qid * 10 + level,)}) for n, level in enumerate(levels)]
    return results.summarise_question(question, responses)


def test_before_after_shift_in_points() -> None:
    before = [
        _likert(1, "他機関・他職種の業務内容をどの程度理解していますか", [1, 2, 2, 3, 3, 3, 4, 5]),
        _likert(2, "地域共生社会の理念をどの程度理解していますか", [2, 3, 4]),
        _likert(3, "研修前だけの設問", [1]),
    ]
    after = [
        _likert(11, "地域共生社会の理念をどの程度理解していますか", [1, 2, 5]),
        _likert(12, "他機関・他職種の業務内容をどの程度理解していますか", [1, 1, 1, 2, 2, 3, 2]),
        _likert(
            13,
            "研修後だけの設問",
            [1],
            labels=("とても感じた", "感じた", "どちらともいえない", "あまり感じなかった", "感じなかった"),
        ),
    ]
    comparison = results.compare(before, after)
    rows = {row.text: row for row in comparison.rows}
    others = rows["他機関・他職種の業務内容をどの程度理解していますか"]
    # Before: 3 of 8 in the top two levels = 37.5%. After: 6 of 7 = 85.7%. Shift 48.2 points.
    assert (others.before.positive_share, others.after.positive_share) == (D("37.5"), D("85.7"))
    assert others.shift_points == D("48.2") and others.matched_by == "text"
    idea = rows["地域共生社会の理念をどの程度理解していますか"]
    # 1/3 = 33.3% → 2/3 = 66.7%: the shift is taken from the unrounded shares, 33.3 (not 66.7 − 33.3 = 33.4).
    assert (idea.before.positive_share, idea.after.positive_share, idea.shift_points) == (
        D("33.3"),
        D("66.7"),
        D("33.3"),
    )
    assert [r.question.text for r in comparison.only_before] == ["研修前だけの設問"]
    assert [r.question.text for r in comparison.only_after] == ["研修後だけの設問"]
    chart = results.comparison_chart(others)
    assert chart.categories == ("研修前（n=8）", "研修後（n=7）")
    assert chart.values == ((1, 2, 3, 1, 1), (3, 3, 1, 0, 0))


def test_questions_worded_differently_match_by_order_when_their_levels_agree() -> None:
    before = [_likert(1, "業務内容の理解（研修前）", [3, 3]), _likert(2, "理念の理解（研修前）", [2])]
    after = [_likert(11, "業務内容の理解（研修後）", [1, 2])]
    comparison = results.compare(before, after)
    assert [(r.before.question.id, r.after.question.id, r.matched_by) for r in comparison.rows] == [
        (1, 11, "order")
    ]
    assert comparison.rows[0].shift_points == D("100.0")


def test_compare_page_for_a_pre_post_pair(iwate: Prefecture, ken: User) -> None:
    pre = make_questionnaire(iwate, ken, starter=starters.PRE, title="第2回研修（研修前）")
    post = make_questionnaire(iwate, ken, starter=starters.POST, title="第2回研修（研修後）", pair=pre)
    target = "他機関・他職種の業務内容をどの程度理解していますか"
    for questionnaire, levels in ((pre, [2, 3, 3, 4]), (post, [1, 2, 2, 3])):
        question = questionnaire.questions.get(text=target)
        options = list(question.choices.all())
        for level in levels:
            services.submit_response(questionnaire, {question: options[level - 1]})
    client = staff_client(ken)
    for side in (pre, post):
        page = client.get(f"/questionnaires/{side.pk}/compare/").content.decode()
        assert page.count('class="chart"') == 3  # the three questions asked before and after
        assert "研修前 <strong>25.0%</strong>（n=4） → 研修後 <strong>75.0%</strong>（n=4）" in page
        # Four answers on each side, below the default threshold of five: both sides are flagged.
        assert "研修前：回答数が少ないため（n=4、基準の5件未満）" in page
        assert "研修後：回答数が少ないため（n=4、基準の5件未満）" in page
        assert "（+50.0ポイント）" in page
        assert "研修前（n=4）" in page and "研修後（n=4）" in page
    single = make_questionnaire(iwate, ken, title="単独")
    assert (
        "比較する研修前・研修後のアンケートがありません"
        in client.get(f"/questionnaires/{single.pk}/compare/").content.decode()
    )


# --- charts ----------------------------------------------------------------------------------------------------


def test_svg_chart_is_accessible_and_has_no_inline_style(counted: Questionnaire) -> None:
    loaded = data.load(counted)
    idea = loaded.summary[4]
    spec = results.chart_for(idea)
    assert spec is not None and spec.kind == "stacked"
    svg = charts.to_svg(spec, chart_id="t")
    assert 'role="img"' in svg and 'aria-labelledby="t-title t-desc"' in svg
    assert '<title id="t-title">理念を理解できましたか</title>' in svg
    assert "よく理解できた 25.0%（2件）、理解できた 50.0%（4件）" in svg  # the description
    assert "style=" not in svg and "<script" not in svg
    for label in ("よく理解できた", "どちらともいえない", "理解できなかった"):
        assert f">{label}</text>" in svg  # the legend
    assert svg.count("<rect") >= 5 + 4  # legend swatches and segments
    multiple = results.chart_for(loaded.summary[3])
    assert multiple is not None and multiple.kind == "bars" and multiple.note == "n=8（複数回答）"
    assert "50.0%（4件）" in charts.to_svg(multiple)


def test_reportlab_drawing_renders_into_a_pdf(counted: Questionnaire) -> None:
    from pypdf import PdfReader
    from reportlab.graphics.shapes import Drawing
    from reportlab.platypus import Paragraph

    from kasane.lib.dates import today
    from kasane.lib.pdf import build_a4, document, style

    loaded = data.load(counted)
    spec = results.chart_for(loaded.summary[4])
    assert spec is not None
    drawing = charts.to_reportlab_drawing(spec, width=480)
    assert isinstance(drawing, Drawing) and drawing.width == 480 and drawing.height > 50

    @document
    def chart_pdf() -> bytes:
        story = [Paragraph("図表 理解度", style("h")), drawing]
        return build_a4(story, title="t", footer_left="テスト", made_on=today())

    pdf = chart_pdf()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "よく理解できた" in text and "50.0%" in text


# --- Excel -----------------------------------------------------------------------------------------------------


def test_excel_export_has_raw_answers_and_aggregates(counted: Questionnaire, ken: User) -> None:
    response = staff_client(ken).get(f"/questionnaires/{counted.pk}/results.xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["回答一覧", "集計", "概要"]
    raw = list(book["回答一覧"].iter_rows(values_only=True))
    assert raw[0][:3] == ("回答No.", "回答日時", "問1 年齢")
    assert len(raw) == 1 + 8
    assert raw[1][2:] == (
        "30代",
        "福祉関係者",
        "会場",
        "社協、包括",
        "よく理解できた",
        "顔の見える関係ができた",
        "はい",
    )
    assert raw[3][8] is None or raw[3][8] == ""  # r3 did not answer the optional question
    summary = list(book["集計"].iter_rows(values_only=True))
    assert summary[0] == (
        "問",
        "設問",
        "設問の種類",
        "選択肢",
        "件数",
        "割合（%）",
        "回答者数（n）",
        "無回答",
        "注意",
    )
    assert (4, "連携したい機関", "複数選択", "学校", 3, 37.5, 8, 0, None) in summary
    assert (5, "理念を理解できましたか", "5段階評価", "「理解できた」以上", 6, 75.0, 8, 0, None) in summary
    assert (7, "また参加したいですか", "単一選択", "はい", 4, 66.7, 6, 2, None) in summary
    assert (6, "ご感想", "自由記述", "（記述あり）", 4, None, 4, 4, None) in summary
    overview = dict(book["概要"].iter_rows(values_only=True))
    assert overview["回答者数（n）"] == 8 and overview["警告する回答数の基準"] == "5件未満"
    assert overview["注意"] == "—"
    entry = AuditEntry.objects.get(action="questionnaire.exported")
    assert entry.actor == ken and entry.details == {"responses": 8}


def test_an_anonymous_answer_that_looks_like_a_formula_stays_text_in_excel(
    counted: Questionnaire, ken: User
) -> None:
    comment = counted.questions.get(text="ご感想")
    answers: dict[Any, Any] = {q: None for q in counted.questions.all() if q.kind == QuestionKind.TEXT}
    answers[comment] = '=HYPERLINK("http://attacker.example/","詳しくはこちら")'
    for question in counted.questions.exclude(kind=QuestionKind.TEXT):
        first = question.choices.first()
        answers[question] = [first] if question.kind == QuestionKind.MULTIPLE else first
    services.submit_response(counted, answers)
    response = staff_client(ken).get(f"/questionnaires/{counted.pk}/results.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert any(c.value == answers[comment] and c.data_type == "s" for c in cells)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
