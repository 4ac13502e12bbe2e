"""The invitation texts of an event, for support staff to paste into mail (or, with a mail server, to send)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kasane.accounts.models import User
from kasane.audit.actor import actor_of
from kasane.events.access import support_event
from kasane.events.invitations import InvitationError, invitations, mail_configured, send, sender_of
from kasane.events.models import Event
from kasane.events.signup_staff_views import signup_url
from kasane.readiness.access import support_staff_required
from kasane.readiness.models import Block


def _block(request: HttpRequest, event: Event) -> Block | None:
    """One block of the prefecture, for an event open to the whole prefecture (``?block=``)."""
    chosen = request.GET.get("block") or request.POST.get("block") or ""
    if event.block_id is not None or not chosen.isdigit():
        return None
    return Block.objects.filter(prefecture=event.prefecture_id, pk=int(chosen)).first()


@support_staff_required
@require_GET
def invitations_page(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    per_block = request.GET.get("per") == "block"
    block = _block(request, event)
    assert isinstance(request.user, User)
    found = invitations(
        event,
        url=signup_url(request, event),
        sender=sender_of(request.user, event),
        per_block=per_block,
        block=block,
    )
    context = {
        "event": event,
        "invitations": found,
        "per_block": per_block,
        "block": block,
        "blocks": [] if event.block_id else list(Block.objects.filter(prefecture=event.prefecture_id)),
        "mail": mail_configured() and not per_block,
        "mail_configured": mail_configured(),
        "with_address": sum(1 for i in found if i.contact is not None),
        "nav": "events",
    }
    return render(request, "events/invitations.html", context)


@support_staff_required
@require_POST
def invitations_send(request: HttpRequest, event_id: int) -> HttpResponse:
    event = support_event(request, event_id)
    block = _block(request, event)
    back = reverse("events:invitations", args=[event.pk]) + (f"?block={block.pk}" if block else "")
    if not mail_configured():
        messages.error(
            request, "メールサーバーが設定されていないため送信できません。案内文を貼り付けて送ってください。"
        )
        return redirect(back)
    assert isinstance(request.user, User)
    sender = sender_of(request.user, event)
    chosen = set(request.POST.getlist("to"))
    found = invitations(event, url=signup_url(request, event), sender=sender, block=block)
    try:
        sent = send(event, [i for i in found if i.key in chosen], sender=sender, actor=actor_of(request))
    except InvitationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{sent}市町村に案内メールを送りました。")
    return redirect(back)
