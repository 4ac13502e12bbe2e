"""The name-only search runs as one written-out statement (``search._name_page``); it must page through
exactly what the reference built from querysets (``_found`` + ``rank_persons`` + ``keyset``) pages through:
the same persons, in the same order, with the same totals and cursors, for every viewer and kind of query.
The reference is the rule book's own ``visible_persons``; the fast path starts from agencies and bases."""

from __future__ import annotations

from typing import Any

import pytest

from kasane.casework.models import Person
from kasane.casework.queries.search import PersonQuery, _found, rank_persons, search_page, search_persons
from kasane.casework.visibility import Viewer
from kasane.lib.paging import Page, keyset
from tests import factories

pytestmark = pytest.mark.django_db

ORDER = ("match_rank", "kana_key", "name_key", "pk")
NAMES = [
    ("髙橋 一郎", "たかはし いちろう"),
    ("高橋 花子", "ﾀｶﾊｼ ﾊﾅｺ"),
    ("高田 ひとみ", "たかだ ひとみ"),
    ("富田 一郎", "とみた いちろう"),
    ("田中 たか子", "たなか たかこ"),
    ("斉藤 高志", "さいとう たかし"),
    ("齋藤 トメ", "さいとう とめ"),
    ("山田 たか", "やまだ たか"),
    ("川村 とみ", "かわむら とみ"),
]
QUERIES = [
    "高橋",
    "たか",
    "た",
    "一郎",
    "髙橋 一郎",
    "ﾀｶﾊｼ",
    "とみ",
    "斎藤",
    "さいとう と",
    "ひとみ",
    "誰もいない",
]


@pytest.fixture
def w(world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    world["r"] = factories.journey(world)
    world["users"]["south"] = make_user("minami", world["agencies"]["houkatsu_south"], "soudanin")
    agencies = [world["agencies"][k] for k in ("houkatsu_north", "houkatsu_south", "shakyo")]
    for i, (name, kana) in enumerate(NAMES * 2):
        person = factories.person(agencies[i % 3], name, kana)
        if i % 4 == 0:  # some of them shared by consent with another agency
            factories.consent(
                person, person.owner_agency, collaboration=i % 8 == 0, shared=[agencies[(i + 1) % 3]]
            )
    # A namesake in the neighbouring municipality, whom nobody here may find.
    factories.person(world["agencies"]["other"], "髙橋 一郎", "たかはし いちろう")
    return world


def _pages(fetch: Any) -> list[tuple[list[int], int, int]]:
    pages, cursor = [], ""
    while True:
        page: Page = fetch(cursor)
        pages.append(([p.pk for p in page.rows], page.total, page.start))
        if not page.next_cursor:
            return pages
        cursor = page.next_cursor


@pytest.mark.parametrize("size", [2, 50])
def test_the_fast_name_search_pages_exactly_as_the_reference(w: dict[str, Any], size: int) -> None:
    compared = 0
    for key in ("soudanin", "coordinator", "south", "city"):
        viewer = Viewer.of(w["users"][key], w["municipality"])
        assert viewer is not None
        for text in QUERIES:
            query = PersonQuery(name=text)
            reference = rank_persons(_found(viewer, query), query)
            expected = _pages(lambda cursor, r=reference: keyset(r, ORDER, cursor, size))
            assert _pages(lambda cursor, q=query, v=viewer: search_page(v, q, cursor, size)) == expected, (
                key,
                text,
            )
            compared += sum(len(ids) for ids, _, _ in expected)
    assert compared > 40  # the worlds hold matches to compare, not only empty pages


def test_a_forged_cursor_starts_from_the_top_and_reveals_nothing(w: dict[str, Any]) -> None:
    from kasane.lib.paging import encode_cursor

    viewer = Viewer.of(w["users"]["south"], w["municipality"])
    assert viewer is not None
    first = search_page(viewer, PersonQuery(name="たか"), "", 2)
    hidden = Person.objects.filter(name="髙橋 一郎", municipality=w["other_municipality"]).get()
    for cursor in [encode_cursor(hidden.pk, 2), "not-a-cursor", encode_cursor(10**12, 5)]:
        page = search_page(viewer, PersonQuery(name="たか"), cursor, 2)
        assert ([p.pk for p in page.rows], page.start) == ([p.pk for p in first.rows], 0)


def test_a_cursor_past_the_end_does_not_set_the_count(w: dict[str, Any]) -> None:
    from kasane.lib.paging import encode_cursor

    viewer = Viewer.of(w["users"]["soudanin"], w["municipality"])
    assert viewer is not None
    every = search_page(viewer, PersonQuery(name="たか"), "", 50)
    last = every.rows[-1]
    page = search_page(viewer, PersonQuery(name="たか"), encode_cursor(last.pk, 999_999), 50)
    assert page.rows == [] and page.total == every.total


def test_a_name_of_many_parts_is_searched_on_its_first_eight(w: dict[str, Any]) -> None:
    viewer = Viewer.of(w["users"]["soudanin"], w["municipality"])
    assert viewer is not None
    many = " ".join(["たかはし", "いちろう"] + [f"x{i}" for i in range(80)])
    assert (
        PersonQuery(name=many).terms[:2] == ["たかはし", "いちろう"]
        and len(PersonQuery(name=many).terms) == 8
    )
    assert search_page(viewer, PersonQuery(name=many)).rows == []
    assert search_persons(viewer, PersonQuery(name=many)) == []
