"""開示: everything kasane holds about one person and everyone who accessed it, as one report, rendered as an
A4 PDF (``report_pdf``) or as JSON (``report_json``). The report is built from the registry of personal
data and the audit trail; who may build it, and the audit entry, are the callers' (``services``)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from kasane.casework.models import Person
from kasane.governance.models import DisclosureRequest
from kasane.governance.registry import collect
from kasane.governance.trail import Access, Recipient, access_history, recipients
from kasane.lib.personal_data import Section

FORMAT = "kasane-disclosure/1"


@dataclass(frozen=True)
class Report:
    request: DisclosureRequest
    person: Person
    made_at: dt.datetime
    made_by: str
    sections: list[Section]
    recipients: list[Recipient]
    accesses: list[Access]

    def section_counts(self) -> dict[str, int]:
        return {s.key: len(s.records) for s in self.sections}


def build_report(request_obj: DisclosureRequest, made_by: str) -> Report:
    if request_obj.person_id is None:
        raise ValueError("本人が確定していない開示請求です。")
    person = Person.objects.select_related("household", "owner_agency", "municipality").get(
        pk=request_obj.person_id
    )
    return Report(
        request=request_obj,
        person=person,
        made_at=timezone.now(),
        made_by=made_by,
        sections=collect(person),
        recipients=recipients(person),
        accesses=access_history(person),
    )


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain data: codes and ISO dates for programs, Japanese labels and text for people."""
    r = report.request
    municipality = report.person.municipality
    return {
        "format": FORMAT,
        "municipality": {"code": municipality.code, "name": municipality.name},
        "request": {
            "number": r.number,
            "received_on": r.received_on.isoformat(),
            "requester_name": r.requester_name,
            "requester_relation": r.requester_relation,
            "requester_relation_label": r.get_requester_relation_display(),
        },
        "made_at": report.made_at.isoformat(),
        "made_by": report.made_by,
        "person_id": report.person.pk,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "note": s.note,
                "records": [
                    {
                        "title": rec.title,
                        "fields": [
                            {"key": f.key, "label": f.label, "text": f.text, "value": f.value}
                            for f in rec.fields
                        ],
                    }
                    for rec in s.records
                ],
            }
            for s in report.sections
        ],
        "recipients": [
            {
                "agency": x.agency,
                "basis": x.basis,
                "basis_label": x.basis_label,
                "sent_by_referral": x.sent,
                "first": x.first.isoformat(),
                "last": x.last.isoformat(),
                "count": x.count,
            }
            for x in report.recipients
        ],
        "accesses": [
            {
                "entry_id": a.entry_id,
                "at": a.at.isoformat(),
                "actor": a.actor,
                "agency": a.agency,
                "action": a.action,
                "action_label": a.action_label,
                "basis": a.basis,
                "basis_label": a.basis_label,
                "target": a.target,
                "how": a.how,
            }
            for a in report.accesses
        ],
    }


def report_json(report: Report) -> bytes:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2).encode()
