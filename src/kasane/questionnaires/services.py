"""Every change to questionnaires: one transaction, one audit entry.

Staff changes are audited with the member of staff as actor. An anonymous answer is audited too, as an
entry with no actor and no address (the call passes no request): the trail shows that and when an answer
arrived, and nothing about who sent it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from kasane import audit
from kasane.audit.actor import Actor
from kasane.questionnaires import starters
from kasane.questionnaires.models import (
    AGE_BANDS,
    LIKERT_SCALES,
    RESPONDENT_CATEGORIES,
    Answer,
    AnswerLink,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Status,
)

LOCKED = (
    "回答が届いているため、設問の追加・変更・並べ替え・削除はできません（集計が変わってしまうためです）。"
)
MAX_LINKS = 500


class QuestionnaireError(Exception):
    """A rule of questionnaires was broken; the message is shown to the user as it is."""


class LinkUsed(QuestionnaireError):
    """The one-time link has already been used for an answer."""


def _log(action: str, obj: Any, *, actor: Actor, **details: Any) -> None:
    audit.log(action, actor=actor, obj=obj, details=details)


def is_locked(questionnaire: Questionnaire) -> bool:
    return questionnaire.responses.exists()


def _require_unlocked(questionnaire: Questionnaire) -> None:
    if is_locked(questionnaire):
        raise QuestionnaireError(LOCKED)


def fixed_labels(kind: str, scale: str = "") -> tuple[str, ...]:
    """The options of the kinds whose options are not written by staff."""
    if kind == QuestionKind.AGE:
        return AGE_BANDS
    if kind == QuestionKind.CATEGORY:
        return RESPONDENT_CATEGORIES
    if kind == QuestionKind.LIKERT:
        return LIKERT_SCALES[scale or "understood"][1]
    return ()


def _set_choices(question: Question, labels: Sequence[str]) -> None:
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(question=question, order=i, label=label) for i, label in enumerate(labels, start=1)
    )


def append_question(questionnaire: Questionnaire, question: Question, labels: Sequence[str]) -> Question:
    """Put the question last, with its options (written ones, or the fixed list of its kind). Not audited on
    its own: the callers are."""
    if question.kind == QuestionKind.CATEGORY and questionnaire.questions.filter(kind=question.kind).exists():
        raise QuestionnaireError(
            "職業（回答者区分）の設問は1つだけ置けます。自由記述はこの区分で分けて集計します。"
        )
    last = questionnaire.questions.aggregate(last=Max("order"))["last"] or 0
    question.questionnaire = questionnaire
    question.order = last + 1
    if question.kind == QuestionKind.LIKERT and not question.scale:
        question.scale = "understood"
    question.save()
    _set_choices(
        question, labels if question.choices_editable else fixed_labels(question.kind, question.scale)
    )
    return question


def copy_starter(questionnaire: Questionnaire, starter: starters.Starter) -> None:
    for spec in starter.questions:
        question = Question(
            kind=spec.kind, text=spec.text, scale=spec.scale, required=spec.required, help_text=spec.help_text
        )
        append_question(questionnaire, question, spec.choices)
        if spec.kind == QuestionKind.CATEGORY and spec.choices:
            # A starter may name its own respondent categories (the ハブラボ's sectors).
            _set_choices(question, spec.choices)


@transaction.atomic
def create_questionnaire(
    questionnaire: Questionnaire, *, starter: str | starters.Starter = starters.BLANK, actor: Actor
) -> Questionnaire:
    """Save a new questionnaire, with the questions of the chosen starter. The 研修前・研修後 starter makes
    two questionnaires, the 研修後 one paired with the 研修前 one; the 研修前 one is returned. Another app may
    pass a ``Starter`` of its own (地域づくり's ハブラボ), kept out of STARTERS so the prefecture is not offered it."""
    questionnaire.created_by = actor.staff
    if starter == starters.PRE_POST:
        title, typed_intro = questionnaire.title, questionnaire.intro
        pre = _save_new(questionnaire, f"{title}（研修前）", starters.PRE)
        post = Questionnaire(
            prefecture=questionnaire.prefecture,
            event=questionnaire.event,
            intro=typed_intro,
            anonymous=questionnaire.anonymous,
            one_answer_per_link=questionnaire.one_answer_per_link,
            opens_on=questionnaire.opens_on,
            opens_time=questionnaire.opens_time,
            closes_on=questionnaire.closes_on,
            closes_time=questionnaire.closes_time,
            created_by=questionnaire.created_by,
            pair=pre,
        )
        _save_new(post, f"{title}（研修後）", starters.POST)
        _log("questionnaire.created", pre, starter=starter, questions=pre.questions.count(), actor=actor)
        _log("questionnaire.created", post, starter=starter, questions=post.questions.count(), actor=actor)
        return pre
    chosen = starter if isinstance(starter, starters.Starter) else starters.STARTERS.get(starter)
    if chosen is None:
        questionnaire.save()
    else:
        _save_new(questionnaire, questionnaire.title, chosen)
    _log(
        "questionnaire.created",
        questionnaire,
        starter=chosen.key if chosen else starter,
        questions=questionnaire.questions.count(),
        actor=actor,
    )
    return questionnaire


def _save_new(questionnaire: Questionnaire, title: str, starter: starters.Starter) -> Questionnaire:
    questionnaire.title = title[:120]
    questionnaire.phase = starter.phase
    questionnaire.intro = questionnaire.intro or starter.intro
    questionnaire.save()
    copy_starter(questionnaire, starter)
    return questionnaire


@transaction.atomic
def update_settings(questionnaire: Questionnaire, changed: Iterable[str], *, actor: Actor) -> None:
    questionnaire.save()
    _log("questionnaire.updated", questionnaire, fields=sorted(changed), actor=actor)


@transaction.atomic
def delete_questionnaire(questionnaire: Questionnaire, *, actor: Actor) -> None:
    if is_locked(questionnaire):
        raise QuestionnaireError("回答が届いているアンケートは削除できません。受付を終了してください。")
    _log("questionnaire.deleted", questionnaire, actor=actor)
    questionnaire.delete()


@transaction.atomic
def open_questionnaire(questionnaire: Questionnaire, *, actor: Actor) -> None:
    if not questionnaire.questions.exists():
        raise QuestionnaireError("設問が1つもありません。設問を追加してから回答受付を始めてください。")
    questionnaire.status = Status.OPEN
    questionnaire.save(update_fields=["status", "updated_at"])
    _log("questionnaire.opened", questionnaire, actor=actor)


@transaction.atomic
def close_questionnaire(questionnaire: Questionnaire, *, actor: Actor) -> None:
    questionnaire.status = Status.CLOSED
    questionnaire.save(update_fields=["status", "updated_at"])
    _log("questionnaire.closed", questionnaire, responses=questionnaire.responses.count(), actor=actor)


# --- questions ---------------------------------------------------------------------------------------------


@transaction.atomic
def add_question(
    questionnaire: Questionnaire, question: Question, labels: Sequence[str] = (), *, actor: Actor
) -> Question:
    _require_unlocked(questionnaire)
    append_question(questionnaire, question, labels)
    _log("question.added", questionnaire, question=question.pk, kind=question.kind, actor=actor)
    return question


@transaction.atomic
def update_question(question: Question, labels: Sequence[str] = (), *, actor: Actor) -> None:
    _require_unlocked(question.questionnaire)
    question.save()
    _set_choices(
        question, labels if question.choices_editable else fixed_labels(question.kind, question.scale)
    )
    _log("question.updated", question.questionnaire, question=question.pk, actor=actor)


@transaction.atomic
def move_question(question: Question, *, up: bool, actor: Actor) -> None:
    questionnaire = question.questionnaire
    _require_unlocked(questionnaire)
    ordered = list(questionnaire.questions.order_by("order", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for number, q in enumerate(ordered, start=1):
        q.order = number
    Question.objects.bulk_update(ordered, ["order"])
    _log("question.moved", questionnaire, question=question.pk, to=other + 1, actor=actor)


@transaction.atomic
def delete_question(question: Question, *, actor: Actor) -> None:
    questionnaire = question.questionnaire
    _require_unlocked(questionnaire)
    _log("question.deleted", questionnaire, question=question.pk, kind=question.kind, actor=actor)
    question.delete()
    remaining = list(questionnaire.questions.order_by("order", "pk"))
    for number, q in enumerate(remaining, start=1):
        q.order = number
    Question.objects.bulk_update(remaining, ["order"])


# --- distribution and answers ------------------------------------------------------------------------------


@transaction.atomic
def create_links(questionnaire: Questionnaire, count: int, *, actor: Actor) -> list[AnswerLink]:
    if not questionnaire.one_answer_per_link:
        raise QuestionnaireError("このアンケートは共通リンクで回答する設定です。個別リンクは発行できません。")
    existing = questionnaire.links.count()
    if count < 1 or existing + count > MAX_LINKS:
        raise QuestionnaireError(
            f"個別リンクは1つのアンケートにつき{MAX_LINKS}件までです（発行済み{existing}件）。"
        )
    start = (questionnaire.links.aggregate(last=Max("number"))["last"] or 0) + 1
    links = AnswerLink.objects.bulk_create(
        AnswerLink(questionnaire=questionnaire, number=n) for n in range(start, start + count)
    )
    _log("questionnaire.links_created", questionnaire, count=count, first=start, actor=actor)
    return links


def submit_response(
    questionnaire: Questionnaire,
    answers: dict[Question, Any],
    *,
    link: AnswerLink | None = None,
    respondent: tuple[str, str] = ("", ""),
    at: dt.datetime | None = None,
) -> Response:
    """Store one respondent's answers. ``answers`` maps each question to a Choice, a list of Choices, or a
    text. Raises LinkUsed when the one-time link has been used (also when two submissions race)."""
    try:
        with transaction.atomic():
            if link is not None and Response.objects.filter(link=link).exists():
                raise LinkUsed(USED_LINK)
            response = Response.objects.create(
                questionnaire=questionnaire,
                submitted_at=at or timezone.now(),
                link=link,
                respondent_name=respondent[0],
                respondent_organisation=respondent[1],
            )
            Answer.objects.bulk_create(_answer_rows(response, answers))
            # No request: the entry carries neither the respondent's address nor an account.
            _log(
                "questionnaire.answered",
                questionnaire,
                response=response.pk,
                by_link=link is not None,
                actor=Actor(),
            )
    except IntegrityError:
        raise LinkUsed(USED_LINK) from None
    return response


USED_LINK = "このリンクはすでに回答に使われています。回答は1つのリンクにつき1回です。"


def _answer_rows(response: Response, answers: dict[Question, Any]) -> list[Answer]:
    rows: list[Answer] = []
    for question, value in answers.items():
        if question.kind == QuestionKind.TEXT:
            text = str(value or "").strip()
            if text:
                rows.append(Answer(response=response, question=question, text=text))
        elif isinstance(value, list | tuple):
            rows.extend(Answer(response=response, question=question, choice=c) for c in value)
        elif value is not None:
            rows.append(Answer(response=response, question=question, choice=value))
    return rows


@transaction.atomic
def save_excerpts(questionnaire: Questionnaire, selected: set[int], *, actor: Actor) -> int:
    """Mark the chosen free-text answers as excerpts for the report, and unmark the others."""
    texts = Answer.objects.filter(response__questionnaire=questionnaire, question__kind=QuestionKind.TEXT)
    texts.filter(pk__in=selected).update(excerpt=True)
    texts.exclude(pk__in=selected).update(excerpt=False)
    count = texts.filter(excerpt=True).count()
    _log("questionnaire.excerpts", questionnaire, excerpts=count, actor=actor)
    return count
