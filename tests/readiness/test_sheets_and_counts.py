"""市町村の体制整備状況: import, sheets, ratings, published counts, and who sees what."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEntry
from kasane.lib.dates import fiscal_year, today
from kasane.readiness import importer, services
from kasane.readiness.models import Block, MunicipalityProfile, PublishedCounts, ReadinessSheet
from kasane.readiness.themes import population_band, population_band_label
from kasane.tenancy.codes import check_digit, is_valid
from kasane.tenancy.models import Municipality, Prefecture

pytestmark = pytest.mark.django_db


def test_check_digit_matches_known_codes() -> None:
    # 札幌市 011002, 苫小牧市 012131 (remainder 0 → 1), 津別町 015440 (remainder 1 → 0), 盛岡市 032018
    assert [check_digit(c) for c in ("01100", "01213", "01544", "03201")] == ["2", "1", "0", "8"]
    assert is_valid("012131") and not is_valid("012130")


def test_population_bands() -> None:
    assert population_band(2_800) == 0 and population_band(5_000) == 1 and population_band(325_000) == 4
    assert population_band_label(None) == "人口不明"
    assert population_band_label(27_800) == "1万〜3万人未満"


def test_import_reads_excel(world: dict[str, Any], prefecture: Prefecture) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["市町村コード", "市町村名", "ブロック", "人口", "実施状況", "実施年度"])
    sheet.append(["01642", "広尾町", "道東", 6300, "実施中", "令和4年度"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = importer.parse(importer.read_table("一覧.xlsx", buffer.getvalue()))
    assert result.ok and result.rows[0].code == "016420" and result.rows[0].year == 2022


def _sheet_post(sheet: ReadinessSheet, **extra: str) -> dict[str, str]:
    data = {"lock_version": str(sheet.lock_version), "population": "90000", "lead_division": "地域福祉課"}
    data["fn_participation_current"] = "社協が受託。受け入れ先12か所。"
    data["fn_participation_issues"] = "郊外に受け入れ先がない。"
    data["fd_finance_strengths"] = "件数を記録から出せる。"
    data.update(extra)
    return data


def test_municipal_staff_fill_in_their_sheet_in_versions(world: dict[str, Any], client_for: Any) -> None:
    city = world["users"]["city"]
    client = client_for(city)
    municipality = world["municipality"]
    response = client.post(reverse("readiness:sheet_new", args=[municipality.pk]), {"made_on": "R7.6.30"})
    first = ReadinessSheet.objects.get()
    assert response.url == reverse("readiness:sheet_edit", args=[first.pk])
    assert first.function_rows.count() == 6 and first.foundation_rows.count() == 3
    response = client.post(
        reverse("readiness:sheet_edit", args=[first.pk]), _sheet_post(first, shared_with_peers="on")
    )
    assert response.status_code == 302
    row = first.function_rows.get(function="participation")
    assert row.issues == "郊外に受け入れ先がない。"
    # A second version starts as a copy of the first
    client.post(reverse("readiness:sheet_new", args=[municipality.pk]), {"made_on": "2026-06-30"})
    second = ReadinessSheet.objects.exclude(pk=first.pk).get()
    assert second.made_on == dt.date(2026, 6, 30) and second.lead_division == "地域福祉課"
    assert second.function_rows.get(function="participation").current == "社協が受託。受け入れ先12か所。"
    history = client.get(reverse("readiness:sheet_history", args=[municipality.pk])).content.decode()
    assert "令和7年6月30日作成" in history and "令和8年6月30日作成" in history
    assert list(first.contributors.all()) == [city]


def test_a_stale_sheet_is_refused_and_keeps_the_typed_text(world: dict[str, Any], client_for: Any) -> None:
    client = client_for(world["users"]["city"])
    sheet = services.new_sheet(world["municipality"], world["users"]["city"], dt.date(2026, 6, 1))
    stale = _sheet_post(sheet)
    client.post(reverse("readiness:sheet_edit", args=[sheet.pk]), _sheet_post(sheet))
    response = client.post(
        reverse("readiness:sheet_edit", args=[sheet.pk]),
        {**stale, "fn_participation_issues": "後から書いた課題"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "他の方がシートを保存しました" in html
    assert "後から書いた課題" in html
    sheet.refresh_from_db()
    assert sheet.function_rows.get(function="participation").issues == "郊外に受け入れ先がない。"


def test_who_sees_which_sheet(world: dict[str, Any], client_for: Any, make_user: Any) -> None:
    municipality, other = world["municipality"], world["other_municipality"]
    own = services.new_sheet(municipality, world["users"]["city"], dt.date(2026, 6, 1))
    private = services.new_sheet(other, world["users"]["other_city"], dt.date(2026, 6, 1))
    shared = services.new_sheet(other, world["users"]["other_city"], dt.date(2026, 7, 1))
    ReadinessSheet.objects.filter(pk=shared.pk).update(shared_with_peers=True)
    services.submit_sheet(ReadinessSheet.objects.get(pk=shared.pk), world["users"]["other_city"])
    city = client_for(world["users"]["city"])
    assert city.get(reverse("readiness:sheet", args=[own.pk])).status_code == 200
    assert city.get(reverse("readiness:sheet", args=[private.pk])).status_code == 404
    assert city.get(reverse("readiness:sheet", args=[shared.pk])).status_code == 200
    assert city.get(reverse("readiness:sheet_edit", args=[shared.pk])).status_code == 404
    assert city.get(reverse("readiness:municipality", args=[other.pk])).status_code == 404
    compare = city.get(
        reverse("readiness:sheet_compare"), {"m": [municipality.pk, other.pk]}
    ).content.decode()
    assert "テスト市" in compare and "となり町" in compare
    pref = client_for(world["users"]["prefecture"])
    for sheet in (own, private, shared):
        assert pref.get(reverse("readiness:sheet", args=[sheet.pk])).status_code == 200
    # 相談員 of the municipality may read their own municipality's sheet but not edit it
    soudanin = client_for(world["users"]["soudanin"])
    assert soudanin.get(reverse("readiness:sheet", args=[own.pk])).status_code == 200
    assert soudanin.get(reverse("readiness:sheet_edit", args=[own.pk])).status_code == 404
    # Another prefecture's staff see nothing of this one
    far = Prefecture.objects.create(code="01", name="北海道")
    from kasane.agencies.models import Agency, AgencyKind

    far_agency = Agency.objects.create(
        prefecture=far, name="北海道 地域福祉課", kind=AgencyKind.PREFECTURE, operation_form="direct"
    )
    outsider = client_for(make_user("dou", far_agency, "prefecture"))
    assert outsider.get(reverse("readiness:sheet", args=[own.pk])).status_code == 404
    assert outsider.get(reverse("readiness:municipality", args=[municipality.pk])).status_code == 404
    assert "テスト市" not in outsider.get(reverse("readiness:index")).content.decode()


def test_index_shows_stages_and_needs(world: dict[str, Any], client_for: Any) -> None:
    municipality = world["municipality"]
    block = Block.objects.create(prefecture=municipality.prefecture, name="県央")
    MunicipalityProfile.objects.create(municipality=municipality, block=block, status="considering")
    ken = world["users"]["prefecture"]
    services.rate(
        municipality,
        ken,
        item="internal",
        stage=0,
        evidence="庁内の説明はまだ",
        tools_used=[],
        rated_on=dt.date(2025, 10, 1),
    )
    services.rate(
        municipality,
        ken,
        item="internal",
        stage=1,
        evidence="係長級の勉強会を1回",
        tools_used=[],
        rated_on=dt.date(2026, 10, 1),
    )
    services.rate(
        municipality,
        ken,
        item="sharing",
        stage=2,
        evidence="連絡会を試行",
        tools_used=[],
        rated_on=dt.date(2026, 10, 1),
    )
    html = client_for(ken).get(reverse("readiness:index")).content.decode()
    assert "県央" in html and "検討中" in html
    assert "庁内勉強会・庁内協議" in html
    assert "前回から進みました" in html
    # Participants get the public columns only, not the prefecture's ratings
    html = client_for(world["users"]["other_city"]).get(reverse("readiness:index")).content.decode()
    assert "テスト市" in html and "係長級の勉強会" not in html and "次に必要な支援" not in html


def test_publish_counts_from_records(world: dict[str, Any], client_for: Any) -> None:
    from tests import factories

    municipality = world["municipality"]
    agency = world["agencies"]["houkatsu_north"]
    for name in ("髙橋 ミツ", "佐藤 一郎"):
        factories.consultation(factories.person(agency, name=name, kana="てすと"), agency)
    client = client_for(world["users"]["city"])
    year = fiscal_year(today())
    response = client.post(reverse("readiness:publish", args=[municipality.pk]), {"fiscal_year": str(year)})
    assert response.status_code == 302
    published = PublishedCounts.objects.get()
    assert (published.consultations, published.cases, published.support_meetings) == (2, 0, 0)
    entry = AuditEntry.objects.get(action="readiness.counts_published")
    assert "髙橋" not in str(entry.details) and entry.details["consultations"] == 2
    # Only the municipality's programme staff publish, and only for their own municipality
    assert (
        client_for(world["users"]["soudanin"])
        .post(reverse("readiness:publish", args=[municipality.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(world["users"]["prefecture"])
        .post(reverse("readiness:publish", args=[municipality.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(world["users"]["city"])
        .post(reverse("readiness:publish", args=[municipality.pk]), {"fiscal_year": "2019"})
        .status_code
        == 302
    )
    assert PublishedCounts.objects.count() == 1


def _grow(prefecture: Prefecture, ken: Any, start: int, count: int) -> None:
    block = Block.objects.get_or_create(prefecture=prefecture, name="県央")[0]
    for n in range(start, start + count):
        municipality = Municipality.objects.create(
            prefecture=prefecture, code=f"03{n:03d}0", name=f"町{n}", population=1000 * n
        )
        MunicipalityProfile.objects.create(municipality=municipality, block=block, status="considering")
        for item in ("situation", "internal"):
            services.rate(
                municipality,
                ken,
                item=item,
                stage=1,
                evidence="e",
                tools_used=[],
                rated_on=dt.date(2026, 4, 1),
            )
        services.new_sheet(municipality, ken, dt.date(2026, 5, 1))


def test_query_counts_are_pinned(world: dict[str, Any], client_for: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ken = world["users"]["prefecture"]
    client = client_for(ken)
    prefecture = world["municipality"].prefecture
    _grow(prefecture, ken, 100, 3)
    some = Municipality.objects.get(name="町100")
    client.get(reverse("readiness:index"))  # the first request of a session also writes the session

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    index, detail = (
        count(reverse("readiness:index")),
        count(reverse("readiness:municipality", args=[some.pk])),
    )
    _grow(prefecture, ken, 200, 12)
    # 9, and three for the roll-up by region: the regions, the word the prefecture uses for them, this 年度's sheets
    assert count(reverse("readiness:index")) == index == 12
    assert count(reverse("readiness:municipality", args=[some.pk])) == detail == 9


def test_no_backup_support_role_reaches_personal_data(
    world: dict[str, Any], client_for: Any, make_user: Any
) -> None:
    """The prefecture's staff and its contractor hold prefecture.support and nothing that sees a person."""
    from kasane.accounts.models import Role
    from kasane.accounts.permissions import PERSONAL_DATA_CODES
    from tests.factories import journey

    support_roles = [r for r in Role.objects.all() if "prefecture.support" in r.permissions]
    assert {r.code for r in support_roles} == {"prefecture", "backup_contractor"}
    for role in support_roles:
        assert not set(role.permissions) & PERSONAL_DATA_CODES, role.code
    r = journey(world)
    contractor = client_for(make_user("fasi", world["agencies"]["prefectural"], "backup_contractor"))
    for url in ("/people/", "/cases/", "/consultations/new/", "/referrals/"):
        assert contractor.get(url).status_code in (403, 404), url
    for url in (
        f"/people/{r['mother'].pk}/",
        f"/consultations/{r['consultation'].pk}/",
        f"/cases/{r['case'].pk}/",
    ):
        assert contractor.get(url).status_code in (403, 404), url
    assert contractor.get(reverse("readiness:index")).status_code == 200


def test_profile_edit_takes_japanese_years_and_refuses_bad_ones(
    world: dict[str, Any], client_for: Any
) -> None:
    municipality = world["municipality"]
    block = Block.objects.create(prefecture=municipality.prefecture, name="県央")
    client = client_for(world["users"]["prefecture"])
    url = reverse("readiness:profile_edit", args=[municipality.pk])
    form = {"block": block.pk, "status": "planned", "population": "90000"}
    response = client.post(url, {**form, "status_year": "来年"})
    assert "年度「来年」を読み取れません" in response.content.decode()
    assert not MunicipalityProfile.objects.get(municipality=municipality).status_year
    response = client.post(url, {**form, "status_year": ""})
    assert "実施予定の場合は予定年度を入力してください" in response.content.decode()
    assert client.post(url, {**form, "status_year": "R9"}).status_code == 302
    profile = MunicipalityProfile.objects.get(municipality=municipality)
    assert (profile.status, profile.status_year) == ("planned", 2027)
    page = client.get(reverse("readiness:municipality", args=[municipality.pk])).content.decode()
    assert "令和9年度予定" in page and "2027年度" not in page


def test_municipality_page_shows_the_newest_publication_of_each_year(
    world: dict[str, Any], client_for: Any
) -> None:
    municipality, city = world["municipality"], world["users"]["city"]
    year = fiscal_year(today())
    services.publish_counts(municipality, year, city)
    from tests import factories

    agency = world["agencies"]["houkatsu_north"]
    factories.consultation(factories.person(agency), agency)
    services.publish_counts(municipality, year, city)
    html = client_for(city).get(reverse("readiness:municipality", args=[municipality.pk])).content.decode()
    assert PublishedCounts.objects.count() == 2
    table = html.split("<h2>公表された集計値</h2>")[1].split("</table>")[0]
    assert table.count("<tr>") == 2  # the header and one row for the year
    assert '<td class="num">1</td>' in table


def test_import_stops_reading_at_the_row_limit() -> None:
    """A 400,000-row workbook is refused after reading a couple of thousand rows, not all of them."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["市町村コード", "市町村名", "ブロック", "人口", "実施状況", "実施年度"])
    for _ in range(importer.MAX_ROWS + 500):
        sheet.append(["01642", "広尾町", "道東", 6300, "実施中", "令和4年度"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = importer.read_table("一覧.xlsx", buffer.getvalue())
    assert len(table) == importer.READ_LIMIT  # the rest was never read
    result = importer.parse(table)
    assert not result.ok and f"一度に取り込めるのは{importer.MAX_ROWS}行までです。" in result.errors[0][1]


def test_import_refuses_a_header_only_file_and_a_nul_byte_with_what_is_wrong() -> None:
    header_only = importer.parse(
        importer.read_table("一覧.csv", "市町村コード,市町村名,実施状況\r\n".encode())
    )
    assert not header_only.ok
    assert header_only.errors == [(1, "見出しの行のほかに、取り込む行がありません。")]
    with pytest.raises(importer.ImportFileError, match="NUL"):
        importer.read_table("一覧.csv", "市町村コード,市町村名\r\n01642,広\x00尾町\r\n".encode())
