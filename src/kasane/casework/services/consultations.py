"""Recording a consultation: the person (new or found), the consultation and its consent, in one transaction."""

from __future__ import annotations

from django.db import transaction

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.forms.consents import ConsentForm
from kasane.casework.forms.consultations import ConsultationForm
from kasane.casework.models import ConsentVariant, Consultation, Person
from kasane.casework.services.consents import record_consent
from kasane.casework.services.households import create_person
from kasane.casework.visibility import Viewer


def record_consultation(
    viewer: Viewer,
    form: ConsultationForm,
    *,
    person: Person | None,
    new_person: Person | None = None,
    consent_form: ConsentForm | None = None,
    actor: Actor,
) -> Consultation:
    with transaction.atomic():
        if person is None:
            assert new_person is not None
            person = create_person(viewer, new_person, actor=actor)
        consultation: Consultation = form.save(commit=False)
        consultation.topics = form.cleaned_data["topics"]
        consultation.main_topic = form.cleaned_data.get("main_topic") or ""
        consultation.situations = form.cleaned_data.get("situations") or []
        consultation.municipality = viewer.municipality
        consultation.owner_agency = viewer.primary_agency
        consultation.person = person
        consultation.household_id = person.household_id
        consultation.recorded_by = viewer.user
        consultation.recorded_by_name = viewer.user.full_name
        if consultation.consent_variant == ConsentVariant.WITH and consent_form is not None:
            consultation.consent = record_consent(viewer, person, consent_form, actor=actor)
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
