"""The platform's pages (ハブラボ): the sessions, one session with its organisations, results, materials and
questionnaire, and the questionnaire's handout and results (answered at the questionnaires app's /q/<slug>/)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.accounts.access import permission_required
from kasane.audit.actor import actor_of
from kasane.community.access import access_material, access_session, can_edit, municipality_of
from kasane.community.forms.platform import MaterialForm, ResultForm, SessionForm, organisation_formset
from kasane.community.models import PlatformSession, ResultKind, SessionResult
from kasane.community.rules import CommunityError
from kasane.community.services import platform as services
from kasane.events.files import content_type
from kasane.lib.charts import to_svg
from kasane.lib.dates import today
from kasane.lib.forms import form_errors
from kasane.questionnaires import data, results
from kasane.questionnaires.models import QuestionKind, Questionnaire
from kasane.questionnaires.qr import qr_svg

TAB = {"nav": "community", "tab": "sessions"}
PAGE_SIZE = 50
FEW_ANSWERS = 5


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


@permission_required("directory.view")
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(services.sessions_in(municipality_of(request)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    day = today()
    rows = [{"session": s, "held": s.held_on <= day, "sectors": services.sectors_present(s)} for s in page]
    context = {"page": page, "rows": rows, "can_edit": can_edit(request), **TAB}
    return render(request, "community/sessions/list.html", context)


@permission_required("directory.view")
@require_GET
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request, session_id)
    organisations = list(session.organisations.all())
    found = list(session.results.select_related("service"))
    editable, held = can_edit(request), not services.is_future(session)
    context = {
        "session": session,
        "held": held,
        "organisations": organisations,
        "sectors": services.sector_counts(organisations),
        "questions": [r for r in found if r.kind == ResultKind.QUESTION],
        "results": [r for r in found if r.kind != ResultKind.QUESTION],
        "materials": list(session.materials.all()),
        "respondents": session.questionnaire.responses.count() if session.questionnaire else 0,
        "programme": [line for line in session.programme.splitlines() if line.strip()],
        "can_edit": editable,
        "result_form": ResultForm(municipality=municipality_of(request)) if editable and held else None,
        **TAB,
    }
    return render(request, "community/sessions/detail.html", context)


@permission_required("community.edit")
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, PlatformSession())


@permission_required("community.edit")
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    return _edit(request, access_session(request, session_id))


def _edit(request: HttpRequest, session: PlatformSession) -> HttpResponse:
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_session(
                form.save(commit=False), changed=form.changed_data, actor=actor_of(request)
            )
        except CommunityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"「{saved.title}」を保存しました。")
            return redirect("community:session", saved.pk)
    return render(
        request,
        "community/sessions/form.html",
        {"form": form, "session": session, **TAB},
        status=_status(request),
    )


@permission_required("community.edit")
@require_POST
def session_delete(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request, session_id)
    try:
        services.delete_session(session, actor=actor_of(request))
    except CommunityError as exc:
        messages.error(request, str(exc))
        return redirect("community:session", session.pk)
    messages.success(request, f"「{session.title}」を削除しました。")
    return redirect("community:sessions")


@permission_required("community.edit")
@require_http_methods(["GET", "POST"])
def organisations(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request, session_id)
    rows = organisation_formset(session, request.POST or None)
    if request.method == "POST" and rows.is_valid():
        saved = rows.save(commit=False)
        try:
            services.save_organisations(session, saved, rows.deleted_objects, actor=actor_of(request))
        except CommunityError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "参加団体を保存しました。")
            return redirect("community:session", session.pk)
    context = {"session": session, "rows": rows, "future": services.is_future(session), **TAB}
    return render(request, "community/sessions/organisations.html", context, status=_status(request))


@permission_required("community.edit")
@require_POST
def result_new(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request, session_id)
    form = ResultForm(request.POST, municipality=municipality_of(request))
    if not form.is_valid():
        form_errors(request, form)
        return redirect("community:session", session.pk)
    try:
        services.add_result(session, form.save(commit=False), actor=actor_of(request))
    except CommunityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "成果を記録しました。")
    return redirect("community:session", session.pk)


@permission_required("community.edit")
@require_POST
def result_delete(request: HttpRequest, result_id: int) -> HttpResponse:
    municipality = municipality_of(request)
    result = (
        SessionResult.objects.filter(pk=result_id, session__municipality=municipality)
        .select_related("session")
        .first()
    )
    if result is None:
        raise Http404
    try:
        services.delete_result(result, actor=actor_of(request))
    except CommunityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "成果を削除しました。")
    return redirect("community:session", result.session_id)


@permission_required("community.edit")
@require_http_methods(["GET", "POST"])
def material_new(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request, session_id)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = services.add_material(session, title=d["title"], upload=d["file"], actor=actor_of(request))
        except CommunityError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, f"「{item.title}」を登録しました。")
            return redirect("community:session", session.pk)
    context = {"session": session, "form": form, **TAB}
    return render(request, "community/sessions/material_form.html", context, status=_status(request))


@permission_required("directory.view")
@require_GET
def material(request: HttpRequest, material_id: int) -> HttpResponse:
    item = access_material(request, material_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = item.original_name or f"{item.title}{item.file.name[item.file.name.rfind('.') :]}"
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = content_type(name)
    # A streamed response; the access decorators are typed for plain ones.
    return cast(HttpResponse, response)


@permission_required("community.edit")
@require_POST
def material_delete(request: HttpRequest, material_id: int) -> HttpResponse:
    item = access_material(request, material_id)
    try:
        services.delete_material(item, actor=actor_of(request))
    except CommunityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"「{item.title}」を削除しました。")
    return redirect("community:session", item.session_id)


@permission_required("community.edit")
@require_POST
def questionnaire_create(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request, session_id)
    try:
        services.create_session_questionnaire(session, actor=actor_of(request))
    except CommunityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "アンケートを作成しました。当日、回答の受付を始めてください。")
    return redirect("community:session", session.pk)


@permission_required("community.edit")
@require_POST
def questionnaire_status(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request, session_id)
    opened = request.POST.get("action") == "open"
    try:
        services.set_questionnaire_open(session, opened, actor=actor_of(request))
    except CommunityError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "回答の受付を始めました。" if opened else "回答の受付を終了しました。")
    return redirect("community:session", session.pk)


def _questionnaire(request: HttpRequest, session_id: int) -> tuple[PlatformSession, Questionnaire]:
    session = access_session(request, session_id)
    if session.questionnaire is None:
        raise Http404
    return session, session.questionnaire


@permission_required("directory.view")
@require_GET
def questionnaire_handout(request: HttpRequest, session_id: int) -> HttpResponse:
    """One A4 page with the QR code of the open link, to print and hand out or project on the day."""
    session, questionnaire = _questionnaire(request, session_id)
    url = request.build_absolute_uri(reverse("answer:open", args=[questionnaire.slug]))
    context = {
        "session": session,
        "questionnaire": questionnaire,
        "url": url,
        "qr": qr_svg(url, scale=8),
        **TAB,
    }
    return render(request, "community/sessions/handout.html", context)


@permission_required("directory.view")
@require_GET
def questionnaire_results(request: HttpRequest, session_id: int) -> HttpResponse:
    session, questionnaire = _questionnaire(request, session_id)
    loaded = data.load(questionnaire)
    few = loaded.respondents < FEW_ANSWERS
    # With a handful of answers, one person's sector, age and words together could say who wrote them: below
    # the threshold the free text is shown only to those who record the ハブラボ, not to every reader.
    hide_texts = few and not can_edit(request)
    context = {
        "session": session,
        "questionnaire": questionnaire,
        "loaded": loaded,
        "few": few,
        "hide_texts": hide_texts,
        "blocks": [_block(loaded, result, hide_texts=hide_texts) for result in loaded.summary],
        **TAB,
    }
    return render(request, "community/sessions/results.html", context)


def _block(loaded: data.Loaded, result: results.QuestionResult, *, hide_texts: bool) -> dict[str, Any]:
    """One question's figure, or its free-text answers by sector (none when they are withheld)."""
    if result.question.kind == QuestionKind.TEXT:
        return {"result": result, "groups": [] if hide_texts else loaded.text_groups(result.question)}
    spec = results.chart_for(result)
    chart = to_svg(spec, chart_id=f"chart-q{result.question.id}", show_title=False) if spec else ""
    return {"result": result, "chart": chart, "is_multiple": result.question.kind == QuestionKind.MULTIPLE}
