"""市町村一覧の取り込み through its pages: a first import builds the list (after its preview), every bad row is
reported by line with nothing written, and a file that is not a list is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kasane.audit.models import AuditEntry
from kasane.readiness.models import Block, ImportBatch, MunicipalityProfile, Region
from kasane.tenancy.models import Municipality

pytestmark = pytest.mark.django_db

HEADER = "市町村コード,市町村名,ふりがな,振興局,ブロック,人口,面積,実施状況,実施年度\n"


def _csv(text: str, encoding: str = "utf-8-sig") -> SimpleUploadedFile:
    return SimpleUploadedFile("municipalities.csv", text.encode(encoding), content_type="text/csv")


def test_a_first_import_previews_then_creates_municipalities_blocks_and_listed_regions(
    world: dict[str, Any], client_for: Any
) -> None:
    client = client_for(world["users"]["prefecture"])
    body = HEADER + (
        '03201,盛岡市,もりおかし,盛岡,県央,"280,000",886.47,実施中,令和3年度\n'
        "032026,宮古市,みやこし,宮古,沿岸,48000,1259.15,実施中,R3\n"
        "03203,大船渡市,おおふなとし,大船渡,沿岸,34000,322.51,実施予定,2027\n"
        "03205,花巻市,はなまきし,,県央,93000,,検討中,\n"
    )
    upload = {"file": _csv(body, "cp932"), "new_regions": "盛岡\n宮古\r\n大船渡"}
    response = client.post(reverse("readiness:import"), upload)
    assert response.status_code == 302 and not Municipality.objects.filter(code="032018").exists()
    html = client.get(response["Location"]).content.decode()
    assert "新規 4件・更新 0件（うち名称変更 0件）・変更なし 0件・エラー 0件" in html
    assert "まだ何も変更していません" in html and "県央（新しく登録）" in html
    batch = ImportBatch.objects.get()
    response = client.post(reverse("readiness:import_apply", args=[batch.pk]), follow=True)
    assert "反映しました。新規 4件・更新 0件（うち名称変更 0件）・変更なし 0件。" in response.content.decode()
    morioka = Municipality.objects.get(code="032018")
    assert (morioka.population, morioka.profile.status, morioka.profile.status_year) == (
        280_000,
        "implementing",
        2021,
    )
    assert str(morioka.profile.block) == "県央" and str(morioka.profile.region) == "盛岡"
    assert morioka.profile.bureau == "盛岡"
    assert MunicipalityProfile.objects.get(municipality__code="032051").region is None
    assert set(Block.objects.values_list("name", flat=True)) == {"県央", "沿岸"}
    assert set(Region.objects.values_list("name", flat=True)) == {"盛岡", "宮古", "大船渡"}
    assert AuditEntry.objects.filter(action="readiness.imported").count() == 1
    history = client.get(reverse("readiness:import_history")).content.decode()
    assert "municipalities.csv" in history and ">元に戻す</button>" in history


def test_bad_rows_are_reported_by_line_and_nothing_is_written(world: dict[str, Any], client_for: Any) -> None:
    client = client_for(world["users"]["prefecture"])
    body = HEADER + (
        "03201,盛岡市,,,県央,280000,886.47,実施中,令和3年度\n"  # line 2: fine
        "032020,宮古市,,,沿岸,48000,,検討中,\n"  # line 3: wrong check digit
        "03203,,,,沿岸,34000,,実施中,R3\n"  # line 4: no name
        "03205,花巻市,,,県央,九万,,実施中,R3\n"  # line 5: population not a number
        "03206,北上市,,,県南,93000,,やる気あり,R4\n"  # line 6: unknown status
        "03207,久慈市,,,県北,33000,,実施予定,\n"  # line 7: planned without a year
        "032018,盛岡市,,,県央,280000,,実施中,令和三年度\n"  # line 8: duplicate code and name, bad year
    )
    response = client.post(reverse("readiness:import"), {"file": _csv(body)})
    html = response.content.decode()
    assert response.status_code == 200 and "反映できません（エラー 6件）" in html
    for line, text in (
        (3, "検査数字が正しくありません"),
        (4, "市町村名がありません"),
        (5, "人口「九万」は数字で入力してください"),
        (6, "実施状況「やる気あり」は次のいずれか"),
        (7, "予定年度を入力してください"),
        (8, "2行目と重複しています"),
    ):
        assert f"{line}行目" in html and text in html
    assert "年度「令和三年度」を読み取れません" in html
    assert not Municipality.objects.filter(code="032018").exists()
    assert not MunicipalityProfile.objects.exists() and not Block.objects.exists()
    assert not ImportBatch.objects.exists()


def test_missing_headings_and_other_files_are_refused(world: dict[str, Any], client_for: Any) -> None:
    client = client_for(world["users"]["prefecture"])
    response = client.post(reverse("readiness:import"), {"file": _csv("名前,人口\n盛岡市,1\n")})
    assert "見出し「市町村コード」「市町村名」「実施状況」が必要です" in response.content.decode()
    odd = SimpleUploadedFile("list.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("readiness:import"), {"file": odd})
    assert "CSV（.csv）またはExcel（.xlsx）のファイルを選んでください" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_preview_page_reads_a_constant_number_of_queries(
    world: dict[str, Any], client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world["users"]["prefecture"])
    body = HEADER + "".join(
        f"0{c},町{i},,,県央,1000,,検討中,\n" for i, c in enumerate(("3201", "3202", "3203", "3205"))
    )
    location = client.post(reverse("readiness:import"), {"file": _csv(body)})["Location"]
    with django_assert_max_num_queries(12):
        assert client.get(location).status_code == 200
