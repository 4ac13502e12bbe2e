"""The 実施計画 document (issue 18): its content read from the registers — the agencies of each 事業 with
their 運営形態, 受託法人, 担当圏域 and 担当課, the places, the meeting bodies and their sittings, the 成果指標 —
the staff's texts taken as written and left out when empty, the Word and PDF drawn from the same content and
looked at as pictures, the versions kept with their numbers and stamps, the pages and who may open them, and
the fixed number of queries.

The clock is pinned in May of 令和8年度, so the last 年度 is 令和7年度 (2025)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kasane.agencies.models import Agency, AgencyKind, OperationForm
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.community.models import Coordination, Place
from kasane.lib.fonts import ipaex_gothic
from kasane.meetings.models import BodyMember, Meeting, MeetingBody, MeetingKind, MeetingStatus
from kasane.participation.models import Engagement, Origin
from kasane.programme import plan_document, versions
from kasane.programme.models import Indicator, PlanPeriod, PlanVersion, SetupForm, Source
from kasane.programme.plan_blocks import GridTable, Heading, KeyTable, PlanContent
from kasane.resources.models import Location, Organization, Service
from kasane.resources.models import Status as ServiceStatus
from tests import factories
from tests.clock import morning_of
from tests.conftest import ARTIFACTS, skip_or_fail

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 20)  # 令和8年度; the last 年度 is 令和7年度


@pytest.fixture(autouse=True)
def pinned() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=False):
        yield


@pytest.fixture
def plan(world: dict[str, Any], make_agency: Any, other_municipality: Any) -> dict[str, Any]:
    """テスト市: 北部包括 委託 and 南部包括 直営 (one 圏域 each), 基幹 直営 and one 障害者相談支援事業所 委託,
    a こども家庭センター (no 利用者支援 基本型), the 自立相談支援機関 委託 to the 社協, the 社協 as 多機関協働事業者
    doing outreach, 参加支援 and coordination; an inactive 包括 and the neighbour's 包括 that must not appear;
    three 居場所 in use (and one ended); the 包括的支援会議 with sittings in 令和7年度; two 成果指標."""
    m, a, areas = world["municipality"], world["agencies"], world["areas"]
    Agency.objects.filter(pk=a["houkatsu_north"].pk).update(
        operation_form=OperationForm.CONTRACTED, contractor="社会福祉法人北の杜会", department="長寿介護課"
    )
    Agency.objects.filter(pk=a["houkatsu_south"].pk).update(department="長寿介護課")
    Agency.objects.filter(pk=a["shakyo"].pk).update(department="地域福祉課")
    made = {
        "kikan": make_agency(m, "テスト市基幹相談支援センター", kind=AgencyKind.KIKAN_SODAN, fields=("disability",), department="障がい福祉課"),
        "shogai": make_agency(
            m, "相談支援事業所みどり", kind=AgencyKind.SHOGAI_SODAN, fields=("disability",),
            operation_form=OperationForm.CONTRACTED, contractor="社会福祉法人みどり会", department="障がい福祉課",
        ),
        "kodomo": make_agency(m, "テスト市こども家庭センター", kind=AgencyKind.KODOMO_KATEI, fields=("children",), department="こども家庭課"),
        "jiritsu": make_agency(
            m, "くらしの相談窓口", kind=AgencyKind.JIRITSU_SODAN, fields=("poverty",),
            operation_form=OperationForm.CONTRACTED, contractor="社会福祉法人テスト市社会福祉協議会", department="生活福祉課",
        ),
        "closed": make_agency(m, "旧中央地域包括支援センター", is_active=False, department="長寿介護課"),
        "neighbour": make_agency(other_municipality, "となり町南包括", department="福祉課"),
    }  # fmt: skip
    r = factories.journey(world)  # the 社協 becomes the 多機関協働事業者
    factories.outreach_target(world)
    Engagement.objects.create(
        municipality=m, owner_agency=a["shakyo"], person=r["son"], origin=Origin.CASE, case=r["case"],
        started_on=DAY, lead_user=world["users"]["coordinator"],
    )  # fmt: skip
    Coordination.objects.create(
        municipality=m, agency=a["shakyo"], contacted_on=DAY, counterpart_kind="farm", counterpart="元農家の方",
        connection="space", connected_from="畑", connected_to="就労体験", recorded_by=world["users"]["coordinator"],
    )  # fmt: skip
    group = Organization.objects.create(municipality=m, name="北町自治会", kind="residents")
    for name, area, funding, status in (
        ("北町ふれあいサロン", areas["north"], "care", ServiceStatus.ACTIVE),
        ("北町こども食堂", areas["north"], "none", ServiceStatus.ACTIVE),
        ("南町子育てひろば", areas["south"], "child", ServiceStatus.ACTIVE),
        ("港町のお茶会", areas["south"], "care", ServiceStatus.ENDED),
    ):
        hall = Location.objects.create(municipality=m, organization=group, name=f"{name}の会場", area=area)
        service = Service.objects.create(
            municipality=m, organization=group, location=hall, name=name, categories=["ibasho"],
            funding=funding, status=status,
        )  # fmt: skip
        Place.objects.create(municipality=m, service=service)
    meetings = factories.meeting_body(world)  # today's sitting (令和8年度) is not counted
    for held_on, kinds, status in (
        (dt.date(2025, 6, 10), [MeetingKind.SUPPORT, MeetingKind.LAYERED], MeetingStatus.HELD),
        (dt.date(2025, 9, 9), [MeetingKind.SUPPORT], MeetingStatus.HELD),
        (dt.date(2026, 3, 3), [MeetingKind.PROMOTION], MeetingStatus.HELD),
        (dt.date(2025, 12, 2), [MeetingKind.SUPPORT], MeetingStatus.CANCELLED),
        (dt.date(2025, 3, 4), [MeetingKind.SUPPORT], MeetingStatus.HELD),  # 令和6年度
    ):
        Meeting.objects.create(
            municipality=m,
            body=meetings["body"],
            title="包括的支援会議",
            kinds=kinds,
            held_on=held_on,
            status=status,
        )
    period = PlanPeriod.objects.create(
        municipality=m, title="第1期 テスト市重層的支援体制整備事業実施計画", first_year=2024, last_year=2028,
        made_on=dt.date(2024, 4, 1), revised_on=dt.date(2026, 4, 1), setup_form=SetupForm.BASIC,
        vision="誰もが役割を持ち、支え合って暮らせるまち", policy_elderly="住み慣れた地域で暮らし続けられるよう支えます。",
        staffing="多機関協働事業 相談支援包括化推進員 2名（社会福祉士）",
    )  # fmt: skip
    Indicator.objects.create(
        period=period, number=1, name="支援会議実施回数", source=Source.RECORDS, measure="support_meetings_held",
        unit="回", baseline=None, baseline_note="事業未実施", baseline_year=2023, target=Decimal(12), target_year=2028,
    )  # fmt: skip
    Indicator.objects.create(
        period=period, number=2, name="身近に頼れる人や機関があると思う市民の割合", source=Source.CITIZEN_SURVEY,
        unit="%", baseline=Decimal("52.2"), baseline_year=2023, target=Decimal(60), target_year=2028,
    )  # fmt: skip
    return {"period": period, "user": world["users"]["city"], **made, **meetings}


def _tables(content: PlanContent) -> dict[str, Any]:
    """The tables of chapter 4 (1) by the heading above them, and the other tables by their caption."""
    found: dict[str, Any] = {}
    for chapter in content.chapters:
        for section in chapter.sections:
            heading = ""
            for block in section.blocks:
                if isinstance(block, Heading):
                    heading = block.text
                elif isinstance(block, KeyTable | GridTable):
                    key = getattr(block, "caption", "") or heading
                    found[key if key not in found else f"{section.title}/{heading}"] = block
        for block in chapter.blocks:
            if isinstance(block, KeyTable) and block.caption:
                found[block.caption] = block
    return found


def _rows(table: KeyTable) -> list[tuple[str, ...]]:
    return [(row.label, *row.cells) for row in table.rows]


# ── content ─────────────────────────────────────────────────────────────────────────────────


def test_the_agency_tables_list_exactly_the_registered_agencies(plan: dict[str, Any]) -> None:
    content = plan_document.content(plan["period"])
    tables = _tables(content)
    assert _rows(tables["① 地域包括支援センターの運営"]) == [
        ("主な対象者", "高齢者及びその家族等"),
        ("圏域／箇所数", "日常生活圏域：2圏域 ／ 2箇所"),
        ("事業内容", "総合相談支援、権利擁護、包括的・継続的ケアマネジメント支援、介護予防ケアマネジメント"),
        ("実施主体／機関名", "実施主体", "機関名称（担当圏域）"),
        ("実施主体／機関名", "委託（社会福祉法人北の杜会）", "北部地域包括支援センター（北部圏域）"),
        ("実施主体／機関名", "直営（長寿介護課）", "南部地域包括支援センター（南部圏域）"),
        ("担当課", "長寿介護課"),
    ]
    disability = _rows(tables["② 障害者相談支援事業"])
    assert disability[1] == ("圏域／箇所数", "市内全域 ／ 2箇所")
    assert disability[4:7] == [
        ("実施主体／機関名", "直営（障がい福祉課）", "テスト市基幹相談支援センター"),
        ("実施主体／機関名", "委託（社会福祉法人みどり会）", "相談支援事業所みどり"),
        ("担当課", "障がい福祉課"),
    ]
    # 利用者支援: only the こども家庭センター型 is registered, so only its table is shown
    assert "基本型" not in tables and _rows(tables["こども家庭センター型"])[4] == (
        "実施主体／機関名", "直営（こども家庭課）", "テスト市こども家庭センター",
    )  # fmt: skip
    assert _rows(tables["④ 生活困窮者自立相談支援事業"])[4] == (
        "実施主体／機関名", "委託（社会福祉法人テスト市社会福祉協議会）", "くらしの相談窓口",
    )  # fmt: skip
    text = content.text()
    assert "旧中央地域包括支援センター" not in text and "となり町南包括" not in text
    assert "基本型：各分野の既存の相談支援機関" in text  # 設置形態


def test_the_other_programmes_come_from_who_does_the_work(plan: dict[str, Any]) -> None:
    content = plan_document.content(plan["period"])
    chapter = next(c for c in content.chapters if c.title.endswith("実施内容及び実施体制"))
    by_title = {s.title.split("（")[0]: s for s in chapter.sections}
    for name in (
        "参加支援事業",
        "アウトリーチ等を通じた継続的支援事業",
        "多機関協働事業及び支援プランの作成",
    ):
        table = next(b for b in by_title[name].blocks if isinstance(b, KeyTable))
        assert _rows(table) == [
            ("圏域／箇所数", "市内全域 ／ 1箇所"),
            ("実施主体", "委託（社会福祉法人テスト市社会福祉協議会）", "テスト市社会福祉協議会"),
            ("担当課", "地域福祉課"),
        ], name
    places = next(b for b in by_title["地域づくり事業"].blocks if isinstance(b, GridTable))
    assert places.header == ("圏域", "介護", "障害", "子ども", "困窮", "市町村単独", "補助なし", "計")
    assert places.rows == (
        ("北部圏域", "1", "0", "0", "0", "0", "1", "2"),
        ("南部圏域", "0", "0", "1", "0", "0", "0", "1"),  # the ended お茶会 is not counted
        ("計", "1", "0", "1", "0", "0", "1", "3"),
    )
    staffing = by_title["多機関協働事業及び支援プランの作成"].blocks[-1]
    assert staffing.text == "多機関協働事業 相談支援包括化推進員 2名（社会福祉士）"  # type: ignore[union-attr]


def test_the_meeting_bodies_with_last_years_sittings(plan: dict[str, Any]) -> None:
    content = plan_document.content(plan["period"])
    body = _tables(content)["テスト市包括的支援会議"]
    rows = dict((row.label, row.cells[0]) for row in body.rows)
    assert rows["主催"] == "地域福祉課"
    assert rows["重層的支援会議の主催"] == "テスト市社会福祉協議会"  # the 多機関協働事業者
    assert rows["構成機関"] == "テスト市社会福祉協議会、北部地域包括支援センター、地域福祉課"  # by name
    # 令和7年度: three held (not the cancelled one, not 令和6年度's, not today's in 令和8年度)
    assert rows["開催回数"] == "令和7年度 計3回（うち支援会議 2回、重層的支援会議 1回、全体推進会議 1回）"


def test_empty_texts_are_left_out_and_nothing_registered_is_said_plainly(
    world: dict[str, Any],
) -> None:
    period = PlanPeriod.objects.create(
        municipality=world["municipality"], title="第1期 計画", first_year=2026, last_year=2028
    )
    content = plan_document.content(period)
    text = content.text()
    assert [c.heading for c in content.chapters] == [
        "1. 重層的支援体制整備事業の概要",
        "2. 計画の位置付け",  # 3 目指すすがた: staff wrote none of it, so it is left out
        "3. 重層的支援体制整備事業の実施内容及び実施体制",
        "4. 支援会議及び重層的支援会議",
        "5. 連携体制の構築",
        "6. 事業の評価",
    ]
    for absent in ("基本方針", "基本理念", "職員の配置", "事業の評価方法", "策定", "改訂"):
        assert absent not in text, absent
    # the standard 背景と目的 says it is the standard text
    assert "法の規定による標準の記載を示しています" in text
    assert "多機関協働事業者として登録されている機関はありません" in text
    assert "参加支援を実施している機関の記録はありません" in text
    assert "登録されている会議体はありません。" in text and "登録されている成果指標はありません。" in text
    assert "地域の居場所として登録され、実施中のものはありません。" in text
    tables = _tables(content)
    assert _rows(tables["② 障害者相談支援事業"])[1] == ("圏域／箇所数", "登録されている機関はありません")


def test_written_texts_are_taken_as_written(plan: dict[str, Any]) -> None:
    period = plan["period"]
    period.background = (
        "本市では、8050の世帯からの相談が増えています。\n\n制度の狭間をなくすため、本事業に取り組みます。"
    )
    period.positioning = "第3次テスト市地域福祉計画に基づき策定します。"
    period.evaluation_method = "地域福祉計画の中間評価に合わせて評価します。"
    period.collaboration = "重層事業コアメンバー会議を毎月開きます。"
    content = plan_document.content(period)
    text = content.text()
    assert "本市では、8050の世帯からの相談が増えています。\n制度の狭間をなくすため" in text
    assert "標準の記載" not in text
    for written in (period.positioning, period.evaluation_method, period.collaboration):
        assert written in text
    assert "ア 高齢者福祉に関する基本方針" in text and "障害者福祉に関する基本方針" not in text
    assert content.made_label == "令和6年4月策定" and content.revised_label == "令和8年4月改訂"
    assert content.period_label == "計画期間　令和6年度〜令和10年度（2024年度〜2028年度）"
    assert [e.text for e in content.toc if e.level == 0][2] == "3. テスト市の目指すすがた"


def test_the_indicators_table(plan: dict[str, Any]) -> None:
    content = plan_document.content(plan["period"])
    table = next(
        b
        for c in content.chapters
        for s in c.sections
        for b in s.blocks
        if isinstance(b, GridTable) and b.header[0] == "番号"
    )
    assert table.header == ("番号", "指標の名称", "データ元", "現状値（年度）", "目標値（年度）")
    assert table.rows == (
        ("①", "支援会議実施回数", "事業実績", "－（事業未実施）\n令和5年度", "12回\n令和10年度"),
        (
            "②",
            "身近に頼れる人や機関があると思う市民の割合",
            "市民意識調査",
            "52.2%\n令和5年度",
            "60%\n令和10年度",
        ),
    )


def test_content_reads_the_records_in_a_fixed_number_of_queries(
    plan: dict[str, Any], make_agency: Any
) -> None:
    period = PlanPeriod.objects.select_related("municipality").get(pk=plan["period"].pk)
    with CaptureQueriesContext(connection) as first:
        plan_document.content(period)
    for n in range(5):  # more agencies and meeting bodies: the same queries
        agency = make_agency(period.municipality, f"追加の包括{n}", department="長寿介護課")
        body = MeetingBody.objects.create(
            municipality=period.municipality,
            name=f"地域ケア会議{n}",
            kinds=[MeetingKind.EXISTING],
            host_agency=agency,
        )
        BodyMember.objects.create(body=body, user=plan["user"], agency=agency, joined_on=DAY)
    with CaptureQueriesContext(connection) as second:
        plan_document.content(period)
    assert len(first) == len(second) == 12


# ── the files ───────────────────────────────────────────────────────────────────────────────


def _pages(pdf_bytes: bytes, name: str) -> list[Path]:
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(source), str(ARTIFACTS / name)], check=True)
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def test_the_pdf_has_a_cover_a_contents_page_and_the_tables(plan: dict[str, Any]) -> None:
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        skip_or_fail("pdftoppm・pdftotext（poppler-utils）がないため PDF の確認を省略しました")
    content = plan_document.content(plan["period"])
    started = time.perf_counter()
    body = plan_document.to_pdf(content, draft=True)
    print(f"\nplan PDF: {len(body):,} bytes in {time.perf_counter() - started:.2f}s")
    pages = _pages(body, "plan-document-pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(ARTIFACTS / "plan-document-pdf.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sheets = text.split("\f")
    assert "第1期 テスト市重層的支援体制整備事業実施計画" in sheets[0] and "令和6年4月策定" in sheets[0]
    assert "目次" in sheets[1] and "7. 事業の評価" in sheets[1]
    assert all("案" in sheet for sheet in sheets if sheet.strip())
    assert "委託（社会福祉法人北の杜会）" in text and "北部地域包括支援センター（北部圏域）" in text
    assert len(pages) >= 8 and all(p.stat().st_size > 3_000 for p in pages)
    # The 目次's page numbers are the pages' own: numbered from the first chapter (after 表紙 and 目次).
    for entry in content.toc:
        line = next(line for line in sheets[1].splitlines() if line.strip().startswith(entry.text))
        number = int(line.split()[-1].strip("."))
        assert entry.text in sheets[number + 1] and re.search(rf"-\s*{number}\s*-", sheets[number + 1]), (
            entry.text
        )


def _office_pdf(docx: bytes, tmp_path: Path) -> bytes:
    """The Word file as LibreOffice lays it out, with the packaged IPAex Gothic standing in for the Windows
    font (the machine may have no Japanese font of its own)."""
    if shutil.which("soffice") is None:
        skip_or_fail("LibreOffice（soffice）がないため Word の画像化を省略しました")
    (tmp_path / "fonts.conf").write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{ipaex_gothic().parent}</dir>'
        "</fontconfig>"
    )
    source = tmp_path / "plan.docx"
    source.write_bytes(docx)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")},
    )  # fmt: skip
    return (tmp_path / "plan.pdf").read_bytes()


def test_the_word_file_has_headings_a_contents_field_and_real_tables(
    plan: dict[str, Any], tmp_path: Path
) -> None:
    from docx import Document

    content = plan_document.content(plan["period"])
    started = time.perf_counter()
    body = plan_document.to_docx(content, draft=True)
    print(f"\nplan Word: {len(body):,} bytes in {time.perf_counter() - started:.2f}s")
    document = Document(io.BytesIO(body))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [c.heading for c in content.chapters]
    assert 'TOC \\o "1-2"' in document.element.body.xml  # the 目次 is a Word field with its lines in it
    assert document.sections[0].header.paragraphs[0].text == "案"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    houkatsu = next(t for t in document.tables if t.cell(0, 1).text == "高齢者及びその家族等")
    cells = [[c.text for c in row.cells] for row in houkatsu.rows]
    assert cells[4] == [
        "実施主体／機関名",
        "委託（社会福祉法人北の杜会）",
        "北部地域包括支援センター（北部圏域）",
    ]
    assert cells[5][0] == "実施主体／機関名"  # one merged cell down the operators' rows
    assert houkatsu.cell(3, 0)._tc is houkatsu.cell(5, 0)._tc
    assert cells[6] == ["担当課", "長寿介護課", "長寿介護課"]  # one merged cell across
    rfonts = document.styles["Normal"].element.rPr.rFonts
    assert (
        rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "BIZ UDPゴシック"
    )
    pages = _pages(_office_pdf(body, tmp_path), "plan-document-docx")
    assert len(pages) >= 8


# ── versions ────────────────────────────────────────────────────────────────────────────────


def _pdf_text(body: bytes, tmp_path: Path) -> list[str]:
    source = tmp_path / "version.pdf"
    source.write_bytes(body)
    text = subprocess.run(["pdftotext", str(source), "-"], capture_output=True, text=True, check=True).stdout
    return [sheet for sheet in text.split("\f") if sheet.strip()]


def test_versions_are_numbered_stamped_and_audited(
    plan: dict[str, Any], world: dict[str, Any], tmp_path: Path
) -> None:
    from docx import Document

    from kasane.programme import services

    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext（poppler-utils）がないため PDF の確認を省略しました")
    period, city = plan["period"], world["users"]["city"]
    actor = Actor(user=city, municipality=period.municipality)
    first = versions.make_version(period, actor=actor, published=False)
    assert (first.number, first.published, first.made_on) == (1, False, DAY)
    assert all("案" in sheet for sheet in _pdf_text(bytes(first.pdf), tmp_path))
    # A 公表版 of a plan still 策定中 is refused, and nothing is kept
    with pytest.raises(versions.VersionRefused, match="公表済みにしてから"):
        versions.make_version(period, actor=actor, published=True)
    assert period.versions.count() == 1
    services.publish_period(period, DAY, actor=actor)
    second = versions.make_version(period, actor=actor, published=True)
    assert (second.number, second.published) == (2, True)
    sheets = _pdf_text(bytes(second.pdf), tmp_path)
    assert all("公表版（令和8年5月20日公表）" in sheet for sheet in sheets) and not any(
        "案\n" in s for s in sheets
    )
    header = Document(io.BytesIO(bytes(second.docx))).sections[0].header.paragraphs[0].text
    assert header == "公表版（令和8年5月20日公表）"
    entries = AuditEntry.objects.filter(action="programme.plan_version_made").order_by("pk")
    assert [(e.details["number"], e.details["published"]) for e in entries] == [(1, False), (2, True)]
    assert entries[0].details["pdf_bytes"] == len(bytes(first.pdf)) > 50_000


# ── the pages ───────────────────────────────────────────────────────────────────────────────


def test_the_planner_writes_the_texts_with_an_audit_entry(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    period = plan["period"]
    url = f"/programme/plans/{period.pk}/texts/"
    city = client_for(world["users"]["city"])
    page = city.get(url).content.decode()
    assert "計画書の記載内容" in page and "誰もが役割を持ち" in page and "令和6年4月1日" in page
    sent = {
        "made_on": "R6.4.1",
        "revised_on": "",
        "setup_form": "integrated",
        "vision": "",
        "positioning": "第3次地域福祉計画に基づきます。",
    }
    assert city.post(url, sent).status_code == 302
    period.refresh_from_db()
    assert (period.positioning, period.vision, period.revised_on, period.setup_form) == (
        "第3次地域福祉計画に基づきます。", "", None, "integrated",
    )  # fmt: skip
    entry = AuditEntry.objects.get(action="programme.plan_saved")
    assert set(entry.details["texts"]) == {
        "positioning",
        "vision",
        "revised_on",
        "setup_form",
        "policy_elderly",
        "staffing",
    }
    # A 改訂日 before the 策定日 is refused in Japanese, and nothing is written
    refused = city.post(url, {**sent, "revised_on": "R5.4.1", "positioning": "書き換え"})
    assert (
        refused.status_code == 200
        and "改訂日は策定日より後の日付にしてください。" in refused.content.decode()
    )
    period.refresh_from_db()
    assert period.positioning == "第3次地域福祉計画に基づきます。"
    assert AuditEntry.objects.filter(action="programme.plan_saved").count() == 1


def test_the_draft_downloads_and_the_versions_page(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    period = plan["period"]
    city, admin = client_for(world["users"]["city"]), client_for(world["users"]["agency_admin"])
    draft = city.get(f"/programme/plans/{period.pk}/draft.pdf")
    assert (
        draft.status_code == 200
        and draft["Content-Type"] == "application/pdf"
        and draft.content.startswith(b"%PDF")
    )
    word = city.get(f"/programme/plans/{period.pk}/draft.docx")
    assert word.status_code == 200 and word.content.startswith(b"PK")
    assert city.get(f"/programme/plans/{period.pk}/draft.xlsx").status_code == 404
    assert admin.get(f"/programme/plans/{period.pk}/draft.pdf").status_code == 403  # the 案 is the planner's
    new = f"/programme/plans/{period.pk}/versions/new/"
    assert city.get(new).status_code == 405
    assert admin.post(new).status_code == 403
    assert city.post(new).status_code == 302 and city.post(new, {"published": "1"}).status_code == 302
    assert [v.number for v in period.versions.all()] == [1]  # the 公表版 was refused: the plan is 策定中
    page = city.get(f"/programme/plans/{period.pk}/versions/").content.decode()
    assert "第1版" in page and "この内容で版を作る" in page and "公表版は、計画を公表済みにしてから" in page
    # An agency's manager reads the programme: sees the versions and downloads them, but makes none
    listing = admin.get(f"/programme/plans/{period.pk}/versions/").content.decode()
    assert "第1版" in listing and "この内容で版を作る" not in listing
    got = admin.get(f"/programme/plans/{period.pk}/versions/1.docx")
    assert got.status_code == 200 and got.content == bytes(period.versions.get().docx)
    assert admin.get(f"/programme/plans/{period.pk}/versions/2.pdf").status_code == 404
    other = client_for(world["users"]["other_city"])
    assert other.get(f"/programme/plans/{period.pk}/versions/1.pdf").status_code == 404
    assert other.get(f"/programme/plans/{period.pk}/versions/").status_code == 404


def test_the_versions_page_reads_a_fixed_number_of_queries(
    client_for: Any, world: dict[str, Any], plan: dict[str, Any]
) -> None:
    period, city = plan["period"], world["users"]["city"]
    client = client_for(city)
    url = f"/programme/plans/{period.pk}/versions/"
    PlanVersion.objects.create(
        period=period, number=1, made_on=DAY, pdf=b"x" * 100_000, docx=b"y", made_by=city
    )
    client.get(url)  # the session's first save
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in (2, 3, 4):
        PlanVersion.objects.create(
            period=period, number=n, made_on=DAY, pdf=b"x" * 100_000, docx=b"y", made_by=city
        )
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).content.decode().count('<th scope="row">第') == 4
    assert len(one) == len(four) == 5  # session, user, memberships, the period, the versions
    assert not any('"pdf"' in q["sql"] for q in four.captured_queries)  # the files stay in the database
