"""Long lists paged in Debian's Chromium: the case list, a case's 支援経過, a person's 相談 and つなぎ, and the
person search, each past its page size, read 「全N件中 M〜K件目」, go on to the next range and come back.

The app runs in a subprocess on a throwaway database with the demo municipality's agencies and staff and, bulk
created by SETUP, the 社協's own records: CASES persons named 送井 (one household, consent and open case each,
the case opened i days ago), NOTES 支援経過 on the newest case, and CONSULTATIONS 相談 and REFERRALS つなぎ of its
本人 送井 一郎. Every date is counted back from the run's today. Screenshots go to tests/artifacts/paging_*.png,
each state as a whole page and its pager close up, to be looked at.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from kasane.lib.dates import today, wareki

from .helpers import ARTIFACTS, Login, new_page, serve

pytestmark = pytest.mark.browser

CASES = 130  # the case list: 100 a page; the person search: 50 a page
NOTES = 60  # a case's 支援経過: 50 a page
CONSULTATIONS = 25  # a person's 相談: 20 a page
REFERRALS = 23  # a person's つなぎ: 20 a page

SETUP = f"""
import datetime as dt
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from kasane.demo import loader as demo
demo.load_cases = lambda *args, **kwargs: {{}}
demo.load_demo()

from django.contrib.auth import get_user_model
from django.utils import timezone
from kasane.agencies.models import Agency
from kasane.casework.models import (Case, CaseEvent, Consent, Consultation, Household, Person, ProgressNote,
                                    Referral, TeamMember)
from kasane.casework.services.households import index_names
from kasane.lib.dates import today
from kasane.tenancy.models import Municipality

city = Municipality.objects.get(name="かさね市")
hub = Agency.objects.get(municipality=city, runs_collaboration=True)
lead = get_user_model().objects.get(username="kyodo")
own = {{"municipality": city, "owner_agency": hub}}
day, now = today(), timezone.now()
given = [("一郎", "いちろう"), ("花子", "はなこ"), ("健太", "けんた"), ("美咲", "みさき"), ("誠", "まこと"),
         ("由美", "ゆみ"), ("翔", "しょう"), ("陽子", "ようこ"), ("大輔", "だいすけ"), ("千尋", "ちひろ")]
themes = ["8050・長期ひきこもり", "生活困窮・家賃滞納", "ヤングケアラー", "認知症の母と障害のある長男",
          "ごみ屋敷・近隣との関係", "就労と子育ての両立"]
statuses = ["intake", "assessment", "planning", "awaiting_meeting", "support"]

homes = Household.objects.bulk_create(
    Household(**own, address=f"かさね市本町一丁目{{i + 1}}-1") for i in range({CASES})
)
persons = []
for i, home in enumerate(homes):
    name, kana = given[i % len(given)]
    p = Person(**own, household=home, name=f"送井 {{name}}", kana=f"おくりい {{kana}}", is_main=True,
               birth_date=dt.date(1950 + i % 40, 1 + i % 12, 1 + i % 28), address=home.address)
    p.refresh_keys()
    persons.append(p)
persons = Person.objects.bulk_create(persons)
index_names(persons)
consents = Consent.objects.bulk_create(
    Consent(**own, person=p, covers_collaboration=True, covers_meeting=True,
            obtained_on=day - dt.timedelta(days=i), obtained_by_name="山﨑 健太")
    for i, p in enumerate(persons)
)
cases = Case.objects.bulk_create(
    Case(**own, household=p.household, person=p, consent=c, lead_user=lead,
         title=themes[i % len(themes)], status=statuses[i % len(statuses)],
         opened_on=day - dt.timedelta(days=i))
    for i, (p, c) in enumerate(zip(persons, consents))
)
case, ichiro, agreed = cases[0], persons[0], consents[0]
TeamMember.objects.create(case=case, agency=hub, part="lead", joined_on=case.opened_on)
CaseEvent.objects.create(case=case, action="受付", to_status="intake", actor_name="山﨑 健太", on=case.opened_on)
kinds = ["home_visit", "phone", "interview", "accompany"]
ProgressNote.objects.bulk_create(
    ProgressNote(case=case, agency=hub, on=day - dt.timedelta(days=i), kind=kinds[i % len(kinds)], minutes=30,
                 text=f"第{{{NOTES} - i}}回　一郎さん宅を訪問し、生活の様子と通院の予定を確認した。",
                 author_name="山﨑 健太")
    for i in range({NOTES})
)
consultations = Consultation.objects.bulk_create(
    Consultation(**own, person=ichiro, household=ichiro.household,
                 received_at=now - dt.timedelta(days=i), channel=["visit", "phone", "home_visit"][i % 3],
                 topics=["care"], main_topic="care", consent_variant="with", consent=agreed,
                 complaint=f"第{{{CONSULTATIONS} - i}}回　通院と買い物の付き添いについての相談。",
                 recorded_by_name="山﨑 健太")
    for i in range({CONSULTATIONS})
)
others = list(Agency.objects.filter(municipality=city).exclude(pk=hub.pk).order_by("pk")[:5])
referrals = Referral.objects.bulk_create(
    Referral(municipality=city, person=ichiro, household=ichiro.household, consultation=consultations[0],
             from_agency=hub, from_user_name="山﨑 健太", to_agency=others[i % len(others)],
             shared_fields=["name", "complaint"], shared_data={{"name": ichiro.name, "kana": ichiro.kana}},
             basis="consent", consent=agreed, message="見守りへのご協力をお願いします。",
             status=["requested", "accepted", "in_progress", "completed"][i % 4])
    for i in range({REFERRALS})
)
for i, r in enumerate(referrals):
    Referral.objects.filter(pk=r.pk).update(created_at=now - dt.timedelta(days=i))
"""


@pytest.fixture(scope="module")
def paging_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for url, _log in serve(tmp_path_factory, SETUP, "paging"):
        yield url


def _close_up(page: Any, path: str, element: Any) -> None:
    """The viewport's width around ``element``, with the rows just above it."""
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    assert box is not None
    top = max(box["y"] - 160, 0)
    width = page.viewport_size["width"]
    page.screenshot(
        path=ARTIFACTS / path,
        clip={"x": 0, "y": top, "width": width, "height": box["y"] + box["height"] + 40 - top},
    )


def _shot(page: Any, name: str, pager: Any, count: Any = None) -> None:
    """The whole page, the pager close up to read its Japanese, and the count line when it stands apart."""
    page.screenshot(path=ARTIFACTS / f"paging_{name}.png", full_page=True)
    _close_up(page, f"paging_{name}_pager.png", pager)
    if count is not None:
        _close_up(page, f"paging_{name}_count.png", count)


def _ids(scope: Any, prefix: str) -> list[str]:
    """The ids of the records a list links to (``/cases/12/`` → "12"), in the list's order."""
    hrefs = scope.locator(f"a[href^='{prefix}']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [m.group(1) for h in hrefs if (m := re.fullmatch(rf"{re.escape(prefix)}(\d+)/", h))]


def _first_page_links(pager: Any, *, later: str, back: str) -> None:
    """A pager's links on its first page: the next range only, no way back yet."""
    from playwright.sync_api import expect

    expect(pager.get_by_role("link", name=later)).to_have_attribute("rel", "next")
    expect(pager.get_by_role("link", name=back)).to_have_count(0)


def test_case_list_pages_through_every_case(paging_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, paging_server, "kyodo")
    page.goto(f"{paging_server}/cases/")
    pager = page.get_by_role("navigation", name="ページ送り")
    rows = page.locator("table.table tbody tr")

    expect(page.get_by_text(f"全{CASES}件中 1〜100件目")).to_be_visible()
    expect(rows).to_have_count(100)
    expect(rows.first.locator("td").first).to_have_text(wareki(today()))
    # The link says how many follow: the 30 left, not a full page of 100.
    _first_page_links(pager, later=f"次の{CASES - 100}件", back="最初から")
    first = _ids(page.locator("tbody"), "/cases/")
    _shot(page, "01_cases_first", pager)

    pager.get_by_role("link", name=f"次の{CASES - 100}件").click()
    expect(page.get_by_text(f"全{CASES}件中 101〜{CASES}件目")).to_be_visible()
    expect(rows).to_have_count(CASES - 100)
    # Opened one a day: the page goes on from the 101st newest, with none shown twice.
    expect(rows.first.locator("td").first).to_have_text(wareki(today() - dt.timedelta(days=100)))
    expect(rows.last.locator("td").first).to_have_text(wareki(today() - dt.timedelta(days=CASES - 1)))
    second = _ids(page.locator("tbody"), "/cases/")
    assert len(set(first + second)) == CASES
    expect(pager.locator("a[rel=next]")).to_have_count(0)
    _shot(page, "02_cases_next", pager)

    pager.get_by_role("link", name="最初から").click()
    expect(page.get_by_text(f"全{CASES}件中 1〜100件目")).to_be_visible()
    assert _ids(page.locator("tbody"), "/cases/") == first
    assert "cursor=" not in page.url
    assert errors == []


def test_case_notes_go_back_in_time_and_return(paging_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, paging_server, "kyodo")
    page.goto(f"{paging_server}/cases/")
    page.locator("tbody tr").first.get_by_role("link").first.click()
    pager = page.get_by_role("navigation", name="支援経過記録のページ送り")
    notes = page.locator("h2#notes ~ ol.timeline").first.locator("> li")

    expect(pager).to_contain_text(f"全{NOTES}件中 1〜50件目")
    expect(notes).to_have_count(50)
    expect(notes.first).to_contain_text(f"第{NOTES}回")
    expect(notes.first).to_contain_text(wareki(today()))
    _first_page_links(pager, later="それより前の記録", back="最新から")
    _shot(page, "03_notes_first", pager)

    pager.get_by_role("link", name="それより前の記録").click()
    expect(pager).to_contain_text(f"全{NOTES}件中 51〜{NOTES}件目")
    expect(notes).to_have_count(NOTES - 50)
    expect(notes.first).to_contain_text(f"第{NOTES - 50}回")
    expect(notes.last).to_contain_text("第1回")
    expect(notes.first).to_contain_text(wareki(today() - dt.timedelta(days=50)))
    expect(pager.get_by_role("link", name="それより前の記録")).to_have_count(0)
    assert page.url.endswith("#notes")
    _shot(page, "04_notes_older", pager)

    pager.get_by_role("link", name="最新から").click()
    expect(pager).to_contain_text(f"全{NOTES}件中 1〜50件目")
    expect(notes.first).to_contain_text(f"第{NOTES}回")
    assert errors == []


def test_a_persons_consultations_and_referrals_page_on_their_own(
    paging_server: str, browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, paging_server, "kyodo")
    page.goto(f"{paging_server}/cases/")
    page.locator("tbody tr").first.get_by_role("link", name="送井 一郎").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("送井 一郎")
    consultations = page.get_by_role("navigation", name="相談のページ送り")
    referrals = page.get_by_role("navigation", name="つなぎのページ送り")
    consultation_rows = page.locator("h2#consultations + ul > li")
    referral_rows = page.locator("h2#referrals + ul > li")

    expect(consultations).to_contain_text(f"全{CONSULTATIONS}件中 1〜20件目")
    expect(referrals).to_contain_text(f"全{REFERRALS}件中 1〜20件目")
    expect(consultation_rows).to_have_count(20)
    expect(referral_rows).to_have_count(20)
    expect(consultation_rows.first).to_contain_text(f"第{CONSULTATIONS}回")
    _first_page_links(consultations, later="それより前の相談", back="最新から")
    _first_page_links(referrals, later="それより前のつなぎ", back="最新から")
    first_referrals = _ids(page.locator("h2#referrals + ul"), "/referrals/")
    _shot(page, "05_person_first", consultations)

    # 相談 goes back on its own: つなぎ stays on its first page.
    consultations.get_by_role("link", name="それより前の相談").click()
    expect(consultations).to_contain_text(f"全{CONSULTATIONS}件中 21〜{CONSULTATIONS}件目")
    expect(consultation_rows).to_have_count(CONSULTATIONS - 20)
    expect(consultation_rows.first).to_contain_text(f"第{CONSULTATIONS - 20}回")
    expect(consultation_rows.last).to_contain_text("第1回")
    expect(consultations.get_by_role("link", name="それより前の相談")).to_have_count(0)
    expect(referrals).to_contain_text(f"全{REFERRALS}件中 1〜20件目")
    assert page.url.endswith("#consultations")
    _shot(page, "06_person_consultations_older", consultations)

    # Then つなぎ, keeping 相談 where it was.
    referrals.get_by_role("link", name="それより前のつなぎ").click()
    expect(referrals).to_contain_text(f"全{REFERRALS}件中 21〜{REFERRALS}件目")
    expect(referral_rows).to_have_count(REFERRALS - 20)
    expect(consultations).to_contain_text(f"全{CONSULTATIONS}件中 21〜{CONSULTATIONS}件目")
    older_referrals = _ids(page.locator("h2#referrals + ul"), "/referrals/")
    assert len(set(first_referrals + older_referrals)) == REFERRALS
    assert page.url.endswith("#referrals")
    _shot(page, "07_person_referrals_older", referrals)

    referrals.get_by_role("link", name="最新から").click()
    expect(referrals).to_contain_text(f"全{REFERRALS}件中 1〜20件目")
    expect(consultations).to_contain_text(f"全{CONSULTATIONS}件中 21〜{CONSULTATIONS}件目")
    consultations.get_by_role("link", name="最新から").click()
    expect(consultations).to_contain_text(f"全{CONSULTATIONS}件中 1〜20件目")
    expect(consultation_rows.first).to_contain_text(f"第{CONSULTATIONS}回")
    assert errors == []


def test_person_search_pages_through_every_match(paging_server: str, browser: Any, login: Login) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page = new_page(browser, errors)
    login(page, paging_server, "kyodo")
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="本人・世帯").click()
    page.get_by_label("氏名・ふりがな").fill("おくりい")  # found as typed (HTMX), then paged by plain links
    results = page.locator("#results")
    pager = results.get_by_role("navigation", name="検索結果のページ送り")
    rows = results.locator("tbody tr")
    count = results.locator("p.muted").first  # above the table, apart from the links

    expect(count).to_contain_text(f"全{CASES}件中 1〜50件目")
    expect(rows).to_have_count(50)
    _first_page_links(pager, later="次の50件", back="最初から")
    seen = _ids(results.locator("tbody"), "/people/")
    _shot(page, "08_search_first", pager, count)

    pager.get_by_role("link", name="次の50件").click()
    expect(count).to_contain_text(f"全{CASES}件中 51〜100件目")
    expect(rows).to_have_count(50)
    expect(pager.get_by_role("link", name="最初から")).to_be_visible()
    expect(page.get_by_label("氏名・ふりがな")).to_have_value("おくりい")
    seen += _ids(results.locator("tbody"), "/people/")
    _shot(page, "09_search_next", pager, count)

    pager.get_by_role("link", name=f"次の{CASES - 100}件").click()
    expect(count).to_contain_text(f"全{CASES}件中 101〜{CASES}件目")
    expect(rows).to_have_count(CASES - 100)
    expect(pager.locator("a[rel=next]")).to_have_count(0)
    seen += _ids(results.locator("tbody"), "/people/")
    assert len(seen) == len(set(seen)) == CASES
    _shot(page, "10_search_last", pager, count)

    pager.get_by_role("link", name="最初から").click()
    expect(count).to_contain_text(f"全{CASES}件中 1〜50件目")
    assert _ids(results.locator("tbody"), "/people/") == seen[:50]
    assert errors == []
