"""Information governance in Debian's Chromium: the 情報の提供先 on a person's page, a 開示 request from
registration to the PDF and JSON, and the retention run from its dry run to the anonymisation.

The app runs in a subprocess on a throwaway database with the demo municipality's agencies and staff and two
households of its own (see SETUP): 山本 サチ子, recorded by 地域包括支援センター本町 with her consent to share
with the 社協, and 佐々木 花子, whose case closed in 2015, past a 5-year retention period. Screenshots go to
tests/artifacts/governance_*.png to be looked at.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kasane.lib.dates import era_year, today, wareki
from tests.conftest import skip_or_fail

from .helpers import ARTIFACTS, Login, serve

pytestmark = pytest.mark.browser

HUB = "かさね市社会福祉協議会 地域福祉課（多機関協働・参加支援・アウトリーチ）"
HOUKATSU = "地域包括支援センター本町"

SETUP = """
import datetime as dt
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from kasane.demo import loader as demo
demo.load_cases = lambda *args, **kwargs: {}
demo.load_demo()

from zoneinfo import ZoneInfo
from kasane.agencies.models import Agency
from kasane.casework.models import (Case, CaseEvent, Consent, Consultation, Household, Person, ProgressNote,
                                    Referral, ReferralEvent, TeamMember)
from kasane.casework.services.households import index_names
from kasane.tenancy.models import Municipality
from django.utils import timezone

city = Municipality.objects.get(name="かさね市")
houkatsu = Agency.objects.get(name="地域包括支援センター本町")
hub = Agency.objects.get(municipality=city, runs_collaboration=True)
own = {"municipality": city, "owner_agency": houkatsu}

def person(name, kana, born, **extra):
    household = Household.objects.create(**own, address=extra.get("address", ""))
    created = Person.objects.create(**own, household=household, name=name, kana=kana, birth_date=born,
                                    is_main=True, **extra)
    index_names([created])
    return created

sachiko = person("山本 サチ子", "やまもと さちこ", dt.date(1948, 3, 9), sex="female",
                 address="かさね市本町二丁目4-1", phone="0197-60-1234")
agreed = Consent.objects.create(municipality=city, person=sachiko, owner_agency=houkatsu,
                                covers_collaboration=True, covers_meeting=True, obtained_on=dt.date.today(),
                                purpose="買い物と通院の支援を社協と相談するため", obtained_by_name="北村 さくら")
agreed.shared_agencies.set([hub])
Consultation.objects.create(**own, person=sachiko, household=sachiko.household, received_at=timezone.now(),
                            topics=["care", "community"], main_topic="care", complaint="買い物に行けなくなった。",
                            consent_variant="with", consent=agreed, recorded_by_name="北村 さくら")

old = dt.datetime(2015, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
hanako = person("佐々木 花子", "ささき はなこ", dt.date(1944, 8, 3), sex="female",
                address="かさね市本町五丁目1-1", phone="0197-11-2233")
old_consent = Consent.objects.create(municipality=city, person=hanako, owner_agency=houkatsu,
                                     covers_collaboration=True, obtained_on=old.date(), obtained_by_name="職員")
intake = Consultation.objects.create(**own, person=hanako, household=hanako.household, received_at=old,
                                     topics=["care"], main_topic="care", complaint="花子さんの物忘れ。",
                                     recorded_by_name="職員")
case = Case.objects.create(municipality=city, owner_agency=hub, household=hanako.household, person=hanako,
                           consent=old_consent, consultation=intake, status="closed", title="佐々木さん世帯の見守り",
                           opened_on=old.date(), closed_on=old.date())
TeamMember.objects.create(case=case, agency=hub, part="lead", joined_on=old.date())
CaseEvent.objects.create(case=case, action="受付", to_status="intake", actor_name="職員", on=old.date())
ProgressNote.objects.create(case=case, agency=hub, on=old.date(), kind="home_visit", minutes=30,
                            text="花子さん宅を訪問。", author_name="職員")
for model, fields in ((Household, ["created_at", "updated_at"]), (Person, ["created_at", "updated_at"]),
                      (Consultation, ["created_at"]), (Consent, ["created_at"]), (CaseEvent, ["at"]),
                      (ProgressNote, ["created_at"]), (Case, ["created_at", "updated_at"])):
    rows = model.objects.all()
    if model is Household:
        rows = rows.filter(pk=hanako.household_id)
    elif model is Person:
        rows = rows.filter(pk=hanako.pk)
    elif model in (Consultation, Case):
        rows = rows.filter(household=hanako.household)
    elif model is Consent:
        rows = rows.filter(person=hanako)
    else:
        rows = rows.filter(case=case)
    rows.update(**{f: old for f in fields})
"""


@pytest.fixture(scope="module")
def governance_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for url, _log in serve(tmp_path_factory, SETUP, "governance"):
        yield url


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"governance_{name}.png", full_page=True)


def _page(chromium: Any, errors: list[str]) -> Any:
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page


def _open_person(page: Any, kana: str, name: str) -> None:
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="本人・世帯").click()
    page.get_by_label("氏名・ふりがな").fill(kana)
    page.get_by_label("氏名・ふりがな").press("Enter")
    page.locator("main").get_by_role("link", name=name).first.click()
    page.get_by_role("heading", level=1).filter(has_text=name).wait_for()


def test_disclosure_record_request_and_retention(governance_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    url = governance_server
    errors: list[str] = []
    day = today()
    era, year = era_year(day)
    short_day = f"{era.short}{year}.{day.month}.{day.day}"

    # 1. The 社協 reads 山本さん's record on the consent; her own agency then sees where it went.
    hub = _page(browser, errors)
    login(hub, url, "kyodo")
    _open_person(hub, "やまもと", "山本 サチ子")
    expect(hub.get_by_text("閲覧の根拠：本人同意")).to_be_visible()
    expect(hub.get_by_role("heading", name="情報の提供先")).to_have_count(0)

    houkatsu = _page(browser, errors)
    login(houkatsu, url, "soudanin")
    _open_person(houkatsu, "やまもと", "山本 サチ子")
    section = houkatsu.locator("section").filter(has=houkatsu.get_by_role("heading", name="情報の提供先"))
    row = section.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(HUB)
    expect(row).to_contain_text("本人同意")
    expect(row).to_contain_text(wareki(day))
    expect(row).to_contain_text("1件")
    section.scroll_into_view_if_needed()
    _shot(houkatsu, "01_disclosure_record")

    # 2. 市の事業担当 receives her 開示 request: a bad first try, then the search across agencies.
    city = _page(browser, errors)
    login(city, url, "shi")
    city.get_by_role("link", name="情報管理", exact=True).click()
    expect(city.get_by_role("heading", level=1)).to_have_text("情報管理")
    _shot(city, "02_index")
    city.get_by_role("link", name="開示請求").first.click()
    expect(city.get_by_text("受け付けた開示請求はありません。")).to_be_visible()
    city.get_by_role("link", name="開示請求を受け付ける").click()
    expect(city.get_by_label("本人の氏名・ふりがな")).to_have_count(0)  # no search before a request exists
    city.get_by_role("button", name="この内容で受け付ける").click()
    expect(city.locator(".error-summary")).to_contain_text("まだ登録されていません。")
    expect(city.get_by_text("受付番号を入力してください。")).to_be_visible()
    expect(city.get_by_text("請求者の氏名を入力してください。")).to_be_visible()
    expect(city.get_by_label("受付日")).to_have_value(wareki(day))  # today, offered in 和暦
    _shot(city, "03_request_errors")
    city.get_by_label("受付日").fill(short_day)
    city.get_by_label("受付番号").fill("R8-001")
    city.get_by_label("請求者氏名").fill("山本 サチ子")
    city.get_by_role("button", name="この内容で受け付ける").click()
    expect(city.locator(".messages")).to_contain_text("開示請求（受付番号 R8-001）を受け付けました。")
    expect(city.get_by_role("heading", level=1)).to_have_text("開示請求 R8-001：本人の確認")
    city.get_by_label("本人の氏名・ふりがな").fill("やまもと")
    city.get_by_role("button", name="本人を検索する").click()
    candidate = city.get_by_label("山本 サチ子", exact=False)
    expect(candidate).to_be_checked()
    expect(city.locator(".candidate-list")).to_contain_text(f"記録：{HOUKATSU}")
    _shot(city, "04_request_search")
    city.get_by_role("button", name="この方を本人として確定する").click()
    expect(city.locator(".messages")).to_contain_text("開示請求（受付番号 R8-001）の本人を確定しました。")
    expect(city.get_by_role("heading", level=1)).to_have_text("開示請求 R8-001")
    expect(city.locator("dl.facts").first).to_contain_text(wareki(day))
    recipients = city.locator("table tbody tr")
    expect(recipients.filter(has_text=HUB)).to_contain_text("本人同意")
    expect(recipients.filter(has_text="かさね市 地域福祉課")).to_contain_text("その他の法令")
    _shot(city, "05_request_detail")

    # 3. The report: PDF (rendered and looked at) and JSON.
    with city.expect_download() as download:
        city.get_by_role("button", name="開示資料（PDF）を作成する").click()
    pdf_path = ARTIFACTS / "governance_report.pdf"
    download.value.save_as(pdf_path)
    assert download.value.suggested_filename.startswith("開示資料_R8-001_")
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF") and b"IPAexGothic" in pdf
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm（poppler-utils）がないため PDF の画像化を省略しました")
    for old in ARTIFACTS.glob("governance_report-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", str(pdf_path), str(ARTIFACTS / "governance_report")], check=True
    )
    pdf_path.unlink()
    with city.expect_download() as download:
        city.get_by_role("button", name="機械判読用データ（JSON）を作成する").click()
    data = json.loads(Path(download.value.path()).read_text())
    sections = {s["key"]: s for s in data["sections"]}
    assert sections["households"]["records"][0]["fields"][0]["value"] == "山本 サチ子"
    assert sections["consultations"]["records"][0]["fields"][0]["key"] == "received_at"
    assert any(a["agency"] == HUB and a["basis"] == "consent" for a in data["accesses"])
    city.reload()
    expect(city.locator("dl.facts").first).to_contain_text("2回目")

    # 4. Retention: the dry run shows one household from 2015, without a name; then it is anonymised.
    city.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="情報管理").click()
    city.get_by_role("link", name="保存期間と匿名化").click()
    expect(city.get_by_role("heading", name="匿名化の対象（1世帯）")).to_be_visible()
    preview = city.locator("table").first
    expect(preview).to_contain_text("相談受付")
    expect(preview).to_contain_text("平成27年6月1日")
    expect(city.locator("main")).not_to_contain_text("佐々木")
    _shot(city, "06_retention_preview")
    city.get_by_role("button", name="1世帯の個人情報を匿名化する").click()
    # The browser refuses the form until the irreversibility is confirmed.
    expect(city.get_by_role("heading", name="匿名化の対象（1世帯）")).to_be_visible()
    city.get_by_label("匿名化は元に戻せないことを確認しました").check()
    city.get_by_role("button", name="1世帯の個人情報を匿名化する").click()
    expect(city.locator(".messages")).to_contain_text("1世帯の個人情報を匿名化しました。")
    expect(city.get_by_role("heading", name="匿名化の対象（0世帯）")).to_be_visible()
    runs = city.locator("section").filter(has=city.get_by_role("heading", name="これまでの実行"))
    expect(runs.locator("tbody tr")).to_contain_text("本人・世帯員 1件")
    _shot(city, "07_retention_applied")

    # The old household can no longer be found by name; 山本さん still can.
    houkatsu.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="本人・世帯").click()
    houkatsu.get_by_label("氏名・ふりがな").fill("ささき")
    houkatsu.get_by_label("氏名・ふりがな").press("Enter")
    expect(houkatsu.locator("main")).not_to_contain_text("佐々木 花子")
    assert not errors, errors
