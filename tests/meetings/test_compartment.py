"""The §106-6 compartment: what is shared under 社会福祉法第106条の6 shows, labelled, only to the invited
members who hold a pledge, checked against every page and API operation of the access matrix — outreach's too,
whose target raised at the item points at it and copies nothing; and 参加支援's and the register's, whose
資源開拓 follows a resource gap raised at the item, and whose exports (HSDS, Excel, the A4 list) carry none of it."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from typing import Any

import pytest

from kasane.meetings.models import AgendaItem, ItemKind
from kasane.outreach.models import Source
from tests.access.matrix import API_EXPECTED, API_POST, EXPECTED
from tests.access.outcomes import ROLES
from tests.conftest import skip_or_fail

from .helpers import LABELS, SECRET, flat, lock_of, pdf_text, post_minutes, submit_case

pytestmark = pytest.mark.django_db


SUBJECT = "ZQNAME8R2"


def _xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )


def _body_text(response: Any) -> str:
    """What a person would read in the response, whatever its format, without layout whitespace."""
    content = (
        b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    )
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        if shutil.which("pdftotext") is None:
            skip_or_fail("pdftotext（poppler-utils）がないため PDF の本文を確認できません")
        text = pdf_text(content)
    elif "spreadsheetml" in kind:
        text = _xlsx_text(content)
    elif kind.startswith("application/json"):
        text = json.dumps(json.loads(content or b"null"), ensure_ascii=False)
    else:
        text = content.decode("utf-8", errors="replace")
    return flat(text)


def _marker(text: str) -> str:
    return text.split()[0]


def test_what_is_shared_under_106_6_shows_only_to_invited_pledged_members(
    w: dict[str, Any], client_for: Any
) -> None:
    users, r, m = w["users"], w["r"], w["m"]
    item, meeting = m["support_item"], m["meeting"]
    # The item is about the mother the hub already knows (linked so a 開示 finds it): the link grants nothing.
    item.person, item.subject_name = r["mother"], SUBJECT
    item.save(update_fields=["person", "subject_name"])
    # The hub's outreach target for her son was raised at this item (tests/conftest.py matrix_outreach): it
    # points at the item and must show nothing of it on any outreach page, to anyone.
    target = w["o"]["target"]
    assert target.meeting_item_id == item.pk and target.source == Source.SUPPORT_MEETING
    # The meeting's resource gap was raised at the item, and the hub's 資源開拓 follows it (matrix_participation):
    # the 資源開拓 pages name the gap, never the item.
    gap = m["gap"]
    gap.source_item = item
    gap.save(update_fields=["source_item"])
    assert w["p"]["development"].gap_id == gap.pk
    # The same person's case is on the same sitting as a 重層的支援会議 item, with a decision recorded.
    coordinator = client_for(users["coordinator"])
    assert submit_case(coordinator, r["case"], meeting, ItemKind.PROGRESS).status_code == 302
    layered = AgendaItem.objects.get(case=r["case"])
    assert post_minutes(coordinator, layered, layered.lock_version, outcome="continue").status_code == 302
    # The host writes the §106-6 minutes through the page, with a task for a pledged member.
    city = client_for(users["city"])
    page = city.get(f"/meetings/items/{item.pk}/")
    response = post_minutes(
        city,
        item,
        lock_of(page),
        actions=((users["pledged"], SECRET["task"]),),
        situation=SECRET["situation"],
        discussion=SECRET["discussion"],
        decisions=SECRET["decisions"],
        outcome="watch",
        rediscuss_on="R9.1.21",
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    paths: dict[str, Callable[[dict[str, Any]], str]] = {}
    for name, (build, _anon, _by_role) in EXPECTED.items():
        paths[name] = build
    for operation, (build, _by_role) in API_EXPECTED.items():
        if operation not in API_POST:
            paths[operation] = build
    paths["layered_item"] = lambda w: f"/meetings/items/{layered.pk}/"
    # The register's other exports and its A4 list of everything, besides the rows' HSDS JSON.
    paths["resources:export zip"] = lambda w: "/resources/export/zip/"
    paths["resources:export xlsx"] = lambda w: "/resources/export/xlsx/"
    paths["resources:print all"] = lambda w: "/resources/list.pdf?inactive=on"
    audience = {"city", "coordinator", "pledged"}
    # (page, role) pairs where each piece may appear: the item page and the minutes PDF of its audience,
    # plus the meeting page (its title) and the assignee's task list (the task).
    content_pages = {(p, u) for p in ("meetings:item", "meetings:minutes_pdf") for u in audience}
    shown_on = {
        **{_marker(v): content_pages for k, v in SECRET.items() if k != "task"},
        SUBJECT: content_pages,
        _marker(SECRET["task"]): content_pages | {("meetings:actions", "pledged")},
        # Withdrawing or moving it names it, to those of its audience who may do either (the hosts).
        item.title: content_pages
        | {("meetings:detail", u) for u in audience}
        | {(p, u) for p in ("meetings:item_withdraw", "meetings:item_move") for u in ("city", "coordinator")},
    }
    seen: dict[str, set[tuple[str, str]]] = {marker: set() for marker in shown_on}
    unlabelled: list[str] = []
    read: set[tuple[str, str]] = set()
    fetched = 0
    for role in [None, *ROLES]:
        client = client_for(users[role] if role else None)
        for name, build in paths.items():
            response = client.get(build(w))
            fetched += 1
            if response.status_code != 200:
                continue
            read.add((name, role or "anonymous"))
            text = _body_text(response)
            found = [marker for marker in shown_on if marker in text]
            for marker in found:
                seen[marker].add((name, role or "anonymous"))
            if found and not any(label in text for label in LABELS):
                unlabelled.append(f"{name} as {role}")
    print(f"\ncompartment: {fetched} responses read for {len(shown_on)} pieces of §106-6 content")
    for marker, expected in shown_on.items():
        leaked, missing = sorted(seen[marker] - expected), sorted(expected - seen[marker])
        assert not leaked and not missing, f"{marker}: leaked to {leaked}, missing from {missing}"
    assert not unlabelled, f"§106-6 content shown without the label: {unlabelled}"
    # The outreach pages were read by the target's own staff, an invited and pledged member of the item.
    outreach = {"outreach:index", "outreach:target", "outreach:target_edit", "outreach:target_new"}
    assert {(name, "coordinator") for name in outreach} <= read
    # So were 参加支援's pages, the 資源開拓 that follows the item's gap, the register and its exports.
    participation = {"participation:index", "participation:detail", "participation:placement"}
    participation |= {"participation:developments", "participation:development", "participation:match"}
    participation |= {"/api/v1/participation/placements", "/api/v1/participation/engagements/{engagement_id}"}
    register = {"resources:index", "resources:detail", "resources:export", "resources:print all"}
    register |= {"resources:export zip", "resources:export xlsx", "/api/v1/resources/hsds"}
    assert {(name, "coordinator") for name in participation | register} <= read
    assert {(name, "pledged") for name in register | {"participation:development"}} <= read
    assert fetched >= 11 * 90
