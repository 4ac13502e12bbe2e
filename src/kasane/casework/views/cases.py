from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.audit.models import Basis
from kasane.casework.access import access_case, access_plan
from kasane.casework.forms.cases import (
    AssessmentForm,
    OpenCaseForm,
    SubjectsForm,
    TeamMemberForm,
    assessment_initial,
    assessment_members,
    member_assessment_formset,
    member_rows,
)
from kasane.casework.forms.evaluations import (
    EvaluationForm,
    evaluated_goals,
    goal_formset,
    goal_rows,
    judged_goals,
)
from kasane.casework.forms.notes import NoteForm
from kasane.casework.forms.plans import PlanForm, plan_initial, plan_role_formset, role_initial
from kasane.casework.models import (
    Assessment,
    Case,
    CaseStatus,
    Consultation,
    Counterpart,
    Improvement,
    Programme,
    mark,
)
from kasane.casework.queries.lists import (
    CASE_ORDER,
    EXPORT_HEADER,
    LISTS,
    PAGE_SIZE,
    export_row,
    exported_cases,
    filtered_cases,
    list_filters,
)
from kasane.casework.services.cases import (
    EditConflict,
    WorkflowError,
    activate_plan,
    add_note,
    add_team_member,
    create_plan,
    evaluated_plan,
    move_case,
    open_case,
    record_evaluation,
    remove_team_member,
    save_assessment,
    set_subjects,
    update_plan,
)
from kasane.casework.views.case_pages import (
    assessment_intake,
    carried_notes,
    case_detail_context,
    case_source,
    household_members,
    record_export,
)
from kasane.casework.visibility import Viewer, record_list, require_viewer
from kasane.casework.workflow import cases as workflow
from kasane.lib.dates import today
from kasane.lib.exports import xlsx_response
from kasane.lib.paging import keyset


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a 多機関協働 case from the hub's own consultation or from a referral it accepted."""
    viewer = require_viewer(request)
    source = case_source(request, viewer)
    form = OpenCaseForm(request.POST or None, initial={"opened_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            case = open_case(
                viewer,
                source.person,
                title=form.cleaned_data["title"],
                opened_on=form.cleaned_data["opened_on"],
                consultation=source.consultation,
                referral=source.referral,
                actor=actor_of(request),
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "多機関協働ケースを受け付けました。")
            return redirect("cases:detail", case.pk)
    return render(request, "casework/cases/case_new.html", {"form": form, **source.context, "nav": "cases"})


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case, viewer, basis = access_case(request, case_id)
    return _case_page(request, viewer, case, basis)


def _case_page(
    request: HttpRequest, viewer: Viewer, case: Case, basis: Basis, note_form: NoteForm | None = None
) -> HttpResponse:
    """The case page; with ``note_form``, the 支援経過 just refused, shown with its errors and what was typed."""
    members = household_members(request, viewer, case, basis)
    context = case_detail_context(viewer, case, basis, members, request.GET.get("notes", ""))
    context["carried_notes"] = carried_notes(request, viewer, case)
    context.update(CASE_PAGE_VOCABULARY)
    if note_form is not None:
        context["note_form"] = note_form
    return render(request, "casework/cases/case_detail.html", context)


# The multi-selects the case page prints by label (in their list's order), and the ※ labels it shows.
CASE_PAGE_VOCABULARY = {
    "programme_choices": Programme.choices,
    "improvement_choices": Improvement.choices,
    "counterpart_choices": Counterpart.choices,
    "national_marks": {
        "programmes": mark("plan", "programmes", "利用する事業"),
        "employment_support": mark("plan", "employment_support", "就労支援"),
        "improvements": mark("evaluation", "improvements", "本人の変化"),
        "employed": mark("evaluation", "employed", "就労"),
        "income_increased": mark("evaluation", "income_increased", "増収"),
        "closure_code": mark("evaluation", "closure_code", "終結理由区分"),
    },
}


@login_required
@require_POST
def case_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    case, viewer, _basis = access_case(request, case_id)
    try:
        case = move_case(viewer, case, action, request.POST.get("note", ""), actor=actor_of(request))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"ケースを「{case.get_status_display()}」にしました。")
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def team_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case, viewer, _basis = access_case(request, case_id)
    form = TeamMemberForm(request.POST, municipality=viewer.municipality)
    if not form.is_valid():
        messages.error(request, "支援チームに加える機関・役割・参加日を確認してください。")
        return redirect("cases:detail", case.pk)
    try:
        add_team_member(viewer, case, form.save(commit=False), actor=actor_of(request))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "支援チームに機関を加えました。")
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def subjects_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case, viewer, basis = access_case(request, case_id)
    members = household_members(request, viewer, case, basis)
    form = SubjectsForm(request.POST, members=members)
    if not form.is_valid():
        messages.error(request, "主たる支援対象者を、この世帯の方から1人以上選んでください。")
        return redirect("cases:detail", case.pk)
    try:
        set_subjects(viewer, case, form.cleaned_data["persons"], actor=actor_of(request))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "主たる支援対象者を変更しました。")
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def team_remove(request: HttpRequest, case_id: int, member_id: int) -> HttpResponse:
    case, viewer, _basis = access_case(request, case_id)
    member = case.team.filter(pk=member_id, left_on__isnull=True).first()
    if member is None:
        raise Http404
    try:
        remove_team_member(viewer, case, member, actor=actor_of(request))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "支援チームから外しました。この機関はケースを見られなくなりました。")
    return redirect("cases:detail", case.pk)


def _intake_for_first_version(
    request: HttpRequest, viewer: Viewer, case: Case, previous: Assessment | None
) -> Consultation | None:
    """The first version starts from the intake: read (and recorded) when the page is shown to be filled in."""
    if previous is not None or request.method != "GET":
        return None
    return assessment_intake(request, viewer, case)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case, viewer, basis = access_case(request, case_id)
    if not viewer.can_edit(case.owner_agency_id):
        raise PermissionDenied
    members = household_members(request, viewer, case, basis)
    previous = case.assessments.prefetch_related("members").first()
    intake = _intake_for_first_version(request, viewer, case, previous)
    form = AssessmentForm(request.POST or None, initial=assessment_initial(previous, intake))
    formset = member_assessment_formset(request.POST or None, members, previous)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = assessment_members(formset, members)
        try:
            assessment = save_assessment(viewer, case, form.save(commit=False), rows, actor=actor_of(request))
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"アセスメント（第{assessment.version}版）を記録しました。")
            return redirect("cases:detail", case.pk)
    shown = member_rows(formset, members)
    context = {"case": case, "form": form, "formset": formset, "rows": shown, "previous": previous}
    return render(
        request, "casework/cases/assessment_form.html", {**context, "intake": intake, "nav": "cases"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case, viewer, _basis = access_case(request, case_id)
    if not viewer.can_edit(case.owner_agency_id):
        raise PermissionDenied
    form = PlanForm(request.POST or None, initial=plan_initial(case.assessments.first()))
    team = list(case.team.filter(left_on__isnull=True).select_related("agency"))
    formset = plan_role_formset(
        request.POST or None,
        municipality=viewer.municipality,
        initial=[{"agency": m.agency_id} for m in team],
    )
    if request.method == "POST" and (roles := form.cleaned_roles(formset)):
        try:
            plan = create_plan(viewer, case, form.save(commit=False), roles, actor=actor_of(request))
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{plan}を作成しました。")
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "casework/cases/plan_form.html",
        {"case": case, "form": form, "formset": formset, "nav": "cases"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Edit a plan still being drafted; a save made by someone else meanwhile is reported, never overwritten."""
    plan, viewer, _basis = access_plan(request, plan_id)
    case = plan.case
    if not viewer.can_edit(case.owner_agency_id):
        raise PermissionDenied
    if plan.status not in workflow.PLAN_EDITABLE:
        messages.error(request, f"プランが「{plan.get_status_display()}」のため、編集できません。")
        return redirect("cases:detail", case.pk)
    initial_roles = [role_initial(r) for r in plan.roles.all()]
    form = PlanForm(request.POST or None, instance=plan, initial={"lock_version": plan.lock_version})
    formset = plan_role_formset(request.POST or None, municipality=viewer.municipality, initial=initial_roles)
    conflict = False
    if request.method == "POST" and (roles := form.cleaned_roles(formset)):
        try:
            update_plan(viewer, plan, form.changes, roles, form.based_on, actor=actor_of(request))
        except EditConflict:
            conflict = True
            plan.refresh_from_db()
            form.report_conflict()
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "プランを保存しました。")
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "casework/cases/plan_form.html",
        {"case": case, "plan": plan, "form": form, "formset": formset, "conflict": conflict, "nav": "cases"},
    )


@login_required
@require_POST
def plan_activate(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan, viewer, _basis = access_plan(request, plan_id)
    try:
        activate_plan(viewer, plan, actor=actor_of(request))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "プランを「実施中」にしました。")
    return redirect("cases:detail", plan.case_id)


@login_required
@require_POST
def note_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case, viewer, basis = access_case(request, case_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "支援経過の入力内容を確認してください。")
        return _case_page(request, viewer, case, basis, note_form=form)
    try:
        add_note(viewer, case, form.save(commit=False), actor=actor_of(request))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "支援経過を記録しました。")
    return redirect(case.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case, viewer, _basis = access_case(request, case_id)
    if not viewer.can_edit(case.owner_agency_id):
        raise PermissionDenied
    plan = evaluated_plan(case)
    goals = evaluated_goals(plan)
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": today()})
    formset = goal_formset(request.POST or None, goals)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        judged = judged_goals(formset, goals)
        try:
            record_evaluation(
                viewer, case, form.save(commit=False), judged, plan=plan, actor=actor_of(request)
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "終結時の評価を記録しました。次に、重層的支援会議の決定として終結を記録します。"
            )
            return redirect("cases:detail", case.pk)
    context = {
        "case": case,
        "form": form,
        "rows": goal_rows(formset, goals),
        "formset": formset,
        "plan": plan,
    }
    return render(request, "casework/cases/evaluation_form.html", {**context, "nav": "cases"})


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    which, status = list_filters(request.GET)
    page = keyset(filtered_cases(viewer, which, status), CASE_ORDER, request.GET.get("cursor", ""), PAGE_SIZE)
    cases = page.rows
    record_list(request, viewer, "case.listed", [c.person_id for c in cases])
    return render(
        request,
        "casework/cases/case_list.html",
        {
            "cases": cases,
            "page": page,
            "page_size": PAGE_SIZE,
            "which": which,
            "lists": LISTS,
            "status": status,
            "statuses": CaseStatus.choices,
            "nav": "cases",
        },
    )


@login_required
@require_GET
def case_export(request: HttpRequest) -> FileResponse:
    """支援ケース一覧 as Excel, with the filters of the list it came from. ※ marks nationally reported items.
    The cases are read a chunk at a time as the rows are written; the export's disclosure record names each
    case the file holds, and is written once the file is complete, before any of it is sent."""

    viewer = require_viewer(request)
    which, status = list_filters(request.GET)
    exported: list[Case] = []

    def rows() -> Iterator[list[Any]]:
        for case in exported_cases(viewer, which, status):
            # Only what the disclosure record reads is kept, not the case with everything fetched for its row.
            exported.append(Case(pk=case.pk, person_id=case.person_id, owner_agency_id=case.owner_agency_id))
            yield export_row(case)

    filename = f"支援ケース一覧_{LISTS[which]}_{today():%Y%m%d}.xlsx"
    response = xlsx_response(filename, "支援ケース一覧", EXPORT_HEADER, rows())
    record_export(request, viewer, exported, which=which, status=status)
    return response
