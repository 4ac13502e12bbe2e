from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from kasane.audit.actor import actor_of
from kasane.casework.access import access_consultation, access_person, access_referral
from kasane.casework.forms.consultations import (
    CloseForm,
    ConsultationNoteForm,
    IntakeForms,
    ReopenForm,
    intake_facts,
)
from kasane.casework.forms.households import PersonForm
from kasane.casework.models import Consultation, Person, Referral, Response
from kasane.casework.models.referrals import Status as ReferralStatus
from kasane.casework.queries.search import possible_duplicates, shown_ids
from kasane.casework.services.consultations import RecordError, record_consultation
from kasane.casework.visibility import Viewer, record_denied, record_list, require_viewer, team_cases
from kasane.lib.dates import today


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _known_person(request: HttpRequest) -> Person | None:
    """The person the intake is for when it starts from their page (the link, then a hidden field)."""
    person_id = _int((request.POST or request.GET).get("person"))
    if person_id is None:
        return None
    person, _viewer, _basis = access_person(request, person_id)
    return person


def _received_referral(request: HttpRequest, viewer: Viewer) -> Referral | None:
    """An intake that starts from a つなぎ the desk's agency received and accepted: the person is the one
    referred, and the sender is the 紹介元. Anyone else, a つなぎ not (or no longer) accepted, or one whose
    consent was withdrawn, gets 404."""
    referral_id = _int((request.POST or request.GET).get("referral"))
    if referral_id is None:
        return None
    referral, _viewer, _basis = access_referral(request, referral_id)
    # A withdrawn consent ends what it opened: the receiver no longer reaches the person through it.
    taken = referral.status in (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS) and referral.basis_valid
    if referral.to_agency_id not in viewer.edit_agency_ids or not taken:
        record_denied(request, viewer, Person, referral.person_id, exists=True)
        raise Http404
    return referral


def _existing_or_lookalikes(
    request: HttpRequest, viewer: Viewer, person_form: PersonForm
) -> tuple[Person | None, list[Person]]:
    """A new person is created only once staff have seen the look-alikes: they pick one of them (its id) or
    confirm "new"; until then the page lists the look-alikes instead of saving."""
    choice = request.POST.get("duplicate_choice", "")
    if choice.isdigit():
        person, _viewer, _basis = access_person(request, int(choice))
        return person, []
    if choice == "new":
        return None, []
    cleaned = person_form.cleaned_data
    lookalikes = possible_duplicates(viewer, cleaned["name"], cleaned["kana"], cleaned["birth_date"])
    record_list(request, viewer, "person.lookalikes_shown", shown_ids(lookalikes))
    return None, lookalikes


def _record(request: HttpRequest, viewer: Viewer, intake: IntakeForms, person: Person | None) -> Consultation:
    return record_consultation(
        viewer,
        intake.consultation,
        person=person,
        new_person=intake.person.save(commit=False) if person is None and intake.person else None,
        consent_form=intake.given_consent,
        members=intake.new_members(),
        actor=actor_of(request),
    )


def _next_step(consultation: Consultation) -> HttpResponse:
    """Where the desk goes after recording depends on the response chosen."""
    if consultation.response == Response.COLLABORATION and consultation.owner_agency.runs_collaboration:
        # The 多機関協働事業者 took the application itself: straight to opening the case.
        return redirect(reverse("cases:new") + f"?consultation={consultation.pk}")
    if consultation.response in (Response.REFER, Response.COLLABORATION):
        url = reverse("referrals:new") + f"?consultation={consultation.pk}"
        if consultation.response == Response.COLLABORATION:
            url += "&collaboration=1"
        return redirect(url)
    return redirect("consultations:detail", consultation.pk)


def _intake_forms(
    request: HttpRequest, viewer: Viewer, person: Person | None, referral: Referral | None
) -> IntakeForms:
    data = request.POST if request.method == "POST" else None
    return IntakeForms(
        data,
        request.FILES or None,
        municipality=viewer.municipality,
        new_person=person is None,
        referral=referral,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request: HttpRequest) -> HttpResponse:
    """相談受付: one page, keyboard first. A new person is checked against look-alikes before being created."""
    viewer = require_viewer(request)
    if not viewer.edit_agency_ids:
        raise PermissionDenied
    referral = _received_referral(request, viewer)
    person = referral.person if referral is not None else _known_person(request)
    intake = _intake_forms(request, viewer, person, referral)
    duplicates: list[Person] = []
    if request.method == "POST" and intake.is_valid():
        if intake.person is not None:
            person, duplicates = _existing_or_lookalikes(request, viewer, intake.person)
        if not duplicates:
            try:
                consultation = _record(request, viewer, intake, person)
            except RecordError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"{consultation.person.name}さんの相談を受け付けました。")
                return _next_step(consultation)
    return render(
        request,
        "casework/consultations/consultation_form.html",
        {**intake.context, "person": person, "referral": referral, "duplicates": duplicates, "nav": "intake"},
    )


@login_required
@require_GET
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation, viewer, basis = access_consultation(request, consultation_id)
    own = consultation.owner_agency_id in viewer.agency_ids
    can_record = own and viewer.can_edit(consultation.owner_agency_id)
    return render(
        request,
        "casework/consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "person": consultation.person,
            "basis": basis,
            **intake_facts(consultation),
            "can_refer": can_record,
            # The 相談記録: its 経過 (those who see the consultation see them), and for the agency that took it
            # the note form, closing and reopening.
            "notes": list(consultation.notes.select_related("agency")),
            "can_record": can_record,
            "note_form": ConsultationNoteForm(initial={"on": today()}),
            "close_form": CloseForm(initial={"on": today()}),
            "reopen_form": ReopenForm(),
            # The case it went on as, for those the case is visible to.
            "case": team_cases(viewer).filter(consultation=consultation).only("pk", "title").first(),
            "can_open_case": can_record
            and consultation.owner_agency.runs_collaboration
            and consultation.consent is not None
            and consultation.consent.is_active
            and consultation.consent.covers_collaboration,
            "nav": "people",
        },
    )
