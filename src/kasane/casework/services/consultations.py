"""Recording a consultation: the person (new or found), the consultation and its consent, in one transaction;
then the 相談記録 it opens: 経過 added by the agency that took it, closing with a reason, reopening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.forms.consents import ConsentForm
from kasane.casework.forms.consultations import ConsultationForm
from kasane.casework.models import (
    CLOSED_AT_INTAKE,
    CloseReason,
    ConsentVariant,
    Consultation,
    ConsultationNote,
    Person,
)
from kasane.casework.personal_data.consultations import age_band
from kasane.casework.services.consents import record_consent
from kasane.casework.services.households import create_person
from kasane.casework.visibility import Viewer
from kasane.lib.dates import localtime, today


class RecordError(Exception):
    """A change to a 相談記録 refused, with the reason in Japanese."""


def record_consultation(
    viewer: Viewer,
    form: ConsultationForm,
    *,
    person: Person | None,
    new_person: Person | None = None,
    consent_form: ConsentForm | None = None,
    members: Sequence[Person] = (),
    actor: Actor,
) -> Consultation:
    """The 相談受付, with the person and the household members named at intake when they are new."""
    consultation: Consultation = form.save(commit=False)
    with transaction.atomic():
        referrer = consultation.referrer_agency
        if referrer is not None and referrer.municipality_id != viewer.municipality.pk:
            # The page offers only this municipality's agencies; anything else (the API, an old page, a
            # crafted post) is refused before anything is written.
            raise RecordError("紹介元の機関は、この市町村の機関から選んでください。")
        if person is None:
            assert new_person is not None
            person = create_person(viewer, new_person, actor=actor)
        if members:
            # Named at intake; when staff chose a person already on record, they join that person's household,
            # which only the agency that keeps it may change (as on the household page).
            if not viewer.can_edit(person.household.owner_agency_id):
                raise RecordError(
                    "選んだ方の世帯は他の機関が記録しているため、世帯員をここで加えることはできません。"
                    "世帯員の行を空欄にして受け付け、世帯を記録した機関に追加を依頼してください。"
                )
            for member in members:
                if not member.lives_apart and not member.address:
                    member.address = person.address
                create_person(viewer, member, household=person.household, actor=actor)
        consultation.topics = form.cleaned_data["topics"]
        consultation.main_topic = form.cleaned_data.get("main_topic") or ""
        consultation.situations = form.cleaned_data.get("situations") or []
        consultation.municipality = viewer.municipality
        consultation.owner_agency = viewer.primary_agency
        consultation.person = person
        consultation.household_id = person.household_id
        consultation.recorded_by = viewer.user
        consultation.recorded_by_name = viewer.user.full_name
        take_reported_attributes(consultation, person)
        if consultation.consent_variant == ConsentVariant.WITH and consent_form is not None:
            consultation.consent = record_consent(viewer, person, consent_form, actor=actor)
        if consultation.response in CLOSED_AT_INTAKE:
            consultation.closed_on = localtime(consultation.received_at).date()
            consultation.close_reason = CLOSED_AT_INTAKE[consultation.response]
        consultation.save()
        audit.log(
            "consultation.recorded",
            actor=actor,
            agency=consultation.owner_agency,
            obj=consultation,
            person_id=person.pk,
            basis=Basis.OWN,
        )
    return consultation


def take_reported_attributes(consultation: Consultation, person: Person) -> None:
    """性別 and 年代 as they were on the day the consultation was received, kept on the consultation for the
    counts (新規相談者の属性): a later correction of the person record, or the retention purge, leaves them."""
    consultation.sex = person.sex
    consultation.age_band = age_band(person.birth_date, localtime(consultation.received_at).date())


def _log(
    viewer: Viewer, action: str, consultation: Consultation, obj: object, *, actor: Actor, **details: object
) -> None:
    audit.log(
        action,
        actor=actor,
        agency=viewer.primary_agency,
        obj=obj,
        person_id=consultation.person_id,
        basis=Basis.OWN,
        basis_ref=f"consultation:{consultation.pk}",
        details=details or None,
    )


def _require_owner(viewer: Viewer, consultation: Consultation) -> None:
    if not viewer.can_edit(consultation.owner_agency_id):
        raise RecordError("相談記録は、相談を受け付けた機関の職員が記録します。")


def add_note(
    viewer: Viewer, consultation: Consultation, note: ConsultationNote, *, actor: Actor
) -> ConsultationNote:
    """One 経過 on an open 相談記録, under the agency that took the consultation."""
    _require_owner(viewer, consultation)
    received = localtime(consultation.received_at).date()
    if note.on < received:
        raise RecordError(f"経過の日付は、相談を受け付けた日（{received:%Y/%m/%d}）以降にしてください。")
    with transaction.atomic():
        # Under the row lock, so a close in another tab cannot slip in between the check and the write.
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not locked.is_open:
            raise RecordError(
                "終了した相談記録には経過を追加できません。続けて支援するときは、相談記録を再開してください。"
            )
        note.consultation = locked
        note.agency_id = locked.owner_agency_id
        note.author = viewer.user
        note.author_name = viewer.user.full_name
        note.save()
        _log(viewer, "consultation_note.recorded", locked, note, actor=actor)
    return note


def close(
    viewer: Viewer,
    consultation: Consultation,
    *,
    reason: str,
    on: dt.date,
    note: str = "",
    actor: Actor,
) -> Consultation:
    _require_owner(viewer, consultation)
    if reason not in CloseReason.values:
        raise RecordError("終了の理由を選んでください。")
    if reason == CloseReason.OTHER and not note.strip():
        raise RecordError("終了の理由が「その他」のときは、メモに理由を書いてください。")
    received = localtime(consultation.received_at).date()
    if on < received or on > today():
        raise RecordError("終了日は、相談を受け付けた日から今日までの日付にしてください。")
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not locked.is_open:
            raise RecordError("この相談記録はすでに終了しています。")
        last = locked.notes.order_by("-on").values_list("on", flat=True).first()
        if last is not None and on < last:
            raise RecordError(f"終了日は、最後の経過の日付（{last:%Y/%m/%d}）以降にしてください。")
        locked.closed_on, locked.close_reason, locked.close_note = on, reason, note.strip()
        locked.save(update_fields=["closed_on", "close_reason", "close_note"])
        _log(viewer, "consultation.closed", locked, locked, reason=reason, actor=actor)
    return locked


def reopen(viewer: Viewer, consultation: Consultation, *, reason: str, actor: Actor) -> Consultation:
    """Take up a closed 相談記録 again (the person calls back); why is asked and kept in the trail."""
    _require_owner(viewer, consultation)
    if not reason.strip():
        raise RecordError("再開の理由を入力してください。")
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.is_open:
            raise RecordError("この相談記録は終了していません。")
        closed = {
            "closed_on": locked.closed_on.isoformat() if locked.closed_on else "",
            "reason": locked.close_reason,
        }
        locked.closed_on, locked.close_reason, locked.close_note = None, "", ""
        locked.reopened_on, locked.reopen_reason = today(), reason.strip()[:200]
        locked.save(update_fields=["closed_on", "close_reason", "close_note", "reopened_on", "reopen_reason"])
        _log(
            viewer, "consultation.reopened", locked, locked, reason=reason.strip(), closed=closed, actor=actor
        )
    return locked


def close_for_case(consultation: Consultation, on: dt.date) -> None:
    """When a 多機関協働 case opens from the consultation, its 相談記録 goes on as the case: closed 多機関協働へ移行.
    Called inside the case's transaction, which carries the audit entry."""
    Consultation.objects.filter(pk=consultation.pk, closed_on=None).update(
        closed_on=on, close_reason=CloseReason.COLLABORATION
    )
