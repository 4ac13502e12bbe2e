"""参加支援 pages take a fixed number of queries however many engagements, placements, stage changes, consents,
host notes, follow-ups and reviews there are (STYLE habit 10): the list with each of its tabs, an engagement's
page (begun from the case, and from a つなぎ), a placement's page and the candidates, each counted with one of
everything and again after more of everything."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from kasane.participation import hosts, services
from kasane.participation.models import Engagement, HostNote, Origin, Placement, Review, Stage

from .helpers import (
    actor,
    assessment,
    days_ago,
    engagement,
    from_referral,
    host,
    member,
    placement,
    referral_for,
    viewer,
)

pytestmark = pytest.mark.django_db

# On PostgreSQL the audit trail serialises appends with an advisory lock (kasane.audit.trail): one statement
# more for each audit entry a request writes.
LOCK = 1 if connection.vendor == "postgresql" else 0
# The session, the user, their memberships.
SESSION = 3
# An audit entry: savepoint, the last entry's hash, the insert, release.
ENTRY = 4


def _client(w: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(w["users"]["coordinator"])
    return client


def _history(w: dict[str, Any], e: Engagement, n: int) -> None:
    """``n`` placements at new hosts, settled, with a consent, a host note and a follow-up done, and a review."""
    v, a = viewer(w), actor(w)
    for k in range(n):
        p = placement(w, e, host(w, f"農園{e.pk}-{k} 体験"), stage=Stage.SETTLED)
        _details(w, p)
        services.add_review(v, e, Review(on=days_ago(1), attendance=f"週{k + 1}回"), actor=a)


def _details(w: dict[str, Any], p: Placement, n: int = 1) -> None:
    v, a = viewer(w), actor(w)
    for k in range(n):
        hosts.record_host_consent(v, p, ["wishes", "name"], days_ago(3), "written", actor=a)
        hosts.add_host_note(v, p, HostNote(on=days_ago(2), kind="tasks", text=f"作業{k}"), actor=a)
        pending = p.follow_ups.filter(done_on__isnull=True).first()
        if pending is not None:
            services.record_follow_up(v, pending, days_ago(1), f"様子{k}", None, actor=a)


def _grow(w: dict[str, Any], e: Engagement | None = None, p: Placement | None = None) -> None:
    """More of everything: engagements of the household's other members (from the case, from a つなぎ, begun
    before the meeting's decision, ended), each with placements; 北部包括's own engagement, which the 社協's
    list leaves out; and more history on ``e`` and ``p``."""
    v, a = viewer(w), actor(w)
    for k in range(4):
        person = member(w, f"髙橋 {k}郎", f"たかはし {k}ろう")
        if k % 2:
            made = services.start_engagement(
                v, person, case=None, referral=referral_for(w, person), started_on=days_ago(40), actor=a
            )
            services.record_urgent_start(v, made, days_ago(30), "急ぐ", actor=a)
        else:
            made = services.start_engagement(
                v, person, case=w["r"]["case"], referral=None, started_on=days_ago(60), actor=a
            )
        _history(w, made, 2)
        placement(w, made, host(w, f"居場所{k} サロン"), stage=Stage.TRIAL)
        if k == 2:
            for p_ in made.placements.filter(stage__in=[Stage.TRIAL, Stage.SETTLED]):
                services.move_stage(v, p_, Stage.ENDED, days_ago(1), "終える", actor=a)
            services.end_engagement(v, made, days_ago(1), "settled", "", actor=a)
    Engagement.objects.create(
        municipality=w["municipality"],
        owner_agency=w["agencies"]["houkatsu_north"],
        person=w["r"]["son"],
        origin=Origin.REFERRAL,
        referral=w["r"]["referral"],
        started_on=days_ago(10),
    )
    if e is not None:
        _history(w, e, 3)
    if p is not None:
        _details(w, p, 6)


@pytest.fixture
def son(w: dict[str, Any]) -> Engagement:
    """The son's 参加支援 from the case, approved, assessed, with a placement in 体験 whose follow-up is overdue
    and a consent and a host note; and one of each other kind the list's tabs tell apart: the mother's, from
    a つなぎ, begun before the meeting's decision, with a placement of its own; 三郎's, ended."""
    v, a = viewer(w), actor(w)
    e = engagement(w, approved=True)
    assessment(e)
    p = placement(w, e, host(w), stage=Stage.TRIAL)
    hosts.record_host_consent(v, p, ["wishes"], days_ago(3), "written", actor=a)
    hosts.add_host_note(v, p, HostNote(on=days_ago(2), kind="tasks", text="袋詰め"), actor=a)
    services.add_review(v, e, Review(on=days_ago(1), attendance="週1回"), actor=a)
    mother = from_referral(w)
    services.record_urgent_start(v, mother, days_ago(2), "急ぐ", actor=a)
    placement(w, mother, host(w, "ひだまりカフェ 居場所"))
    saburo = member(w, "髙橋 三郎", "たかはし さぶろう")
    ended = services.start_engagement(
        v, saburo, case=None, referral=referral_for(w, saburo), started_on=days_ago(20), actor=a
    )
    services.end_engagement(v, ended, days_ago(2), "withdrew", "", actor=a)
    return e


# The session; the list's page (count, and rows with person, agency and lead, the approval and the open
# placements as columns); the urgent starts waiting (one query, with the approval); the follow-ups due with
# their placement, host and person; the audit entry naming the persons shown; the stage funnel.
INDEX = SESSION + 2 + 1 + 1 + ENTRY + 1


@pytest.mark.parametrize("shown", ["open", "waiting", "urgent", "ended", "all"])
def test_the_list_takes_the_same_queries_with_more_data(
    w: dict[str, Any], son: Engagement, django_assert_num_queries: Any, shown: str
) -> None:
    client = _client(w)
    url = f"/participation/?list={shown}"
    client.get(url)  # the first request of a session writes its last-seen time
    with django_assert_num_queries(INDEX + LOCK):
        assert client.get(url).status_code == 200
    _grow(w)
    assert Engagement.objects.count() > 5 and Placement.objects.count() > 10
    with django_assert_num_queries(INDEX + LOCK):
        response = client.get(url)
    assert response.status_code == 200


# The session; the engagement with its agency, person, case, つなぎ and lead; the read's audit entry; the
# approval; the placements with their hosts, organisations and places, and their stage changes (2); the last
# assessment; the reviews. Begun from a つなぎ, it has no case to ask for an approval, but the cases of the
# person's household it may be linked to.
DETAIL = SESSION + 1 + ENTRY + 1 + 2 + 1 + 1


@pytest.mark.parametrize("origin", ["case", "referral"])
def test_the_engagement_page_takes_the_same_queries_with_more_data(
    w: dict[str, Any], son: Engagement, django_assert_num_queries: Any, origin: str
) -> None:
    e = son if origin == "case" else Engagement.objects.get(origin=Origin.REFERRAL, person=w["r"]["mother"])
    client = _client(w)
    url = f"/participation/{e.pk}/"
    client.get(url)
    with django_assert_num_queries(DETAIL + LOCK):
        assert client.get(url).status_code == 200
    _grow(w, son)
    assert son.placements.count() >= 4 and son.reviews.count() >= 3
    with django_assert_num_queries(DETAIL + LOCK):
        assert client.get(url).status_code == 200


# The session; which engagement the placement is of; the engagement with its agency, person, case, つなぎ and
# lead; the read's audit entry; the placement with its host and organisation; the standing consent; the
# follow-ups; the stage changes; every consent; the host notes.
PLACEMENT = SESSION + 1 + 1 + ENTRY + 1 + 1 + 1 + 1 + 1 + 1


def test_the_placement_page_takes_the_same_queries_with_more_data(
    w: dict[str, Any], son: Engagement, django_assert_num_queries: Any
) -> None:
    p = son.placements.get()
    client = _client(w)
    url = f"/participation/placements/{p.pk}/"
    client.get(url)
    with django_assert_num_queries(PLACEMENT + LOCK):
        assert client.get(url).status_code == 200
    _grow(w, son, p)
    assert p.consents.count() > 5 and p.host_notes.count() > 5 and p.follow_ups.count() > 5
    with django_assert_num_queries(PLACEMENT + LOCK):
        response = client.get(url)
    assert response.status_code == 200 and "作業5" in response.content.decode()


# The session; the engagement; the read's audit entry; the last assessment; the hosts ranked with their
# organisations, places and areas, and their schedules (2); the engagement's placements, to say which hosts
# were tried already; the approval.
MATCH = SESSION + 1 + ENTRY + 1 + 2 + 1 + 1


def test_the_candidates_take_the_same_queries_with_more_data(
    w: dict[str, Any], son: Engagement, django_assert_num_queries: Any
) -> None:
    client = _client(w)
    url = f"/participation/{son.pk}/match/"
    client.get(url)
    with django_assert_num_queries(MATCH + LOCK):
        assert client.get(url).status_code == 200
    _grow(w, son)
    for k in range(25):  # more hosts than the page shows
        host(w, f"追加の居場所{k} サロン", byday="MO,WE")
    with django_assert_num_queries(MATCH + LOCK):
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count('<li class="panel">') == 20
