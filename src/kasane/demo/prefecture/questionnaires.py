"""Demo questionnaires for the events ``events.demo`` created: each past 情報共有の場 and 研修 has its
questionnaire with 12–40 answers (one 研修 asks before and after, and shows the understanding improve), and the
next event has an open questionnaire with its link. Answers are drawn from a seeded random generator, so every
load gives the same figures."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from kasane.demo.prefecture import questionnaire_texts as demo_texts
from kasane.events.models import Event, EventKind
from kasane.questionnaires import starters
from kasane.questionnaires.models import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Status,
)
from kasane.questionnaires.services import copy_starter
from kasane.tenancy.models import Prefecture

if TYPE_CHECKING:
    from kasane.demo.prefecture.staff import BackupStaff

TOKYO = ZoneInfo("Asia/Tokyo")
AGE_WEIGHTS = (4, 18, 28, 30, 16, 4)  # 20代以下 … 70代以上
# 福祉関係者, 行政職員, 医療関係者, その他
CATEGORY_WEIGHTS = {"forum": (38, 44, 6, 12), "training": (50, 34, 10, 6)}
# Likert levels, most positive first.
LIKERT_BEFORE = (4, 24, 34, 28, 10)
LIKERT_AFTER = (34, 48, 12, 5, 1)
LIKERT_SINGLE = (24, 46, 20, 8, 2)
TEXT_RATE = 0.55
FORUM_KINDS = (EventKind.FORUM, EventKind.PREF_MEETING)


def load(prefecture: Prefecture, today: dt.date, staff: BackupStaff) -> None:
    events = list(
        Event.objects.filter(prefecture=prefecture, kind__in=[*FORUM_KINDS, EventKind.TRAINING]).order_by(
            "starts_on", "pk"
        )
    )
    past = [e for e in events if e.starts_on < today]
    trainings = [e for e in past if e.kind == EventKind.TRAINING]
    paired = trainings[-1] if trainings else None
    for event in past:
        rng = random.Random(f"kasane-questionnaire:{event.starts_on.isoformat()}:{event.title}")
        status = Status.CLOSED if (today - event.starts_on).days > 14 else Status.OPEN
        if event == paired:
            pre = _questionnaire(event, staff, starters.PRE, f"{event.title} 研修前アンケート", status)
            post = _questionnaire(
                event, staff, starters.POST, f"{event.title} 研修後アンケート", status, pair=pre
            )
            count = rng.randint(18, 30)
            _answer(pre, event, rng, count, LIKERT_BEFORE, before=True)
            _answer(post, event, rng, count - rng.randint(0, 3), LIKERT_AFTER)
            continue
        if event.kind == EventKind.TRAINING:
            starter = starters.TRAINING_FOLLOW_UP if trainings.index(event) % 2 else starters.TRAINING
        else:
            starter = starters.FORUM
        questionnaire = _questionnaire(event, staff, starter, f"{event.title} アンケート", status)
        _answer(questionnaire, event, rng, rng.randint(12, 40), LIKERT_SINGLE)
    upcoming = next((e for e in events if e.starts_on >= today), None)
    if upcoming is not None:
        starter = starters.TRAINING if upcoming.kind == EventKind.TRAINING else starters.FORUM
        questionnaire = _questionnaire(upcoming, staff, starter, f"{upcoming.title} アンケート", Status.OPEN)
        # 受付中 but not answerable before the event starts: its link says when answering opens.
        questionnaire.opens_on = None
        questionnaire.save(update_fields=["opens_on"])


def _questionnaire(
    event: Event,
    staff: BackupStaff,
    starter: starters.Starter,
    title: str,
    status: str,
    *,
    pair: Questionnaire | None = None,
) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        prefecture=event.prefecture,
        event=event,
        title=title[:120],
        intro=starter.intro,
        phase=starter.phase,
        pair=pair,
        opens_on=event.starts_on,
        closes_on=event.starts_on + dt.timedelta(days=14),
        status=status,
        created_by=staff.prefecture,
    )
    copy_starter(questionnaire, starter)
    return questionnaire


def _answer(
    questionnaire: Questionnaire,
    event: Event,
    rng: random.Random,
    count: int,
    likert: tuple[int, ...],
    *,
    before: bool = False,
) -> None:
    questions = list(Question.objects.filter(questionnaire=questionnaire).prefetch_related("choices"))
    choices = {q.pk: list(q.choices.all()) for q in questions}
    at = dt.datetime.combine(event.starts_on, _time(event, before=before), tzinfo=TOKYO)
    responses = Response.objects.bulk_create(
        Response(questionnaire=questionnaire, submitted_at=at + dt.timedelta(minutes=rng.randint(0, 25)))
        for _ in range(count)
    )
    kind = "training" if event.kind == EventKind.TRAINING else "forum"
    pools: dict[tuple[str, str], list[str]] = {}
    picked: Counter[tuple[int, str]] = Counter()
    excerpts = questionnaire.status == Status.CLOSED
    answers: list[Answer] = []
    for response in responses:
        category: Choice | None = None
        for question in questions:
            options = choices[question.pk]
            if question.kind == QuestionKind.AGE:
                answers.append(_pick(response, question, rng.choices(options, AGE_WEIGHTS)[0]))
            elif question.kind == QuestionKind.CATEGORY:
                category = rng.choices(options, CATEGORY_WEIGHTS[kind])[0]
                answers.append(_pick(response, question, category))
            elif question.kind == QuestionKind.LIKERT:
                answers.append(_pick(response, question, rng.choices(options, likert)[0]))
            elif question.kind == QuestionKind.TEXT and category is not None and rng.random() < TEXT_RATE:
                text = _text(question.text, category.label, pools, rng)
                if text:
                    # Staff have picked the first two of each category for the report (原文ママ、抜粋).
                    picked[(question.pk, category.label)] += 1
                    excerpt = excerpts and picked[(question.pk, category.label)] <= 2
                    answers.append(Answer(response=response, question=question, text=text, excerpt=excerpt))
    Answer.objects.bulk_create(answers)


def _pick(response: Response, question: Question, choice: Choice) -> Answer:
    return Answer(response=response, question=question, choice=choice)


def _text(
    question_text: str, category: str, pools: dict[tuple[str, str], list[str]], rng: random.Random
) -> str:
    """A sentence not yet used in this questionnaire, from the corpus for the question and the category."""
    key = demo_texts.key_for(question_text)
    if key is None:
        return ""
    pool = pools.get((key, category))
    if pool is None:
        pool = list(demo_texts.TEXTS[key].get(category, ()))
        rng.shuffle(pool)
        pools[(key, category)] = pool
    return pool.pop() if pool else ""


def _time(event: Event, *, before: bool) -> dt.time:
    if before:
        return event.start_time or dt.time(13, 0)
    return event.end_time or dt.time(16, 0)
