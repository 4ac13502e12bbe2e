"""Questionnaires, questions and answers made for the questionnaire tests (and the demo's and the browser's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from kasane.accounts.models import User
from kasane.events.models import Event, EventFormat, EventKind
from kasane.lib.dates import today
from kasane.questionnaires import services, starters
from kasane.questionnaires.models import Phase, Question, QuestionKind, Questionnaire, Status
from kasane.tenancy.models import Prefecture


def make_event(prefecture: Prefecture, user: User, **extra: Any) -> Event:
    values: dict[str, Any] = {
        "kind": EventKind.TRAINING,
        "title": "第1回 人材養成研修",
        "fiscal_year": 2026,
        "starts_on": today(),
        "start_time": dt.time(13, 30),
        "end_time": dt.time(16, 0),
        "format": EventFormat.HYBRID,
        "place": "岩手県民会館 第2会議室",
    }
    values.update(extra)
    return Event.objects.create(prefecture=prefecture, created_by=user, **values)


def make_questionnaire(
    prefecture: Prefecture,
    user: User,
    *,
    starter: starters.Starter | None = None,
    status: str = Status.OPEN,
    **extra: Any,
) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        prefecture=prefecture,
        title=extra.pop("title", "研修アンケート"),
        created_by=user,
        status=status,
        phase=starter.phase if starter else Phase.SINGLE,
        **extra,
    )
    if starter is not None:
        services.copy_starter(questionnaire, starter)
    return questionnaire


def add(
    questionnaire: Questionnaire, kind: str, text: str, labels: tuple[str, ...] = (), **extra: Any
) -> Question:
    question = Question(kind=kind, text=text, **extra)
    return services.append_question(questionnaire, question, labels)


def choice(question: Question, label: str) -> Any:
    return question.choices.get(label=label)


def staff_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answer_data(questionnaire: Questionnaire, **overrides: Any) -> dict[str, Any]:
    """A complete, valid answer: the first option everywhere, a text for the free-text questions."""
    data: dict[str, Any] = {}
    for question in questionnaire.questions.prefetch_related("choices"):
        first = question.choices.first()
        if question.kind == QuestionKind.TEXT:
            data[f"q{question.pk}"] = "とても勉強になりました"
        elif question.kind == QuestionKind.MULTIPLE and first is not None:
            data[f"q{question.pk}"] = [str(first.pk)]
        elif first is not None:
            data[f"q{question.pk}"] = str(first.pk)
    data.update(overrides)
    return data
