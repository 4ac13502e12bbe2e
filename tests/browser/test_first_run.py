"""A municipality's first day in Debian's Chromium (issue 21): on an installation with no municipality yet, the
first-run page takes the code from the server's data directory and the answers `kasane setup` takes, shows the
first administrator's temporary password once, and that administrator logs in, sets their own password and
reaches 職員管理 and 機関一覧 to register the rest. Screenshots: tests/artifacts/first_run_*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import ARTIFACTS, SERVED_DATA, new_page, serve

pytestmark = pytest.mark.browser

# An installation that has only been migrated: no municipality, no agency, no member of staff.
EMPTY = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
"""
NEW_PASSWORD = "chiiki-no-pass-2026-kasane"


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for url, _log in serve(tmp_path_factory, EMPTY, "first-run"):
        yield url


def test_a_new_municipality_is_set_up_from_an_empty_installation(
    empty_server: str, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    page.goto(f"{empty_server}/accounts/setup/")
    expect(page.get_by_role("heading", name="最初の設定")).to_be_visible()
    token = (SERVED_DATA[empty_server] / "setup_token").read_text()[:24]
    page.get_by_label("確認コード").fill(token)
    page.get_by_label("全国地方公共団体コード").fill("032017")  # a typo in the check digit first
    page.get_by_label("市町村名").fill("盛岡市")
    page.get_by_label("事業を担当する課").fill("盛岡市 地域福祉課")
    page.get_by_label("日常生活圏域と町名").fill("北部圏域：北山町、上田\n南部圏域：南大通、津志田")
    page.get_by_label("最初の管理者のユーザー名").fill("admin.chiiki")
    page.get_by_label("管理者の氏名").fill("地域 太郎")
    page.get_by_label("管理者のふりがな").fill("ちいき たろう")
    page.get_by_role("button", name="設定する").click()
    expect(page.get_by_text("検査数字（6桁目）が合いません。03201 の検査数字は 8 です。")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "first_run_1_error.png", full_page=True)

    page.get_by_label("確認コード").fill(token)
    page.get_by_label("全国地方公共団体コード").fill("032018")
    page.get_by_role("button", name="設定する").click()
    expect(page.get_by_role("heading", name="岩手県盛岡市を設定しました")).to_be_visible()
    expect(page.locator("dd", has_text="北部圏域、南部圏域")).to_be_visible()
    password = page.locator("code.temporary-password").inner_text()
    page.screenshot(path=ARTIFACTS / "first_run_2_done.png", full_page=True)
    # The page is gone once the municipality exists.
    assert page.goto(f"{empty_server}/accounts/setup/").status == 404
    errors.remove("Failed to load resource: the server responded with a status of 404 (Not Found)")

    page.goto(f"{empty_server}/accounts/login/")
    page.get_by_label("ユーザー名").fill("admin.chiiki")
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="パスワードの設定")).to_be_visible()
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="設定する").click()
    page.goto(f"{empty_server}/accounts/staff/")
    if page.get_by_role("heading", name="二要素認証の設定").count():
        page.screenshot(path=ARTIFACTS / "first_run_3_two_factor.png", full_page=True)
    else:
        expect(page.get_by_role("heading", name="職員管理")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "first_run_3_staff.png", full_page=True)
        expect(page.locator("main")).to_contain_text("admin.chiiki")
        page.goto(f"{empty_server}/agencies/")
        expect(page.get_by_text("盛岡市 地域福祉課")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "first_run_4_agencies.png", full_page=True)
        _staff_the_municipality(page, empty_server, tmp_path)
    assert not errors, errors
    page.context.close()


def _staff_the_municipality(page: Any, url: str, tmp_path: Path) -> None:
    """The administrator fills kasane's template with the agencies and staff, previews it (one error first),
    applies it and is shown each new member of staff's temporary password once."""
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    page.goto(f"{url}/accounts/staff/")
    page.get_by_role("link", name="機関・職員の取り込み（Excel）").click()
    expect(page.get_by_role("heading", name="機関・職員の取り込み")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="ひな形（Excel）をダウンロード").click()
    assert download.value.suggested_filename == "機関・職員一覧.xlsx"
    template = tmp_path / "ひな形.xlsx"
    download.value.save_as(template)
    book = load_workbook(template)
    book["機関"].append(
        [
            "盛岡市北部地域包括支援センター",
            "",
            "地域包括支援センター",
            "高齢",
            "委託",
            "社会福祉法人もりおか",
            "",
            "",
            "",
            "",
            "019-600-0001",
        ]
    )
    book["機関"].append(["盛岡市生活相談センター", "", "自立相談支援機関", "生活困窮", "直営"])
    book["職員"].append(
        ["hokubu.sato", "佐藤 花子", "さとう はなこ", "", "盛岡市北部地域包括支援センター", "相談員"]
    )
    book["職員"].append(
        ["seikatsu.taka", "髙橋 一郎", "たかはし いちろう", "", "盛岡市生活相談センター", "市長"]
    )
    filled = tmp_path / "機関・職員一覧.xlsx"
    book.save(filled)
    page.get_by_label("機関・職員の一覧（Excel または CSV）").set_input_files(filled)
    page.get_by_role("button", name="内容を確認する").click()
    expect(page.get_by_text("役割「市長」は選択肢にないか、付与できない役割です。")).to_be_visible()
    expect(page.locator(".error-summary h2")).to_contain_text("エラー 1件")
    page.screenshot(path=ARTIFACTS / "staff_import_1_errors.png", full_page=True)

    book["職員"].cell(row=3, column=6, value="相談員")
    book.save(filled)
    page.get_by_label("機関・職員の一覧（Excel または CSV）").set_input_files(filled)
    page.get_by_role("button", name="内容を確認する").click()
    expect(page.get_by_role("heading", name="取り込む内容の確認")).to_be_visible()
    expect(page.get_by_text("機関：新規 2件")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "staff_import_2_preview.png", full_page=True)
    page.get_by_role("button", name="反映する").click()
    expect(page.get_by_role("heading", name="取り込みを反映しました")).to_be_visible()
    expect(page.locator("code.temporary-password")).to_have_count(2)
    page.screenshot(path=ARTIFACTS / "staff_import_3_applied.png", full_page=True)
    page.goto(f"{url}/accounts/staff/")
    expect(page.locator("main")).to_contain_text("髙橋 一郎")
    expect(page.locator("main")).to_contain_text("盛岡市生活相談センター：相談員")
    _issue_a_key(page, url)
    _load_records(page, url, tmp_path)


def _issue_a_key(page: Any, url: str) -> None:
    """The administrator issues an API key for the 生活困窮 system; the secret is shown once, and the key
    answers the API for its agency."""
    import json
    import urllib.request

    from playwright.sync_api import expect

    page.goto(f"{url}/accounts/staff/")
    page.get_by_role("link", name="APIキー").click()
    page.get_by_role("link", name="APIキーを発行する").click()
    page.get_by_label("システム名").fill("生活困窮者自立支援システム")
    page.get_by_label("所属機関").select_option(label="盛岡市生活相談センター")
    page.get_by_label("相談先ナビ・機関一覧を見る").check()
    page.screenshot(path=ARTIFACTS / "api_key_1_form.png", full_page=True)
    page.get_by_role("button", name="発行する").click()
    expect(
        page.get_by_role("heading", name="「生活困窮者自立支援システム」のAPIキーを発行しました")
    ).to_be_visible()
    secret = page.locator("code").first.inner_text().strip()
    page.screenshot(path=ARTIFACTS / "api_key_2_secret.png", full_page=True)
    # Without the browser's cookies: the key alone.
    request = urllib.request.Request(f"{url}/api/v1/agencies", headers={"Authorization": f"Bearer {secret}"})  # noqa: S310 - loopback
    with urllib.request.urlopen(request) as response:  # noqa: S310 - the test's own loopback server
        names = [a["name"] for a in json.load(response)]
    assert "盛岡市生活相談センター" in names
    page.get_by_role("link", name="APIキーの一覧に戻る").click()
    expect(page.locator("main")).to_contain_text("生活困窮者自立支援システム")
    page.screenshot(path=ARTIFACTS / "api_key_3_list.png", full_page=True)


KINTONE = (
    "レコード番号,作成者,作成日時,世帯ID,氏名,フリガナ,性別,生年月日,住所,電話番号,続柄,更新日時\r\n"
    "1,地域,2024-04-01 09:00,H-1,髙橋 ミツ,ﾀｶﾊｼ ﾐﾂ,女,昭和20年5月1日,盛岡市北山町1-2,019-600-1111,本人,2024-04-01 09:00\r\n"
    "2,地域,2024-04-01 09:00,H-1,髙橋 一郎,タカハシ イチロウ,男,1975/8/20,盛岡市北山町1-2,019-600-1111,長男,2024-04-01 09:00\r\n"
    "3,地域,2024-04-02 10:00,,山﨑 花子,やまさき はなこ,女,H2.3.4,盛岡市南大通3,,,2024-04-02 10:00\r\n"
)


def _load_records(page: Any, url: str, tmp_path: Path) -> None:
    """The division brings its kintone list in: the columns are guessed from kintone's headings, the check
    counts the households, and after 反映する the people are found by search."""
    from playwright.sync_api import expect

    export = tmp_path / "相談者一覧.csv"
    export.write_bytes(KINTONE.encode("cp932"))  # kintone writes Shift_JIS unless told otherwise
    page.goto(f"{url}/people/")
    page.get_by_role("link", name="一覧から取り込む（Excel・kintone）").click()
    expect(page.get_by_role("heading", name="記録の取り込み")).to_be_visible()
    page.get_by_label("取り込むファイル（Excel または CSV）").set_input_files(export)
    page.get_by_role("button", name="列の対応を確かめる").click()
    expect(page.get_by_role("heading", name="列の対応と確認")).to_be_visible()
    expect(page.get_by_text("世帯 2件・本人と世帯員 3人")).to_be_visible()
    expect(page.get_by_label("「フリガナ」の取り込み先")).to_have_value("kana")
    page.screenshot(path=ARTIFACTS / "records_import_1_mapping.png", full_page=True)
    page.get_by_role("button", name="反映する").click()
    expect(page.get_by_text("世帯 2件・本人と世帯員 3人を登録しました。")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "records_import_2_applied.png", full_page=True)
    page.goto(f"{url}/people/?name=たかはし")
    expect(page.get_by_role("link", name="髙橋 ミツ")).to_be_visible()
