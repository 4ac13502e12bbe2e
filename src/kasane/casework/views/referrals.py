from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.agencies.models import Agency
from kasane.audit.actor import actor_of
from kasane.casework.access import access_consultation, access_person, access_referral
from kasane.casework.forms.referrals import ReasonForm, ReferralForm, resend_initial
from kasane.casework.models import (
    Consultation,
    Person,
    Referral,
    ReferralBasis,
    SharedField,
    Status,
)
from kasane.casework.queries.lists import PAGE_SIZE, boxed_referrals
from kasane.casework.services.referrals import send_referral, transition
from kasane.casework.visibility import Viewer, record_list, require_viewer, visible_referrals
from kasane.casework.workflow import referrals as workflow
from kasane.lib.dates import today
from kasane.lib.paging import keyset


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@dataclass(frozen=True)
class _Origin:
    """Whom a new referral is about, and the consultation or declined referral it follows from, if any."""

    person: Person
    consultation: Consultation | None = None
    resent_from: Referral | None = None

    @property
    def context(self) -> dict[str, object]:
        return {"person": self.person, "consultation": self.consultation, "resent_from": self.resent_from}


def _origin(request: HttpRequest, viewer: Viewer, source: QueryDict) -> _Origin:
    """Only the viewer's own agency refers its own consultation or resends its own declined referral; a
    person alone must be one the viewer may see. Anything else is a 404."""
    if (cid := _int(source.get("consultation"))) is not None:
        consultation, _v, _b = access_consultation(request, cid)
        if consultation.owner_agency_id not in viewer.agency_ids:
            raise Http404
        return _Origin(consultation.person, consultation=consultation)
    if (rid := _int(source.get("resend"))) is not None:
        resent_from, _v, _b = access_referral(request, rid)
        if resent_from.from_agency_id not in viewer.agency_ids or resent_from.status != Status.DECLINED:
            raise Http404
        return _Origin(resent_from.person, consultation=resent_from.consultation, resent_from=resent_from)
    if (pid := _int(source.get("person"))) is not None:
        person, _v, _b = access_person(request, pid)
        return _Origin(person)
    raise Http404


def _initial(request: HttpRequest, viewer: Viewer, source: QueryDict, origin: _Origin) -> dict[str, object]:
    """A resend repeats the declined referral; a collaboration consultation is addressed to the hub; a
    ``to`` in the link (from an agency's page) names the target outright."""
    initial = resend_initial(origin.resent_from) if origin.resent_from else {}
    if source.get("collaboration") and request.method == "GET":
        hub = Agency.objects.in_municipality(viewer.municipality).filter(runs_collaboration=True).first()
        if hub is not None:
            initial["to_agency"] = hub.pk
    if (to := _int(request.GET.get("to"))) is not None:
        initial["to_agency"] = to
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    if not viewer.edit_agency_ids:
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    origin = _origin(request, viewer, source)
    initial = _initial(request, viewer, source, origin)
    form = ReferralForm(request.POST or None, viewer=viewer, person=origin.person, initial=initial)
    if request.method == "POST" and form.is_valid():
        referral = send_referral(
            viewer,
            origin.person,
            form,
            consultation=origin.consultation,
            resent_from=origin.resent_from,
            actor=actor_of(request),
        )
        messages.success(
            request, f"{referral.to_agency.name}へつなぎました。回答が届くとこの画面に表示されます。"
        )
        return redirect("referrals:detail", referral.pk)
    return render(
        request,
        "casework/referrals/referral_form.html",
        {"form": form, **origin.context, "basis_consent": ReferralBasis.CONSENT.value, "nav": "referrals"},
    )


def _receiver_steps(referral: Referral, side: str, can_act: bool) -> dict[str, bool]:
    """What the receiving agency goes on to once it has accepted: a 多機関協働 case when the つなぎ was to
    the 多機関協働事業者, otherwise its own 相談受付, with the sender as 紹介元."""
    taken = side == "receiver" and can_act and referral.status in (Status.ACCEPTED, Status.IN_PROGRESS)
    return {
        "can_open_case": taken and referral.to_collaboration,
        # Not once the consent it relied on is withdrawn: the intake would reach the person again.
        "can_take_intake": taken and referral.basis_valid,
    }


@login_required
@require_GET
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral, viewer, _basis = access_referral(request, referral_id)
    side = "sender" if referral.from_agency_id in viewer.agency_ids else "receiver"
    can_act = viewer.can_edit(referral.from_agency_id if side == "sender" else referral.to_agency_id)
    content_visible = side == "sender" or referral.basis_valid
    return render(
        request,
        "casework/referrals/referral_detail.html",
        {
            "referral": referral,
            "side": side,
            "events": referral.events.select_related("agency"),
            "actions": workflow.available(referral.status, side) if can_act else [],
            "content_visible": content_visible,
            "shared": referral.shared_data if content_visible else {},
            "shared_labels": [SharedField(f).label for f in referral.shared_fields],
            "can_resend": side == "sender" and can_act and referral.status == Status.DECLINED,
            **_receiver_steps(referral, side, can_act),
            "reason_form": ReasonForm(),
            "overdue": referral.status == Status.REQUESTED
            and referral.reply_by
            and referral.reply_by < today(),
            "nav": "referrals",
        },
    )


@login_required
@require_POST
def referral_action(request: HttpRequest, referral_id: int, action: str) -> HttpResponse:
    referral, viewer, _basis = access_referral(request, referral_id, action="referral.viewed")
    try:
        referral = transition(viewer, referral, action, request.POST.get("note", ""), actor=actor_of(request))
    except workflow.TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("referrals:detail", referral.pk)
    messages.success(request, f"つなぎを「{referral.get_status_display()}」にしました。")
    return redirect("referrals:detail", referral.pk)


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    box, referrals, order = boxed_referrals(
        viewer, request.GET.get("box", ""), request.GET.get("open") == "1"
    )
    counts = {
        "received_open": visible_referrals(viewer)
        .filter(to_agency__in=viewer.agency_ids, status=Status.REQUESTED)
        .count(),
        "overdue": visible_referrals(viewer)
        .filter(Q(from_agency__in=viewer.agency_ids), status=Status.REQUESTED, reply_by__lt=today())
        .count(),
    }
    page = keyset(referrals, order, request.GET.get("cursor", ""), PAGE_SIZE)
    record_list(request, viewer, "referral.listed", [r.person_id for r in page.rows])
    return render(
        request,
        "casework/referrals/referral_list.html",
        {
            "referrals": page.rows,
            "page": page,
            "page_size": PAGE_SIZE,
            "box": box,
            "counts": counts,
            "today": today(),
            "nav": "referrals",
        },
    )
