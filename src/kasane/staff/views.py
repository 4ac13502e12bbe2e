"""職員管理: administrators manage staff accounts, memberships, passwords, 2FA and role settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from kasane.accounts import permissions, services
from kasane.accounts.access import permission_required
from kasane.accounts.models import LoginThrottle, Membership, Role, User
from kasane.audit.actor import actor_of
from kasane.staff.access import (
    access_membership,
    access_staff,
    grantable_roles,
    manageable_agencies,
    may_change,
    staff_manager_required,
)
from kasane.staff.forms import FirstRunForm, MembershipForm, StaffCreateForm
from kasane.staff.setup import (
    AreaSpec,
    Setup,
    SetupRefused,
    first_run_open,
    first_run_token,
    set_up,
    token_matches,
)


@staff_manager_required
def staff_list(request: HttpRequest) -> HttpResponse:
    agencies = manageable_agencies(request)
    memberships = Membership.objects.filter(agency__in=agencies, is_active=True).select_related(
        "agency", "role"
    )
    locks = LoginThrottle.objects.filter(username=OuterRef("username"), locked_until__gt=timezone.now())
    staff = (
        User.objects.filter(memberships__agency__in=agencies)
        .distinct()
        .annotate(throttle_locked_until=Subquery(locks.order_by("-locked_until").values("locked_until")[:1]))
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="visible_memberships"))
        .order_by("full_name_kana", "username")
    )
    manages_all = permissions.has_perm(
        request.user,  # type: ignore[arg-type]
        "staff.manage_all",
        municipality=getattr(request, "municipality", None),
    )
    return render(
        request, "staff/staff_list.html", {"staff": staff, "nav": "staff", "manages_all": manages_all}
    )


@staff_manager_required
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    form = StaffCreateForm(
        request.POST or None, agencies=manageable_agencies(request), roles=grantable_roles(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, password = services.create_staff(
            username=data["username"],
            full_name=data["full_name"],
            full_name_kana=data["full_name_kana"],
            email=data["email"],
            agency=data["agency"],
            role=data["role"],
            actor=actor_of(request),
        )
        return _temporary_password_page(request, user, password, created=True)
    return render(request, "staff/staff_form.html", {"form": form, "nav": "staff"})


@staff_manager_required
def staff_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access_staff(request, user_id)
    agencies = manageable_agencies(request)
    memberships = list(target.memberships.filter(is_active=True).select_related("agency", "role"))
    manageable_ids = set(agencies.values_list("pk", flat=True))
    is_self = target.pk == request.user.pk
    return render(
        request,
        "staff/staff_detail.html",
        {
            "target": target,
            "memberships": memberships,
            "manageable_ids": manageable_ids,
            "membership_form": MembershipForm(agencies=agencies, roles=grantable_roles(request)),
            "is_self": is_self,
            # As access_staff(changing=True): a reset hands over every agency's reach, so only a manager of all.
            "can_change": not is_self and may_change(request, memberships, manageable_ids),
            "nav": "staff",
        },
    )


@staff_manager_required
@require_POST
def staff_add_membership(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access_staff(request, user_id, changing=True)
    form = MembershipForm(request.POST, agencies=manageable_agencies(request), roles=grantable_roles(request))
    if not form.is_valid():
        messages.error(request, "所属機関と役割を、選択肢の中から選んでください。")
        return redirect("staff:detail", user_id=target.pk)
    services.add_membership(
        target, form.cleaned_data["agency"], form.cleaned_data["role"], actor=actor_of(request)
    )
    messages.success(request, "所属と役割を追加しました。")
    return redirect("staff:detail", user_id=target.pk)


@staff_manager_required
@require_POST
def staff_remove_membership(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = access_membership(request, membership_id)
    services.remove_membership(membership, actor=actor_of(request))
    messages.success(request, f"{membership.agency.name}（{membership.role.name}）の所属を外しました。")
    return redirect("staff:detail", user_id=membership.user_id)


def _temporary_password_page(
    request: HttpRequest, target: User, password: str, *, created: bool
) -> HttpResponse:
    """Shown once, in the response to the POST that issued it (never in a message cookie or the trail)."""
    target.refresh_from_db()
    return render(
        request,
        "staff/temporary_password.html",
        {"target": target, "password": password, "created": created, "nav": "staff"},
    )


@staff_manager_required
@require_http_methods(["GET", "POST"])
def staff_reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access_staff(request, user_id, changing=True)
    if request.method == "POST":
        try:
            password = services.issue_temporary_password(target, actor=actor_of(request))
        except services.ResetRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("staff:detail", user_id=target.pk)
        return _temporary_password_page(request, target, password, created=False)
    return render(
        request,
        "staff/staff_password.html",
        {"target": target, "hours": settings.KASANE_TEMPORARY_PASSWORD_HOURS, "nav": "staff"},
    )


@staff_manager_required
@require_POST
def staff_reset_two_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access_staff(request, user_id, changing=True)
    try:
        services.reset_two_factor(target, actor=actor_of(request))
    except services.ResetRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("staff:detail", user_id=target.pk)
    messages.success(
        request, f"{target.full_name} さんの二要素認証を解除しました。次回ログイン時に再設定が必要です。"
    )
    return redirect("staff:detail", user_id=target.pk)


@staff_manager_required
@require_POST
def staff_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    target = access_staff(request, user_id, changing=True)
    services.unlock(target, actor=actor_of(request))
    messages.success(request, f"{target.full_name} さんのロックを解除しました。")
    return redirect("staff:detail", user_id=target.pk)


@permission_required("staff.manage_all")
@require_http_methods(["GET", "POST"])
def roles(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        role = get_object_or_404(Role, pk=request.POST.get("role"))
        required = request.POST.get("requires_2fa") == "on"
        services.set_role_two_factor(role, required, actor=actor_of(request))
        state = "必須にしました" if required else "任意にしました"
        messages.success(request, f"「{role.name}」の二要素認証を{state}。")
        return redirect("staff:roles")
    return render(request, "staff/roles.html", {"roles": Role.objects.all(), "nav": "staff"})


@require_http_methods(["GET", "POST"])
def first_run(request: HttpRequest) -> HttpResponse:
    """最初の設定: the same as ``kasane setup``, for a fresh installation only (404 once a municipality exists),
    with the code from the data directory that only whoever runs the server can read."""
    if not first_run_open():
        raise Http404
    first_run_token()  # made at the first visit, for whoever runs the server to read
    form = FirstRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not token_matches(data["token"]):
            form.add_error(
                "token", "確認コードが違います。サーバーの setup_token ファイルの内容を入力してください。"
            )
        else:
            setup = Setup(
                **{key: data[key] for key in ("code", "name", "division", "admin_username", "admin_name")},
                admin_kana=data["admin_kana"],
                admin_email=data["admin_email"],
                areas=tuple(AreaSpec(name, towns) for name, towns in data["areas"]),
            )
            try:
                result = set_up(setup, address=actor_of(request).client_address)
            except SetupRefused as refused:
                for problem in refused.problems:
                    form.add_error(None, problem)
            else:
                return render(request, "staff/first_run_done.html", {"result": result})
    return render(request, "staff/first_run.html", {"form": form})
