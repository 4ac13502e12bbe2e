"""Sending a referral (with a snapshot of exactly what is shared) and moving it along its states."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.forms.referrals import ReferralForm
from kasane.casework.models import Consultation, Person, Referral, ReferralEvent, SharedField, Status
from kasane.casework.visibility import Viewer, visible_persons
from kasane.casework.workflow import referrals as workflow
from kasane.lib.dates import wareki


def snapshot(
    viewer: Viewer, person: Person, consultation: Consultation | None, fields: list[str]
) -> dict[str, Any]:
    """What the receiver will see: the chosen fields as they stand now, and nothing else."""
    data: dict[str, Any] = {}
    if SharedField.NAME in fields:
        data["name"] = person.name
        data["kana"] = person.kana
    if SharedField.SEX in fields:
        data["sex"] = person.get_sex_display()
    if SharedField.BIRTH_DATE in fields and person.birth_date:
        data["birth_date"] = person.birth_date.isoformat()
        data["birth_date_label"] = f"{wareki(person.birth_date)}（{person.age()}歳）"
    if SharedField.ADDRESS in fields:
        data["address"] = person.address
    if SharedField.PHONE in fields:
        # 電話 is how to reach the person: the home number and the mobile, whichever are on record.
        numbers = (("自宅", person.phone), ("携帯", person.mobile))
        data["phone"] = "　".join(f"{kind} {number}" for kind, number in numbers if number)
    if SharedField.HOUSEHOLD in fields:
        members = visible_persons(viewer).filter(household_id=person.household_id).exclude(pk=person.pk)
        data["household"] = [
            {
                "name": m.name,
                "relationship": m.get_relationship_display(),
                "age": m.age(),
                "apart": m.apart_note if m.lives_apart else "",
            }
            for m in members
        ]
    if consultation is not None:
        if SharedField.COMPLAINT in fields:
            data["complaint"] = consultation.complaint
            data["wishes"] = consultation.wishes
        if SharedField.TOPICS in fields:
            data["topics"] = [("◎" if main else "○") + label for label, main in consultation.topic_labels()]
            data["situations"] = consultation.situation_labels()
    return data


def send_referral(
    viewer: Viewer,
    person: Person,
    form: ReferralForm,
    *,
    consultation: Consultation | None = None,
    resent_from: Referral | None = None,
    actor: Actor,
) -> Referral:
    referral: Referral = form.save(commit=False)
    referral.municipality = viewer.municipality
    referral.person = person
    referral.household_id = person.household_id
    referral.consultation = consultation
    referral.from_agency = viewer.primary_agency
    referral.from_user = viewer.user
    referral.from_user_name = viewer.user.full_name
    referral.to_collaboration = referral.to_agency.runs_collaboration
    referral.shared_fields = form.cleaned_data["shared_fields"]
    referral.shared_data = snapshot(viewer, person, consultation, referral.shared_fields)
    referral.resent_from = resent_from
    with transaction.atomic():
        referral.save()
        ReferralEvent.objects.create(
            referral=referral,
            status=Status.REQUESTED,
            actor=viewer.user,
            actor_name=viewer.user.full_name,
            agency=referral.from_agency,
            note=referral.message,
        )
        # Sending is a disclosure: it is recorded with its basis.
        audit.log(
            "referral.sent",
            actor=actor,
            agency=referral.from_agency,
            obj=referral,
            person_id=person.pk,
            basis=referral.basis,
            # Never the free-text 根拠の説明: the trail is kept forever and must hold no content.
            basis_ref=f"consent:{referral.consent_id}" if referral.consent_id else f"referral:{referral.pk}",
            details={"to_agency": referral.to_agency_id, "fields": referral.shared_fields},
        )
    return referral


def transition(
    viewer: Viewer, referral: Referral, action_code: str, note: str = "", *, actor: Actor
) -> Referral:
    side = "sender" if referral.from_agency_id in viewer.agency_ids else "receiver"
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        action = workflow.check(action_code, locked.status, side)
        if action.needs_reason and not note.strip():
            raise workflow.TransitionError("理由を入力してください。")
        agency_id = locked.from_agency_id if side == "sender" else locked.to_agency_id
        if not viewer.can_edit(agency_id):
            raise workflow.TransitionError("この操作を行う権限がありません。")
        locked.status = action.target
        locked.save(update_fields=["status", "updated_at"])
        ReferralEvent.objects.create(
            referral=locked,
            status=action.target,
            actor=viewer.user,
            actor_name=viewer.user.full_name,
            agency_id=agency_id,
            note=note.strip(),
        )
        audit.log(
            f"referral.{action.code}",
            actor=actor,
            agency=viewer.primary_agency,
            obj=locked,
            person_id=locked.person_id,
            basis=Basis.OWN if side == "sender" else Basis.REFERRAL,
            details={"status": action.target.value},
        )
    return locked
