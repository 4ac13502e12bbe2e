"""Issue 19 point 3 in Debian's Chromium, on the demo prefecture (北海道): the next event's questionnaire is
受付中 but its link, opened on a phone before the event, says when answering opens and offers no form; a
questionnaire with three answers warns that n is below the officer's threshold; a dispatch with no expert
cannot be decided; a workshop still to come is listed as 予定. Screenshots go to
tests/artifacts/backup_answering_*.png to be looked at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .helpers import ARTIFACTS, CITY_SETUP, Login, serve

pytestmark = pytest.mark.browser

# The demo, plus one small questionnaire of the prefecture's with three answers (below the default 5).
SETUP = (
    CITY_SETUP
    + """
from kasane.accounts.models import User
from kasane.questionnaires import services, starters
from kasane.questionnaires.models import Questionnaire, QuestionKind
ken = User.objects.get(username="ken")
small = Questionnaire.objects.create(
    prefecture=ken.memberships.first().agency.prefecture, title="町内勉強会（試行）アンケート", status="open",
    created_by=ken,
)
services.copy_starter(small, starters.FORUM)
questions = list(small.questions.prefetch_related("choices"))
for i in range(3):
    answers = {}
    for question in questions:
        options = list(question.choices.all())
        if question.kind == QuestionKind.TEXT:
            answers[question] = "近隣の町の話が参考になった。"
        elif options:
            picked = options[i % len(options)]
            answers[question] = [picked] if question.kind == QuestionKind.MULTIPLE else picked
    services.submit_response(small, answers)
"""
)


@pytest.fixture(scope="module")
def answering_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    for url, _log in serve(tmp_path_factory, SETUP, "backup-answering"):
        yield url


def _page(browser: Any, errors: list[str], *, phone: bool = False) -> Any:
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    context = browser.new_context(viewport=viewport, locale="ja-JP", is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"backup_answering_{name}.png", full_page=True)


def test_answering_opens_with_the_event_small_samples_warn(
    answering_server: str, browser: Any, login: Login
) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    staff = _page(browser, errors)
    login(staff, answering_server, "ken")
    staff.goto(f"{answering_server}/questionnaires/")
    # The next event's questionnaire: 受付中, its period reading from the event's start.
    upcoming = staff.locator("tr", has_text="研修・会議の開始").first
    upcoming.get_by_role("link").first.click()
    expect(staff.locator(".notice--warning").first).to_contain_text("から受け付けます")
    _shot(staff, "detail")
    open_url = staff.locator(".q-link .secret").inner_text().strip()

    for name, phone in (("public_desktop", False), ("public_phone", True)):
        respondent = _page(browser, errors, phone=phone)
        respondent.goto(open_url)
        reason = respondent.locator(".refused-reason")
        expect(reason).to_contain_text(re.compile(r"回答は令和\d+年\d+月\d+日( \d+:\d\d)?から受け付けます。"))
        expect(respondent.get_by_role("button", name="回答を送信する")).to_have_count(0)
        _shot(respondent, name)
        respondent.context.close()

    # Three answers: the page says n and warns, per question too.
    staff.goto(f"{answering_server}/questionnaires/")
    staff.get_by_role("link", name="町内勉強会（試行）アンケート").click()
    staff.get_by_role("link", name=re.compile("結果を見る")).click()
    expect(staff.locator(".small-sample")).to_contain_text("回答数が少ないため（n=3、基準の5件未満）")
    expect(staff.locator(".result-total")).to_have_text("n=3")
    expect(staff.locator(".small-sample__note").first).to_contain_text("5件未満のため参考値")
    _shot(staff, "small_sample")

    # 中標津町's request has no expert yet: 決定 is refused, in words, and nothing changes.
    staff.goto(f"{answering_server}/dispatch/")
    staff.get_by_role("link", name="中標津町").click()
    expect(staff.locator("main")).to_contain_text("派遣する専門家が未定です")
    staff.get_by_role("button", name="派遣を決定する").click()
    expect(staff.locator(".messages")).to_contain_text(
        "派遣する専門家が決まっていないため、「決定」にできません。"
    )
    expect(staff.locator("main")).to_contain_text("未決定")
    _shot(staff, "decide_refused")

    # The list labels the workshop still to come 予定.
    staff.goto(f"{answering_server}/dispatch/")
    expect(staff.locator("table")).to_contain_text("予定1")
    _shot(staff, "dispatch_list")
    assert not errors, errors
