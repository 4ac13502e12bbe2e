from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kasane.audit.actor import actor_of
from kasane.casework.access import MergedAway, access_household, access_person
from kasane.casework.forms.households import MemberForm, PersonForm, PersonSearchForm
from kasane.casework.models import CaseStatus, Consent, Person
from kasane.casework.queries.search import (
    MAX_RESULTS,
    possible_duplicates,
    search_page,
    shown_ids,
    with_households,
)
from kasane.casework.queries.timeline import household_timeline
from kasane.casework.services.households import create_person, update_person
from kasane.casework.visibility import (
    Viewer,
    record_list,
    require_viewer,
    team_cases,
    visible_consultations,
    visible_referrals,
)
from kasane.lib.paging import Page, keyset


@login_required
@require_GET
def person_search(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    form = PersonSearchForm(request.GET or None)
    page = Page([], 0, 0, "")
    searched = False
    if form.is_bound and form.is_valid():
        query = form.query()
        searched = not query.is_empty
        page = search_page(viewer, query, request.GET.get("cursor", ""))
        with_households(viewer, page.rows)
        record_list(request, viewer, "person.searched", shown_ids(page.rows))
    results: list[Person] = page.rows
    template = (
        "casework/households/_person_results.html"
        if getattr(request, "htmx", False)
        else "casework/households/person_search.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "results": results,
            "page": page,
            "page_size": MAX_RESULTS,
            "searched": searched,
            "born": form.cleaned_data.get("birth_date") if searched else None,
            "can_create": bool(viewer.edit_agency_ids),
            "nav": "people",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    if not viewer.edit_agency_ids:
        raise PermissionDenied
    initial = {k: request.GET[k] for k in ("name", "kana") if k in request.GET}
    form = PersonForm(request.POST or None, initial=initial)
    duplicates: list[Person] = []
    choice = request.POST.get("duplicate_choice", "")
    if choice.isdigit():
        # "この方です": no one is created; staff go on with the record that exists.
        person, _viewer, _basis = access_person(request, int(choice))
        return redirect("households:person", person.pk)
    if request.method == "POST" and form.is_valid():
        if choice != "new":
            data = form.cleaned_data
            duplicates = possible_duplicates(viewer, data["name"], data["kana"], data["birth_date"])
            record_list(request, viewer, "person.lookalikes_shown", shown_ids(duplicates))
        if not duplicates:
            person = create_person(viewer, form.save(commit=False), actor=actor_of(request))
            messages.success(request, f"{person.name}さんを登録しました。")
            return redirect("households:person", person.pk)
    return render(
        request,
        "casework/households/person_form.html",
        {"form": form, "duplicates": duplicates, "nav": "people"},
    )


@login_required
@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        person, viewer, basis = access_person(request, person_id)
    except MergedAway as merged:  # 名寄せ: the record kept answers for this one
        return redirect("households:person", merged.survivor_id)
    own_consents = Consent.objects.filter(person=person, owner_agency__in=viewer.agency_ids).prefetch_related(
        "shared_agencies"
    )
    return render(
        request,
        "casework/households/person_detail.html",
        {
            "person": person,
            "basis": basis,
            "consents": own_consents,
            **_person_records(request, viewer, person),
            "cases": team_cases(viewer).filter(household_id=person.household_id).order_by("-opened_on"),
            "can_edit": viewer.can_edit(person.owner_agency_id),
            "can_record": bool(viewer.edit_agency_ids),
            "nav": "people",
        },
    )


PERSON_RECORDS_PAGE = 20


def _person_records(request: HttpRequest, viewer: Viewer, person: Person) -> dict[str, Page]:
    """The person's consultations and referrals the viewer sees, newest first, each paged on its own (the
    ``consultations`` and ``referrals`` query parameters), with the whole count: none is out of reach."""
    consultations = visible_consultations(viewer).filter(person=person).select_related("owner_agency")
    referrals = visible_referrals(viewer).filter(person=person).select_related("from_agency", "to_agency")
    return {
        "consultations": keyset(
            consultations, ("-received_at", "-pk"), request.GET.get("consultations", ""), PERSON_RECORDS_PAGE
        ),
        "referrals": keyset(
            referrals, ("-created_at", "-pk"), request.GET.get("referrals", ""), PERSON_RECORDS_PAGE
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person, viewer, basis = access_person(request, person_id)
    if not viewer.can_edit(person.owner_agency_id):
        raise PermissionDenied
    form_class = PersonForm if person.is_main else MemberForm
    form = form_class(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        update_person(viewer, form.save(commit=False), form.changed_data, basis, actor=actor_of(request))
        messages.success(request, f"{person.name}さんの情報を更新しました。")
        return redirect("households:person", person.pk)
    return render(
        request, "casework/households/person_form.html", {"form": form, "person": person, "nav": "people"}
    )


@login_required
@require_GET
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    household, viewer, basis, members = access_household(request, household_id)
    main = next((m for m in members if m.is_main), None)
    cases = list(team_cases(viewer).filter(household=household).order_by("-opened_on"))
    return render(
        request,
        "casework/households/household_detail.html",
        {
            "household": household,
            "label": household.label_for(main),
            "members": members,
            "main": main,
            "basis": basis,
            "cases": cases,
            "open_case": next((c for c in cases if c.status != CaseStatus.CLOSED), None),
            "timeline": household_timeline(viewer, household, cases=cases),
            "can_add_member": viewer.can_edit(household.owner_agency_id),
            "nav": "people",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_new(request: HttpRequest, household_id: int) -> HttpResponse:
    household, viewer, _basis, members = access_household(request, household_id)
    if not viewer.can_edit(household.owner_agency_id):
        raise PermissionDenied
    main = next((m for m in members if m.is_main), None)
    form = MemberForm(request.POST or None, initial={"address": household.address})
    if request.method == "POST" and form.is_valid():
        person = create_person(viewer, form.save(commit=False), household=household, actor=actor_of(request))
        messages.success(request, f"{person.name}さんを世帯員として登録しました。")
        return redirect("households:household", household.pk)
    return render(
        request,
        "casework/households/person_form.html",
        {"form": form, "household": household, "label": household.label_for(main), "nav": "people"},
    )
