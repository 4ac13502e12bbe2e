"""The municipalities with their status and ratings for a 年度, as Excel and CSV: what each column holds, that
nothing typed runs as a formula, that the 年度 bounds what is exported, and that every export is audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kasane.audit.models import AuditEntry
from kasane.readiness.models import (
    Block,
    MunicipalityProfile,
    ReadinessRating,
    ReadinessSheet,
    Region,
    SupportSettings,
)
from kasane.tenancy.models import Municipality
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 4, 10)  # 令和9年度, ten days in


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(morning_of(TODAY), tick=False):
        yield


@pytest.fixture
def listed(world: dict[str, Any]) -> dict[str, Any]:
    ken = world["users"]["prefecture"]
    city = world["municipality"]
    prefecture = city.prefecture
    block = Block.objects.create(prefecture=prefecture, name="県央")
    region = Region.objects.create(prefecture=prefecture, name="盛岡広域")
    MunicipalityProfile.objects.create(
        municipality=city,
        block=block,
        region=region,
        name_kana="てすとし",
        status="implementing",
        status_year=2021,
    )
    # A name someone typed that a spreadsheet would run as a formula.
    odd = Municipality.objects.create(
        prefecture=prefecture, code="030003", name="=HYPERLINK(1)", population=10
    )
    MunicipalityProfile.objects.create(municipality=odd, bureau="@旧振興局", status="considering")

    def rate(item: str, stage: int, day: dt.date) -> None:
        ReadinessRating.objects.create(
            municipality=city, item=item, stage=stage, evidence="根拠", rated_on=day, rated_by=ken
        )

    rate("situation", 1, dt.date(2025, 10, 1))
    rate("situation", 2, dt.date(2027, 3, 31))  # the last day of 令和8年度
    rate("situation", 3, dt.date(2027, 4, 5))  # 令和9年度
    on_time = ReadinessSheet.objects.create(municipality=city, made_on=dt.date(2026, 6, 1))
    on_time.submitted_at = timezone.make_aware(dt.datetime(2026, 7, 1, 9))
    on_time.save()
    late = ReadinessSheet.objects.create(municipality=city, made_on=dt.date(2027, 4, 2))
    late.submitted_at = timezone.make_aware(dt.datetime(2027, 4, 3, 9))
    late.save()
    return {"ken": ken, "city": city, "odd": odd}


def _csv(listed: dict[str, Any], client_for: Any, **params: str) -> list[list[str]]:
    response = client_for(listed["ken"]).get(reverse("readiness:ratings_export", args=["csv"]), params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.getvalue()
    assert body.startswith("\ufeff".encode())  # UTF-8 with BOM, as Excel in Japan opens it
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_has_every_column_for_the_chosen_year(listed: dict[str, Any], client_for: Any) -> None:
    rows = _csv(listed, client_for, year="2026")
    header = rows[0]
    assert header[:8] == [
        "市町村コード",
        "市町村",
        "ふりがな",
        "ブロック",
        "振興局",
        "人口（書き出し時点）",
        "事業の実施状況（書き出し時点）",
        "実施年度",
    ]
    assert header[8:12] == [
        "現状把握の段階",
        "現状把握の評価日",
        "現状把握の前年度末の段階",
        "現状把握の変化",
    ]
    assert header[-1] == "最新のシート提出日"
    assert len(header) == 8 + 5 * 4 + 1
    city = next(r for r in rows if r[1] == "テスト市")
    assert city[:8] == ["030001", "テスト市", "てすとし", "県央", "盛岡広域", "90000", "実施中", "令和3年度"]
    # 令和8年度末: the rating of 5 April is not in it; against 令和7年度末, it went up.
    assert city[8:12] == ["進行中", "2027-03-31", "着手", "上がった"]
    assert city[12:16] == ["未評価", "", "未評価", ""]
    assert city[-1] == "2026-07-01"  # the sheet submitted in 令和9年度 is not in 令和8年度's export
    this_year = next(r for r in _csv(listed, client_for) if r[1] == "テスト市")  # 令和9年度 by default
    assert this_year[8:12] == ["定着", "2027-04-05", "進行中", "上がった"] and this_year[-1] == "2027-04-03"


def test_csv_never_runs_a_typed_text_as_a_formula(listed: dict[str, Any], client_for: Any) -> None:
    odd = next(r for r in _csv(listed, client_for) if r[0] == "030003")
    assert odd[1] == "'=HYPERLINK(1)"
    # The region column says what the table's does: the region set, never the old 振興局 text in its place.
    assert odd[4] == ""


def test_excel_stores_text_as_text_and_dates_as_dates(listed: dict[str, Any], client_for: Any) -> None:
    SupportSettings.objects.create(prefecture=listed["city"].prefecture, region_label="広域振興局")
    response = client_for(listed["ken"]).get(
        reverse("readiness:ratings_export", args=["xlsx"]), {"year": "2026"}
    )
    assert response.status_code == 200
    assert "%E4%BB%A4%E5%92%8C8%E5%B9%B4%E5%BA%A6.xlsx" in response["Content-Disposition"]  # 令和8年度.xlsx
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][4] == "広域振興局"  # the prefecture's own word for its regions
    odd = next(v for v in values if v[0] == "030003")
    assert odd[1] == "=HYPERLINK(1)"
    cell = next(c for c in sheet["B"] if c.value == "=HYPERLINK(1)")
    assert cell.data_type == "s"  # text, never a formula
    city = next(v for v in values if v[1] == "テスト市")
    assert city[9] == dt.datetime(2027, 3, 31)  # a date Excel sorts and filters by


def test_a_carried_over_rating_is_said_so_and_the_filter_names_the_file(
    listed: dict[str, Any], client_for: Any
) -> None:
    ReadinessRating.objects.create(
        municipality=listed["city"],
        item="sharing",
        stage=2,
        evidence="根拠",
        rated_on=dt.date(2025, 6, 1),
        rated_by=listed["ken"],
    )
    city = next(r for r in _csv(listed, client_for, year="2026") if r[1] == "テスト市")
    assert city[20:24] == ["進行中", "2025-06-01", "進行中", "据え置き（この年度の評価なし）"]
    block = Block.objects.get(name="県央")
    region = Region.objects.get(name="盛岡広域")
    response = client_for(listed["ken"]).get(
        reverse("readiness:ratings_export", args=["csv"]),
        {"year": "2026", "block": block.pk, "region": region.pk},
    )
    # 市町村の体制整備状況_令和8年度_県央_盛岡広域.csv
    assert "%E7%9C%8C%E5%A4%AE_%E7%9B%9B%E5%B2%A1%E5%BA%83%E5%9F%9F.csv" in response["Content-Disposition"]


def test_each_export_is_audited_with_what_was_asked(listed: dict[str, Any], client_for: Any) -> None:
    _csv(listed, client_for, year="2026")
    client_for(listed["ken"]).get(reverse("readiness:ratings_export", args=["xlsx"]))
    entries = list(AuditEntry.objects.filter(action="readiness.ratings_exported").order_by("pk"))
    assert [(e.details["format"], e.details["fiscal_year"], e.details["rows"]) for e in entries] == [
        ("csv", 2026, 3),
        ("xlsx", 2027, 3),
    ]


def test_only_support_staff_export_and_only_known_formats(
    listed: dict[str, Any], client_for: Any, world: dict[str, Any]
) -> None:
    assert (
        client_for(world["users"]["city"]).get(reverse("readiness:ratings_export", args=["csv"])).status_code
        == 403
    )
    ken = client_for(listed["ken"])
    assert ken.get(reverse("readiness:ratings_export", args=["pdf"])).status_code == 404
    assert ken.post(reverse("readiness:ratings_export", args=["csv"])).status_code == 405
    assert not AuditEntry.objects.filter(action="readiness.ratings_exported").exists()
