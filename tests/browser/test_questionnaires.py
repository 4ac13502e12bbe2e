"""A respondent answers on a phone-sized browser from the QR handout; staff read the results with the charts.

Debian's Chromium through Playwright against pytest-django's live server, with the data built in code.
The URL is taken from the handout page, where the test also checks that the QR code printed beside it encodes
exactly that URL (segno draws the same SVG for it). Screenshots: tests/artifacts/questionnaires_*.png.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from kasane.accounts.models import User
from kasane.lib.dates import today
from kasane.questionnaires import services, starters
from kasane.questionnaires.models import AnswerLink, Questionnaire, Response
from kasane.questionnaires.qr import qr_svg
from tests.questionnaires.helpers import make_event, make_questionnaire

from .helpers import ARTIFACTS, CHROMIUM, require_chromium

# The live server needs a transactional test; roles made by migrations must survive its final flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {
    "viewport": {"width": 375, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}

# Level chosen (1 = most positive) by each of the earlier respondents, for the three Likert questions.
EARLIER = [(1, 2, 2), (2, 2, 3), (2, 1, 2), (3, 3, 4), (1, 2, 2), (2, 2, 2), (4, 3, 3), (2, 1, 1), (2, 2, 3)]


@pytest.fixture
def chromium(flushable_audit_trail: None) -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # Playwright's sync API runs an event loop in this thread; the ORM calls between steps are still
    # plain synchronous calls on the test's own connection.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
            )
            yield browser
            browser.close()
            # ORM calls made while Playwright's loop runs get connections of their own (Django keeps them per
            # context); close them here, or PostgreSQL cannot drop the test database at the end.
            connections.close_all()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"questionnaires_{name}.png", full_page=True)


def _staff_page(chromium: Any, live_server: Any, user: User, errors: list[str]) -> Any:
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page


def _single_a4_page(page: Any, name: str) -> None:
    """Print the page as Chromium would (A4) and check it fits one sheet; keep a PNG of it to look at."""
    from pypdf import PdfReader

    pdf = ARTIFACTS / f"questionnaires_{name}.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1, f"{name}: {len(reader.pages)} pages"
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-singlefile",
                str(pdf),
                str(ARTIFACTS / f"questionnaires_{name}_print"),
            ],
            check=True,
        )
    pdf.unlink()


def _earlier_answers(questionnaire: Questionnaire) -> None:
    questions = list(questionnaire.questions.prefetch_related("choices").order_by("order"))
    likerts = [q for q in questions if q.kind == "likert"]
    age, category = questions[0], questions[1]
    texts = [q for q in questions if q.kind == "text"]
    sayings = [
        "担当業務に直接関係するため",
        "他の町の取り組みを知りたかった",
        "地域包括支援センターだけでは解決が難しい相談が増えてきたため",
    ]
    for i, levels in enumerate(EARLIER):
        answers: dict[Any, Any] = {
            age: list(age.choices.all())[1 + i % 4],
            category: list(category.choices.all())[i % 4],
        }
        for question, level in zip(likerts, levels, strict=True):
            answers[question] = list(question.choices.all())[level - 1]
        if i < len(sayings):
            answers[texts[0]] = sayings[i]
        services.submit_response(questionnaire, answers)


def _pair(ken: User, event: Any) -> Questionnaire:
    pre = make_questionnaire(
        event.prefecture, ken, starter=starters.PRE, title="第2回研修（研修前）", event=event
    )
    post = make_questionnaire(
        event.prefecture, ken, starter=starters.POST, title="第2回研修（研修後）", event=event, pair=pre
    )
    for questionnaire, rows in (
        (pre, [3, 2, 3, 4, 3, 2, 5, 3, 4, 2]),
        (post, [1, 2, 2, 2, 1, 3, 2, 1, 2, 2]),
    ):
        likerts = list(
            questionnaire.questions.filter(kind="likert").prefetch_related("choices").order_by("order")
        )
        for n, level in enumerate(rows):
            # Vary the level a little between questions.
            answers = {
                q: list(q.choices.all())[min(4, level - 1 + (k + n) % 2)] for k, q in enumerate(likerts)
            }
            services.submit_response(questionnaire, answers)
    return post


def test_answer_on_a_phone_from_the_qr_handout(
    live_server: Any, chromium: Any, world: dict[str, Any]
) -> None:
    from playwright.sync_api import expect

    ken = world["users"]["prefecture"]
    prefecture = world["municipality"].prefecture
    # Held yesterday: its questionnaire takes answers from the event's start, whatever the time of day now.
    yesterday = today() - dt.timedelta(days=1)
    event = make_event(
        prefecture,
        ken,
        title="県央ブロック 情報共有の場",
        place="盛岡地区合同庁舎 大会議室",
        starts_on=yesterday,
    )
    forum = make_questionnaire(
        prefecture, ken, starter=starters.FORUM, event=event, title="県央ブロック 情報共有の場 アンケート"
    )
    _earlier_answers(forum)
    post = _pair(ken, make_event(prefecture, ken, title="第2回 人材養成研修"))
    errors: list[str] = []

    # 0. Staff start a questionnaire from 003's templates.
    staff = _staff_page(chromium, live_server, ken, errors)
    staff.goto(f"{live_server.url}/questionnaires/new/")
    expect(staff.get_by_role("group", name=re.compile("もとにするアンケート"))).to_contain_text("図表2-8")
    _shot(staff, "00_new")

    # 1. Staff open the A4 handout: the URL printed under the QR code is the one the QR code encodes.
    staff.goto(f"{live_server.url}/questionnaires/{forum.pk}/")
    expect(staff.get_by_role("heading", level=1)).to_have_text("県央ブロック 情報共有の場 アンケート")
    _shot(staff, "01_builder")
    staff.get_by_role("link", name="配布用QRコード（A4で印刷）").click()
    expect(staff.locator(".handout__instruction")).to_have_text("スマートフォンで読み取って回答してください")
    qr = staff.locator(".handout__qr svg.qr-code")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None and box["width"] > 200 and abs(box["width"] - box["height"]) < 2
    url = staff.locator("[data-answer-url]").get_attribute("data-answer-url")
    assert url == f"{live_server.url}/q/{forum.slug}/"
    drawn = qr.locator("path").evaluate_all("els => els.map(e => e.getAttribute('d'))")
    assert drawn == re.findall(r' d="([^"]+)"', qr_svg(url, scale=8))
    _shot(staff, "02_handout")
    _single_a4_page(staff, "03_handout")

    # 2. A respondent opens the link on a phone: no login, nothing but the questionnaire.
    phone = chromium.new_context(locale="ja-JP", **PHONE).new_page()
    phone.set_default_timeout(10_000)
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("県央ブロック 情報共有の場 アンケート")
    assert phone.locator("a[href^='/questionnaires'], a[href^='/accounts']").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(phone, "04_phone_form")

    # Sent with a required question unanswered: clear errors, the typed text kept.
    reason = phone.get_by_label(re.compile("参加しようと思った理由"))
    reason.fill("隣の町の取り組みを聞いて、自分の町でも生かしたかったため")
    phone.get_by_role("group", name=re.compile("問1")).get_by_text("40代").tap()
    phone.get_by_role("button", name="回答を送信する").tap()
    summary = phone.locator(".error-summary")
    expect(summary).to_contain_text("回答されていない設問があります")
    expect(summary).to_contain_text("問2　ご職業（ご所属）をお選びください")
    expect(reason).to_have_value("隣の町の取り組みを聞いて、自分の町でも生かしたかったため")
    expect(phone.get_by_role("group", name=re.compile("問1")).get_by_label("40代")).to_be_checked()
    assert Response.objects.filter(questionnaire=forum).count() == len(EARLIER)
    _shot(phone, "05_phone_errors")

    # Every choice is a large tap target.
    heights = phone.locator(".answer-form fieldset label").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 48

    phone.get_by_role("group", name=re.compile("問2")).get_by_text("行政職員").tap()
    for number, label in ((4, "よく理解できた"), (5, "理解できた"), (6, "どちらともいえない")):
        phone.get_by_role("group", name=re.compile(f"問{number}")).get_by_text(label, exact=True).tap()
    phone.get_by_label(re.compile("期待すること")).fill(
        "近隣の町村と情報交換しながら進められる場が続くことを期待します"
    )
    phone.get_by_role("group", name=re.compile("問4")).scroll_into_view_if_needed()
    phone.screenshot(path=ARTIFACTS / "questionnaires_06_phone_filled.png")
    phone.get_by_role("button", name="回答を送信する").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("ご回答ありがとうございました")
    _shot(phone, "07_phone_thanks")
    stored = Response.objects.filter(questionnaire=forum).order_by("-pk").first()
    assert stored is not None and Response.objects.filter(questionnaire=forum).count() == len(EARLIER) + 1
    assert stored.answers.filter(text__startswith="隣の町の取り組み").exists()
    assert set(stored.answers.exclude(choice=None).values_list("choice__label", flat=True)) == {
        "40代",
        "行政職員",
        "よく理解できた",
        "理解できた",
        "どちらともいえない",
    }

    # One-time links: staff issue eight and print the sheet (one A4 page); a used link is refused.
    per_link = make_questionnaire(
        prefecture, ken, starter=starters.TRAINING, one_answer_per_link=True, title="第1回 研修アンケート"
    )
    staff.goto(f"{live_server.url}/questionnaires/{per_link.pk}/links/")
    staff.get_by_label(re.compile("発行する件数")).fill("8")
    staff.get_by_role("button", name="発行する").click()
    expect(staff.locator(".messages")).to_contain_text("個別回答リンクを8件発行しました。")
    _shot(staff, "12_links")
    staff.get_by_role("link", name=re.compile("未回答のリンクの用紙を開く")).click()
    expect(staff.locator(".link-card")).to_have_count(8)
    _shot(staff, "13_links_sheet")
    _single_a4_page(staff, "13_links_sheet")
    link = AnswerLink.objects.get(questionnaire=per_link, number=1)
    services.submit_response(per_link, {}, link=link)
    phone.goto(f"{live_server.url}/q/t/{link.token}/")
    expect(phone.locator(".refused-reason")).to_contain_text("このリンクはすでに回答に使われています")
    _shot(phone, "08_phone_used_link")

    # 3. Staff read the results: the stacked bars, the comparison, free text by category.
    staff.goto(f"{live_server.url}/questionnaires/{forum.pk}/results/")
    expect(staff.locator(".result-total")).to_have_text(f"n={len(EARLIER) + 1}")
    charts = staff.locator("svg.chart")
    expect(charts).to_have_count(5)
    assert charts.nth(2).get_attribute("role") == "img"
    _shot(staff, "09_results")
    staff.goto(f"{live_server.url}/questionnaires/{post.pk}/compare/")
    expect(staff.locator("svg.chart")).to_have_count(3)
    expect(staff.locator(".compare-shift").first).to_contain_text("ポイント")
    _shot(staff, "10_compare")
    staff.goto(f"{live_server.url}/questionnaires/{forum.pk}/free-text/")
    staff.locator(".text-answer", has_text="隣の町の取り組み").get_by_label("報告書に抜粋").check()
    staff.get_by_role("button", name="抜粋の選択を保存する").click()
    expect(staff.locator(".messages")).to_contain_text("報告書に抜粋する回答を保存しました（1件）")
    _shot(staff, "11_free_text")
    assert not errors, errors
