"""参加支援 in Debian's Chromium (issue 15): a withdrawn young man's 参加支援 plan approved at the meeting,
matched to a farm's 就労体験, a failed first week, a second host, settled, and the host followed up.

The 社協 runs 多機関協働 and 参加支援. Its case for the 佐藤 household (the mother applied; the work is about
her son, 25, who has kept to his room since leaving college) is 会議待ち: its 参加支援 plan is on the agenda
of the 重層的支援会議 sitting on 令和8年9月1日, whose attendance is recorded. The register holds eight
activities of the city, six of which take participants.

1. 9月1日: the meeting's host (the 社協's coordinator) records the approval on the agenda item; the CSW starts
   the son's 参加支援 from the case, records his assessment in his words (Tue/Thu mornings, quiet, 北部圏域),
   reads the ranked candidates (the farm first, with its reasons) and proposes the farm;
2. 9月8日: 見学 at the farm; his consent for the farm (five of the eight items) and the 紹介票 PDF, which
   carries those items only; 9月10日: 体験 (a follow-up is scheduled two weeks on);
3. 9月17日: 中断 (the mornings were too early), a note on how the farm should relate to him; back on the
   candidates she proposes the 子ども食堂's kitchen; 9月24日 見学, 10月1日 体験, 10月13日 定着;
4. 10月19日: the follow-up due on 10月15日 has passed: the 参加支援 index shows it overdue; she records it and
   the next is scheduled; a review in his words. The placement page at tablet width; a 相談員 of another
   agency gets 404 on the engagement page.

pytest-django's live server with the data built in code; the clock stands on each day of the story (ticking)
and moves forward between the steps, a fresh login each time. Screenshots: tests/artifacts/participation_*.png,
and the 紹介票's first page rendered by pdftoppm, looked at.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connections

from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.casework.models import (
    Case,
    CaseStatus,
    Consent,
    Plan,
    PlanKind,
    PlanRole,
    PlanStatus,
    Relationship,
    TeamMember,
    TeamPart,
)
from kasane.lib.dates import wareki
from kasane.meetings.access import MeetingViewer
from kasane.meetings.models import Attendance, BodyMember, ItemKind, Meeting, MeetingBody, MeetingKind
from kasane.meetings.services import items as meeting_items
from kasane.participation.models import Engagement, FollowUp, Placement, Stage
from kasane.resources.models import Location, Organization, Schedule, Service
from tests import factories
from tests.clock import morning_of
from tests.conftest import PASSWORD, MakeUser, skip_or_fail

from .helpers import ARTIFACTS, CHROMIUM, Login, field, group, require_chromium, short_wareki

# The live server needs a transactional test; roles made by migrations must survive its final flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# 令和8年度, Tuesdays and Thursdays but the last day.
MEETING_DAY = dt.date(2026, 9, 1)
FARM_VISIT = dt.date(2026, 9, 8)
FARM_TRIAL = dt.date(2026, 9, 10)
FARM_STOP = dt.date(2026, 9, 17)
KITCHEN_VISIT = dt.date(2026, 9, 24)
KITCHEN_TRIAL = dt.date(2026, 10, 1)
KITCHEN_SETTLED = dt.date(2026, 10, 13)
FOLLOW_UP_DUE = KITCHEN_TRIAL + dt.timedelta(days=14)  # 10月15日
LATE_DAY = dt.date(2026, 10, 19)

HOST = "小野寺 誠"  # the 社協's coordinator, who hosts the 重層的支援会議
CSW = "菊池 さくら"
CITY = "阿部 直樹"
MOTHER, SON = "佐藤 由美子", "佐藤 翔太"
SON_BORN = dt.date(2001, 5, 10)
CASE_TITLE = "長男のひきこもりと母の就労"
MEETING = "重層的支援会議（9月）"
FARM = "みどり農園 就労体験"
KITCHEN = "ひだまり食堂 仕込み・調理補助"
STOP_REASON = "初週で疲れが出て3回目から行けなくなった。朝が早すぎた"

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
TABLET: dict[str, Any] = {
    "viewport": {"width": 768, "height": 1024},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


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
            # ORM calls made while Playwright's loop runs get connections of their own; close them here, or
            # PostgreSQL cannot drop the test database at the end.
            connections.close_all()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """The story's clock: the morning of the meeting day, ticking; the test moves it on."""
    with time_machine.travel(morning_of(MEETING_DAY), tick=True) as traveller:
        yield traveller


def _service(
    m: Any,
    area: Any,
    *,
    org: str,
    kind: str,
    place: str,
    name: str,
    kana: str,
    categories: list[str],
    byday: str,
    hours: tuple[int, int] | tuple[dt.time, dt.time],
    freq: str = "WEEKLY",
    **fields: Any,
) -> Service:
    organization = Organization.objects.create(municipality=m, name=org, kind=kind)
    location = Location.objects.create(municipality=m, organization=organization, name=place, area=area)
    service = Service.objects.create(
        municipality=m,
        organization=organization,
        location=location,
        name=name,
        name_kana=kana,
        categories=categories,
        **fields,
    )
    opens, closes = (dt.time(h) if isinstance(h, int) else h for h in hours)
    Schedule.objects.create(service=service, freq=freq, byday=byday, opens_at=opens, closes_at=closes)
    return service


def _register(world: dict[str, Any]) -> dict[str, Service]:
    """The city's register: eight activities, six of which take participants."""
    m, north, south = world["municipality"], world["areas"]["north"], world["areas"]["south"]
    return {
        "farm": _service(
            m, north, org="みどり農園", kind="farm", place="みどり農園（北町字田中）", name=FARM,
            kana="みどりのうえん", categories=["farm", "work_experience"], byday="TU,TH", hours=(8, 11),
            physical_load="medium", suits_shy=True, capacity=2,
            activities="野菜の収穫・袋詰め、草取り。一人で黙々とできる作業が中心。", hosts_participants=True,
        ),
        "kitchen": _service(
            m, north, org="NPO法人ひだまり", kind="npo", place="北町コミュニティセンター", name=KITCHEN,
            kana="ひだまりしょくどう", categories=["kodomo_shokudo", "volunteer"], byday="TU,TH",
            hours=(10, 13), physical_load="light", suits_shy=True, hosted_before=True,
            activities="子どもが来る前の野菜の下ごしらえ、食器洗い。", hosts_participants=True,
        ),
        "recycle": _service(
            m, south, org="社会福祉法人あおば会", kind="welfare", place="あおば工房", name="あおば工房 リサイクル作業",
            kana="あおばこうぼう", categories=["work_experience"], byday="MO,TU,WE,TH,FR", hours=(9, 16),
            physical_load="medium", suits_shy=True, activities="古着の仕分け、値札付け。", hosts_participants=True,
        ),
        "library": _service(
            m, north, org="テスト市立図書館", kind="public", place="テスト市立図書館", name="図書館 配架ボランティア",
            kana="としょかん", categories=["volunteer"], byday="MO,WE", hours=(13, 16),
            physical_load="light", suits_shy=True, activities="返却された本を棚に戻す。", hosts_participants=True,
        ),
        "south_farm": _service(
            m, south, org="南町農業生産組合", kind="farm", place="南町ふれあい農園", name="南町ふれあい農園 援農",
            kana="みなみまちふれあいのうえん", categories=["farm"], byday="SA", hours=(9, 12),
            physical_load="heavy", activities="畑起こし、収穫物の運搬。", hosts_participants=True,
        ),
        "cafe": _service(
            m, north, org="喫茶こもれび", kind="business", place="喫茶こもれび", name="喫茶こもれび ホール体験",
            kana="きっさこもれび", categories=["business"], byday="WE,FR,SA", hours=(11, 17),
            physical_load="medium", activities="注文取り、配膳、レジ。", hosts_participants=True,
        ),
        "salon": _service(
            m, north, org="北町自治会", kind="residents", place="北町集会所", name="北町ふれあいサロン",
            kana="きたまちふれあいさろん", categories=["salon"], byday="2WE,4WE", freq="MONTHLY",
            hours=(dt.time(13, 30), dt.time(15, 30)),
        ),
        "dementia": _service(
            m, south, org="社会福祉法人あおば会 南町", kind="welfare", place="あおばホーム", name="認知症カフェ ひまわり",
            kana="にんちしょうかふぇ", categories=["dementia_cafe"], byday="3FR", freq="MONTHLY", hours=(14, 16),
        ),
    }  # fmt: skip


@pytest.fixture
def story(clock: time_machine.Traveller, world: dict[str, Any], make_user: MakeUser) -> dict[str, Any]:
    """The 社協 (多機関協働 and 参加支援) with its coordinator and CSW, the city's 事業担当 and a 相談員 of 南部包括;
    the 佐藤 household; the 社協's case for it, 会議待ち with its 参加支援 plan submitted to today's 重層的支援会議
    (attendance recorded: the host and the city); the register."""
    agencies, m = world["agencies"], world["municipality"]
    shakyo, division = agencies["shakyo"], agencies["division"]
    shakyo.runs_collaboration = True
    shakyo.save(update_fields=["runs_collaboration"])
    users = {
        "host": make_user("onodera", shakyo, "coordinator", full_name=HOST),
        "csw": make_user("kikuchi", shakyo, "soudanin", full_name=CSW),
        "city": make_user("abe", division, "city_program", full_name=CITY),
        "outsider": make_user("south", agencies["houkatsu_south"], "soudanin", full_name="工藤 亮"),
    }
    mother = factories.person(
        shakyo, MOTHER, "さとう ゆみこ", address="テスト市北町3-7", birth_date=dt.date(1972, 2, 14)
    )
    son = factories.person(
        shakyo, SON, "さとう しょうた", household=mother.household, relationship=Relationship.CHILD,
        birth_date=SON_BORN,
    )  # fmt: skip
    opened = dt.date(2026, 8, 4)
    consent = Consent.objects.create(
        municipality=m, person=mother, owner_agency=shakyo, covers_collaboration=True, covers_meeting=True,
        obtained_on=opened, method="written", obtained_by=users["csw"], obtained_by_name=CSW,
    )  # fmt: skip
    case = Case.objects.create(
        municipality=m, owner_agency=shakyo, household=mother.household, person=mother, consent=consent,
        title=CASE_TITLE, opened_on=opened, status=CaseStatus.AWAITING_MEETING, lead_user=users["csw"],
    )  # fmt: skip
    case.subjects.set([son])
    TeamMember.objects.create(case=case, agency=shakyo, part=TeamPart.LEAD, joined_on=opened)
    plan = Plan.objects.create(
        case=case, kind=PlanKind.PARTICIPATION, version=1, status=PlanStatus.SUBMITTED,
        long_term_goal="「家の外に、自分がいてもいい場所を見つけたい」",
        short_term_goals="「週2回、午前中に外で何か作業をする」", person_agreed=True,
        person_agreed_on=dt.date(2026, 8, 25), author=users["csw"], author_name=CSW,
    )  # fmt: skip
    PlanRole.objects.create(
        plan=plan, agency=shakyo, who=CSW, frequency="週1回",
        actions="参加支援：本人の希望に合う受け入れ先を探し、見学・体験に同行する。受け入れ先への支援。",
    )  # fmt: skip

    # Today's 重層的支援会議: the 社協 hosts, the city attends; both came, and the host recorded it.
    body = MeetingBody.objects.create(
        municipality=m, name="テスト市重層的支援会議", kinds=[MeetingKind.LAYERED], host_agency=division,
        collaboration_host=shakyo,
    )  # fmt: skip
    meeting = Meeting.objects.create(
        municipality=m, body=body, title=MEETING, kinds=[MeetingKind.LAYERED], held_on=MEETING_DAY,
        place="社会福祉協議会 会議室", attendance_recorded_at=morning_of(MEETING_DAY),
    )  # fmt: skip
    for key, agency in (("host", shakyo), ("csw", shakyo), ("city", division)):
        user = users[key]
        BodyMember.objects.create(body=body, user=user, agency=agency, joined_on=dt.date(2026, 4, 1))
        Attendance.objects.create(meeting=meeting, user=user, agency=agency, name=user.full_name)
    # The CSW submitted the plan to the sitting, through the meetings service.
    viewer = MeetingViewer(
        user=users["csw"], municipality=m, agency_ids=frozenset({shakyo.pk}), can_host=False
    )
    item = meeting_items.add_case_item(
        viewer, meeting, case, ItemKind.PLAN_APPROVAL, [], actor=Actor(user=users["csw"], municipality=m)
    )
    assert item.plan_id == plan.pk
    return {
        "world": world,
        "users": users,
        "son": son,
        "case": case,
        "plan": plan,
        "meeting": meeting,
        "item": item,
        "register": _register(world),
    }


@pytest.fixture
def server(live_server: Any) -> str:
    """The live server's URL, once it has served a first page: that one loads the URLconf and compiles the base
    template, which on a busy machine takes longer than a page may."""
    url = str(live_server.url)
    with urllib.request.urlopen(f"{url}/accounts/login/", timeout=60) as response:  # noqa: S310 - loopback
        assert response.status == 200
    return url


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"participation_{name}.png", full_page=True)


def _open(
    chromium: Any, url: str, login: Login, user: User, errors: list[str], device: dict[str, Any] = DESKTOP
) -> Any:
    """A fresh browser for ``user`` on ``device``, logged in through the login form."""
    context = chromium.new_context(locale="ja-JP", accept_downloads=True, **device)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: d.accept())
    login(page, url, user.username, PASSWORD)
    return page


def _panel(page: Any, summary: str) -> Any:
    """A folded panel (details) of the page, opened."""
    box = page.locator("details").filter(has=page.locator("summary", has_text=summary))
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    return box


def _stage_bar(page: Any) -> Any:
    return page.get_by_role("list", name="受け入れの段階")


def _move(page: Any, stage: str, day: dt.date, note: str = "") -> None:
    """段階を進める: the next stage on ``day`` (the form offers today), with what happened."""
    from playwright.sync_api import expect

    form = page.locator("section[aria-labelledby=stage-title]")
    expect(field(form, "日付")).to_have_value(wareki(day))
    group(form, "次の段階").get_by_label(stage, exact=True).check()
    if note:
        field(form, "様子・理由").fill(note)
    form.get_by_role("button", name="記録する").click()
    expect(page.locator(".messages")).to_contain_text("受け入れの段階を記録しました。")
    current = _stage_bar(page).locator("[aria-current=step]")
    expect(current).to_contain_text(f"{stage}{day.month}/{day.day}")
    expect(current.locator(".muted")).to_have_count(0)  # its date is as legible as its name


def _candidate(page: Any, name: str) -> Any:
    return page.locator("ol.candidates > li").filter(has=page.get_by_role("heading", name=re.compile(name)))


def test_a_withdrawn_young_man_finds_his_place_at_the_second_host(
    server: str,
    chromium: Any,
    login: Login,
    story: dict[str, Any],
    clock: time_machine.Traveller,
) -> None:
    from playwright.sync_api import expect

    url, users = server, story["users"]
    errors: list[str] = []

    # 1. 9月1日. The sitting: its host records the approval of the 参加支援 plan on the agenda item.
    host = _open(chromium, url, login, users["host"], errors)
    host.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="会議").click()
    host.get_by_role("link", name=MEETING).first.click()
    expect(host.get_by_role("heading", level=1)).to_contain_text(MEETING)
    host.get_by_role("link", name=re.compile(f"{CASE_TITLE}（プランの適切性）")).click()
    expect(host.locator("body")).to_contain_text("対象のプラン：参加支援プラン 第1版（会議提出）")
    expect(host.locator("body")).to_contain_text("「週2回、午前中に外で何か作業をする」")
    field(host, "協議の内容").fill(
        "本人は朝が苦手。最初の受け入れ先は本人の希望を優先し、合わなければ早めに切り替える方針を確認。"
    )
    field(host, "決まったこと").fill("参加支援プランを承認。社協が受け入れ先の候補を本人と検討する。")
    host.get_by_label("承認", exact=True).check()
    field(host, "次回見直し日").fill(short_wareki(dt.date(2026, 12, 1)))
    host.get_by_role("button", name="議事録を保存する").click()
    expect(host.locator(".messages")).to_contain_text("議事録を保存しました。")
    expect(host.locator(".notice--success").filter(has_text="会議の決定")).to_have_text(
        f"会議の決定を記録しました：プランの適切性 → 承認（{wareki(MEETING_DAY)}）"
    )
    _shot(host, "01_meeting_approval")
    host.context.close()
    story["case"].refresh_from_db()
    story["plan"].refresh_from_db()
    assert story["case"].status == CaseStatus.SUPPORT and story["plan"].status == PlanStatus.APPROVED

    # The CSW starts the son's 参加支援 from the case.
    csw = _open(chromium, url, login, users["csw"], errors)
    csw.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="参加支援").click()
    expect(csw.get_by_role("heading", level=1)).to_have_text("参加支援")
    expect(csw.locator("main")).to_contain_text("該当する参加支援はありません。")
    csw.get_by_role("link", name="参加支援を始める").click()
    expect(csw.get_by_role("heading", level=1)).to_have_text("参加支援を始める")
    sources = group(csw, "始まり")
    expect(sources.get_by_role("radio")).to_have_count(2)  # the mother who applied, and the son
    sources.get_by_label(re.compile(f"「{CASE_TITLE}」：{SON}さん$")).check()
    expect(field(csw, "受付日")).to_have_value(wareki(MEETING_DAY))
    csw.get_by_role("button", name="始める").click()
    expect(csw.locator(".messages")).to_contain_text("参加支援を始めました。")
    expect(csw.get_by_role("heading", level=1)).to_have_text(f"{SON}さんの参加支援")
    expect(csw.locator(".page-header .lead")).to_contain_text(f"担当 {CSW}　25歳")
    expect(csw.locator("main")).to_contain_text(
        f"多機関協働のケースから：ケース {story['case'].number}「{CASE_TITLE}」　受付 {wareki(MEETING_DAY)}"
    )
    expect(csw.locator("p.notice").filter(has_text="重層的支援会議で")).to_have_text(
        f"重層的支援会議で参加支援プランが決定されています（{wareki(MEETING_DAY)}）。"
    )
    expect(csw.locator("section[aria-labelledby=placements-title] h2")).to_have_text("受け入れ（0件）")
    _shot(csw, "02_engagement_decided")
    engagement = Engagement.objects.get(person=story["son"])
    detail_url = f"{url}/participation/{engagement.pk}/"

    # His assessment, in his words, and what matching reads.
    csw.get_by_role("link", name="アセスメントを記録").click()
    expect(csw.get_by_role("heading", level=1)).to_have_text("参加に向けたアセスメント")
    expect(field(csw, "アセスメント日")).to_have_value(wareki(MEETING_DAY))
    field(csw, "本人がやってみたいこと").fill("「土をさわる仕事なら、やってみたい。人と話さなくていいなら」")
    field(csw, "できること・得意なこと").fill("黙々と作業を続けられる。植物の名前に詳しい。")
    field(csw, "本人の言葉").fill("朝は苦手だけど、週2回くらいなら行けるかもしれない")
    field(csw, "時間の制約").fill("火・木の午前中なら起きられる。午後は疲れが出る。")
    field(csw, "移動の制約").fill("自転車で15分くらいまで。")
    field(csw, "人との関わりの制約").fill("初対面の人と話すのが苦手。大人数の場は避けたい。")
    interests = group(csw, "関心のある種類")
    interests.get_by_label("農家・農作業", exact=True).check()
    interests.get_by_label("就労体験", exact=True).check()
    days = group(csw, "通える曜日")
    days.get_by_label("火", exact=True).check()
    days.get_by_label("木", exact=True).check()
    field(csw, "通える時間（から）").fill("9:00")
    field(csw, "通える時間（まで）").fill("12:00")
    field(csw, "通いやすい圏域").select_option(label="北部圏域")
    field(csw, "移動の手段").select_option(label="歩いて・自転車で行ける範囲")
    field(csw, "体への負担（ここまで）").select_option(label="ふつう（立ち作業あり）")
    csw.get_by_label("人と話すのがまだ難しい").check()
    _shot(csw, "03_assessment")
    csw.get_by_role("button", name="記録して候補を見る").click()

    # The candidates: the six hosts of the register ranked, the farm first with its reasons.
    expect(csw.locator(".messages")).to_contain_text("アセスメントを記録しました。")
    expect(csw.get_by_role("heading", level=1)).to_have_text("受け入れ先の候補")
    candidates = csw.locator("ol.candidates > li")
    expect(candidates).to_have_count(6)  # the サロン and the 認知症カフェ take no participants
    expect(candidates.locator("h2 a")).to_have_text(
        [FARM, KITCHEN, "あおば工房 リサイクル作業", "図書館 配架ボランティア", "喫茶こもれび ホール体験",
         "南町ふれあい農園 援農"]
    )  # fmt: skip
    farm = _candidate(csw, FARM)
    expect(farm.locator(".tag--field")).to_have_text(
        [
            "✓ 希望する種類（就労体験・農家・農作業）",
            "✓ 通える曜日・時間に合う（毎週 火・木曜 08:00〜11:00）",
            "✓ 通いやすい圏域にある",
            "✓ 人と話すのが苦手でも参加しやすい",
            "✓ 体への負担がふつう",
        ]
    )
    expect(farm.locator(".tag--warn")).to_have_count(0)
    south_farm = _candidate(csw, "南町ふれあい農園 援農")
    expect(south_farm.locator(".tag--warn")).to_contain_text(["△ 通える曜日・時間に合う日程がない"])
    expect(csw.locator(".notice--warning")).to_have_count(0)  # the plan is decided: proposals are open
    _shot(csw, "04_candidates")
    farm.get_by_role("button", name="この受け入れ先を提案する").click()
    expect(csw.locator(".messages")).to_contain_text(f"「{FARM}」を受け入れ先として提案しました。")
    expect(csw.get_by_role("heading", level=1)).to_have_text(f"{FARM}での受け入れ")
    expect(_stage_bar(csw).locator("li")).to_have_text([re.compile("^提案")])
    expect(csw.locator("section[aria-labelledby=history-title]")).to_contain_text("通える曜日・時間に合う")
    farm_url = csw.url
    csw.context.close()

    # 2. 9月8日: 見学 with the CSW; afterwards his consent for the farm and the 紹介票 for the 体験.
    clock.move_to(morning_of(FARM_VISIT))
    csw = _open(chromium, url, login, users["csw"], errors)
    csw.goto(farm_url)
    _move(
        csw,
        "見学",
        FARM_VISIT,
        "本人と同行。園主の緑川さんが畑を案内。袋詰めの作業場を見て「これならできそう」。",
    )
    box = _panel(csw, "担当者・フォローアップの間隔を変える")
    field(box, "受け入れ先の担当者").fill("園主 緑川 進")
    field(box, "担当者の電話番号").fill("0197-55-1234")
    box.get_by_role("button", name="保存する").click()
    expect(csw.locator(".messages")).to_contain_text("受け入れ先の担当者を保存しました。")
    expect(csw.locator("section[aria-labelledby=consent-title]")).to_contain_text(
        "同意はまだ記録されていません。"
    )
    box = _panel(csw, "同意を記録する")
    expect(box).to_contain_text("同意を得る相手先：みどり農園（みどり農園 就労体験）")
    consented = ["氏名", "本人がやってみたいこと", "配慮してほしいこと（時間・移動・人との関わり）",
                 "通える曜日・時間", "参加支援の担当者と連絡先"]  # fmt: skip
    items = group(box, "受け入れ先に伝えてよい項目")
    expect(items.get_by_role("checkbox")).to_have_count(
        9
    )  # 健康上の配慮 is an item of its own, not agreed here
    for label in consented:
        items.get_by_label(label, exact=True).check()
    expect(field(box, "同意日")).to_have_value(wareki(FARM_VISIT))
    group(box, "同意の方法").get_by_label("書面", exact=True).check()
    box.get_by_role("button", name="記録する").click()
    expect(csw.locator(".messages")).to_contain_text("受け入れ先への情報提供の同意を記録しました。")
    consent = csw.locator("section[aria-labelledby=consent-title]")
    expect(consent).to_contain_text(f"同意：{wareki(FARM_VISIT)}（書面・{CSW}）　" + "、".join(consented))
    sheet_items = group(consent, "紹介票に載せる項目")
    expect(sheet_items.get_by_role("checkbox")).to_have_count(5)  # only what he agreed to is offered
    expect(sheet_items.locator("input:checked")).to_have_count(5)
    _shot(csw, "05_farm_consent")
    with csw.expect_download() as download_info:
        consent.get_by_role("button", name="紹介票（A4 PDF）を作る").click()
    download = download_info.value
    assert download.suggested_filename == f"紹介票_{FARM}.pdf"
    pdf_path = ARTIFACTS / "participation_sheet.pdf"
    download.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        skip_or_fail("pdftoppm・pdftotext（poppler-utils）がないため紹介票を確かめられません")
    for old in ARTIFACTS.glob("participation_sheet-*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf_path),
            str(ARTIFACTS / "participation_sheet"),
        ],
        check=True,
    )
    assert list(ARTIFACTS.glob("participation_sheet-*1.png")), "the 紹介票's first page was not rendered"
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, check=True).stdout.decode()
    flat = re.sub(r"\s+", "", text)
    for shown in ("参加支援紹介票", "みどり農園みどり農園就労体験御中", "園主緑川進様", SON.replace(" ", ""),
                  "土をさわる仕事なら", "初対面の人と話すのが苦手", "火・木曜09:00〜12:00", CSW.replace(" ", "")):  # fmt: skip
        assert shown in flat, (shown, text)
    # Not consented: his kana, his age, his strengths.
    for withheld in ("ふりがな", "さとうしょうた", "年齢", "25歳", "できること・得意なこと", "植物の名前"):
        assert withheld not in flat, (withheld, text)
    pdf_path.unlink()
    csw.context.close()

    # 9月10日: 体験 begins; the first follow-up is set two weeks on.
    clock.move_to(morning_of(FARM_TRIAL))
    csw = _open(chromium, url, login, users["csw"], errors)
    csw.goto(farm_url)
    _move(csw, "体験", FARM_TRIAL, "初日。8時に農園へ。袋詰めを2時間。")
    expect(csw.locator("p.notice").filter(has_text="次のフォローアップ")).to_have_text(
        f"次のフォローアップ：{wareki(FARM_TRIAL + dt.timedelta(days=14))}"
    )
    csw.context.close()

    # 3. 9月17日: the first week failed. 中断 with the reason, and a note on how the farm relates to him.
    clock.move_to(morning_of(FARM_STOP))
    csw = _open(chromium, url, login, users["csw"], errors)
    csw.goto(farm_url)
    _move(csw, "中断", FARM_STOP, STOP_REASON)
    expect(_stage_bar(csw).locator("li")).to_have_text(
        [re.compile(f"^{s}") for s in ("提案", "見学", "体験", "中断")]
    )
    expect(csw.locator("p.notice--warning").filter(has_text="中断（")).to_have_text(
        f"中断（{wareki(FARM_STOP)}）：{STOP_REASON}"
    )
    # A suspended placement is followed up no more: no next date, no form, the planned one set aside.
    expect(csw.locator("p.notice").filter(has_text="次のフォローアップ")).to_have_count(0)
    expect(csw.locator("details").filter(has_text="フォローアップを記録する")).to_have_count(0)
    expect(csw.locator("section[aria-labelledby=follow-title] ol.timeline li")).to_have_text(
        f"予定 {wareki(FARM_TRIAL + dt.timedelta(days=14))} （中断のため予定から外れています）"
    )
    box = _panel(csw, "受け入れ先支援を記録する")
    expect(field(box, "日付")).to_have_value(wareki(FARM_STOP))
    group(box, "内容の種類").get_by_label("本人との関わり方", exact=True).check()
    field(box, "内容").fill(
        "園主に本人の様子を伝えた。休みが続いても責めずに待ってほしいと依頼。"
        "10時からの作業なら、また受けられるとのこと。"
    )
    box.get_by_role("button", name="記録する").click()
    expect(csw.locator(".messages")).to_contain_text("受け入れ先支援の記録を保存しました。")
    notes = csw.locator("section[aria-labelledby=host-title]")
    expect(notes.locator("ol.timeline li")).to_have_count(1)
    expect(notes.locator("ol.timeline li")).to_contain_text("本人との関わり方")
    expect(notes).to_contain_text("園主 緑川 進　0197-55-1234")
    _shot(csw, "06_farm_suspended")

    # Back on the candidates: the kitchen, which starts at ten.
    csw.get_by_role("navigation", name="パンくずリスト").get_by_role("link", name=f"{SON}さん").click()
    expect(csw.locator("section[aria-labelledby=placements-title] tbody tr")).to_have_count(1)
    expect(csw.locator("section[aria-labelledby=placements-title] .tag--warn")).to_have_text("中断")
    csw.get_by_role("link", name="受け入れ先を探す").click()
    kitchen = _candidate(csw, KITCHEN)
    expect(kitchen.locator(".tag--field")).to_contain_text(
        ["✓ 通える曜日・時間に合う（毎週 火・木曜 10:00〜13:00）", "✓ 受け入れ経験がある"]
    )
    _shot(csw, "07_candidates_again")
    kitchen.get_by_role("button", name="この受け入れ先を提案する").click()
    expect(csw.locator(".messages")).to_contain_text(f"「{KITCHEN}」を受け入れ先として提案しました。")
    kitchen_url = csw.url
    box = _panel(csw, "担当者・フォローアップの間隔を変える")
    field(box, "受け入れ先の担当者").fill("食堂代表 千田 和子")
    box.get_by_role("button", name="保存する").click()
    expect(csw.locator(".messages")).to_contain_text("受け入れ先の担当者を保存しました。")
    csw.context.close()

    # 見学, 体験, 定着: each on its day.
    for day, stage, note in (
        (KITCHEN_VISIT, "見学", "本人と同行。千田さんから仕込みの流れを聞いた。"),
        (KITCHEN_TRIAL, "体験", "10時から玉ねぎの皮むきと食器洗い。子どもが来る前に帰る。"),
        (KITCHEN_SETTLED, "定着", "2週間、4回とも時間どおりに来ている。千田さんも本人も続けたいと話す。"),
    ):
        clock.move_to(morning_of(day))
        csw = _open(chromium, url, login, users["csw"], errors)
        csw.goto(kitchen_url)
        _move(csw, stage, day, note)
        if stage != "定着":
            csw.context.close()
    expect(_stage_bar(csw).locator("li")).to_have_text(
        [re.compile(f"^{s}") for s in ("提案", "見学", "体験", "定着")]
    )
    # The follow-up set when 体験 began still stands; 定着 does not add a second one.
    expect(csw.locator("p.notice").filter(has_text="次のフォローアップ")).to_have_text(
        f"次のフォローアップ：{wareki(FOLLOW_UP_DUE)}"
    )
    _shot(csw, "08_kitchen_settled")
    csw.context.close()
    kitchen_placement = Placement.objects.get(engagement=engagement, service=story["register"]["kitchen"])
    assert kitchen_placement.stage == Stage.SETTLED
    assert list(kitchen_placement.follow_ups.values_list("due_on", "done_on")) == [(FOLLOW_UP_DUE, None)]

    # 4. 10月19日: the follow-up of 10月15日 has passed. The index shows it overdue.
    clock.move_to(morning_of(LATE_DAY))
    csw = _open(chromium, url, login, users["csw"], errors)
    csw.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="参加支援").click()
    due = csw.locator("section[aria-labelledby=due-title]")
    expect(due.locator("li")).to_have_count(1)
    expect(due.locator("li .overdue")).to_have_text(f"{wareki(FOLLOW_UP_DUE)}（期限切れ）")
    expect(due.locator("li")).to_contain_text(f"{SON}さん・{KITCHEN}（定着）")
    funnel = csw.get_by_role("list", name="段階ごとの受け入れ数")
    expect(funnel.locator("li")).to_have_text(["0提案", "0見学", "0体験", "1定着", "0終了", "1中断"])
    row = csw.locator("section[aria-labelledby=list-title] tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text(f"{wareki(MEETING_DAY)} 決定")
    expect(row.locator("td").nth(2)).to_have_text("1件 進行中")
    _shot(csw, "09_index_overdue")

    # She records it from the placement page; the next is set at the placement's interval.
    due.get_by_role("link", name=f"{SON}さん・{KITCHEN}").click()
    expect(csw.locator("p.notice--warning").filter(has_text="次のフォローアップ")).to_have_text(
        f"次のフォローアップ：{wareki(FOLLOW_UP_DUE)}（期限を過ぎています）"
    )
    box = _panel(csw, "フォローアップを記録する")
    expect(field(box, "実施日")).to_have_value(wareki(LATE_DAY))
    field(box, "本人と受け入れ先の様子").fill(
        "本人：火・木が楽しみになってきた。千田さん：遅刻なし。片付けまで終えて帰る。次は配膳にも誘いたい。"
    )
    box.get_by_role("button", name="記録する").click()
    expect(csw.locator(".messages")).to_contain_text("フォローアップを記録しました。")
    follow_ups = csw.locator("section[aria-labelledby=follow-title] ol.timeline li")
    expect(follow_ups).to_have_count(2)
    expect(follow_ups.first).to_contain_text(f"{wareki(LATE_DAY)} 本人：火・木が楽しみになってきた。")
    next_due = LATE_DAY + dt.timedelta(days=14)
    expect(follow_ups.nth(1)).to_have_text(f"予定 {wareki(next_due)}")
    expect(csw.locator("p.notice").filter(has_text="次のフォローアップ")).to_have_text(
        f"次のフォローアップ：{wareki(next_due)}"
    )
    _shot(csw, "10_follow_up_recorded")
    placement_url = csw.url
    assert list(FollowUp.objects.filter(placement=kitchen_placement).values_list("due_on", "done_on")) == [
        (FOLLOW_UP_DUE, LATE_DAY),
        (next_due, None),
    ]
    csw.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="参加支援").click()
    expect(csw.locator("section[aria-labelledby=due-title]")).to_contain_text(
        "1週間以内のフォローアップの予定はありません。"
    )

    # The farm's planned follow-up (9月24日) passed while suspended: not claimed as overdue anywhere.
    csw.goto(farm_url)
    follow = csw.locator("section[aria-labelledby=follow-title]")
    expect(follow).not_to_contain_text("期限切れ")
    expect(csw.locator("main")).not_to_contain_text("期限を過ぎています")

    # A review, in his words.
    csw.goto(detail_url)
    box = _panel(csw, "評価を記録する")
    expect(field(box, "評価日")).to_have_value(wareki(LATE_DAY))
    field(box, "参加の状況").fill("火・木の10時〜13時。10月は欠席なし（5回）。")
    field(box, "本人の言葉").fill("ここは朝がゆっくりだから続けられる。玉ねぎを切るのが速くなった")
    field(box, "変化したこと").fill("自分から千田さんに挨拶するようになった。母によると、家でも料理をする。")
    box.get_by_role("button", name="記録する").click()
    expect(csw.locator(".messages")).to_contain_text("評価を記録しました。")
    reviews = csw.locator("section[aria-labelledby=reviews-title] ol.timeline li")
    expect(reviews).to_have_count(1)
    expect(reviews).to_contain_text(
        "本人：「ここは朝がゆっくりだから続けられる。玉ねぎを切るのが速くなった」"
    )
    assessment = csw.locator("section[aria-labelledby=assessment-title]")
    expect(assessment.locator("dt")).to_have_text(
        ["やってみたいこと", "できること・得意なこと", "本人の言葉", "時間の制約", "移動の制約", "人との関わり",
         "移動の手段", "人と話すこと"]
    )  # fmt: skip
    placements = csw.locator("section[aria-labelledby=placements-title]")
    expect(placements.locator("h2")).to_have_text("受け入れ（2件）")
    expect(placements.locator("tbody tr").filter(has_text=KITCHEN)).to_contain_text(
        "提案 9/17 → 見学 9/24 → 体験 10/1 → 定着 10/13"
    )
    expect(placements.locator("tbody tr").filter(has_text=FARM)).to_contain_text("初週で疲れが出て")
    _shot(csw, "11_engagement_review")
    csw.context.close()

    # The placement page on a tablet: readable without scrolling sideways.
    tablet = _open(chromium, url, login, users["csw"], errors, TABLET)
    tablet.goto(placement_url)
    expect(tablet.get_by_role("heading", level=1)).to_have_text(f"{KITCHEN}での受け入れ")
    width = tablet.evaluate("document.documentElement.scrollWidth")
    assert width <= 768, f"the placement page scrolls sideways on a tablet ({width}px)"
    _shot(tablet, "12_tablet_placement")
    tablet.context.close()

    # Another agency's 相談員: 404 on the engagement and its placement, and nothing of him on the index.
    outsider = _open(chromium, url, login, users["outsider"], errors)
    for page_url in (detail_url, placement_url):
        response = outsider.goto(page_url)
        assert response is not None and response.status == 404, page_url
        expect(outsider.locator("body")).not_to_contain_text(SON)
    outsider.goto(f"{url}/participation/?list=all")
    expect(outsider.locator("main")).not_to_contain_text(SON)
    outsider.context.close()

    # The 404 pages log one console error each for their own status; anything else is a fault.
    assert [e for e in errors if "404" not in e] == [], errors
