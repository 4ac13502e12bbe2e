from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kasane.agencies.brochure import brochure_filename, build_brochure
from kasane.audit.models import AuditEntry
from tests.conftest import ARTIFACTS, skip_or_fail

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _embedded_fonts(pdf: bytes) -> set[str]:
    found = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object()["/Font"].get_object()
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants.get_object()[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                found.add(str(target["/BaseFont"]))
    return found


def test_brochure_content(world: dict[str, Any]) -> None:
    pdf = build_brochure(world["municipality"], today=dt.date(2026, 4, 1))
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "テスト市 相談先ガイド" in text
    assert "こんな相談は、ここへ" in text and "ひきこもり" in text
    assert "北部地域包括支援センター（北部圏域）" in text
    assert "テスト市社会福祉協議会" in text
    assert "令和8年4月1日" in text
    assert "この資料には個人情報は含まれていません" in text
    assert "となり町" not in text and "岩手県地域福祉課" not in text
    assert any("IPAexGothic" in name for name in _embedded_fonts(pdf))


def test_brochure_queries_do_not_grow(
    world: dict[str, Any], make_agency: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(5):
        build_brochure(world["municipality"])
    for i in range(12):
        make_agency(
            world["municipality"], f"追加の相談所{i}", topics={"認知症": 1}, fields=("elderly", "health")
        )
    with django_assert_num_queries(5):
        build_brochure(world["municipality"])


def test_brochure_download_is_audited(client_for: Any, world: dict[str, Any]) -> None:
    response = client_for(world["users"]["viewer"]).get(reverse("agencies:brochure"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "%E7%9B%B8%E8%AB%87%E5%85%88%E3%82%AC%E3%82%A4%E3%83%89" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="directory.brochure").count() == 1
    assert (
        brochure_filename(world["municipality"], dt.date(2026, 11, 22))
        == "相談先ガイド_テスト市_20261122.pdf"
    )


def test_brochure_renders_to_png(world: dict[str, Any], make_agency: Any, tmp_path: Path) -> None:
    """Render every page so a person can look at it (tests/artifacts/brochure-N.png)."""
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がないため PDF の画像化を省略しました")
    for i in range(8):
        make_agency(
            world["municipality"],
            f"相談支援事業所その{i}",
            kind="shogai_sodan",
            fields=("disability",),
            topics={"障がい": 1, "精神疾患": 2},
            handles_text="身体・知的・精神に障がいのある方と家族の相談を受けます。" * 3,
            referral_howto="電話で概要を伝えたうえで、つなぐシートをFAXしてください。",
            address=f"テスト市北町{i}-1",
            hours="平日 9:00〜17:00",
        )
    source = tmp_path / "brochure.pdf"
    source.write_bytes(build_brochure(world["municipality"], today=dt.date(2026, 11, 22)))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(source), str(ARTIFACTS / "brochure")], check=True)
    pages = sorted(ARTIFACTS.glob("brochure-*.png"))
    assert len(pages) == len(PdfReader(str(source)).pages) >= 2
    assert all(p.stat().st_size > 10_000 for p in pages)
