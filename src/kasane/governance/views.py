"""情報管理: 開示 requests (register, find the person, produce the report) and the retention policy."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.accounts import permissions
from kasane.accounts.access import permission_required
from kasane.audit.actor import actor_of
from kasane.audit.models import AuditEntry
from kasane.casework.models import Person
from kasane.governance import registry, retention, services
from kasane.governance.access import BASIS, DISCLOSURE, RETENTION, access_request, load_request
from kasane.governance.forms import DisclosureRequestForm, PersonFindForm, RetentionPolicyForm
from kasane.governance.models import DisclosureRequest
from kasane.governance.trail import recipients
from kasane.lib.dates import today
from kasane.tenancy.models import Municipality


def _municipality(request: HttpRequest) -> Municipality:
    municipality: Municipality = request.municipality  # type: ignore[attr-defined]
    return municipality


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    municipality = getattr(request, "municipality", None)
    can = {
        code: municipality is not None and permissions.has_perm(request.user, code, municipality=municipality)  # type: ignore[arg-type]
        for code in (DISCLOSURE, RETENTION)
    }
    if not any(can.values()):
        raise PermissionDenied
    return render(
        request,
        "governance/index.html",
        {"can_disclose": can[DISCLOSURE], "can_retain": can[RETENTION], "nav": "governance"},
    )


@permission_required(DISCLOSURE)
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    requests = list(
        DisclosureRequest.objects.filter(municipality=_municipality(request)).select_related("person")[:200]
    )
    services.record_listed(requests, actor=actor_of(request))
    return render(
        request,
        "governance/request_list.html",
        {"requests": requests, "today": today(), "nav": "governance"},
    )


@permission_required(DISCLOSURE)
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    """Step one: register the request as received. No person is searched here: the search exists only inside a
    registered request (step two, ``request_person``)."""
    municipality = _municipality(request)
    data = request.POST if request.method == "POST" else None
    form = DisclosureRequestForm(data, municipality=municipality, initial={"received_on": today()})
    if data is not None and form.is_valid():
        try:
            disclosure = services.register_request(
                municipality, form.save(commit=False), actor=actor_of(request)
            )
        except IntegrityError:  # the same number, registered a moment ago by someone else
            form.add_error("number", "この受付番号はすでに登録されています。番号を確認してください。")
        else:
            messages.success(
                request,
                f"開示請求（受付番号 {disclosure.number}）を受け付けました。続けて本人を確認してください。",
            )
            return redirect("governance:request_person", disclosure.pk)
    return render(request, "governance/request_form.html", {"form": form, "nav": "governance"})


@permission_required(DISCLOSURE)
@require_http_methods(["GET", "POST"])
def request_person(request: HttpRequest, request_id: int) -> HttpResponse:
    """Step two: find the person inside the registered request, each person shown audited under its number,
    and choose them once."""
    disclosure = load_request(request, request_id)
    if disclosure.person_id is not None:
        return redirect("governance:request", disclosure.pk)
    data = request.POST if request.method == "POST" else None
    find = PersonFindForm(data, prefix="find")
    candidates: list[Person] = []
    choose_error = ""
    if data is not None and data.get("step") == "choose":
        person = services.chosen_person(disclosure, data.get("person", ""))
        if person is None:
            choose_error = "本人を検索し、一覧から選んでください。"
        else:
            services.choose_person(disclosure, person, actor=actor_of(request))
            messages.success(request, f"開示請求（受付番号 {disclosure.number}）の本人を確定しました。")
            return redirect("governance:request", disclosure.pk)
    if data is not None and find.is_valid():
        try:
            candidates = services.find_persons(disclosure, find.query(), actor=actor_of(request))
        except services.SearchLimitReached as refused:
            find.add_error(None, refused.message)
    return render(
        request,
        "governance/request_person.html",
        {
            "disclosure": disclosure,
            "find": find,
            "candidates": candidates,
            "searched": data is not None and find.is_valid(),
            "searches_left": max(services.MAX_SEARCHES - disclosure.searches, 0),
            "choose_error": choose_error,
            "nav": "governance",
        },
    )


@permission_required(DISCLOSURE)
@require_GET
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    disclosure = access_request(request, request_id)
    person = disclosure.person
    return render(
        request,
        "governance/request_detail.html",
        {
            "disclosure": disclosure,
            "person": person,
            "recipients": recipients(person) if person else [],
            "staff_notes": registry.staff_notes(person) if person else [],
            "basis_label": f"{BASIS.label}（個人情報保護法に基づく開示請求）",
            "today": today(),
            "nav": "governance",
        },
    )


@login_required
@require_POST
@permission_required(DISCLOSURE)
def request_produce(request: HttpRequest, request_id: int, fmt: str) -> HttpResponse:
    disclosure = load_request(request, request_id)
    if disclosure.person_id is None:
        messages.error(
            request, "本人が確定していないため、開示資料は作成できません。先に本人を検索して選んでください。"
        )
        return redirect("governance:request_person", disclosure.pk)
    content, _report = services.produce(disclosure, fmt, actor=actor_of(request))
    content_type, extension = services.FORMATS[fmt]
    filename = f"開示資料_{disclosure.number}_{today():%Y%m%d}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@permission_required(RETENTION)
@require_GET
def retention_page(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    plan = retention.preview(municipality)
    form = RetentionPolicyForm(initial={"years": plan.years})
    return render(request, "governance/retention.html", _retention_context(municipality, plan, form))


def _retention_context(
    municipality: Municipality, plan: retention.Preview, form: object
) -> dict[str, object]:
    runs = AuditEntry.objects.filter(municipality=municipality, action="retention.applied").order_by("-id")[
        :10
    ]
    return {"plan": plan, "form": form, "runs": list(runs), "nav": "governance"}


@login_required
@require_POST
@permission_required(RETENTION)
def retention_policy(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    form = RetentionPolicyForm(request.POST)
    if not form.is_valid():
        plan = retention.preview(municipality)
        return render(
            request, "governance/retention.html", _retention_context(municipality, plan, form), status=400
        )
    retention.set_years(municipality, form.cleaned_data["years"], actor=actor_of(request))
    messages.success(request, f"保存期間を{form.cleaned_data['years']}年にしました。")
    return redirect("governance:retention")


@login_required
@require_POST
@permission_required(RETENTION)
def retention_apply(request: HttpRequest) -> HttpResponse:
    municipality = _municipality(request)
    if request.POST.get("confirm") != "1":
        messages.error(request, "確認のチェックを入れてから実行してください。匿名化は元に戻せません。")
        return redirect("governance:retention")
    outcome = retention.anonymise_due(municipality, actor=actor_of(request))
    messages.success(request, f"{len(outcome.household_ids)}世帯の個人情報を匿名化しました。")
    return redirect("governance:retention")
