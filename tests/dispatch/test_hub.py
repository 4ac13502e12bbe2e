"""The hub page: a municipality's stated need read from its request, its ratings and its submitted sheet;
suggestions built only from what municipalities publish."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from kasane.dispatch.models import Dispatch, Expert, Practice
from kasane.lib.dates import fiscal_year, today
from kasane.readiness.models import (
    MunicipalityProfile,
    ReadinessRating,
    ReadinessSheet,
    SheetFunctionRow,
)
from kasane.tenancy.models import Municipality
from tests.clock import morning_of

from .helpers import client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_clock() -> Any:
    """The ratings (2026-10-01) and sheets (2026-07-31) below are this 年度's: the clock stands after them."""
    with time_machine.travel(morning_of(dt.date(2026, 12, 7)), tick=False):
        yield


def town(
    prefecture: Any, code: str, name: str, population: int, status: str, year: int | None = None
) -> Municipality:
    m = Municipality.objects.create(prefecture=prefecture, code=code, name=name, population=population)
    MunicipalityProfile.objects.create(municipality=m, status=status, status_year=year)
    return m


def rate(m: Municipality, user: Any, item: str, stage: int, on: dt.date = dt.date(2026, 10, 1)) -> None:
    ReadinessRating.objects.create(
        municipality=m, item=item, stage=stage, evidence="根拠", rated_on=on, rated_by=user
    )


def sheet(
    m: Municipality, user: Any, *, shared: bool, submitted: bool, rows: dict[str, tuple[str, str]]
) -> None:
    s = ReadinessSheet.objects.create(
        municipality=m,
        made_on=dt.date(2026, 7, 31),
        shared_with_peers=shared,
        submitted_at=timezone.now() if submitted else None,
    )
    for function, (current, issues) in rows.items():
        SheetFunctionRow.objects.create(sheet=s, function=function, current=current, issues=issues)


@pytest.fixture
def h(d: dict[str, Any]) -> dict[str, Any]:
    prefecture, ken = d["municipality"].prefecture, d["ken"]
    sakura = town(prefecture, "039001", "さくら町", 6_000, "considering")
    takasu = town(prefecture, "039002", "たかす町", 6_724, "implementing", 2021)
    esashi = town(prefecture, "039003", "えさし町", 7_300, "considering")
    big = town(prefecture, "039004", "おおまち市", 325_000, "implementing", 2022)
    for item in ("situation", "local_people", "internal", "sharing"):
        rate(sakura, ken, item, 2)
    rate(sakura, ken, "talent", 0)
    rate(big, ken, "talent", 3)
    rate(esashi, ken, "talent", 0)
    sheet(
        sakura,
        ken,
        shared=False,
        submitted=True,
        rows={"participation": ("社協のサロンで受け入れている。", "受け入れ先が少ない。")},
    )
    sheet(takasu, ken, shared=True, submitted=True, rows={"participation": ("カフェと畑で中間的就労。", "")})
    sheet(esashi, ken, shared=False, submitted=True, rows={"participation": ("町内のサロン。", "")})
    Practice.objects.create(
        prefecture=prefecture,
        title="働くきっかけ応援事業",
        municipality_name="鷹栖町",
        prefecture_name="北海道",
        population=6_724,
        themes=["participation", "community"],
        summary="地域の居場所の中での中間的就労。",
        created_by=ken,
    )
    Practice.objects.create(
        prefecture=prefecture,
        title="CSWの配置",
        municipality_name="草加市",
        prefecture_name="埼玉県",
        population=250_725,
        themes=["participation", "collaboration"],
        summary="CSWを配置。",
        created_by=ken,
    )
    Dispatch.objects.create(
        prefecture=prefecture,
        fiscal_year=fiscal_year(today()),
        municipality=sakura,
        requested_on=today(),
        requested_by="保健福祉課",
        request_text="ひきこもりの人が通える場がない。",
        themes=["participation"],
        created_by=ken,
    )
    return {**d, "sakura": sakura, "takasu": takasu, "esashi": esashi, "big": big}


def test_a_small_town_needing_participation_is_offered_takasu_and_a_same_size_peer(h: dict[str, Any]) -> None:
    response = client(h["ken"]).get(f"/dispatch/hub/?municipality={h['sakura'].pk}")
    assert response.status_code == 200
    ctx = response.context
    # The need: what it asked for this year, and the one item that lags (社会資源を活用できる人材).
    assert sorted(ctx["need"].themes) == ["participation", "talent"]
    page = response.content.decode()
    assert "専門家派遣の依頼で「参加支援」の相談がありました。" in page
    assert "「社会資源を活用できる人材」が「未着手」と、5項目のうち最も低い段階です。" in page
    assert "受け入れ先が少ない。" in page  # its own submitted sheet's 課題, for context
    practices = [(p.title, s) for p, s in ctx["practices"]]
    assert practices[0][0] == "働くきっかけ応援事業"
    assert "同じ人口規模（5千〜1万人未満）で、「参加支援」の事例があります。" in practices[0][1].reasons
    peers = {m.name: s for m, s in ctx["peers"]}
    assert ctx["peers"][0][0].name == "たかす町"
    assert (
        peers["たかす町"].reasons[0]
        == "同じ人口規模（5千〜1万人未満）で、令和3年度から事業を実施しています。"
    )
    assert "公開しているアセスメントシートに「参加支援」の現状が書かれています。" in peers["たかす町"].reasons
    # The big city is further along on 人材 and is offered for that, not for its size.
    assert (
        "体制整備の段階で「社会資源を活用できる人材」（定着）がさくら町（未着手）より進んでいます。"
        in peers["おおまち市"].reasons
    )
    # えさし町's sheet is not published to peers: it is not read, and it is at the same stage.
    assert "えさし町" not in peers
    assert "さくら町" not in peers


def test_staff_can_change_the_need_and_add_words(h: dict[str, Any]) -> None:
    url = f"/dispatch/hub/?municipality={h['sakura'].pk}&edited=1&themes=collaboration&q=CSW"
    ctx = client(h["ken"]).get(url).context
    assert ctx["need"].themes == frozenset({"collaboration"})
    assert [p.title for p, _s in ctx["practices"]] == ["CSWの配置"]
    # Without a municipality: themes and a population only.
    ctx = client(h["ken"]).get("/dispatch/hub/?themes=participation&population=7000").context
    assert ctx["practices"][0][0].title == "働くきっかけ応援事業"
    assert "stated" not in ctx


def test_experts_are_suggested_with_reasons(h: dict[str, Any]) -> None:
    Expert.objects.filter(name="大森 恵子").update(is_active=False)
    ctx = client(h["ken"]).get(f"/dispatch/hub/?municipality={h['sakura'].pk}").context
    experts = [(e.name, s.reasons) for e, s in ctx["experts"]]
    assert experts == [
        (
            "工藤 修",
            (
                "「参加支援」を得意としています。",
                "同じ人口規模（5千〜1万人未満）の市町村を支援した経験があります。",
            ),
        )
    ]


def test_the_hub_is_for_support_staff_and_municipal_programme_staff(h: dict[str, Any]) -> None:
    # 相談員 and others without readiness.edit: refused; テスト市's programme staff: their own municipality.
    assert client(h["users"]["soudanin"]).get("/dispatch/hub/").status_code == 403
    response = client(h["users"]["city"]).get("/dispatch/hub/")
    assert response.status_code == 200
    assert response.context["municipality"] == h["municipality"]
    assert list(response.context["form"].fields["municipality"].queryset) == [h["municipality"]]
    # Another municipality's need is not theirs to read: 404, as for となり町's staff on テスト市.
    assert client(h["users"]["city"]).get(f"/dispatch/hub/?municipality={h['sakura'].pk}").status_code == 404
    other = client(h["users"]["other_city"]).get(f"/dispatch/hub/?municipality={h['municipality'].pk}")
    assert other.status_code == 404
    # Another prefecture's support staff cannot look at this prefecture's municipality.
    assert client(h["outsider"]).get(f"/dispatch/hub/?municipality={h['sakura'].pk}").status_code == 404


def test_a_municipality_sees_only_what_peers_publish(h: dict[str, Any]) -> None:
    # テスト市 needs 参加支援 (its own request): さくら町's unpublished sheet and request stay hidden.
    Dispatch.objects.create(
        prefecture=h["municipality"].prefecture,
        fiscal_year=fiscal_year(today()),
        municipality=h["municipality"],
        requested_on=today(),
        requested_by="地域福祉課",
        request_text="参加支援の場を増やしたい。",
        themes=["participation"],
        created_by=h["ken"],
    )
    response = client(h["users"]["city"]).get("/dispatch/hub/")
    page = response.content.decode()
    assert "専門家派遣の依頼で「参加支援」の相談がありました。" in page
    assert "受け入れ先が少ない。" not in page  # さくら町's own 課題, not shared
    assert "ひきこもりの人が通える場がない。" not in page  # さくら町's request
    assert "町内のサロン。" not in page  # えさし町's sheet, not shared
    peers = {m.name: s for m, s in response.context["peers"]}
    assert "えさし町" not in peers
    # The expert roster's page stays the prefecture's: no link to it for a municipality.
    assert "/dispatch/experts/" not in page
    assert "一致度の数え方" in page
    # Ratings are the prefecture's assessment, not published: no peer is offered for, or shows, its stage.
    talent = client(h["users"]["city"]).get(
        f"/dispatch/hub/?municipality={h['municipality'].pk}&edited=1&themes=talent"
    )
    assert "（定着）" not in talent.content.decode()
    assert all("体制整備の段階" not in r for _m, s in talent.context["peers"] for r in s.reasons)
    # ... while the prefecture's own staff see it (the same search, as ken).
    ken = client(h["ken"]).get(f"/dispatch/hub/?municipality={h['municipality'].pk}&edited=1&themes=talent")
    assert "（定着）" in ken.content.decode()


def test_a_draft_sheet_shared_with_peers_is_not_read_until_submitted(h: dict[str, Any]) -> None:
    prefecture = h["municipality"].prefecture
    minami = town(prefecture, "039006", "みなみ村", 85_000, "implementing", 2021)
    sheet(minami, h["ken"], shared=True, submitted=False, rows={"outreach": ("訪問を続けている。", "")})
    url = f"/dispatch/hub/?municipality={h['municipality'].pk}&edited=1&themes=outreach"
    written = "公開しているアセスメントシートに「アウトリーチ」の現状が書かれています。"

    def reasons() -> list[str]:
        peers = client(h["users"]["city"]).get(url).context["peers"]
        return [r for m, s in peers if m == minami for r in s.reasons]

    assert written not in reasons()
    ReadinessSheet.objects.filter(municipality=minami).update(submitted_at=timezone.now())
    assert written in reasons()


def test_peers_in_the_same_region_rank_first_and_the_score_is_shown_by_part(h: dict[str, Any]) -> None:
    from kasane.readiness.models import Region

    prefecture = h["municipality"].prefecture
    kamikawa = Region.objects.create(prefecture=prefecture, name="上川総合振興局")
    twin = town(prefecture, "039005", "あさひ町", 6_724, "implementing", 2021)  # たかす町's twin
    sheet(twin, h["ken"], shared=True, submitted=True, rows={"participation": ("サロン。", "")})
    url = f"/dispatch/hub/?municipality={h['sakura'].pk}"
    names = [m.name for m, _s in client(h["ken"]).get(url).context["peers"]]
    assert names.index("あさひ町") < names.index("たかす町")  # a tie goes to the name
    for m in (h["sakura"], h["takasu"]):
        MunicipalityProfile.objects.filter(municipality=m).update(region=kamikawa)
    response = client(h["ken"]).get(url)
    peers = response.context["peers"]
    names = [m.name for m, _s in peers]
    assert names.index("たかす町") < names.index("あさひ町")
    takasu = dict((m.name, s) for m, s in peers)["たかす町"]
    assert ("同じ上川総合振興局管内", 2) in takasu.components
    assert sum(points for _label, points in takasu.components) == takasu.score
    page = response.content.decode()
    assert "同じ上川総合振興局管内 <strong>2点</strong>" in page
    assert "同じ振興局など2点、同じブロック1点" in page


def test_picking_another_municipality_starts_from_its_stated_need(h: dict[str, Any]) -> None:
    # The form sends edited=1 with no need ticked when staff only change the municipality.
    ctx = client(h["ken"]).get(f"/dispatch/hub/?municipality={h['sakura'].pk}&edited=1").context
    assert sorted(ctx["need"].themes) == ["participation", "talent"]
