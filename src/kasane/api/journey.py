"""The case journey's first writes through the API: households and persons, 相談受付, 同意, つなぎ.

Each operation loads what it acts on through the access helper, checks the permission as the page does, feeds
the page's own form and calls the page's service, so the rules, the words and the audit entries are the same.
Creates take an ``Idempotency-Key`` (``kasane.api.idempotency``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Status

from kasane.api.casework import RECORD_ERRORS, casework
from kasane.api.casework_out import consultation_out, household_out, person_out, shown_referral
from kasane.api.casework_schemas import ConsentOut, ConsultationOut, HouseholdOut, PersonOut, ReferralOut
from kasane.api.idempotency import KeyHeader, create_once
from kasane.api.journey_schemas import (
    ConsentIn,
    ConsultationIn,
    HouseholdIn,
    MemberIn,
    ReferralIn,
    ReferralTransitionIn,
    WithdrawalIn,
)
from kasane.api.schemas import ErrorOut, RecordId
from kasane.api.writes import as_post, conflict, form_data, invalid, link, moment_data, refused
from kasane.audit.actor import actor_of
from kasane.casework.access import (
    access_consent,
    access_consultation,
    access_household,
    access_person,
    access_referral,
)
from kasane.casework.forms.consents import ConsentForm, WithdrawForm
from kasane.casework.forms.consultations import IntakeForms
from kasane.casework.forms.households import MemberForm, PersonForm
from kasane.casework.forms.referrals import ReferralForm
from kasane.casework.models import LIFE_FIELDS, Consent, Consultation, Person, Referral
from kasane.casework.models.referrals import Status as ReferralStatus
from kasane.casework.queries.search import possible_duplicates, shown_ids
from kasane.casework.services.consents import record_consent, withdraw_consent
from kasane.casework.services.consultations import RecordError, record_consultation
from kasane.casework.services.households import create_person
from kasane.casework.services.referrals import send_referral, transition
from kasane.casework.visibility import Viewer, record_denied, record_list, require_viewer
from kasane.casework.workflow import referrals as referral_workflow

# The case records' router: a path read there (GET /referrals) and written here (POST) must be one route.
journey = casework
# A write may also be refused for a body that is not JSON (400) and for the record's state (409: the page's
# own message).
WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, **RECORD_ERRORS, 409: ErrorOut}
KEY_NOTE = "Idempotency-Key を付けると、同じ登録を送り直しても二重には登録されません。"


def require_editor(request: HttpRequest) -> Viewer:
    """Staff who record for an agency; the others are refused (403) as on the pages."""
    viewer = require_viewer(request)
    if not viewer.edit_agency_ids:
        raise PermissionDenied
    return viewer


def lookalikes_found(request: HttpRequest, viewer: Viewer, form: PersonForm) -> Status[Any] | None:
    """As on the page, nobody is created before staff have seen the look-alikes: 409 naming them (only those
    the caller may see), until the body says they were judged to be other people."""
    data = form.cleaned_data
    found = possible_duplicates(viewer, data["name"], data["kana"], data["birth_date"])
    if not found:
        return None
    record_list(request, viewer, "person.lookalikes_shown", shown_ids(found))
    numbers = "、".join(str(p.pk) for p in found)
    return conflict(
        f"よく似た方がすでに登録されています（番号：{numbers}）。同じ方なら、その方の記録を使ってください。"
        "別の方だと確かめたときは、confirmed_new を true にして送ってください。"
    )


def show_person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    return person_out(access_person(request, person_id)[0])


@journey.post(
    "/households",
    response={201: HouseholdOut, **WRITE_ERRORS},
    summary="世帯と本人の登録",
    description="本人を主たる相談者とする新しい世帯を、世帯員とともに登録します。よく似た方が登録済みのときは "
    "409 で知らせます（確かめて別の方なら confirmed_new を true に）。" + KEY_NOTE,
)
def post_household(request: HttpRequest, payload: HouseholdIn, idempotency_key: KeyHeader = None) -> Any:
    viewer = require_editor(request)

    def create() -> Status[Any]:
        person_form = PersonForm(as_post(form_data(payload.person)))
        member_forms = [MemberForm(as_post(form_data(m))) for m in payload.members]
        found = refused(person_form, ("body", "payload", "person"))
        for index, member_form in enumerate(member_forms):
            found += refused(member_form, ("body", "payload", "members", index))
        if found:
            return invalid(found)
        if not payload.confirmed_new and (lookalikes := lookalikes_found(request, viewer, person_form)):
            return lookalikes
        actor = actor_of(request)
        main = create_person(viewer, person_form.save(commit=False), actor=actor)
        for member_form in member_forms:
            member: Person = member_form.save(commit=False)
            if not member.lives_apart and not member.address:
                member.address = main.address  # the household's address, as the page fills it in
            create_person(viewer, member, household=main.household, actor=actor)
        return Status(201, show(main.household_id))

    def show(household_id: int) -> dict[str, Any]:
        return household_out(*access_household(request, household_id))

    return create_once(request, idempotency_key, "household", create, show)


@journey.post(
    "/households/{household_id}/members",
    response={201: PersonOut, **WRITE_ERRORS},
    summary="世帯員の追加",
    description="世帯を記録した機関の職員が、世帯員を1人追加します。" + KEY_NOTE,
)
def post_member(
    request: HttpRequest, household_id: RecordId, payload: MemberIn, idempotency_key: KeyHeader = None
) -> Any:
    household, viewer, _basis, _members = access_household(request, household_id)
    if not viewer.can_edit(household.owner_agency_id):
        raise PermissionDenied

    def create() -> Status[Any]:
        form = MemberForm(as_post(form_data(payload)))
        if not form.is_valid():
            return invalid(refused(form))
        person = create_person(viewer, form.save(commit=False), household=household, actor=actor_of(request))
        return Status(201, show_person(request, person.pk))

    return create_once(request, idempotency_key, "person", create, lambda pk: show_person(request, pk))


def received_referral(request: HttpRequest, viewer: Viewer, referral_id: int) -> Referral:
    """A つなぎ the caller's agency received and accepted, whose basis stands: 404 otherwise (as the page)."""
    referral, _viewer, _basis = access_referral(request, referral_id)
    taken = referral.status in (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS) and referral.basis_valid
    if referral.to_agency_id not in viewer.edit_agency_ids or not taken:
        record_denied(request, viewer, Person, referral.person_id, exists=True)
        raise Http404
    return referral


# Where the consultation form's fields sit in the body when not at its top.
INTAKE_FIELDS: dict[str, tuple[str, ...]] = {
    "referrer_agency": ("referrer_agency_id",),
    **{name: ("life", name) for name in LIFE_FIELDS},
}
INTAKE_OWN = (
    "person_id",
    "person",
    "members",
    "referral_id",
    "confirmed_new",
    "received_at",
    "life",
    "consent",
)


def intake_forms(
    viewer: Viewer, payload: ConsultationIn, person: Person | None, referral: Referral | None
) -> IntakeForms:
    data = form_data(payload, exclude=(*INTAKE_OWN, "referrer_agency_id"))
    data |= moment_data("received_at", payload.received_at) | form_data(payload.life)
    data["referrer_agency"] = payload.referrer_agency_id or ""
    if person is None and payload.person is not None:
        data |= form_data(payload.person, prefix="p")
        if payload.members:
            data |= {"m-TOTAL_FORMS": len(payload.members), "m-INITIAL_FORMS": 0}
            for index, member in enumerate(payload.members):
                data |= form_data(member, prefix=f"m-{index}")
    if payload.consent is not None:
        data |= form_data(payload.consent, prefix="c")
    return IntakeForms(
        as_post(data), None, municipality=viewer.municipality, new_person=person is None, referral=referral
    )


def intake_refused(intake: IntakeForms) -> list[dict[str, Any]]:
    found = refused(intake.consultation, ("body", "payload"), INTAKE_FIELDS)
    found += refused(intake.person, ("body", "payload", "person"))
    found += refused(intake.members, ("body", "payload", "members"))
    if intake.consultation.wants_consent:
        found += refused(intake.consent, ("body", "payload", "consent"))
    return found


@journey.post(
    "/consultations",
    response={201: ConsultationOut, **WRITE_ERRORS},
    summary="相談受付",
    description="相談受付・申込票（A票・B票）の項目で相談を受け付けます。登録済みの方は person_id、新しい方は "
    "person（世帯員は members に3人まで）、受理したつなぎからは referral_id で指定します。"
    "同意ありのときは consent に同意の内容を入れます。" + KEY_NOTE,
)
def post_consultation(
    request: HttpRequest, payload: ConsultationIn, idempotency_key: KeyHeader = None
) -> Any:
    viewer = require_editor(request)
    referral = received_referral(request, viewer, payload.referral_id) if payload.referral_id else None
    person: Person | None = referral.person if referral is not None else None
    if person is None and payload.person_id is not None:
        person = access_person(request, payload.person_id)[0]
    if person is None and payload.person is None:
        message = "相談者を、登録済みの方なら person_id、新しい方なら person で指定してください。"
        return invalid([{"loc": ["body", "payload", "person"], "message": message}])
    if person is not None and payload.members:
        message = (
            "登録済みの方の世帯員は、相談受付では加えません。"
            "世帯員の追加（POST /households/{household_id}/members）で加えてください。"
        )
        return invalid([{"loc": ["body", "payload", "members"], "message": message}])

    def create() -> Status[Any]:
        intake = intake_forms(viewer, payload, person, referral)
        if not intake.is_valid():
            return invalid(intake_refused(intake))
        new_person = intake.person is not None and not payload.confirmed_new
        if new_person and intake.person and (lookalikes := lookalikes_found(request, viewer, intake.person)):
            return lookalikes
        try:
            consultation = record_consultation(
                viewer,
                intake.consultation,
                person=person,
                new_person=intake.person.save(commit=False) if intake.person is not None else None,
                consent_form=intake.given_consent,
                members=intake.new_members(),
                actor=actor_of(request),
            )
        except RecordError as exc:
            return invalid([{"loc": ["body", "payload"], "message": str(exc)}])
        return Status(201, show(consultation.pk))

    def show(consultation_id: int) -> dict[str, Any]:
        consultation, viewer, _basis = access_consultation(request, consultation_id)
        return consultation_out(consultation, viewer)

    return create_once(request, idempotency_key, "consultation", create, show)


def consent_out(consent: Consent) -> dict[str, Any]:
    return {
        "id": consent.pk,
        "person": link("get_person", consent.person_id),
        "owner_agency": consent.owner_agency.name,
        "covers_collaboration": consent.covers_collaboration,
        "covers_meeting": consent.covers_meeting,
        "shared_agencies": [a.name for a in consent.shared_agencies.all()],
        "purpose": consent.purpose,
        "obtained_on": consent.obtained_on,
        "method": consent.method,
        "method_label": consent.get_method_display(),
        "is_active": consent.is_active,
        "withdrawn_on": consent.withdrawn_on,
    }


@journey.post(
    "/persons/{person_id}/consents",
    response={201: ConsentOut, **WRITE_ERRORS},
    summary="同意の記録",
    description="本人から得た同意（多機関協働の利用申込み、重層的支援会議での検討、情報を共有する機関）を記録します。"
    "同意書のスキャンは画面から添付します。" + KEY_NOTE,
)
def post_consent(
    request: HttpRequest, person_id: RecordId, payload: ConsentIn, idempotency_key: KeyHeader = None
) -> Any:
    person, viewer, _basis = access_person(request, person_id)
    if not viewer.edit_agency_ids:
        raise PermissionDenied

    def create() -> Status[Any]:
        form = ConsentForm(as_post(form_data(payload)), None, municipality=viewer.municipality)
        if not form.is_valid():
            return invalid(refused(form))
        consent = record_consent(viewer, person, form, actor=actor_of(request))
        return Status(201, show(consent.pk))

    def show(consent_id: int) -> dict[str, Any]:
        return consent_out(access_consent(request, consent_id)[0])

    return create_once(request, idempotency_key, "consent", create, show)


@journey.post(
    "/consents/{consent_id}/withdrawal",
    response={200: ConsentOut, **WRITE_ERRORS},
    summary="同意の撤回",
    description="同意の撤回を記録します。この同意に基づく他機関の閲覧は、ただちに停止されます。",
)
def post_withdrawal(request: HttpRequest, consent_id: RecordId, payload: WithdrawalIn) -> Any:
    consent, viewer = access_consent(request, consent_id)
    if not viewer.can_edit(consent.owner_agency_id):
        raise PermissionDenied
    if not consent.is_active:
        return conflict("この同意はすでに撤回されています。")
    form = WithdrawForm(as_post(form_data(payload)), consent=consent)
    if not form.is_valid():
        return invalid(refused(form))
    data = form.cleaned_data
    withdrawn = withdraw_consent(
        viewer, consent, data["withdrawn_on"], data["withdrawal_note"], actor=actor_of(request)
    )
    return consent_out(withdrawn)


# Where the referral form's fields sit in the body.
REFERRAL_FIELDS: dict[str, tuple[str, ...]] = {"to_agency": ("to_agency_id",), "consent": ("consent_id",)}


@journey.post(
    "/referrals",
    response={201: ReferralOut, **WRITE_ERRORS},
    summary="つなぎ（紹介）",
    description="自機関の相談受付（consultation_id）から、または見ることのできる方（person_id）について、"
    "他の機関へつなぎます。共有するのは選んだ項目だけです。" + KEY_NOTE,
)
def post_referral(request: HttpRequest, payload: ReferralIn, idempotency_key: KeyHeader = None) -> Any:
    viewer = require_editor(request)
    consultation: Consultation | None = None
    if payload.consultation_id is not None:
        consultation = access_consultation(request, payload.consultation_id)[0]
        if consultation.owner_agency_id not in viewer.agency_ids:
            raise Http404  # only the agency that took a consultation refers it
        person = consultation.person
    elif payload.person_id is not None:
        person = access_person(request, payload.person_id)[0]
    else:
        message = "つなぐ方を、相談受付の consultation_id か本人の person_id で指定してください。"
        return invalid([{"loc": ["body", "payload", "person_id"], "message": message}])

    def create() -> Status[Any]:
        data = form_data(payload, exclude=("consultation_id", "person_id", "to_agency_id", "consent_id"))
        data |= {"to_agency": payload.to_agency_id, "consent": payload.consent_id or ""}
        form = ReferralForm(as_post(data), viewer=viewer, person=person)
        if not form.is_valid():
            return invalid(refused(form, ("body", "payload"), REFERRAL_FIELDS))
        referral = send_referral(viewer, person, form, consultation=consultation, actor=actor_of(request))
        return Status(201, show(referral.pk))

    def show(referral_id: int) -> dict[str, Any]:
        referral, viewer, _basis = access_referral(request, referral_id)
        return shown_referral(referral, viewer)

    return create_once(request, idempotency_key, "referral", create, show)


@journey.post(
    "/referrals/{referral_id}/transitions",
    response={200: ReferralOut, **WRITE_ERRORS},
    summary="つなぎの受理・辞退・対応開始・完了・取消",
    description="つなぎ先は accept（受理）・decline（辞退、理由が必要）・start（対応開始）・complete（完了）、"
    "つなぐ元は cancel（取消、理由が必要）を行います。いまの状態でできない操作には 409 を返します。",
)
def post_referral_transition(
    request: HttpRequest, referral_id: RecordId, payload: ReferralTransitionIn
) -> Any:
    referral, viewer, _basis = access_referral(request, referral_id)
    sender = referral.from_agency_id in viewer.agency_ids
    if not viewer.can_edit(referral.from_agency_id if sender else referral.to_agency_id):
        raise PermissionDenied
    if referral_workflow.ACTIONS[payload.action].needs_reason and not payload.note.strip():
        return invalid([{"loc": ["body", "payload", "note"], "message": "理由を入力してください。"}])
    try:
        moved = transition(viewer, referral, payload.action, payload.note, actor=actor_of(request))
    except referral_workflow.TransitionError as exc:
        return conflict(str(exc))
    return shown_referral(moved, viewer)
