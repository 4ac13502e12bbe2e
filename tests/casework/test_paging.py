"""Lists are paged, never cut (issue 20): the case list, the つなぎ list and their API read every row through
keyset pages, with the whole count, in the list's order, however many there are."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from kasane.casework.models import Case, Consultation, Person, ProgressNote, Referral
from kasane.lib.paging import decode_cursor, encode_cursor, keyset
from tests import factories

pytestmark = pytest.mark.django_db

MANY = 230  # more than two pages of 100, and more than the 200 and 300 the lists used to stop at


@pytest.fixture
def story(world: dict[str, Any]) -> dict[str, Any]:
    r = factories.journey(world)
    k = r["case"]
    # Closed cases may share a household; seven opening days, so many rows tie on the first order key.
    Case.objects.bulk_create(
        Case(
            municipality=k.municipality,
            owner_agency=k.owner_agency,
            household=k.household,
            person=k.person,
            consent=k.consent,
            title=f"過去のケース{i}",
            opened_on=dt.date(2025, 4, 1) + dt.timedelta(days=i % 7),
            closed_on=dt.date(2026, 3, 31),
            status="closed",
        )
        for i in range(MANY)
    )
    return {**world, "r": r}


def _walk(client: Client, url: str) -> tuple[list[int], list[str]]:
    """Every case the list shows, following 「次の100件」 to the end; and each page's count line."""
    seen: list[int] = []
    counts: list[str] = []
    while url:
        html = client.get(url).content.decode()
        seen += [int(pk) for pk in re.findall(r'href="/cases/(\d+)/"', html)]
        counts += re.findall(r"全\d+件中 \d+〜\d+件目", html)
        counts += re.findall(r'rel="next">(次の\d+件)', html)
        more = re.search(r'href="([^"]*)" rel="next"', html)
        url = "/cases/" + more.group(1).replace("&amp;", "&") if more else ""
    return seen, counts


def test_the_case_list_reaches_every_case_in_order(story: dict[str, Any], client_for: Any) -> None:
    client = client_for(story["users"]["coordinator"])
    seen, counts = _walk(client, "/cases/?list=closed")
    expected = list(
        Case.objects.filter(status="closed").order_by("-opened_on", "-pk").values_list("pk", flat=True)
    )
    assert len(expected) == MANY
    assert seen == expected  # each exactly once, in the list's order, across ties on 受付日
    # The link says how many follow: a full page, then the 30 left.
    assert counts == [
        f"全{MANY}件中 1〜100件目",
        "次の100件",
        f"全{MANY}件中 101〜200件目",
        f"次の{MANY - 200}件",
        f"全{MANY}件中 201〜{MANY}件目",
    ]


def test_a_page_past_the_first_offers_the_way_back_and_keeps_the_filters(
    story: dict[str, Any], client_for: Any
) -> None:
    client = client_for(story["users"]["coordinator"])
    first = client.get("/cases/?list=closed").content.decode()
    assert "最初から" not in first
    nxt = re.search(r'href="([^"]*)" rel="next"', first)
    assert nxt is not None and "list=closed" in nxt.group(1)
    second = client.get("/cases/" + nxt.group(1).replace("&amp;", "&")).content.decode()
    assert "最初から" in second


def test_a_cursor_that_is_not_ours_starts_from_the_top(story: dict[str, Any], client_for: Any) -> None:
    client = client_for(story["users"]["coordinator"])
    south = story["agencies"]["houkatsu_south"]
    stranger = factories.person(south, "他所 太郎", "よそ たろう")
    invisible = factories.case(stranger, south, factories.consent(stranger, south), [], status="closed")
    forged = [
        encode_cursor(10**9, 5),  # no such row
        encode_cursor(invisible.pk, 100),  # a row the viewer may not see
        base64.urlsafe_b64encode(b'[0, "1"]').decode(),  # a text where an id belongs
        base64.urlsafe_b64encode(b"[0, 100000000000000000000000000000]").decode(),  # past any integer
        base64.urlsafe_b64encode(b"[0, [1, 2]]").decode(),  # a list
        base64.urlsafe_b64encode(b'[0, {"n": "1e1000000"}]').decode(),  # a number to choke on
        base64.urlsafe_b64encode(b"[-5, 1]").decode(),  # a count below zero
    ]
    for junk in ("%%%", "AAAA", "W1s", *forged):
        html = client.get(f"/cases/?list=closed&cursor={junk}").content.decode()
        assert f"全{MANY}件中 1〜100件目" in html


def test_the_api_pages_with_a_total_and_a_next_link(story: dict[str, Any], client_for: Any) -> None:
    client = client_for(story["users"]["coordinator"])
    url = "/api/v1/cases?list=closed&size=80"
    seen: list[int] = []
    totals = set()
    while url:
        response = client.get(url)
        assert response.status_code == 200
        totals.add(response["X-Total-Count"])
        rows = response.json()
        assert len(rows) <= 80
        seen += [row["id"] for row in rows]
        link = response.get("Link", "")
        url = re.sub(r"^<https?://[^/]+(.*)>; rel=\"next\"$", r"\1", link) if link else ""
    assert totals == {str(MANY)}
    assert seen == list(
        Case.objects.filter(status="closed").order_by("-opened_on", "-pk").values_list("pk", flat=True)
    )


def test_a_forged_cursor_shows_nothing_the_viewer_may_not_see(story: dict[str, Any], client_for: Any) -> None:
    """A cursor only narrows the viewer's own list: someone outside the case's agencies sees none of them."""
    outsider = story["users"]["other_admin"]  # 南部包括: not on the case's team
    cursor = encode_cursor([{"d": "2030-01-01"}, 10**9], 0)
    html = client_for(outsider).get(f"/cases/?list=closed&cursor={cursor}").content.decode()
    assert "過去のケース" not in html


def test_keyset_after_is_strict_and_the_cursor_names_only_an_id(story: dict[str, Any]) -> None:
    rows = Case.objects.filter(status="closed")
    page = keyset(rows, ("-opened_on", "-pk"), "", 10)
    # No order value (a date here; ふりがな in a search) travels in the URL: the id and the count before.
    assert decode_cursor(page.next_cursor) == (page.rows[-1].pk, 10)
    assert base64.urlsafe_b64decode(page.next_cursor + "==") == f"[10,{page.rows[-1].pk}]".encode()
    again = keyset(rows, ("-opened_on", "-pk"), page.next_cursor, 10)
    assert not {c.pk for c in page.rows} & {c.pk for c in again.rows}
    assert again.first == 11 and again.last == 20 and again.total == MANY


def test_the_case_page_reaches_every_note(story: dict[str, Any], client_for: Any) -> None:
    """The case page shows the newest 50 支援経過 and leads back through all the others, 50 at a time."""
    k = story["r"]["case"]
    ProgressNote.objects.bulk_create(
        ProgressNote(
            case=k,
            agency=k.owner_agency,
            on=dt.date(2026, 4, 1) + dt.timedelta(days=i % 30),
            text=f"経過メモ{i:03d}",
            author_name="職員",
        )
        for i in range(120)
    )
    client = client_for(story["users"]["coordinator"])
    url, seen, counts = f"/cases/{k.pk}/", [], []
    while url:
        html = client.get(url).content.decode()
        seen += re.findall(r"経過メモ(\d{3})", html)
        counts += re.findall(r"全120件中 \d+〜\d+件目", html)
        more = re.search(r'href="([^"]*)#notes" rel="next"', html)
        url = f"/cases/{k.pk}/" + more.group(1).replace("&amp;", "&") if more else ""
    expected = [n.text[-3:] for n in ProgressNote.objects.filter(case=k).order_by("-on", "-pk")]
    assert seen == expected and len(seen) == 120
    assert counts == ["全120件中 1〜50件目", "全120件中 51〜100件目", "全120件中 101〜120件目"]


def test_a_search_with_many_matches_reaches_them_all_in_rank_order(
    world: dict[str, Any], client_for: Any
) -> None:
    """Search results are paged, not cut at 50: whole-word matches (さとう) first, then the rest, every one
    reachable, the count of all shown."""
    north = world["agencies"]["houkatsu_north"]
    household = factories.person(north, "佐藤 太郎", "さとう たろう").household
    for i in range(70):
        factories.person(north, f"佐藤 花子{i:02d}", f"さとう はなこ{i:02d}", household=household)
    for i in range(40):
        factories.person(north, f"加佐藤 次郎{i:02d}", f"かさとう じろう{i:02d}", household=household)
    client = client_for(world["users"]["soudanin"])
    url, seen, counts = "/people/?name=さとう", [], []
    while url:
        html = client.get(url).content.decode()
        seen += re.findall(r'href="/people/(\d+)/"', html)
        counts += re.findall(r"全\d+件中 \d+〜\d+件目", html)
        more = re.search(r'href="([^"]*)" rel="next"', html)
        url = "/people/" + more.group(1).replace("&amp;", "&") if more else ""
    assert len(seen) == len(set(seen)) == 111
    assert counts == ["全111件中 1〜50件目", "全111件中 51〜100件目", "全111件中 101〜111件目"]
    names = dict(Person.objects.values_list("pk", "name"))
    ranked = [names[int(pk)] for pk in seen]
    # Every 佐藤 (a whole word) before any 加佐藤 (inside a word).
    assert all(n.startswith("佐藤") for n in ranked[:71]) and all(n.startswith("加佐藤") for n in ranked[71:])


def test_the_api_search_pages_like_the_search_page(world: dict[str, Any], client_for: Any) -> None:
    """The API's person search is the page's: ranked, paged with a total and a next link, none cut off."""
    north = world["agencies"]["houkatsu_north"]
    household = factories.person(north, "佐藤 太郎", "さとう たろう").household
    for i in range(60):
        factories.person(north, f"佐藤 花子{i:02d}", f"さとう はなこ{i:02d}", household=household)
    for i in range(10):
        factories.person(north, f"加佐藤 次郎{i:02d}", f"かさとう じろう{i:02d}", household=household)
    client = client_for(world["users"]["soudanin"])
    url, seen, totals = "/api/v1/persons?name=%E3%81%95%E3%81%A8%E3%81%86&size=30", [], set()
    while url:
        response = client.get(url)
        assert response.status_code == 200
        totals.add(response["X-Total-Count"])
        seen += [row["name"] for row in response.json()]
        link = response.get("Link", "")
        url = re.sub(r"^<https?://[^/]+(.*)>; rel=\"next\"$", r"\1", link) if link else ""
    assert totals == {"71"} and len(seen) == len(set(seen)) == 71
    assert all(n.startswith("佐藤") for n in seen[:61]) and all(n.startswith("加佐藤") for n in seen[61:])


def test_the_person_page_reaches_every_consultation_and_referral(
    story: dict[str, Any], client_for: Any
) -> None:
    """The person page shows the newest 20 相談 and つなぎ, each leading back through the rest on its own."""
    intake = story["r"]["consultation"]
    mother = intake.person
    Consultation.objects.bulk_create(
        Consultation(
            municipality=intake.municipality,
            owner_agency=intake.owner_agency,
            person=mother,
            household=intake.household,
            # Ties on the first order key, as several consultations of one day would have.
            received_at=dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=i % 9),
            complaint=f"相談メモ{i:03d}",
            recorded_by_name="職員",
        )
        for i in range(45)
    )
    for _ in range(24):
        factories.referral(intake, story["agencies"]["shakyo"], None)
    client = client_for(story["users"]["soudanin"])

    def walk(param: str, pattern: str) -> tuple[list[str], list[str]]:
        url, seen, counts = f"/people/{mother.pk}/", [], []
        while url:
            html = client.get(url).content.decode()
            section = html.split(f'id="{param}"')[1].split("<h2")[0]
            seen += re.findall(pattern, section)
            counts += re.findall(r"全\d+件中 \d+〜\d+件目", section)
            more = re.search(rf'href="([^"]*)#{param}" rel="next"', section)
            url = f"/people/{mother.pk}/" + more.group(1).replace("&amp;", "&") if more else ""
        return seen, counts

    seen, counts = walk("consultations", r'href="/consultations/(\d+)/"')
    expected = Consultation.objects.filter(person=mother).order_by("-received_at", "-pk")
    assert seen == [str(c.pk) for c in expected] and len(seen) == 46
    assert counts == ["全46件中 1〜20件目", "全46件中 21〜40件目", "全46件中 41〜46件目"]
    seen, counts = walk("referrals", r'href="/referrals/(\d+)/"')
    referrals = Referral.objects.filter(person=mother).order_by("-created_at", "-pk")
    assert seen == [str(r.pk) for r in referrals] and len(seen) == referrals.count() > 20
    assert counts[0] == f"全{len(seen)}件中 1〜20件目" and len(counts) == 2
