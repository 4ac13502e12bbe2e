"""Getting the questionnaire to respondents: the printable QR handout (A4), one-time links and their sheet."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from kasane.audit.actor import actor_of
from kasane.questionnaires import services
from kasane.questionnaires.access import access_questionnaire
from kasane.questionnaires.forms import LinksForm
from kasane.questionnaires.models import Questionnaire
from kasane.questionnaires.qr import qr_svg
from kasane.readiness.access import support_staff_required

INSTRUCTION = "スマートフォンで読み取って回答してください"
CARDS_PER_PAGE = 8


@support_staff_required
@require_GET
def handout(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    """One A4 page with the open link's QR code, to print and hand out or project at the event."""
    questionnaire = access_questionnaire(request, questionnaire_id)
    if questionnaire.one_answer_per_link:
        return redirect("questionnaires:links_sheet", questionnaire.pk)
    url = request.build_absolute_uri(reverse("answer:open", args=[questionnaire.slug]))
    return render(
        request,
        "questionnaires/handout.html",
        {"questionnaire": questionnaire, "url": url, "qr": qr_svg(url, scale=8), "instruction": INSTRUCTION},
    )


@support_staff_required
@require_http_methods(["GET", "POST"])
def links(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = access_questionnaire(request, questionnaire_id)
    if not questionnaire.one_answer_per_link:
        messages.info(
            request, "このアンケートは共通リンクで回答する設定です。配布用のQRコードを使ってください。"
        )
        return redirect("questionnaires:handout", questionnaire.pk)
    form = LinksForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_links(
                questionnaire, form.cleaned_data["count"], actor=actor_of(request)
            )
        except services.QuestionnaireError as exc:
            form.add_error("count", str(exc))
        else:
            messages.success(request, f"個別回答リンクを{len(created)}件発行しました。")
            return redirect("questionnaires:links", questionnaire.pk)
    return render(
        request,
        "questionnaires/links.html",
        {"questionnaire": questionnaire, "form": form, **_issued(questionnaire), "nav": "questionnaires"},
    )


def _issued(questionnaire: Questionnaire) -> dict[str, Any]:
    """The one-time links issued so far, and how many of them have been answered."""
    issued = list(questionnaire.links.select_related("response").order_by("number"))
    used = sum(1 for link in issued if link.is_used)
    return {"issued": issued, "used": used, "unused": len(issued) - used}


@support_staff_required
@require_GET
def links_sheet(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    """A4 sheets of cut-out cards, one unused one-time link each, with its QR code and number."""
    questionnaire = access_questionnaire(request, questionnaire_id)
    unused = [
        link for link in questionnaire.links.select_related("response").order_by("number") if not link.is_used
    ]
    cards = []
    for link in unused:
        url = request.build_absolute_uri(reverse("answer:link", args=[link.token]))
        cards.append({"number": link.number, "url": url, "qr": qr_svg(url, scale=4)})
    pages = [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
    return render(
        request,
        "questionnaires/links_sheet.html",
        {"questionnaire": questionnaire, "pages": pages, "instruction": INSTRUCTION},
    )
