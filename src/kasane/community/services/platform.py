"""The platform (ハブラボ): its sessions, the organisations invited and attending, what came out, the materials,
and the anonymous questionnaire (kasane.questionnaires). What happened on the day is recorded only from the day:
a participant count, a record, an attending organisation or a result of a session still to come is refused."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, QuerySet

from kasane import audit
from kasane.audit.actor import Actor
from kasane.community.models import (
    PlatformSession,
    Sector,
    SessionMaterial,
    SessionOrganisation,
    SessionResult,
)
from kasane.community.rules import CommunityError, require_editor, require_own
from kasane.events.files import check_upload
from kasane.lib.dates import today
from kasane.questionnaires import services as questionnaires
from kasane.questionnaires import starters
from kasane.questionnaires.models import Questionnaire
from kasane.tenancy.models import Municipality

FUTURE_PARTICIPANTS = "開催日より前に参加者数は記録できません。"
FUTURE_RECORD = "開催日より前に記録（話し合われたこと）は書けません。"
FUTURE_ATTENDED = "開催日より前の回に「参加した」は記録できません。"
FUTURE_RESULT = "開催日より前に成果は記録できません。"
ATTENDEES_NEED_ATTENDED = "参加人数を入れるときは「参加した」にチェックしてください。"
ENDS_BEFORE_START = "終了時刻は開始時刻より後にしてください。"


def is_future(session: PlatformSession) -> bool:
    return session.held_on > today()


def _require_session(session: PlatformSession, actor: Actor) -> Municipality:
    municipality = require_editor(actor)
    require_own(session.municipality_id, municipality)
    return municipality


# --- sessions ------------------------------------------------------------------------------------------------


def _check_session(session: PlatformSession, created: bool) -> None:
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        raise CommunityError(ENDS_BEFORE_START)
    if not is_future(session):
        return
    if session.participants is not None:
        raise CommunityError(FUTURE_PARTICIPANTS)
    if session.record.strip():
        raise CommunityError(FUTURE_RECORD)
    if not created and session.organisations.filter(attended=True).exists():
        raise CommunityError("参加した団体が記録されているため、開催日を今日より後にはできません。")


@transaction.atomic
def save_session(session: PlatformSession, *, changed: Iterable[str] = (), actor: Actor) -> PlatformSession:
    municipality = require_editor(actor)
    created = session.pk is None
    if created:
        session.municipality = municipality
        session.created_by = actor.staff
    else:
        require_own(session.municipality_id, municipality)
    _check_session(session, created)
    session.save()
    questionnaire = session.questionnaire
    if questionnaire is not None and questionnaire.opens_on != session.held_on:
        # Answers are taken from the day the session is held: the questionnaire moves with it.
        questionnaire.opens_on = session.held_on
        questionnaire.save(update_fields=["opens_on", "updated_at"])
    audit.log(
        "community.session_saved",
        actor=actor,
        obj=session,
        details={"created": created, "fields": sorted(changed)},
    )
    return session


@transaction.atomic
def delete_session(session: PlatformSession, *, actor: Actor) -> None:
    _require_session(session, actor)
    questionnaire = session.questionnaire
    if questionnaire is not None and questionnaire.responses.exists():
        raise CommunityError("アンケートの回答が届いている回は削除できません。")
    files = [(m.file.storage, m.file.name) for m in session.materials.all() if m.file]
    audit.log(
        "community.session_deleted",
        actor=actor,
        obj=session,
        details={
            "organisations": session.organisations.count(),
            "materials": len(files),
            "questionnaire": session.questionnaire_id,
        },
    )
    session.delete()
    if questionnaire is not None:
        questionnaire.delete()
    for storage, name in files:
        # Only once the deletion has committed: a rollback must not lose the file.
        transaction.on_commit(partial(storage.delete, name))


# --- organisations -------------------------------------------------------------------------------------------


def _check_organisation(session: PlatformSession, row: SessionOrganisation) -> None:
    if row.attendees and not row.attended:
        raise CommunityError(f"{row.name}：{ATTENDEES_NEED_ATTENDED}")
    if row.attended and is_future(session):
        raise CommunityError(f"{row.name}：{FUTURE_ATTENDED}")


@transaction.atomic
def save_organisations(
    session: PlatformSession,
    rows: Sequence[SessionOrganisation],
    removed: Sequence[SessionOrganisation] = (),
    *,
    actor: Actor,
) -> None:
    """Save the organisations of a session as the page lists them: ``rows`` added or changed, ``removed`` gone."""
    _require_session(session, actor)
    for row in [*rows, *removed]:
        if row.pk is not None and row.session_id != session.pk:
            raise CommunityError("他の回の団体は変更できません。")
    for row in rows:
        row.session = session
        _check_organisation(session, row)
    touched = [r.pk for r in [*rows, *removed] if r.pk is not None]
    kept = session.organisations.exclude(pk__in=touched).values_list("name", flat=True)
    names = Counter([*kept, *(r.name for r in rows)])
    twice = sorted(name for name, n in names.items() if n > 1)
    if twice:
        raise CommunityError(f"同じ団体が2回入っています：{'、'.join(twice)}")
    SessionOrganisation.objects.filter(pk__in=[r.pk for r in removed if r.pk is not None]).delete()
    try:
        with transaction.atomic():
            for row in rows:
                row.save()
    except IntegrityError:
        raise CommunityError("団体名の入れ替えは、一度保存してからもう一度行ってください。") from None
    present = session.organisations.filter(attended=True).count()
    audit.log(
        "community.organisation_saved",
        actor=actor,
        obj=session,
        details={"saved": len(rows), "removed": len(removed), "attended": present},
    )


@dataclass(frozen=True)
class SectorCount:
    code: str
    label: str
    invited: int
    attended: int
    attendees: int


def sector_counts(organisations: Iterable[SessionOrganisation]) -> list[SectorCount]:
    """Per sector, the organisations invited, those that came, and how many people they sent."""
    listed = list(organisations)
    return [
        SectorCount(
            code,
            label,
            sum(1 for o in listed if o.sector == code and o.invited),
            sum(1 for o in listed if o.sector == code and o.attended),
            sum(o.attendees for o in listed if o.sector == code),
        )
        for code, label in Sector.choices
    ]


# --- results and materials -----------------------------------------------------------------------------------


@transaction.atomic
def add_result(session: PlatformSession, result: SessionResult, *, actor: Actor) -> SessionResult:
    municipality = _require_session(session, actor)
    if is_future(session):
        raise CommunityError(FUTURE_RESULT)
    if result.service is not None and result.service.municipality_id != municipality.pk:
        raise CommunityError("他の市町村の社会資源は選べません。")
    result.session = session
    result.save()
    audit.log(
        "community.result_saved",
        actor=actor,
        obj=result,
        details={"session": session.pk, "kind": result.kind, "service": result.service_id},
    )
    return result


@transaction.atomic
def delete_result(result: SessionResult, *, actor: Actor) -> None:
    _require_session(result.session, actor)
    audit.log("community.result_deleted", actor=actor, obj=result, details={"session": result.session_id})
    result.delete()


@transaction.atomic
def add_material(
    session: PlatformSession, *, title: str, upload: UploadedFile, actor: Actor
) -> SessionMaterial:
    """Keep a handout or slide deck: the same types and limit as an event's materials (events.files)."""
    _require_session(session, actor)
    problem = check_upload(upload)
    if problem:
        raise CommunityError(problem)
    material = SessionMaterial(
        session=session,
        title=title,
        file=upload,
        original_name=(upload.name or "")[-200:],
        size=upload.size,
        uploaded_by=actor.staff,
    )
    material.save()
    audit.log(
        "community.material_added",
        actor=actor,
        obj=material,
        details={"session": session.pk, "size": material.size, "type": _suffix(upload.name)},
    )
    return material


def _suffix(name: str | None) -> str:
    return name.rsplit(".", 1)[-1].lower() if name and "." in name else ""


@transaction.atomic
def delete_material(material: SessionMaterial, *, actor: Actor) -> None:
    _require_session(material.session, actor)
    storage, name = material.file.storage, material.file.name
    audit.log(
        "community.material_deleted", actor=actor, obj=material, details={"session": material.session_id}
    )
    material.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- the questionnaire ---------------------------------------------------------------------------------------


@transaction.atomic
def create_session_questionnaire(session: PlatformSession, *, actor: Actor) -> Questionnaire:
    """The ハブラボ's anonymous questionnaire, from the platform starter (sectors as the respondent categories),
    answered from the day it is held. The municipality's own: the prefecture's lists do not show it."""
    municipality = _require_session(session, actor)
    if session.questionnaire_id is not None:
        raise CommunityError("この回のアンケートはすでに作成されています。")
    questionnaire = Questionnaire(
        prefecture=municipality.prefecture,
        municipality=municipality,
        title=f"{session.title} アンケート"[:120],
        anonymous=True,
        opens_on=session.held_on,
    )
    questionnaires.create_questionnaire(questionnaire, starter=starters.PLATFORM, actor=actor)
    session.questionnaire = questionnaire
    session.save(update_fields=["questionnaire", "updated_at"])
    audit.log(
        "community.questionnaire_created",
        actor=actor,
        obj=session,
        details={"questionnaire": questionnaire.pk, "starter": starters.PLATFORM.key},
    )
    return questionnaire


@transaction.atomic
def set_questionnaire_open(session: PlatformSession, opened: bool, *, actor: Actor) -> None:
    """Start or end taking answers (the questionnaires app records the change in the trail)."""
    _require_session(session, actor)
    questionnaire = session.questionnaire
    if questionnaire is None:
        raise CommunityError("この回にはアンケートがありません。")
    try:
        if opened:
            questionnaires.open_questionnaire(questionnaire, actor=actor)
        else:
            questionnaires.close_questionnaire(questionnaire, actor=actor)
    except questionnaires.QuestionnaireError as exc:
        raise CommunityError(str(exc)) from None


# --- reading -------------------------------------------------------------------------------------------------


def sessions_in(municipality: Municipality) -> QuerySet[PlatformSession]:
    """The municipality's sessions, newest first, with what the list shows of each in a fixed number of queries:
    the organisations that came (their sectors), the results, the questionnaire's respondents."""
    present = SessionOrganisation.objects.filter(attended=True).only("session_id", "sector")
    return (
        PlatformSession.objects.filter(municipality=municipality)
        .annotate(
            result_count=Count("results", distinct=True),
            respondents=Count("questionnaire__responses", distinct=True),
        )
        .prefetch_related(Prefetch("organisations", queryset=present, to_attr="present"))
        .order_by("-held_on", "-pk")
    )


def sectors_present(session: Any) -> list[str]:
    """The sectors of the organisations that came, in Sector's order (from ``sessions_in``'s prefetch)."""
    codes = {o.sector for o in session.present}
    return [label for code, label in Sector.choices if code in codes]
