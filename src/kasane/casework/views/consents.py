from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kasane.audit.actor import actor_of
from kasane.casework.access import access_consent, access_person
from kasane.casework.forms.consents import ConsentForm, WithdrawForm
from kasane.casework.services.consents import record_consent, withdraw_consent
from kasane.lib.dates import today


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person, viewer, _basis = access_person(request, person_id)
    if not viewer.edit_agency_ids:
        raise PermissionDenied
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        municipality=viewer.municipality,
        initial={"obtained_on": today()},
    )
    if request.method == "POST" and form.is_valid():
        record_consent(viewer, person, form, actor=actor_of(request))
        messages.success(request, f"{person.name}さんの同意を記録しました。")
        return redirect("households:person", person.pk)
    return render(
        request, "casework/consents/consent_form.html", {"form": form, "person": person, "nav": "people"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent, viewer = access_consent(request, consent_id)
    if not viewer.can_edit(consent.owner_agency_id):
        raise PermissionDenied
    if not consent.is_active:
        messages.info(request, "この同意はすでに撤回されています。")
        return redirect("households:person", consent.person_id)
    form = WithdrawForm(request.POST or None, initial={"withdrawn_on": today()}, consent=consent)
    if request.method == "POST" and form.is_valid():
        withdraw_consent(
            viewer,
            consent,
            form.cleaned_data["withdrawn_on"],
            form.cleaned_data["withdrawal_note"],
            actor=actor_of(request),
        )
        messages.success(
            request, "同意の撤回を記録しました。この同意に基づく他機関の閲覧は、ただちに停止されました。"
        )
        return redirect("households:person", consent.person_id)
    return render(
        request, "casework/consents/withdraw_form.html", {"form": form, "consent": consent, "nav": "people"}
    )


@login_required
@require_GET
def consent_document(request: HttpRequest, consent_id: int) -> FileResponse:
    consent, _viewer = access_consent(request, consent_id, action="consent.document_viewed")
    if not consent.document:
        raise Http404
    suffix = consent.document.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        consent.document.open("rb"),
        as_attachment=False,
        filename=f"同意書_{consent.pk}.{suffix}",
    )
