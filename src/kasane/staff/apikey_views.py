"""職員管理 › APIキー: the municipal administrator issues and revokes other systems' keys.

The secret is shown once, in the answer to the POST that issued it, and is never stored or cached.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kasane.accounts.access import permission_required
from kasane.accounts.apikeys.models import ApiKey
from kasane.accounts.apikeys.services import KeyRefused, grantable_scopes, issue_key, revoke_key
from kasane.agencies.models import Agency
from kasane.audit.actor import actor_of
from kasane.staff.apikey_forms import ApiKeyForm


def access_api_key(request: HttpRequest, key_id: int) -> ApiKey:
    """A key of an agency of the current municipality; 404 for any other."""
    key = (
        ApiKey.objects.select_related("agency", "user")
        .filter(pk=key_id, agency__municipality=getattr(request, "municipality", None))
        .first()
    )
    if key is None:
        raise Http404
    return key


@permission_required("staff.manage_all")
def apikey_list(request: HttpRequest) -> HttpResponse:
    keys = ApiKey.objects.filter(agency__municipality=request.municipality).select_related(  # type: ignore[attr-defined]
        "agency", "created_by", "revoked_by"
    )
    context = {"keys": keys, "now": timezone.now(), "nav": "staff"}
    return render(request, "staff/apikeys.html", context)


@permission_required("staff.manage_all")
@require_http_methods(["GET", "POST"])
@never_cache
def apikey_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = ApiKeyForm(
        request.POST or None,
        agencies=Agency.objects.in_municipality(request.municipality),  # type: ignore[attr-defined]
        scopes=grantable_scopes(actor, actor.municipality),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            key, secret = issue_key(
                name=data["name"],
                agency=data["agency"],
                scopes=data["scopes"],
                expires_at=form.expires_at,
                actor=actor,
            )
        except KeyRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return render(
                request, "staff/apikeys_secret.html", {"key": key, "secret": secret, "nav": "staff"}
            )
    return render(request, "staff/apikeys_form.html", {"form": form, "nav": "staff"})


@permission_required("staff.manage_all")
@require_POST
def apikey_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    key = access_api_key(request, key_id)
    try:
        revoke_key(key, actor=actor_of(request))
    except KeyRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"「{key.name}」のAPIキー（{key.label}）を失効させました。")
    return redirect("staff:apikeys")
