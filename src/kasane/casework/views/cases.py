from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kasane.audit.actor import actor_of
from kasane.audit.models import Basis
from kasane.audit.trail import Item, log_many
from kasane.casework.access import access_case, access_consultation, access_plan, access_referral
from kasane.casework.forms.cases import (
    AssessmentForm,
    EvaluationForm,
    MemberAssessmentFormSet,
    NoteForm,
    OpenCaseForm,
    PlanForm,
    PlanRoleFormSet,
    TeamMemberForm,
)
from kasane.casework.models import AssessmentMember, CaseStatus, Person, Plan, PlanRole, PlanStatus
from kasane.casework.models import Status as ReferralStatus
from kasane.casework.services.cases import (
    EditConflict,
    WorkflowError,
    activate_plan,
    add_note,
    add_team_member,
    create_plan,
    move_case,
    open_case,
    record_evaluation,
    remove_team_member,
    save_assessment,
    update_plan,
)
from kasane.casework.visibility import (
    record_list,
    record_members,
    require_viewer,
    team_cases,
    visible_persons,
)
from kasane.casework.workflow import cases as workflow
from kasane.lib.dates import today, wareki
from kasane.lib.exports import xlsx_response


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a 多機関協働 case from the hub's own consultation or from a referral it accepted."""
    viewer = require_viewer(request)
    source = request.POST if request.method == "POST" else request.GET
    consultation = referral = None
    if (cid := _int(source.get("consultation"))) is not None:
        consultation, _v, _b = access_consultation(request, cid)
        person = consultation.person
    elif (rid := _int(source.get("referral"))) is not None:
        referral, _v, _b = access_referral(request, rid)
        if referral.to_agency_id not in viewer.agency_ids or referral.status not in (
            ReferralStatus.ACCEPTED,
            ReferralStatus.IN_PROGRESS,
        ):
            raise Http404
        person = referral.person
    else:
        raise Http404
    form = OpenCaseForm(request.POST or None, initial={"opened_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            case = open_case(
                viewer,
                person,
                title=form.cleaned_data["title"],
                opened_on=form.cleaned_data["opened_on"],
                consultation=consultation,
                referral=referral,
                actor=actor_of(request),
            )
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "多機関協働ケースを受け付けました。")
            return redirect("cases:detail", case.pk)
    shown_name = person.name if referral is None or referral.basis_valid else ""
    return render(
        request,
        "casework/cases/case_new.html",
        {
            "form": form,
            "person_name": shown_name,
            "consultation": consultation,
            "referral": referral,
            "nav": "cases",
        },
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case, viewer, basis = access_case(request, case_id)
    is_owner = viewer.can_edit(case.owner_agency_id)
    team = list(case.team.select_related("agency", "user").order_by("left_on", "part", "pk"))
    plans = list(case.plans.prefetch_related("roles__agency").order_by("-version"))
    members = list(visible_persons(viewer).filter(household_id=case.household_id).order_by("-is_main", "pk"))
    record_members(request, viewer, case, members, basis, action="case.members_viewed", via_case=True)
    team_agency_ids = {m.agency_id for m in team if m.left_on is None}
    return render(
        request,
        "casework/cases/case_detail.html",
        {
            "case": case,
            "basis": basis,
            "is_owner": is_owner,
            "can_note": bool(viewer.edit_agency_ids & team_agency_ids) and case.status != CaseStatus.CLOSED,
            "team": team,
            "members": members,
            "assessment": case.assessments.prefetch_related("members__person").first(),
            "assessment_count": case.assessments.count(),
            "plans": plans,
            "decisions": list(case.decisions.select_related("plan")),
            "pending_items": list(case.agenda_items.filter(status="pending").select_related("meeting")),
            "notes": list(case.notes.select_related("agency")[:50]),
            "evaluations": list(case.evaluations.all()),
            "events": list(case.events.all()),
            "actions": workflow.manual_actions(case.status) if is_owner else [],
            "team_form": TeamMemberForm(municipality=viewer.municipality, initial={"joined_on": today()}),
            "note_form": NoteForm(initial={"on": today()}),
            "statuses": CaseStatus.choices,
            "nav": "cases",
        },
    )


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


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case, viewer, basis = access_case(request, case_id)
    if not viewer.can_edit(case.owner_agency_id):
        raise PermissionDenied
    members = list(visible_persons(viewer).filter(household_id=case.household_id).order_by("-is_main", "pk"))
    record_members(request, viewer, case, members, basis, action="case.members_viewed", via_case=True)
    previous = case.assessments.prefetch_related("members").first()
    initial_form: dict[str, Any] = {"assessed_on": today()}
    before = {m.person_id: m for m in previous.members.all()} if previous else {}
    if previous:
        for name in [
            "household_situation",
            "household_issues",
            "strengths",
            "person_words",
            "urgency",
            "risks",
        ]:
            initial_form[name] = getattr(previous, name)
    form = AssessmentForm(request.POST or None, initial=initial_form)
    formset = MemberAssessmentFormSet(
        request.POST or None,
        prefix="m",
        initial=[
            {
                "person_id": m.pk,
                "situation": before[m.pk].situation if m.pk in before else "",
                "issues": before[m.pk].issues if m.pk in before else "",
            }
            for m in members
        ],
    )
    by_id: dict[int | None, Person] = {m.pk: m for m in members}
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            AssessmentMember(
                person=by_id[f.cleaned_data["person_id"]],
                situation=f.cleaned_data["situation"],
                issues=f.cleaned_data["issues"],
            )
            for f in formset
            if f.cleaned_data.get("person_id") in by_id
        ]
        try:
            assessment = save_assessment(viewer, case, form.save(commit=False), rows, actor=actor_of(request))
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"アセスメント（第{assessment.version}版）を記録しました。")
            return redirect("cases:detail", case.pk)
    rows_for_template = [
        (f, by_id.get(f.initial.get("person_id") or _int(f["person_id"].value()))) for f in formset
    ]
    return render(
        request,
        "casework/cases/assessment_form.html",
        {
            "case": case,
            "form": form,
            "formset": formset,
            "rows": rows_for_template,
            "previous": previous,
            "nav": "cases",
        },
    )


def _roles_from(formset: Any) -> list[PlanRole]:
    return [
        PlanRole(
            agency=f.cleaned_data["agency"],
            who=f.cleaned_data["who"],
            actions=f.cleaned_data["actions"],
            frequency=f.cleaned_data["frequency"],
            until=f.cleaned_data["until"],
        )
        for f in formset
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case, viewer, _basis = access_case(request, case_id)
    if not viewer.can_edit(case.owner_agency_id):
        raise PermissionDenied
    form = PlanForm(request.POST or None)
    team = list(case.team.filter(left_on__isnull=True).select_related("agency"))
    formset = PlanRoleFormSet(
        request.POST or None,
        prefix="r",
        form_kwargs={"municipality": viewer.municipality},
        initial=[{"agency": m.agency_id} for m in team],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        roles = _roles_from(formset)
        if not roles:
            form.add_error(None, "役割分担を1つ以上入力してください。")
        else:
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
    plan, viewer, _basis = access_plan(request, plan_id)
    case = plan.case
    if not viewer.can_edit(case.owner_agency_id):
        raise PermissionDenied
    if plan.status not in workflow.PLAN_EDITABLE:
        messages.error(request, f"プランが「{plan.get_status_display()}」のため、編集できません。")
        return redirect("cases:detail", case.pk)
    roles = list(plan.roles.all())
    form = PlanForm(request.POST or None, instance=plan, initial={"lock_version": plan.lock_version})
    formset = PlanRoleFormSet(
        request.POST or None,
        prefix="r",
        form_kwargs={"municipality": viewer.municipality},
        initial=[
            {
                "agency": r.agency_id,
                "who": r.who,
                "actions": r.actions,
                "frequency": r.frequency,
                "until": r.until,
            }
            for r in roles
        ],
    )
    conflict = False
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        new_roles = _roles_from(formset)
        fields = {name: form.cleaned_data[name] for name in PlanForm.Meta.fields}
        based_on = form.cleaned_data.get("lock_version") or 0
        if not new_roles:
            form.add_error(None, "役割分担を1つ以上入力してください。")
        else:
            try:
                update_plan(viewer, plan, fields, new_roles, based_on, actor=actor_of(request))
            except EditConflict:
                conflict = True
                plan.refresh_from_db()
                form.add_error(
                    None,
                    "このプランは、あなたが編集を始めた後に他の職員が保存しました。上書きはしていません。"
                    "最新の内容を別のタブで確認し、必要な変更をもう一度入力してください。",
                )
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
    case, viewer, _basis = access_case(request, case_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("cases:detail", case.pk)
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
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            record_evaluation(viewer, case, form.save(commit=False), actor=actor_of(request))
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "終結時の評価を記録しました。次に、重層的支援会議の決定として終結を記録します。"
            )
            return redirect("cases:detail", case.pk)
    plan = case.plans.filter(status__in=[PlanStatus.ACTIVE, PlanStatus.APPROVED]).first()
    return render(
        request,
        "casework/cases/evaluation_form.html",
        {"case": case, "form": form, "plan": plan, "nav": "cases"},
    )


LISTS = {
    "mine": "自分の担当",
    "agency": "自機関のケース",
    "review_overdue": "見直し期限切れ",
    "awaiting_meeting": "会議待ち",
    "closed": "終結",
}


def filtered_cases(viewer: Any, which: str, status: str = "") -> Any:
    cases = team_cases(viewer).select_related("person", "owner_agency", "lead_user")
    if which == "mine":
        cases = cases.filter(
            Q(lead_user=viewer.user) | Q(team__user=viewer.user, team__left_on__isnull=True)
        ).exclude(status=CaseStatus.CLOSED)
    elif which == "review_overdue":
        overdue = Plan.objects.filter(status=PlanStatus.ACTIVE, next_review_on__lt=today()).values("case_id")
        cases = cases.filter(pk__in=overdue)
    elif which == "awaiting_meeting":
        cases = cases.filter(status=CaseStatus.AWAITING_MEETING)
    elif which == "closed":
        cases = cases.filter(status=CaseStatus.CLOSED)
    else:
        cases = cases.exclude(status=CaseStatus.CLOSED)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    return cases.distinct().order_by("-opened_on", "-pk")


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    viewer = require_viewer(request)
    which = request.GET.get("list", "agency")
    if which not in LISTS:
        which = "agency"
    status = request.GET.get("status", "")
    cases = list(filtered_cases(viewer, which, status)[:300])
    record_list(request, viewer, "case.listed", [c.person_id for c in cases])
    return render(
        request,
        "casework/cases/case_list.html",
        {
            "cases": cases,
            "which": which,
            "lists": LISTS,
            "status": status,
            "statuses": CaseStatus.choices,
            "nav": "cases",
        },
    )


@login_required
@require_GET
def case_export(request: HttpRequest) -> HttpResponse:
    """支援ケース一覧 as Excel, with the filters of the list it came from. ※ marks nationally reported items."""

    viewer = require_viewer(request)
    which = request.GET.get("list", "agency")
    which = which if which in LISTS else "agency"
    status = request.GET.get("status", "")
    cases = list(
        filtered_cases(viewer, which, status).prefetch_related("team__agency").select_related("household")
    )
    header = [
        "ケース番号",
        "受付日 ※",
        "ケースの概要",
        "本人",
        "ふりがな",
        "年齢",
        "状態 ※",
        "多機関協働事業者",
        "主担当者",
        "支援チーム",
        "終結日 ※",
        "終結の理由",
    ]
    rows = [
        [
            c.pk,
            wareki(c.opened_on),
            c.title,
            c.person.name,
            c.person.kana,
            c.person.age(),
            c.get_status_display(),
            c.owner_agency.name,
            c.lead_user.full_name if c.lead_user else "",
            "、".join(
                f"{m.agency.name}（{m.get_part_display()}）" for m in c.team.all() if m.left_on is None
            ),
            wareki(c.closed_on) if c.closed_on else "",
            c.closure_reason,
        ]
        for c in cases
    ]
    # An export is a disclosure of every row: one entry per case, with its person and basis, so each
    # person's disclosure record (情報の提供先) and a 開示 show it.
    log_many(
        "case.exported",
        [
            Item(
                obj=c,
                person_id=c.person_id,
                basis=Basis.OWN if c.owner_agency_id in viewer.agency_ids else Basis.CASE_TEAM,
                basis_ref=f"case:{c.pk}",
                details={"list": which, "status": status, "count": len(rows)},
            )
            for c in cases
        ],
        actor=actor_of(request),
        agency=viewer.primary_agency,
    )
    label = LISTS[which]
    return xlsx_response(f"支援ケース一覧_{label}_{today():%Y%m%d}.xlsx", "支援ケース一覧", header, rows)
