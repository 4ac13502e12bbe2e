"""The register's HSDS in its public form (``public=True``, the open data 地域づくり publishes): still valid HSDS,
of the services asked for only, without what staff keep for 参加支援 and without a contact person's name and
e-mail; the tabular ZIP of the same objects."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest

from kasane.resources import hsds, hsds_tabular
from kasane.resources.models import Service
from tests.resources.helpers import build_register
from tests.resources.test_hsds import service_validator

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(world: dict[str, Any]) -> list[Service]:
    return build_register(world["municipality"], world["areas"]["north"])


def _labels(service: dict[str, Any]) -> set[str]:
    return {a["label"] for a in service["attributes"]}


def test_public_form_leaves_out_what_staff_keep(register: list[Service], world: dict[str, Any]) -> None:
    m = world["municipality"]
    staff = {s["name"]: s for s in hsds.export_document(m)}
    public = {s["name"]: s for s in hsds.export_document(m, public=True)}
    assert staff.keys() == public.keys()
    salon_staff, salon = staff["中町ふれあいサロン"], public["中町ふれあいサロン"]
    withheld = {"参加支援の受け入れ先になれる", "受け入れ経験あり", "人と話すのが苦手でも参加しやすい", "参加する人ができること",
                "軽い（座ってできる）"}  # fmt: skip
    assert withheld <= _labels(salon_staff)
    assert not withheld & _labels(salon)
    assert {"サロン", "居場所", "送迎あり", "介護（一般介護予防事業）"} <= _labels(salon)
    assert "capacities" in salon_staff and "capacities" not in salon
    assert salon_staff["contacts"][0]["name"] == "中町 花子"
    assert "name" not in salon["contacts"][0] and "email" not in salon["contacts"][0]
    assert salon["contacts"][0]["phones"][0]["number"] == "0197-00-1234"
    assert salon["phones"][0]["number"] == "0197-00-1234"
    text = json.dumps(public, ensure_ascii=False)
    assert "中町 花子" not in text and "salon@example.jp" not in text and "お茶出し" not in text


def test_public_form_is_valid_hsds(register: list[Service], world: dict[str, Any]) -> None:
    validator = service_validator()
    for service in hsds.export_document(world["municipality"], public=True):
        assert [e.message for e in validator.iter_errors(service)] == [], service["name"]


def test_only_the_services_asked_for_and_only_of_the_municipality(
    register: list[Service], world: dict[str, Any]
) -> None:
    salon = register[0]
    chosen = Service.objects.filter(pk=salon.pk)
    assert [s["name"] for s in hsds.export_document(world["municipality"], services=chosen)] == [salon.name]
    assert hsds.export_document(world["other_municipality"], services=chosen) == []


def test_the_tabular_zip_of_given_objects(register: list[Service], world: dict[str, Any]) -> None:
    m = world["municipality"]
    document = hsds.export_document(m, services=Service.objects.filter(pk=register[0].pk), public=True)
    archive = zipfile.ZipFile(io.BytesIO(hsds_tabular.export_tabular_zip(m, document=document)))
    rows = list(csv.DictReader(io.StringIO(archive.read("services.csv").decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["中町ふれあいサロン"]
    contacts = list(csv.DictReader(io.StringIO(archive.read("contacts.csv").decode("utf-8-sig"))))
    assert [c["name"] for c in contacts] == [""]
    # Without a document, the whole register as before.
    whole = zipfile.ZipFile(io.BytesIO(hsds_tabular.export_tabular_zip(m)))
    assert len(list(csv.DictReader(io.StringIO(whole.read("services.csv").decode("utf-8-sig"))))) == 3
