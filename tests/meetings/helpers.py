"""Shared by the meetings tests: requests and viewers for the services, the minutes form as the page posts it,
a case put before the meeting, the audit trail since a mark, PDF text, and the forms of a 支援会議 item and of a
series."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from typing import Any

from django.http import HttpRequest
from django.test import Client, RequestFactory

from kasane.accounts.models import User
from kasane.audit.actor import actor_of
from kasane.audit.models import AuditEntry, Basis
from kasane.casework.models import Case, CaseStatus, PlanStatus
from kasane.lib.dates import fiscal_year, fiscal_year_bounds, today
from kasane.meetings import services
from kasane.meetings.access import MeetingViewer
from kasane.meetings.models import AgendaItem, ItemKind, Meeting, MeetingKind, Pledge

# How shared content is labelled: on pages (notice, basis tag) and in PDFs. The kind of a sitting
# ("支援会議（社会福祉法第106条の6）") names the statute too, but labels no content, so it does not count.
LABELS = (
    "社会福祉法第106条の6に基づく",
    "社会福祉法第106条の6（支援会議・守秘義務）",
    "【社会福祉法第106条の6",
)


def request_of(user: User, w: dict[str, Any]) -> HttpRequest:
    request = RequestFactory().post("/meetings/")
    request.user = user
    request.municipality = w["municipality"]  # type: ignore[attr-defined]
    return request


def viewer_of(user: User, w: dict[str, Any]) -> MeetingViewer:
    return MeetingViewer.of(request_of(user, w))


def lock_of(response: Any) -> str:
    found = re.search(r'name="lock_version" value="(\d+)"', response.content.decode())
    assert found, "the page carries no lock_version"
    return found.group(1)


def post_minutes(
    client: Client,
    item: AgendaItem,
    lock: int | str,
    actions: tuple[tuple[User, str], ...] = (),
    **fields: str,
) -> Any:
    """Post the item's minutes form as the page sends it."""
    data: dict[str, Any] = {
        "lock_version": str(lock),
        "a-TOTAL_FORMS": str(len(actions)),
        "a-INITIAL_FORMS": "0",
        **fields,
    }
    for i, (assignee, task) in enumerate(actions):
        data |= {f"a-{i}-assignee": assignee.pk, f"a-{i}-task": task, f"a-{i}-due_on": "R9.1.15"}
    return client.post(f"/meetings/items/{item.pk}/", data)


def awaiting_meeting(w: dict[str, Any]) -> Case:
    """The journey's case with its plan submitted to the meeting (会議待ち)."""
    case, plan = w["r"]["case"], w["r"]["plan"]
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status"])
    case.status = CaseStatus.AWAITING_MEETING
    case.save(update_fields=["status"])
    return case


def submit_case(client: Client, case: Case, meeting: Meeting, kind: str = ItemKind.PLAN_APPROVAL) -> Any:
    return client.post(f"/meetings/cases/{case.pk}/submit/", {"meeting": meeting.pk, "kind": kind})


def entries_since(mark: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(id__gt=mark).order_by("id"))


def audit_mark() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def pdf_text(content: bytes) -> str:
    with subprocess.Popen(
        ["pdftotext", "-layout", "-", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as proc:
        out, _ = proc.communicate(content)
    return out.decode()


def flat(text: str) -> str:
    """Without the line breaks and spaces a PDF's layout puts in."""
    return re.sub(r"\s+", "", text)


def flat_pdf(response: Any) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return flat(pdf_text(response.content))


def push_to_last_year(pledge: Pledge) -> None:
    start, end = fiscal_year_bounds(fiscal_year(today()) - 1)
    pledge.pledged_on, pledge.valid_until = start + dt.timedelta(days=10), end
    pledge.save(update_fields=["pledged_on", "valid_until"])


def support_form(invited: list[User], **extra: Any) -> dict[str, Any]:
    return {
        "title": "夜間に徘徊する高齢女性",
        "subject_name": "田中 ハナ",
        "subject_age": "80代",
        "situation": "夜間に屋外で見かけるとの情報が複数の機関から寄せられている。",
        "invited": [u.pk for u in invited],
        **extra,
    }


# Distinctive text written into the §106-6 item's minutes; each may show only where SHOWN_ON says.
SECRET = {
    "situation": "ZQSITU7F3 長男が夜間に大声を出し近隣と口論",
    "discussion": "ZQDISC4K8 民生委員の見守り状況を共有",
    "decisions": "ZQDECI2P9 来月まで見守り再協議",
    "task": "ZQTASK5M1 民生委員と同行訪問する",
}


def record_support_minutes(w: dict[str, Any], actions: list[User]) -> AgendaItem:
    city, item = w["users"]["city"], w["m"]["support_item"]
    return services.record_minutes(
        viewer_of(city, w),
        item,
        {"discussion": "x"},
        [{"assignee": u, "task": "訪問", "due_on": dt.date(2027, 1, 15)} for u in actions],
        lock_version=AgendaItem.objects.get(pk=item.pk).lock_version,
        basis=Basis.SW106_6,
        actor=actor_of(request_of(city, w)),
    )


def series_form(**extra: Any) -> dict[str, Any]:
    return {
        "title": "定例支援会議",
        "week": "3",
        "weekday": "3",
        "starts_at": "14:00",
        "place": "市役所3階会議室",
        "first_month": "R9.4.1",
        "months": "12",
        "kinds": [MeetingKind.SUPPORT, MeetingKind.LAYERED],
        **extra,
    }
