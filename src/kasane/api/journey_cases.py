"""多機関協働 cases through the API: opening, the workflow's steps, アセスメント and プラン (with the page's version
check), each by the page's form and service. A step the case's state does not allow is answered 409 with the
page's own message; a plan saved by someone else since the caller read it, 409 as well, and nothing is
overwritten."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Status

from kasane.api.casework import casework
from kasane.api.casework_out import case_out, plan_out
from kasane.api.casework_schemas import AssessmentOut, CaseOut, EvaluationOut, PlanOut
from kasane.api.idempotency import KeyHeader, create_once
from kasane.api.journey import KEY_NOTE, WRITE_ERRORS
from kasane.api.journey_schemas import (
    AssessmentIn,
    CaseIn,
    CaseTransitionIn,
    EvaluationIn,
    PlanEditIn,
    PlanIn,
)
from kasane.api.schemas import RecordId
from kasane.api.writes import as_post, conflict, form_data, invalid, link, refused
from kasane.audit.actor import actor_of
from kasane.casework.access import access_case, access_consultation, access_plan, access_referral
from kasane.casework.forms.cases import AssessmentForm, OpenCaseForm, member_assessment_formset
from kasane.casework.forms.evaluations import EvaluationForm, evaluated_goals, goal_formset, judged_goals
from kasane.casework.forms.plans import PlanForm, plan_role_formset
from kasane.casework.models import (
    Assessment,
    AssessmentMember,
    Case,
    Consultation,
    Evaluation,
    Person,
    Referral,
)
from kasane.casework.models.referrals import Status as ReferralStatus
from kasane.casework.services.cases import (
    EditConflict,
    WorkflowError,
    create_plan,
    evaluated_plan,
    move_case,
    open_case,
    record_evaluation,
    save_assessment,
    update_plan,
)
from kasane.casework.visibility import Viewer, require_viewer, visible_persons
from kasane.casework.workflow import cases as case_workflow

# The case records' router: GET /cases there and POST /cases here must be one route.
journey_cases = casework
NOT_THE_HUB = "多機関協働ケースは、多機関協働事業者の職員が受け付けます。"
# The page's words when a plan was saved by someone else after the editor loaded it.
EDITED_MEANWHILE = (
    "このプランは、あなたが編集を始めた後に他の職員が保存しました。上書きはしていません。"
    "最新の内容を読み直し（lock_version も新しくなっています）、必要な変更をもう一度送ってください。"
)


def require_case_editor(request: HttpRequest, case_id: int) -> tuple[Case, Viewer]:
    """The case, for the staff of the agency that runs it (the 多機関協働事業者); its team reads only (403)."""
    case, viewer, _basis = access_case(request, case_id)
    if not viewer.can_edit(case.owner_agency_id):
        raise PermissionDenied
    return case, viewer


def show_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case, viewer, _basis = access_case(request, case_id)
    return case_out(case, viewer)


def case_source(
    request: HttpRequest, viewer: Viewer, payload: CaseIn
) -> tuple[Person, Consultation | None, Referral | None]:
    """As the page: from a consultation the caller sees, or from a つなぎ their agency accepted; 404 otherwise."""
    if payload.consultation_id is not None:
        consultation = access_consultation(request, payload.consultation_id)[0]
        return consultation.person, consultation, None
    if payload.referral_id is not None:
        referral = access_referral(request, payload.referral_id)[0]
        taken = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS)
        if referral.to_agency_id not in viewer.agency_ids or referral.status not in taken:
            raise Http404
        return referral.person, None, referral
    raise Http404


@journey_cases.post(
    "/cases",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="多機関協働ケースの受付",
    description="多機関協働事業者が、自機関の相談受付（consultation_id）または受理したつなぎ（referral_id）から"
    "ケースを受け付けます。本人の多機関協働事業の利用申込み（同意）が必要です。" + KEY_NOTE,
)
def post_case(request: HttpRequest, payload: CaseIn, idempotency_key: KeyHeader = None) -> Any:
    viewer = require_viewer(request)
    if not viewer.primary_agency.runs_collaboration or not viewer.can_edit(viewer.primary_agency.pk):
        return Status(403, {"detail": NOT_THE_HUB})
    if payload.consultation_id is None and payload.referral_id is None:
        message = (
            "受け付けるもとを、相談受付の consultation_id か受理したつなぎの referral_id で指定してください。"
        )
        return invalid([{"loc": ["body", "payload", "consultation_id"], "message": message}])
    person, consultation, referral = case_source(request, viewer, payload)

    def create() -> Status[Any]:
        form = OpenCaseForm(as_post(form_data(payload, exclude=("consultation_id", "referral_id"))))
        if not form.is_valid():
            return invalid(refused(form))
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
            return conflict(str(exc))
        return Status(201, show_case(request, case.pk))

    return create_once(request, idempotency_key, "case", create, lambda pk: show_case(request, pk))


@journey_cases.post(
    "/cases/{case_id}/transitions",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="ケースの状態を進める",
    description="start_assessment（アセスメントを始める）・start_planning（プラン作成に進む）・submit_plan"
    "（プランを会議に提出する）・review_plan（プランを見直す）・reopen（再開する、理由が必要）。"
    "プランの承認と終結は重層的支援会議の決定として記録するため、ここではできません。"
    "いまの状態でできない操作には 409 を返します。",
)
def post_case_transition(request: HttpRequest, case_id: RecordId, payload: CaseTransitionIn) -> Any:
    case, viewer = require_case_editor(request, case_id)
    if case_workflow.CASE_ACTIONS[payload.action].needs_reason and not payload.note.strip():
        return invalid([{"loc": ["body", "payload", "note"], "message": "再開の理由を入力してください。"}])
    try:
        moved = move_case(viewer, case, payload.action, payload.note, actor=actor_of(request))
    except WorkflowError as exc:
        return conflict(str(exc))
    return case_out(moved, viewer)


def assessment_out(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "version": a.version,
        "assessed_on": a.assessed_on,
        "urgency": a.urgency,
        "result": a.result,
        "case": link("get_case", a.case_id),
        "household_situation": a.household_situation,
        "household_issues": a.household_issues,
        "members": [
            {"person": link("get_person", m.person_id), "situation": m.situation, "issues": m.issues}
            for m in a.members.all()
        ],
    }


@journey_cases.post(
    "/cases/{case_id}/assessments",
    response={201: AssessmentOut, **WRITE_ERRORS},
    summary="アセスメントの記録",
    description="インテーク・アセスメントシートを新しい版として記録します（前の版はそのまま残ります）。"
    "members には、見ることのできる世帯員ごとの状況と課題を入れます。" + KEY_NOTE,
)
def post_assessment(
    request: HttpRequest, case_id: RecordId, payload: AssessmentIn, idempotency_key: KeyHeader = None
) -> Any:
    case, viewer = require_case_editor(request, case_id)
    members = {p.pk: p for p in visible_persons(viewer).filter(household_id=case.household_id)}

    def create() -> Status[Any]:
        form = AssessmentForm(as_post(form_data(payload, exclude=("members",))))
        rows: dict[str, Any] = {"m-TOTAL_FORMS": len(payload.members), "m-INITIAL_FORMS": 0}
        for index, row in enumerate(payload.members):
            rows |= form_data(row, prefix=f"m-{index}")
        formset = member_assessment_formset(as_post(rows), [], None)
        found = refused(form) + refused(formset, ("body", "payload", "members"))
        for index, row in enumerate(payload.members):
            if row.person_id not in members:
                message = "この世帯の方（見ることのできる方）を指定してください。"
                found.append({"loc": ["body", "payload", "members", index, "person_id"], "message": message})
        if found:
            return invalid(found)
        written = [
            AssessmentMember(person=members[row.person_id], situation=row.situation, issues=row.issues)
            for row in payload.members
        ]
        try:
            saved = save_assessment(viewer, case, form.save(commit=False), written, actor=actor_of(request))
        except WorkflowError as exc:
            return conflict(str(exc))
        return Status(201, show(saved.pk))

    def show(assessment_id: int) -> dict[str, Any]:
        shown, _viewer, _basis = access_case(request, case_id)
        return assessment_out(shown.assessments.prefetch_related("members").get(pk=assessment_id))

    return create_once(request, idempotency_key, "assessment", create, show)


def plan_forms(viewer: Viewer, payload: PlanIn, plan: Any = None) -> tuple[PlanForm, Any]:
    data = form_data(payload, exclude=("roles",))
    rows: dict[str, Any] = {"r-TOTAL_FORMS": len(payload.roles), "r-INITIAL_FORMS": 0}
    for index, role in enumerate(payload.roles):
        rows |= form_data(role, prefix=f"r-{index}", exclude=("agency_id",))
        rows[f"r-{index}-agency"] = role.agency_id
    form = PlanForm(as_post(data), instance=plan)
    formset = plan_role_formset(as_post(rows), municipality=viewer.municipality, initial=[])
    return form, formset


def plan_refused(form: PlanForm, formset: Any) -> Status[Any]:
    return invalid(refused(form) + refused(formset, ("body", "payload", "roles"), {"agency": ("agency_id",)}))


def show_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return plan_out(access_plan(request, plan_id)[0])


@journey_cases.post(
    "/cases/{case_id}/plans",
    response={201: PlanOut, **WRITE_ERRORS},
    summary="プランの作成",
    description="「プラン作成中」のケースに、プラン兼事業等利用申込書を役割分担とともに作成します。"
    + KEY_NOTE,
)
def post_plan(
    request: HttpRequest, case_id: RecordId, payload: PlanIn, idempotency_key: KeyHeader = None
) -> Any:
    case, viewer = require_case_editor(request, case_id)

    def create() -> Status[Any]:
        form, formset = plan_forms(viewer, payload)
        roles = form.cleaned_roles(formset)
        if not roles:
            return plan_refused(form, formset)
        try:
            plan = create_plan(viewer, case, form.save(commit=False), roles, actor=actor_of(request))
        except WorkflowError as exc:
            return conflict(str(exc))
        return Status(201, show_plan(request, plan.pk))

    return create_once(request, idempotency_key, "plan", create, lambda pk: show_plan(request, pk))


@journey_cases.put(
    "/plans/{plan_id}",
    response={200: PlanOut, **WRITE_ERRORS},
    summary="プランの編集",
    description="作成中・修正中のプランを保存します。lock_version には読んだときの値を入れます。"
    "その後に他の職員が保存していたときは、上書きせずに 409 を返します。",
)
def put_plan(request: HttpRequest, plan_id: RecordId, payload: PlanEditIn) -> Any:
    plan, viewer, _basis = access_plan(request, plan_id)
    if not viewer.can_edit(plan.case.owner_agency_id):
        raise PermissionDenied
    if plan.status not in case_workflow.PLAN_EDITABLE:
        return conflict(f"プランが「{plan.get_status_display()}」のため、編集できません。")
    form, formset = plan_forms(viewer, payload, plan)
    roles = form.cleaned_roles(formset)
    if not roles:
        return plan_refused(form, formset)
    try:
        saved = update_plan(viewer, plan, form.changes, roles, form.based_on, actor=actor_of(request))
    except EditConflict:
        return conflict(EDITED_MEANWHILE)
    except WorkflowError as exc:
        return conflict(str(exc))
    return plan_out(saved)


def evaluation_out(e: Evaluation) -> dict[str, Any]:
    return {
        "id": e.pk,
        "case": link("get_case", e.case_id),
        "evaluated_on": e.evaluated_on,
        "goal_result": e.goal_result,
        "goal_result_label": e.get_goal_result_display(),
        "direction": e.direction,
        "closure_code": e.closure_code,
        "goals": [{"goal": g.goal, "result": g.result, "comment": g.comment} for g in e.goals.all()],
    }


@journey_cases.post(
    "/cases/{case_id}/evaluations",
    response={201: EvaluationOut, **WRITE_ERRORS},
    summary="終結時の評価の記録",
    description="「支援中」のケースの評価シートを記録します。goals には、実施中のプランの短期目標ごとに"
    "（プランの順に）達成状況を入れます。終結そのものは、重層的支援会議の決定として記録します。" + KEY_NOTE,
)
def post_evaluation(
    request: HttpRequest, case_id: RecordId, payload: EvaluationIn, idempotency_key: KeyHeader = None
) -> Any:
    case, viewer = require_case_editor(request, case_id)

    def create() -> Status[Any]:
        plan = evaluated_plan(case)
        goals = evaluated_goals(plan)
        form = EvaluationForm(as_post(form_data(payload, exclude=("goals",))))
        rows: dict[str, Any] = {"g-TOTAL_FORMS": len(payload.goals), "g-INITIAL_FORMS": 0}
        for index, goal in enumerate(payload.goals):
            rows |= form_data(goal, prefix=f"g-{index}")
        formset = goal_formset(as_post(rows), goals)
        if not (form.is_valid() and formset.is_valid()):
            return invalid(refused(form) + refused(formset, ("body", "payload", "goals")))
        try:
            evaluation = record_evaluation(
                viewer,
                case,
                form.save(commit=False),
                judged_goals(formset, goals),
                plan=plan,
                actor=actor_of(request),
            )
        except WorkflowError as exc:
            return conflict(str(exc))
        return Status(201, show(evaluation.pk))

    def show(evaluation_id: int) -> dict[str, Any]:
        shown, _viewer, _basis = access_case(request, case_id)
        return evaluation_out(shown.evaluations.prefetch_related("goals").get(pk=evaluation_id))

    return create_once(request, idempotency_key, "evaluation", create, show)
