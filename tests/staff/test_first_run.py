"""Issue 21, setup: the first-run page does what `kasane setup` does, for a fresh installation only, and only
for someone who can read the code the server keeps in its data directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.agencies.models import Agency, AgencyKind
from kasane.audit.models import AuditEntry
from kasane.staff.setup import TOKEN_LENGTH
from kasane.tenancy.models import Municipality, Prefecture

pytestmark = pytest.mark.django_db

ANSWERS = {
    "code": "０３２０１８",  # typed in full width: folded
    "name": "盛岡市",
    "division": "盛岡市 地域福祉課",
    "areas": "北部圏域：北山町、上田\n\n南部圏域:南大通,津志田\n",
    "admin_username": "admin.chiiki",
    "admin_name": "地域 太郎",
    "admin_kana": "ちいき たろう",
    "admin_email": "",
}


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def token(data_dir: Path) -> str:
    return (data_dir / "setup_token").read_text()[:TOKEN_LENGTH]


def test_a_fresh_installation_is_set_up_from_the_page(client_for: Any, data_dir: Path) -> None:
    client = client_for(None)
    page = client.get(reverse("staff:first_run"))
    assert page.status_code == 200 and "最初の設定" in page.content.decode()
    assert (data_dir / "setup_token").stat().st_mode & 0o077 == 0  # the server's user alone reads it
    done = client.post(reverse("staff:first_run"), {**ANSWERS, "token": token(data_dir)})
    html = done.content.decode()
    assert "岩手県盛岡市を設定しました" in html
    password = done.context["result"].password
    city = Municipality.objects.get(code="032018")
    assert [(a.name, a.town_list()) for a in city.areas.all()] == [
        ("北部圏域", ["北山町", "上田"]),
        ("南部圏域", ["南大通", "津志田"]),
    ]
    assert f'<code class="temporary-password">{password}</code>' in html
    assert User.objects.get(username="admin.chiiki").check_password(password)
    assert AuditEntry.objects.filter(municipality=city, action="setup.municipality").get().ip_address
    # Once a municipality exists the page is gone, for everyone.
    assert client.get(reverse("staff:first_run")).status_code == 404
    assert client.post(reverse("staff:first_run"), {**ANSWERS, "token": token(data_dir)}).status_code == 404


def test_without_the_servers_code_nothing_is_set_up(client_for: Any, data_dir: Path) -> None:
    client = client_for(None)
    client.get(reverse("staff:first_run"))
    refused = client.post(reverse("staff:first_run"), {**ANSWERS, "token": "x" * TOKEN_LENGTH})
    assert "確認コードが違います。" in refused.content.decode()
    assert not Municipality.objects.exists() and not User.objects.filter(username="admin.chiiki").exists()


def test_wrong_answers_are_shown_by_field_and_nothing_is_written(client_for: Any, data_dir: Path) -> None:
    client = client_for(None)
    client.get(reverse("staff:first_run"))
    answers = {
        **ANSWERS,
        "code": "032017",
        "areas": "：北山町",
        "admin_kana": "chiiki",
        "token": token(data_dir),
    }
    html = client.post(reverse("staff:first_run"), answers).content.decode()
    assert "検査数字（6桁目）が合いません。03201 の検査数字は 8 です。" in html
    assert "1行目：圏域名がありません。" in html
    assert "ふりがなはひらがな（またはカタカナ）で入力してください。" in html
    assert not Municipality.objects.exists()


def test_an_installation_already_in_use_has_no_first_run_page(world: dict[str, Any], client_for: Any) -> None:
    assert client_for(None).get(reverse("staff:first_run")).status_code == 404
    assert client_for(world["users"]["city"]).get(reverse("staff:first_run")).status_code == 404


def test_a_prefecture_working_without_municipalities_has_no_first_run_page(
    client_for: Any, make_user: Any
) -> None:
    """Staff of the prefecture's own agency work here already: the page is not for them to take over."""
    prefecture = Prefecture.objects.create(code="01", name="北海道")
    office = Agency.objects.create(
        prefecture=prefecture, name="北海道 地域福祉課", kind=AgencyKind.PREFECTURE, operation_form="direct"
    )
    make_user("ken", office, "city_program")
    assert client_for(None).get(reverse("staff:first_run")).status_code == 404
