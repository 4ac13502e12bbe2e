"""The report against awkward records: nothing printed that the records do not support.

A forum still to come (with one test answer to its questionnaire), a group whose facilitator is 未定, a
sitting past its day with nobody marked present, a held one with too few answers to chart, a dispatch
workshop dated after the report's day, and no 総括 yet. Checked on the assembled blocks and on the text of
the PDF, the Word document and the slides.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation
from pypdf import PdfReader

from kasane.annual_report import assemble, render_docx, render_pdf, render_pptx
from kasane.annual_report.document import Chart, Para, Report, Table
from kasane.annual_report.models import Review
from kasane.dispatch.models import Workshop
from kasane.events.models import Event, EventGroup, Registration
from kasane.questionnaires.models import Answer, Choice, Phase, Question
from kasane.readiness.models import SupportSettings
from tests.annual_report.conftest import DAY, YEAR, questionnaire

pytestmark = pytest.mark.django_db
EMPTY_BRACKETS = re.compile(r"（\s*）|\(\s*\)")


@pytest.fixture
def awkward(records: dict[str, Any], world: dict[str, Any]) -> dict[str, Any]:
    ken = world["users"]["prefecture"]
    prefecture, town = records["prefecture"], world["municipality"]
    forum = records["forum"]
    EventGroup.objects.create(event=forum, number=1, facilitator=ken)
    EventGroup.objects.create(event=forum, number=2, facilitator=None)
    future = Event.objects.create(
        prefecture=prefecture,
        kind="forum",
        title="道北ブロック 情報共有の場",
        fiscal_year=YEAR,
        starts_on=DAY + dt.timedelta(days=12),
        format="in_person",
        place="旭川合同庁舎",
        created_by=ken,
    )
    Registration.objects.create(event=future, name="申込者", municipality=town, category="municipal")
    EventGroup.objects.create(event=future, number=1, facilitator=None)
    test_answer = questionnaire(future, Phase.SINGLE, [(0, "行政職員", "テスト回答")], ken)
    empty = Event.objects.create(
        prefecture=prefecture,
        kind="pref_meeting",
        title="道と市町村の情報共有の場",
        fiscal_year=YEAR,
        starts_on=dt.date(2026, 2, 10),
        format="online",
        created_by=ken,
    )
    Registration.objects.create(event=empty, name="欠席者", municipality=town, category="municipal")
    small = Event.objects.create(
        prefecture=prefecture,
        kind="exchange",
        title="意見交換会",
        fiscal_year=YEAR,
        starts_on=dt.date(2026, 1, 20),
        format="online",
        created_by=ken,
    )
    Registration.objects.create(
        event=small, name="出席者", municipality=town, category="municipal", attended=True
    )
    few = questionnaire(small, Phase.SINGLE, [(0, "行政職員", ""), (1, "福祉関係者", "")], ken)
    Workshop.objects.create(
        dispatch=records["dispatch"],
        title="振り返りワークショップ",
        held_on=DAY + dt.timedelta(days=20),
        place="となり町役場",
        programme="13:30〜 振り返り",
        count_city=4,
    )
    Workshop.objects.create(
        dispatch=records["dispatch"],
        title="記録のないワークショップ",
        held_on=dt.date(2026, 2, 1),
        place="となり町役場",
        programme="13:30〜 意見交換",
    )
    return {
        **records,
        "future": future,
        "empty": empty,
        "small": small,
        "test_answer": test_answer,
        "few": few,
    }


def _build(awkward: dict[str, Any]) -> Report:
    return assemble.build(awkward["prefecture"], YEAR, today=DAY, author="テスト研究所")


def _tables(report: Report, caption_part: str) -> list[Table]:
    return [
        b for s in report.sections for b in s.blocks if isinstance(b, Table) and caption_part in b.caption
    ]


def _rows(table: Table) -> dict[str, str]:
    return {row[0]: row[1] for row in table.rows}


def test_blocks_say_only_what_the_records_say(awkward: dict[str, Any]) -> None:
    report = _build(awkward)
    text = report.text()
    # A group without a facilitator: the fixed sentence is gone, the gap is named
    forum = _rows(_tables(report, "県央ブロック 情報共有の場の概要")[0])
    assert forum["グループ"] == "2グループ（ファシリテーター未定 1グループ：グループ2）"
    assert "各グループにファシリテーターを配置" not in text
    # The future forum: labelled 開催予定, sign-ups not participants, its one test answer not charted
    future = _rows(_tables(report, "道北ブロック 情報共有の場の概要")[0])
    assert "参加者数" not in future and future["申込者数"] == "1人（1市町村）"
    assert future["グループ"] == "1グループ（予定）（ファシリテーターは未定）"
    assert (
        "1. 道北ブロック 情報共有の場（開催予定）" in text
        or "2. 道北ブロック 情報共有の場（開催予定）" in text
    )
    assert "開催前のため、アンケートの結果は掲載していません（回答 1件）。" in text
    assert not any(isinstance(b, Chart) and "（n=1）" in b.caption for s in report.sections for b in s.blocks)
    # Past its day and nobody marked present: not reported as held, no 「0人（）」
    empty = _rows(_tables(report, "道と市町村の情報共有の場の概要")[0])
    assert empty["参加者数"] == "出席の記録がありません（申込 1人）"
    overview = _rows(_tables(report, "実施の概要")[0])
    assert overview["開催した情報共有の場・研修等"] == "3回"
    assert overview["開催予定（報告書作成時点）"] == "1回"
    assert overview["開催日を過ぎ、出席の記録がないもの"] == "1回（実績に含めていません）"
    # Held with 2 answers, below the default threshold of 3 set by the fixture: figures suppressed, n stated
    assert "回答数が少ないため（n=2）集計を示していません（最少の回答数 3件）。" in text
    # The dispatch workshop after the report's day: 予定, no participants counted
    assert "ワークショップ「振り返りワークショップ」（開催予定、令和8年4月20日、となり町役場）" in text
    assert "参加者 4人" not in text
    # A workshop past its day with no participants counted: says so, never 「参加者 0人（）」
    assert (
        "ワークショップ「記録のないワークショップ」（令和8年2月1日、となり町役場）\n参加者の記録がありません。"
        in text
    )
    dispatch = _tables(report, "専門家派遣の実施状況")[0]
    assert dispatch.rows[0][3].endswith("令和8年4月20日（予定）") and dispatch.rows[0][4] == "9人"
    # No 総括 yet: the chapter says so
    assert report.sections[-1].title == "総括・考察（担当者記載）"
    assert [b.text for b in report.sections[-1].blocks if isinstance(b, Para)] == [
        "未記載（総括・考察はまだ書かれていません）"
    ]
    assert not EMPTY_BRACKETS.search(text)


def test_every_questionnaire_chart_states_its_n(awkward: dict[str, Any]) -> None:
    report = _build(awkward)
    questionnaire_charts = [b for s in report.sections[1:4] for b in s.blocks if isinstance(b, Chart)]
    assert questionnaire_charts
    assert all("n=" in chart.caption for chart in questionnaire_charts)


def test_raising_the_threshold_suppresses_the_comparison(awkward: dict[str, Any]) -> None:
    SupportSettings.objects.filter(prefecture=awkward["prefecture"]).update(min_sample=5)
    text = _build(awkward).text()
    assert "「理解できた」以上の割合" not in text
    assert "回答数が少ないため（n=4）集計を示していません（最少の回答数 5件）。" in text


def test_figures_are_numbered_in_reading_order(awkward: dict[str, Any]) -> None:
    report = _build(awkward)
    numbers = [b.number for s in report.sections for b in s.blocks if isinstance(b, Table | Chart)]
    assert numbers == list(range(1, len(numbers) + 1))
    first = next(b for s in report.sections for b in s.blocks if isinstance(b, Table))
    assert first.label == "図表1　実施の概要"
    slide_table = next(s.table for sec in report.sections for s in sec.slides if s.table is not None)
    assert slide_table.label.startswith(f"図表{_tables(report, '専門家派遣の実施状況')[0].number}　")


def test_the_officers_review_is_marked_as_theirs(awkward: dict[str, Any], world: dict[str, Any]) -> None:
    from django.utils import timezone

    Review.objects.create(
        prefecture=awkward["prefecture"],
        fiscal_year=YEAR,
        text="研修の満足度は高かった。\n\n次年度は道北での開催を増やす。",
        updated_by=world["users"]["prefecture"],
        updated_at=timezone.now(),
    )
    section = _build(awkward).sections[-1]
    paras = [b.text for b in section.blocks if isinstance(b, Para)]
    assert section.title == "総括・考察（担当者記載）"
    assert paras[0].startswith("この章は、記録から集計したものではなく、担当者が記載したものです")
    assert paras[1:] == ["研修の満足度は高かった。", "次年度は道北での開催を増やす。"]


def _pdf_text(report: Report) -> str:
    reader = PdfReader(io.BytesIO(render_pdf.render(report, made_on=DAY)))
    return "".join(page.extract_text() for page in reader.pages)


def test_each_file_carries_the_same_honest_text(awkward: dict[str, Any]) -> None:
    report = _build(awkward)
    pdf = re.sub(r"\s+", "", _pdf_text(report))
    for phrase in (
        "図表1実施の概要",
        "ファシリテーター未定1グループ：グループ2",
        "道北ブロック情報共有の場（開催予定）",
        "開催前のため、アンケートの結果は掲載していません（回答1件）。",
        "出席の記録がありません（申込1人）",
        "回答数が少ないため（n=2）集計を示していません",
        "未記載（総括・考察はまだ書かれていません）",
    ):
        assert phrase in pdf, phrase
    assert "各グループにファシリテーターを配置" not in pdf

    document = Document(io.BytesIO(render_docx.render(report)))
    words = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "図表1　実施の概要" in words
    assert "開催前のため、アンケートの結果は掲載していません（回答 1件）。" in words
    assert "2グループ（ファシリテーター未定 1グループ：グループ2）" in cells
    assert "出席の記録がありません（申込 1人）" in cells
    assert "未記載（総括・考察はまだ書かれていません）" in words
    assert not any(EMPTY_BRACKETS.search(w) for w in words + cells)

    deck = Presentation(io.BytesIO(render_pptx.render(report)))
    shapes = [
        shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
    ]
    slide_text = "\n".join(shapes)
    assert "道北ブロック 情報共有の場（開催予定）" in slide_text
    assert "申込者数：1人（1市町村）" in slide_text
    assert "参加者数：出席の記録がありません（申込 1人）" in slide_text
    assert "未記載（総括・考察はまだ書かれていません）" in slide_text
    assert re.search(r"図表\d+　専門家派遣の実施状況（抜粋）", slide_text)


def test_word_has_page_numbers_and_a_contents_that_updates(awkward: dict[str, Any]) -> None:
    document = Document(io.BytesIO(render_docx.render(_build(awkward))))
    footer = document.sections[0].footer._element
    codes = " ".join(t.text for t in footer.iter(qn("w:instrText")))
    assert "PAGE" in codes and "NUMPAGES" in codes
    assert document.sections[0].different_first_page_header_footer  # no number on the cover
    body = document.element.body
    toc = [t.text for t in body.iter(qn("w:instrText")) if "TOC" in t.text]
    assert toc == [' TOC \\o "1-2" \\h \\z \\u ']
    assert body.find(f".//{qn('w:fldChar')}").get(qn("w:dirty")) == "true"
    flag = document.settings.element.find(qn("w:updateFields"))
    assert flag is not None and flag.get(qn("w:val")) == "true"
    # before w:compat, where the schema wants it
    children = [child.tag for child in document.settings.element]
    assert children.index(qn("w:updateFields")) < children.index(qn("w:compat"))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    headings = [(style, text) for style, text in styled if style.startswith("Heading")]
    assert ("Heading 1", "1　事業の概要") in headings
    assert ("Heading 2", "実施の概要") in headings
    assert not any(text == "目次" for _style, text in headings)


def test_forum_slides_chart_what_was_asked_not_who_answered(
    records: dict[str, Any], world: dict[str, Any]
) -> None:
    """The forum's questionnaire begins with age; its slides chart the understanding and usefulness questions."""
    forum = records["forum"]
    q = questionnaire(
        forum,
        Phase.SINGLE,
        [(0, "行政職員", ""), (1, "福祉関係者", ""), (1, "行政職員", "")],
        world["users"]["prefecture"],
    )
    age = Question.objects.create(questionnaire=q, order=0, kind="age", text="年齢")
    useful = Question.objects.create(
        questionnaire=q, order=4, kind="likert", text="今後の業務に活かせそうですか"
    )
    bands = [Choice.objects.create(question=age, order=i, label=b) for i, b in enumerate(("30代", "40代"))]
    levels = [
        Choice.objects.create(question=useful, order=i, label=label)
        for i, label in enumerate(
            (
                "とても活かせそう",
                "活かせそう",
                "どちらともいえない",
                "あまり活かせそうにない",
                "活かせそうにない",
            )
        )
    ]
    for n, response in enumerate(q.responses.order_by("pk")):
        Answer.objects.create(response=response, question=age, choice=bands[n % 2])
        Answer.objects.create(response=response, question=useful, choice=levels[n % 2])
    report = _build(records)
    forum_slides = [s for sec in report.sections for s in sec.slides if s.title.startswith(forum.title)]
    charted = [s.chart.spec.title for s in forum_slides if s.chart is not None]
    assert charted == ["他機関・他職種の業務内容に対する理解が深まりましたか", "今後の業務に活かせそうですか"]
    deck = Presentation(io.BytesIO(render_pptx.render(report)))
    titles = [
        shape.chart.chart_title.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_chart
    ]
    assert "今後の業務に活かせそうですか" in titles and "年齢" not in titles
    assert "職業" not in titles
