"""Recording and withdrawing consent. Withdrawal takes effect at once and deletes nothing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.forms.consents import ConsentForm
from kasane.casework.models import Consent, Person
from kasane.casework.visibility import Viewer


def record_consent(viewer: Viewer, person: Person, form: ConsentForm, *, actor: Actor) -> Consent:
    consent: Consent = form.save(commit=False)
    consent.municipality = viewer.municipality
    consent.person = person
    consent.owner_agency = viewer.primary_agency
    consent.obtained_by = viewer.user
    consent.obtained_by_name = viewer.user.full_name
    with transaction.atomic():
        consent.save()
        form.save_m2m()
        audit.log(
            "consent.recorded",
            actor=actor,
            agency=consent.owner_agency,
            obj=consent,
            person_id=person.pk,
            basis=Basis.OWN,
            details={
                "collaboration": consent.covers_collaboration,
                "meeting": consent.covers_meeting,
                "agencies": [a.pk for a in form.cleaned_data.get("shared_agencies", [])],
            },
        )
    return consent


def withdraw_consent(viewer: Viewer, consent: Consent, on: dt.date, note: str, *, actor: Actor) -> Consent:
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is not None:
            return locked
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_on = on
        locked.withdrawn_by = viewer.user
        locked.withdrawn_by_name = viewer.user.full_name
        locked.withdrawal_note = note
        locked.save()
        audit.log(
            "consent.withdrawn",
            actor=actor,
            agency=locked.owner_agency,
            obj=locked,
            person_id=locked.person_id,
            basis=Basis.OWN,
        )
    return locked
