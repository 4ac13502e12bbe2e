from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from kasane import audit
from kasane.accounts import devices, services
from kasane.accounts.forms import CodeForm, LoginForm, SetPasswordForm
from kasane.accounts.middleware import SESSION_LAST_SEEN
from kasane.accounts.models import User
from kasane.audit.actor import actor_of

SESSION_PENDING = "kasane_pending_login"
SESSION_TOTP_SETUP = "kasane_totp_setup"
PENDING_SECONDS = 300


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return reverse("home:home")


@transaction.atomic
def _complete_login(request: HttpRequest, user: User) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_LAST_SEEN] = int(time.time())
    audit.log("auth.login", actor=actor_of(request), user=user, details={"two_factor": user.has_two_factor})


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next")
    if request.user.is_authenticated:
        return redirect(_safe_next(request, next_url))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.check_password_step(
            form.cleaned_data["username"],
            form.cleaned_data["password"],
            actor=actor_of(request),
            device_user_id=devices.device_user_id(request),
        )
        if result.error:
            form.add_error(None, result.error)
        elif result.needs_code and result.user is not None:
            request.session[SESSION_PENDING] = {
                "uid": result.user.pk,
                "at": int(time.time()),
                "next": next_url,
            }
            return redirect("accounts:login_code")
        else:
            _complete_login(request, result.user)  # type: ignore[arg-type]
            response = redirect(_safe_next(request, next_url))
            devices.remember(response, result.user)  # type: ignore[arg-type]
            return response
    return render(request, "accounts/login.html", {"form": form, "next": next_url or ""})


@require_http_methods(["GET", "POST"])
def login_code_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(SESSION_PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(SESSION_PENDING, None)
        messages.info(request, "もう一度ユーザー名とパスワードを入力してください。")
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["uid"], is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.check_code_step(user, form.cleaned_data["code"], actor=actor_of(request))
        if result.error:
            form.add_error("code", result.error)
        else:
            request.session.pop(SESSION_PENDING, None)
            _complete_login(request, user)
            response = redirect(_safe_next(request, pending.get("next")))
            devices.remember(response, user)
            return response
    return render(request, "accounts/login_code.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.log("auth.logout", actor=actor_of(request))
    logout(request)
    messages.info(request, "ログアウトしました。")
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.has_two_factor:
        messages.info(
            request, "二要素認証はすでに設定されています。端末を替えるときは管理者に解除を依頼してください。"
        )
        return redirect("accounts:profile")
    secret = request.session.get(SESSION_TOTP_SETUP) or services.new_totp_secret()
    request.session[SESSION_TOTP_SETUP] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.enable_two_factor(user, secret, form.cleaned_data["code"], actor=actor_of(request)):
            request.session.pop(SESSION_TOTP_SETUP, None)
            messages.success(request, "二要素認証を設定しました。次回のログインから確認コードが必要です。")
            return redirect("home:home")
        form.add_error("code", "確認コードが正しくありません。認証アプリの時刻設定も確認してください。")
    uri = services.provisioning_uri(user, secret)
    import segno  # noqa: PLC0415 - segno loads when a QR code is drawn, not at start-up

    qr_svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#1a1a1a", light="#ffffff")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "secret": secret, "qr_svg": qr_svg, "required": user.requires_two_factor()},
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"nav": "profile"})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            audit.log("auth.password_changed", actor=actor_of(request), obj=user)
        update_session_auth_hash(request, user)
        messages.success(request, "パスワードを変更しました。")
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def set_password(request: HttpRequest) -> HttpResponse:
    """The first page after logging in with a temporary password: the user sets their own."""
    user: User = request.user  # type: ignore[assignment]
    if not user.must_set_password:
        return redirect("accounts:password_change")
    form = SetPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        if user.check_password(form.cleaned_data["password1"]):
            form.add_error("password1", "仮パスワードとは別の、ご自身で決めたパスワードを設定してください。")
        else:
            services.set_own_password(user, form.cleaned_data["password1"], actor=actor_of(request))
            update_session_auth_hash(request, user)
            messages.success(
                request, "パスワードを設定しました。次回からこのパスワードでログインしてください。"
            )
            return redirect("home:home")
    return render(request, "accounts/set_password.html", {"form": form})
