"""The access matrix's rows for meetings (kasane.meetings): the 包括的支援会議 of tests/factories.py
``matrix_meetings``, its §106-6 item, a task from its minutes and a resource gap."""

from __future__ import annotations

from tests.access.outcomes import LOGIN, Rows, everyone, post_only, record


def _municipal_staff(status: int = 200) -> dict[str, int]:
    """Meeting pages without personal data: every staff member of the municipality (not the prefecture)."""
    return {**everyone(status), "prefecture": 404}


def _meeting_hosts(status: int = 200) -> dict[str, int]:
    return {**everyone(404), "city": status, "coordinator": status, "other_city": status}


def _meeting_members() -> dict[str, int]:
    """The body's members and the municipality's hosts; nobody else learns the meeting exists."""
    return {
        **everyone(404),
        **dict.fromkeys(["city", "coordinator", "soudanin", "pledged", "unpledged"], 200),
    }


EXPECTED: Rows = {
    "meetings:list": (lambda w: "/meetings/", LOGIN, _municipal_staff()),
    "meetings:new": (lambda w: "/meetings/new/", LOGIN, _meeting_hosts()),
    "meetings:detail": (lambda w: f"/meetings/{w['m']['meeting'].pk}/", LOGIN, _meeting_members()),
    "meetings:invite": (lambda w: f"/meetings/{w['m']['meeting'].pk}/invite/", LOGIN, post_only()),
    "meetings:minutes_pdf": (
        lambda w: f"/meetings/{w['m']['meeting'].pk}/minutes.pdf",
        LOGIN,
        _meeting_members(),
    ),
    "meetings:support_item_new": (
        lambda w: f"/meetings/{w['m']['meeting'].pk}/items/support/",
        LOGIN,
        {**_meeting_hosts(), "other_city": 404},
    ),
    "meetings:promotion_item_new": (
        lambda w: f"/meetings/{w['m']['meeting'].pk}/items/promotion/",
        LOGIN,
        {**_meeting_hosts(), "other_city": 404},
    ),
    # The §106-6 item: only members invited to it who hold a pledge. The person's own agency, the other
    # members and the municipal administrators of other towns never learn it exists.
    "meetings:item": (
        lambda w: f"/meetings/items/{w['m']['support_item'].pk}/",
        LOGIN,
        {**everyone(404), "city": 200, "coordinator": 200, "pledged": 200},
    ),
    # Withdrawing or moving it: its submitter and the hosts who see it; an invited member who neither
    # submitted nor hosts it sees it but may not change it (403). Today's sitting: the page says it is too late.
    "meetings:item_withdraw": (
        lambda w: f"/meetings/items/{w['m']['support_item'].pk}/withdraw/",
        LOGIN,
        {**everyone(404), "city": 200, "coordinator": 200, "pledged": 403},
    ),
    "meetings:item_move": (
        lambda w: f"/meetings/items/{w['m']['support_item'].pk}/move/",
        LOGIN,
        {**everyone(404), "city": 200, "coordinator": 200, "pledged": 403},
    ),
    "meetings:case_item_new": (
        lambda w: f"/meetings/cases/{w['r']['case'].pk}/submit/",
        LOGIN,
        {**record(soudanin=403, coordinator=200), "pledged": 404, "unpledged": 404},
    ),
    "meetings:bodies": (lambda w: "/meetings/bodies/", LOGIN, _municipal_staff()),
    "meetings:body_new": (lambda w: "/meetings/bodies/new/", LOGIN, _meeting_hosts()),
    "meetings:body_edit": (
        lambda w: f"/meetings/bodies/{w['m']['body'].pk}/edit/",
        LOGIN,
        {**_meeting_hosts(), "other_city": 404},
    ),
    "meetings:body": (lambda w: f"/meetings/bodies/{w['m']['body'].pk}/", LOGIN, _meeting_members()),
    "meetings:pledge": (lambda w: f"/meetings/bodies/{w['m']['body'].pk}/pledge/", LOGIN, _meeting_members()),
    "meetings:series_new": (
        lambda w: f"/meetings/bodies/{w['m']['body'].pk}/series/",
        LOGIN,
        post_only(),
    ),
    "meetings:member_remove": (
        lambda w: f"/meetings/bodies/{w['m']['body'].pk}/members/{w['m']['body'].members.first().pk}/remove/",
        LOGIN,
        post_only(),
    ),
    "meetings:actions": (lambda w: "/meetings/actions/", LOGIN, _municipal_staff()),
    "meetings:action_done": (
        lambda w: f"/meetings/actions/{w['m']['action'].pk}/done/",
        LOGIN,
        post_only(),
    ),
    "meetings:gaps": (lambda w: "/meetings/gaps/", LOGIN, _municipal_staff()),
    "meetings:gap_new": (lambda w: "/meetings/gaps/new/", LOGIN, _municipal_staff()),
    "meetings:gap_edit": (
        lambda w: f"/meetings/gaps/{w['m']['gap'].pk}/",
        LOGIN,
        {**_municipal_staff(), "other_city": 404},
    ),
}
