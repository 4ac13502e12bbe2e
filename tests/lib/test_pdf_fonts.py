"""外字 and emoji in PDFs: IPAex Gothic lacks them; a fallback font draws them, 〓 stands for a character no
font has, and the document says which characters those were."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph

from kasane.lib import glyphs, pdf
from kasane.lib.fonts import fallbacks, ipaex_gothic
from tests.conftest import ARTIFACTS, skip_or_fail

TSUCHIYOSHI = "\U00020bb7"  # 𠮷, CJK Extension B: not in IPAex Gothic
HOKKE = "\U00029e3d"  # 𩸽, CJK Extension B: in IPAex Gothic (JIS X 0213)
TSUKA = "\ufa10"  # 塚, CJK compatibility ideograph
SMILE = "\U0001f600"  # 😀
GAIJI = "\ue000"  # a legacy 外字 code (Private Use Area): no font has a glyph for it
NAMES = f"{TSUCHIYOSHI}野 {HOKKE} 髙橋 﨑 {TSUKA} {SMILE}"


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        skip_or_fail(f"{tool}（poppler-utils）がないため PDF を確認できません")


def _text(content: bytes) -> str:
    _need("pdftotext")
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return done.stdout.decode()


def _fonts(content: bytes, tmp_path: Path) -> list[list[str]]:
    """pdffonts' table: name, type, encoding, emb, sub, uni, object, generation."""
    _need("pdffonts")
    source = tmp_path / "fonts.pdf"
    source.write_bytes(content)
    out = subprocess.run(["pdffonts", str(source)], capture_output=True, check=True).stdout.decode()
    return [line.split() for line in out.splitlines()[2:]]


@pdf.document
def _sheet(lines: list[str], *, footer: str = "テスト帳票") -> bytes:
    body = pdf.style("body", 11)
    story = [Paragraph(pdf.markup(line), body) for line in lines]
    return pdf.build_a4(story, title="字形の確認", footer_left=footer, made_on=dt.date(2026, 12, 5))


def test_the_fonts_cover_the_names_of_the_issue() -> None:
    primary = glyphs.coverage(ipaex_gothic())
    assert ord(TSUCHIYOSHI) not in primary and ord(SMILE) not in primary
    assert all(ord(c) in primary for c in f"{HOKKE}髙﨑{TSUKA}〓")
    jp, *_ = fallbacks()
    assert ord(TSUCHIYOSHI) in glyphs.coverage(jp)
    assert all(ord(GAIJI) not in glyphs.coverage(path) for path in (ipaex_gothic(), *fallbacks()))


def test_markup_sets_what_ipaex_lacks_in_a_fallback_font() -> None:
    out = pdf.markup(f"{TSUCHIYOSHI}野 花子")
    assert re.fullmatch(f'<font name="KasaneFallback\\d+">{TSUCHIYOSHI}</font>野 花子', out)
    # Characters IPAex Gothic has stay as they were, in the paragraph's own font.
    assert pdf.markup(f"髙橋 {HOKKE}\n﨑") == f"髙橋 {HOKKE}<br/>﨑"


def test_markup_escapes_around_the_fallback_runs() -> None:
    out = pdf.markup(f'<b>&{TSUCHIYOSHI}</font><font name="x">{SMILE}')
    assert re.fullmatch(
        f'&lt;b&gt;&amp;<font name="KasaneFallback\\d+">{TSUCHIYOSHI}</font>&lt;/font&gt;'
        f'&lt;font name="x"&gt;<font name="KasaneFallback\\d+">{SMILE}</font>',
        out,
    )
    Paragraph(out, pdf.style("body"))  # parses: no markup came from the text


def test_a_character_no_font_has_becomes_the_placeholder_and_is_recorded() -> None:
    with glyphs.recording() as replaced:
        # A variation selector (IVS) and a zero-width joiner draw nothing and are not replacements.
        assert pdf.markup(f"高橋{GAIJI}子\U000e0100\u200d") == "高橋〓子"
    assert replaced == {GAIJI}


def test_build_a4_refuses_a_document_not_marked() -> None:
    with pytest.raises(RuntimeError, match=r"@pdf\.document"):
        pdf.build_a4([], title="t", footer_left="f", made_on=dt.date(2026, 12, 5))


def test_the_pdf_prints_the_names_and_says_what_it_could_not(tmp_path: Path) -> None:
    content = _sheet([NAMES, f"山田{GAIJI}子"], footer=f"{TSUCHIYOSHI}田市 テスト帳票")
    text = _text(content)
    flat = re.sub(r"\s+", "", text)
    assert f"{TSUCHIYOSHI}野{HOKKE}髙橋﨑{TSUKA}{SMILE}" in flat
    assert f"{TSUCHIYOSHI}田市テスト帳票" in flat  # the footer, drawn on the canvas
    assert "山田〓子" in flat and GAIJI not in text
    assert "この文書の「〓」は、PDFの書体に字形がないため表示できなかった文字です（U+E000）" in flat
    embedded = {row[0].split("+")[-1].split("-Kasane")[0]: row for row in _fonts(content, tmp_path)}
    # The fallbacks are set at the regular weight (the variable Noto fonts' own default is Thin), and embedded.
    for name in ("IPAexGothic", "NotoSansJP-Regular", "NotoEmoji-Regular"):
        assert embedded[name][-5] == "yes"


def test_characters_cut_out_at_different_times_print_together() -> None:
    """Each cut-out is a font of its own in the PDF: 😢 cut out first, then 🙂, both print as themselves."""
    pdf.markup("\U0001f622")
    flat = re.sub(r"\s+", "", _text(_sheet(["\U0001f642と\U0001f622", f"{TSUCHIYOSHI}"])))
    assert f"\U0001f642と\U0001f622{TSUCHIYOSHI}" in flat


def test_a_pdf_without_such_characters_has_no_note() -> None:
    flat = re.sub(r"\s+", "", _text(_sheet(["髙橋 一郎", "山﨑 惠子"])))
    assert "髙橋一郎山﨑惠子" in flat and "〓" not in flat


def test_chart_labels_use_the_fallback_too() -> None:
    shapes = pdf.strings(100, 10, f"{TSUCHIYOSHI}野町", size=10, anchor="middle", fill=None)
    assert [s.text for s in shapes] == [TSUCHIYOSHI, "野町"]
    assert shapes[0].fontName.startswith("KasaneFallback") and shapes[1].fontName == pdf.FONT_NAME
    assert (shapes[0].x, shapes[1].x) == (85, 95)  # three full-width characters centred on 100


def test_the_names_render_to_png(tmp_path: Path) -> None:
    """Kept in tests/artifacts/ to be looked at: the names in print, 〓 and the note."""
    _need("pdftoppm")
    source = tmp_path / "names.pdf"
    source.write_bytes(_sheet([NAMES, f"山田{GAIJI}子"]))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "pdf-fonts"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(source), str(target)], check=True)
    assert target.with_suffix(".png").stat().st_size > 0
