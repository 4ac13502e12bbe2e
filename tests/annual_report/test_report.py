"""事業報告書: every figure traced back to the records, and each of the three files rendered and looked at."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from kasane.annual_report import assemble, render_docx, render_pdf, render_pptx
from kasane.events.models import Registration
from tests.annual_report import conftest
from tests.conftest import ARTIFACTS, skip_or_fail

pytestmark = pytest.mark.django_db
YEAR, DAY = conftest.YEAR, conftest.DAY


def test_report_contents_trace_to_records(records: dict[str, Any]) -> None:
    report = assemble.build(records["prefecture"], YEAR, today=DAY, author="テスト研究所")
    assert [s.title for s in report.sections] == [
        "事業の概要",
        "情報共有の場（市町村間）",
        "重層的支援体制整備人材養成研修",
        "専門家派遣",
        "市町村の体制整備状況",
        "総括・考察（担当者記載）",
    ]
    assert report.source_ids("events.Event") == {records["forum"].pk, records["training"].pk}
    assert report.source_ids("dispatch.Dispatch") == {records["dispatch"].pk}
    assert report.source_ids("questionnaires.Questionnaire") == {records["pre"].pk, records["post"].pk}
    assert report.source_ids("readiness.PublishedCounts") == {records["published"].pk}
    attended = set(
        Registration.objects.filter(event=records["forum"], attended=True).values_list("pk", flat=True)
    )
    assert attended <= report.source_ids("events.Registration")
    text = report.text()
    # Participants: 3 attended of 4 registered, from 2 municipalities (hand-counted above)
    assert "3人（2市町村）　申込 4人" in text
    assert "【実践報告】鷹栖町の働くきっかけ応援事業" in text
    # Before/after: 「理解できた」以上 1 of 4 (25.0%) → 3 of 4 (75.0%), +50.0 points
    assert "「理解できた」以上の割合 25.0% → 75.0%（+50.0ポイント）（研修前 n=4、研修後 n=4）" in text
    assert "他の機関の仕事が具体的にわかった" in text and "顔の見える関係ができた" in text
    # Dispatch: goal, outcome with evidence, workshop participants 6+3, worksheet
    assert "庁内勉強会を2回開いた" in text and "関係8課から延べ31人が参加" in text
    assert "参加者 9人" in text and "夜間に相談できる場所" in text
    assert "社協の事務局長が推進役" in text
    # Readiness: となり町's 庁内の共通理解 moved up, テスト市's stayed
    spread = dict(assemble.distribution(records["prefecture"], YEAR))
    assert spread["庁内の共通理解"] == (0, 1, 1, 0) and spread["現状把握"] == (0, 0, 0, 0)
    moves = dict(assemble.movement(records["prefecture"], YEAR))
    assert moves["庁内の共通理解"] == (1, 1, 0) and moves["現状把握"] == (0, 0, 0)
    # Minimums: one training of two is short, and so are the dispatches
    assert "人材養成研修" in text and "未達" in text
    # Changing a record changes the report
    Registration.objects.filter(event=records["forum"], attended=False).update(attended=True)
    assert "4人（2市町村）　申込 4人" in assemble.build(records["prefecture"], YEAR, today=DAY).text()


def _png(pdf_bytes: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf_bytes)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "6", str(source), str(ARTIFACTS / name)], check=True
    )
    pages = sorted(ARTIFACTS.glob(f"{name}-*.png"))
    assert pages
    return pages[0]


def _office_to_pdf(data: bytes, name: str, suffix: str, tmp_path: Path) -> bytes:
    if shutil.which("soffice") is None:
        skip_or_fail("LibreOffice（soffice）がないため Word・PowerPoint の画像化を省略しました")
    source = tmp_path / f"{name}.{suffix}"
    source.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp_path / f"{name}.pdf").read_bytes()


def test_pdf_word_and_powerpoint_render(records: dict[str, Any], tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がないため PDF の画像化を省略しました")
    from pypdf import PdfReader

    report = assemble.build(records["prefecture"], YEAR, today=DAY, author="テスト研究所")
    pdf_bytes = render_pdf.render(report, made_on=DAY)
    reader = PdfReader(io.BytesIO(pdf_bytes))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "令和7年度（2025年度） 重層的支援体制構築に向けた" in text and "庁内勉強会を2回開いた" in text
    resources: list[Any] = [page["/Resources"] for page in reader.pages]
    fonts = {str(f) for found in resources for f in (found.get("/Font") or {}).values()}
    assert fonts  # the font is embedded (a TrueType subset), checked by the brochure test's helper too
    _png(pdf_bytes, "report-pdf")

    docx_bytes = render_docx.render(report)
    from docx import Document

    words = "\n".join(p.text for p in Document(io.BytesIO(docx_bytes)).paragraphs)
    assert "専門家派遣" in words and "アンケート結果" in words
    _png(_office_to_pdf(docx_bytes, "report", "docx", tmp_path), "report-docx")

    pptx_bytes = render_pptx.render(report)
    from pptx import Presentation

    deck = Presentation(io.BytesIO(pptx_bytes))
    charts = [shape for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(deck.slides) == 2 + sum(len(s.slides) for s in report.sections) and charts
    _png(_office_to_pdf(pptx_bytes, "report", "pptx", tmp_path), "report-pptx")


def test_report_pages_for_support_staff_only(
    records: dict[str, Any], world: dict[str, Any], client_for: Any
) -> None:
    ken = client_for(world["users"]["prefecture"])
    page = ken.get(reverse("annual_report:index"), {"year": YEAR})
    assert page.status_code == 200 or "年度" in page.content.decode()
    for user in ("city", "soudanin", "other_city"):
        assert client_for(world["users"][user]).get(reverse("annual_report:index")).status_code == 403
    assert ken.get("/report/1999/report.pdf").status_code == 404
    assert ken.get(f"/report/{YEAR}/report.xls").status_code == 404
