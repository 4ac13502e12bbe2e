"""Security review of 記録の取り込み (issue 21): attacks the import must withstand. Each test states the behaviour
the import should have; a failing test is a finding of the review."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kasane.audit.models import AuditEntry
from kasane.casework.models import Person
from kasane.imports.models import RecordImport
from kasane.imports.views import MAX_COLUMNS
from tests import factories
from tests.imports.test_record_import import KINTONE, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world: dict[str, Any], client_for: Any) -> Client:
    return client_for(world["users"]["soudanin"])


def test_uploading_personal_data_is_audited(world: dict[str, Any], staff: Client) -> None:
    # start() stores the file's rows (names, birth dates, addresses) and drops an earlier pending upload.
    upload(staff, KINTONE.encode("cp932"), "kintone.csv", world["agencies"]["houkatsu_north"])
    batch = RecordImport.objects.get()
    assert AuditEntry.objects.filter(object_id=str(batch.pk), action__startswith="records.").exists()


def test_reading_the_mapping_page_with_sample_values_is_audited(world: dict[str, Any], staff: Client) -> None:
    response = upload(staff, KINTONE.encode("cp932"), "kintone.csv", world["agencies"]["houkatsu_north"])
    before = AuditEntry.objects.count()
    page = staff.get(response.url).content.decode()
    assert "髙橋 ミツ" in page  # personal data shown (sample values)
    assert AuditEntry.objects.count() > before


def test_an_owner_agency_outside_the_users_edit_agencies_is_refused(
    world: dict[str, Any], staff: Client
) -> None:
    for agency in (
        world["agencies"]["other"],
        world["agencies"]["prefectural"],
        world["agencies"]["houkatsu_south"],
    ):
        upload(staff, KINTONE.encode("cp932"), "kintone.csv", agency)
    assert not RecordImport.objects.exists()


def test_a_pending_upload_is_the_uploaders_alone_even_within_the_agency(
    world: dict[str, Any], staff: Client, make_user: Any, client_for: Any
) -> None:
    north = world["agencies"]["houkatsu_north"]
    upload(staff, KINTONE.encode("cp932"), "kintone.csv", north)
    batch = RecordImport.objects.get()
    colleague = client_for(make_user("kita2", north, "soudanin"))
    for name in ("imports:mapping", "imports:batch"):
        assert colleague.get(reverse(name, args=[batch.pk])).status_code == 404
    assert (
        colleague.post(reverse("imports:mapping", args=[batch.pk]), {"column_4": "name"}).status_code == 404
    )
    assert colleague.post(reverse("imports:apply", args=[batch.pk])).status_code == 404
    assert colleague.post(reverse("imports:undo", args=[batch.pk])).status_code == 404


def test_crafted_mapping_columns_and_targets_are_ignored(world: dict[str, Any], staff: Client) -> None:
    response = upload(staff, KINTONE.encode("cp932"), "kintone.csv", world["agencies"]["houkatsu_north"])
    batch = RecordImport.objects.get()
    staff.post(
        response.url,
        {"column_4": "name", "column_999": "name", "column_-1": "email", "column_5": "owner_agency"},
    )
    batch.refresh_from_db()
    assert batch.mapping == {"4": "name"}


def test_a_csv_with_huge_numbers_of_columns_is_bounded(world: dict[str, Any], staff: Client) -> None:
    # 1 MB: one heading row of 200,000 columns; the workbook reader stops at READ_COLUMNS, the CSV reader does not.
    wide = ("氏名," + "x," * 200_000 + "\r\n" + "山田 花子," + "," * 200_000 + "\r\n").encode()
    narrow = ("氏名," + "," * 200_000 + "\r\n" + "山田 花子," + "," * 200_000 + "\r\n").encode()
    # Trailing commas are cut, not refused.
    upload(staff, narrow, "narrow.csv", world["agencies"]["houkatsu_north"])
    assert len(RecordImport.objects.get().headings) == MAX_COLUMNS
    RecordImport.objects.all().delete()
    started = time.monotonic()
    response = upload(staff, wide, "wide.csv", world["agencies"]["houkatsu_north"])
    batch = RecordImport.objects.filter().first()
    page_seconds = 0.0
    if batch is not None:
        page_started = time.monotonic()
        page = staff.get(response.url)
        page_seconds = time.monotonic() - page_started
        print(
            f"upload+page {time.monotonic() - started:.1f}s, page {page_seconds:.1f}s, {len(page.content):,} bytes"
        )
    assert batch is None or len(batch.headings) <= MAX_COLUMNS
    assert page_seconds < 5


def test_undo_refuses_in_japanese_when_a_hidden_relation_refers_to_an_imported_person(
    world: dict[str, Any], staff: Client
) -> None:
    # Relations with related_name="+" (a merge, a 開示 request, a meeting's agenda item, an assessment) are not
    # in _meta.related_objects, so _referred_to does not see them and the delete hits PROTECT.
    north = world["agencies"]["houkatsu_north"]
    upload(staff, KINTONE.encode("cp932"), "kintone.csv", north)
    batch = RecordImport.objects.get()
    staff.post(reverse("imports:apply", args=[batch.pk]))
    imported = Person.objects.get(name="山﨑 花子")
    earlier = factories.person(north, name="山崎 花子", kana="やまさき はなこ")
    Person.objects.filter(pk=earlier.pk).update(merged_into=imported)  # as merge_persons does
    response = staff.post(reverse("imports:undo", args=[batch.pk]), follow=True)
    assert "元に戻せません" in response.content.decode()
    assert Person.objects.filter(pk=imported.pk).exists()
