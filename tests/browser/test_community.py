"""地域づくり in Debian's Chromium, on `kasane demo` exactly as a newcomer starts it (issue 16).

1. The 社協's 地域づくり担当 (chiiki) opens 地域づくり from the menu: the year view names the thin 圏域; the list
   of places; one place's page; she records today's attendance, first with more 障害のある方 than came (the
   Japanese error, nothing saved), then right; records a coordination (a retired farmer's field to the 就労体験
   list); opens the ハブラボ: a held one's questionnaire results (charts, free text by sector), and the planned
   one refuses a participant count before its day; downloads the residents' 居場所マップ・一覧 (A4 PDF, pages
   rendered by pdftoppm and looked at) and the HSDS open data.
2. 相談先ナビ: 「日中行くところがない」 suggests the places of the register beside the agencies.
3. A member of staff who only reads (etsuran, 閲覧のみ) sees the year view and the places at phone width, with
   no button to record, and the form answers 403.

Every step holds on any day the demo is loaded (the demo's attendance runs to yesterday; today is free).
Screenshots: tests/artifacts/community_*.png.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from typing import Any

import pytest

from kasane.lib.dates import today
from tests.conftest import skip_or_fail

from .helpers import ARTIFACTS, Login, field, new_page

pytestmark = pytest.mark.browser

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "ja-JP",
}


def _menu(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name=name).click()


def _tab(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="地域づくりのメニュー").get_by_role("link", name=name).click()


def test_the_community_worker_keeps_places_coordination_and_the_platform(
    demo_server: str, browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, demo_server, "chiiki")
    _menu(page, "地域づくり")
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度の状況 令和")
    expect(page.get_by_role("heading", name="圏域ごとの居場所")).to_be_visible()
    expect(page.locator("main")).to_contain_text("手薄")
    page.screenshot(path=ARTIFACTS / "community_year.png", full_page=True)

    # The places, and one place's page.
    _tab(page, "居場所・通いの場")
    expect(page.get_by_role("heading", level=1)).to_have_text("居場所・通いの場")
    rows = page.locator("table.place-table tbody tr")
    assert rows.count() >= 30
    page.screenshot(path=ARTIFACTS / "community_places.png", full_page=True)
    rows.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="だれに届けたいか")).to_be_visible()
    place_url = page.url
    page.get_by_role("link", name="開催記録を追加する").click()

    # Today's attendance: a category larger than those who came is refused, in Japanese, nothing saved.
    field(page, "開催日").fill(today().isoformat())
    field(page, "65〜74歳").fill("3")
    field(page, "75歳以上").fill("5")
    field(page, "障害のある方").fill("9")
    page.get_by_role("button", name="保存する").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("入力内容を確認してください")
    expect(alert).to_contain_text("参加者数（8人）を超えています")
    page.screenshot(path=ARTIFACTS / "community_gathering_error.png", full_page=True)
    field(page, "障害のある方").fill("1")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("heading", name="だれに届けたいか")).to_be_visible()
    assert page.url.split("?")[0] == place_url.split("?")[0]
    expect(page.locator("main")).to_contain_text("8人")
    page.screenshot(path=ARTIFACTS / "community_place.png", full_page=True)

    # A coordination: a retired farmer's field to the 就労体験 list.
    _tab(page, "コーディネート記録")
    page.get_by_role("link", name="記録する").click()
    field(page, "日付").fill(today().isoformat())
    field(page, "相手の種類").select_option(label="農家・農業団体")
    field(page, "相手").fill("北町の元農家の方")
    field(page, "つないだもの").select_option(label="参加の場・受け入れ先の開拓")
    field(page, "何を").fill("使っていない畑（約3アール）")
    field(page, "何に").fill("就労体験の受け入れ先一覧")
    page.get_by_label("つながった").check()
    page.get_by_role("button", name="保存する").click()
    expect(page.locator("main")).to_contain_text("北町の元農家の方")
    expect(page.locator("main")).to_contain_text("就労体験の受け入れ先一覧")
    page.screenshot(path=ARTIFACTS / "community_coordination.png", full_page=True)

    # The platform: a held session's questionnaire results, and the planned one before its day.
    _tab(page, "ハブラボ")
    page.screenshot(path=ARTIFACTS / "community_sessions.png", full_page=True)
    held = page.locator("tbody tr").filter(has_text="開催済").filter(has_text=re.compile(r"n=\d\d"))
    held.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="案内した団体・参加した団体")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "community_session.png", full_page=True)
    page.get_by_role("link", name="結果を見る").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("アンケート結果")
    assert page.locator("svg").count() >= 3
    expect(page.locator("main")).to_contain_text("ほかの分野の人とのつながりができたと感じましたか")
    page.screenshot(path=ARTIFACTS / "community_results.png", full_page=True)

    _tab(page, "ハブラボ")
    page.locator("tbody tr").filter(has_text="予定").first.get_by_role("link").first.click()
    page.get_by_role("link", name="編集する", exact=True).click()
    field(page, "参加者数（合計）").fill("30")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("alert")).to_contain_text("開催日より前に参加者数は記録できません。")

    # For residents: the A4 map and list, and the open data.
    pdf = page.request.get(f"{demo_server}/community/map.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    path = ARTIFACTS / "community_map.pdf"
    path.write_bytes(pdf.body())
    _render(path)
    hsds = page.request.get(f"{demo_server}/community/hsds.zip")
    assert hsds.status == 200
    names = zipfile.ZipFile(io.BytesIO(hsds.body())).namelist()
    assert any(name.endswith("services.csv") for name in names), names
    # The two refusals above answer 400 (the form shown again with its errors); nothing else may fail.
    assert [e for e in errors if "status of 400" not in e] == [], errors
    assert len(errors) == 2, errors
    page.context.close()


def _render(path: Any) -> None:
    """Pages 1 and 2 of the residents' PDF as PNGs beside it, to be looked at; the text carries its title."""
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        skip_or_fail("pdftoppm がありません（apt-get install poppler-utils）")
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(path), str(ARTIFACTS / "community_map")],
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "地域の居場所" in text
    assert "圏域" in text


def test_navi_suggests_places_for_someone_with_nowhere_to_go(
    demo_server: str, browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, demo_server, "soudanin")
    _menu(page, "相談先ナビ")
    page.get_by_label("言葉で探す").fill("母が日中行くところがないと言っている")
    page.get_by_role("button", name="相談先を探す").click()
    places = page.locator("section").filter(has=page.get_by_role("heading", name="地域の居場所"))
    expect(places).to_be_visible()
    assert places.get_by_role("link").count() >= 1
    page.screenshot(path=ARTIFACTS / "community_navi.png", full_page=True)
    assert not errors, errors
    page.context.close()


def test_a_reader_sees_the_programme_but_records_nothing(
    demo_server: str, browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, demo_server, "etsuran")
    page.goto(f"{demo_server}/community/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度の状況")
    page.screenshot(path=ARTIFACTS / "community_year_phone.png", full_page=True)
    page.goto(f"{demo_server}/community/places/")
    expect(page.get_by_role("heading", level=1)).to_have_text("居場所・通いの場")
    expect(page.get_by_role("link", name="居場所を登録する")).to_have_count(0)
    page.screenshot(path=ARTIFACTS / "community_places_phone.png", full_page=True)
    response = page.goto(f"{demo_server}/community/places/new/")
    assert response is not None and response.status == 403
    # Only that refusal failed to load.
    assert len(errors) == 1 and "status of 403" in errors[0], errors
    context.close()
