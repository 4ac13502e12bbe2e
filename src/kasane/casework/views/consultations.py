from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from kasane.audit.actor import actor_of
from kasane.casework.access import access_consultation, access_person
from kasane.casework.forms.consents import ConsentForm
from kasane.casework.forms.consultations import ConsultationForm
from kasane.casework.forms.households import PersonForm
from kasane.casework.models import ConsentVariant, Person, Response, Situation, Topic
from kasane.casework.queries.search import possible_duplicates
from kasane.casework.services.consultations import record_consultation
from kasane.casework.visibility import require_viewer
from kasane.lib.dates import today


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    """相談受付: one page, keyboard first. A new person is checked against look-alikes before being created."""
    viewer = require_viewer(request)
    if not viewer.edit_agency_ids:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    person: Person | None = None
    person_id = _int(request.POST.get("person") if data else request.GET.get("person"))
    if person_id is not None:
        person, _viewer, _basis = access_person(request, person_id)
    form = ConsultationForm(data)
    person_form = PersonForm(data, prefix="p") if person is None else None
    consent_form = ConsentForm(
        data,
        request.FILES or None,
        prefix="c",
        municipality=viewer.municipality,
        initial={"obtained_on": today()},
    )
    duplicates: list[Person] = []
    if data is not None:
        valid = form.is_valid()
        if person_form is not None:
            valid = person_form.is_valid() and valid
        wants_consent = data.get("consent_variant") == ConsentVariant.WITH
        if wants_consent:
            valid = consent_form.is_valid() and valid
        if valid and person_form is not None:
            choice = data.get("duplicate_choice", "")
            if choice.isdigit():
                person, _viewer, _basis = access_person(request, int(choice))
            elif choice != "new":
                cleaned = person_form.cleaned_data
                duplicates = possible_duplicates(
                    viewer, cleaned["name"], cleaned["kana"], cleaned["birth_date"]
                )
                valid = not duplicates
        if valid:
            consultation = record_consultation(
                viewer,
                form,
                person=person,
                new_person=person_form.save(commit=False) if person is None and person_form else None,
                consent_form=consent_form if wants_consent else None,
                actor=actor_of(request),
            )
            messages.success(request, f"{consultation.person.name}さんの相談を受け付けました。")
            if (
                consultation.response == Response.COLLABORATION
                and consultation.owner_agency.runs_collaboration
            ):
                # The 多機関協働事業者 took the application itself: straight to opening the case.
                return redirect(reverse("cases:new") + f"?consultation={consultation.pk}")
            if consultation.response in (Response.REFER, Response.COLLABORATION):
                url = reverse("referrals:new") + f"?consultation={consultation.pk}"
                if consultation.response == Response.COLLABORATION:
                    url += "&collaboration=1"
                return redirect(url)
            return redirect("consultations:detail", consultation.pk)
    return render(
        request,
        "casework/consultations/consultation_form.html",
        {
            "form": form,
            "person_form": person_form,
            "consent_form": consent_form,
            "person": person,
            "duplicates": duplicates,
            "topics": Topic.choices,
            "situations": Situation.choices,
            "nav": "intake",
        },
    )


@login_required
@require_GET
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation, viewer, basis = access_consultation(request, consultation_id)
    own = consultation.owner_agency_id in viewer.agency_ids
    return render(
        request,
        "casework/consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "person": consultation.person,
            "basis": basis,
            "can_refer": own and viewer.can_edit(consultation.owner_agency_id),
            "can_open_case": own
            and viewer.can_edit(consultation.owner_agency_id)
            and consultation.owner_agency.runs_collaboration
            and consultation.consent is not None
            and consultation.consent.is_active
            and consultation.consent.covers_collaboration,
            "nav": "people",
        },
    )
