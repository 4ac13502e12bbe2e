"""ハブラボかさね (``data.community_sessions``): five sessions held every two months up to a few weeks before the
load day, each with the organisations invited and those that came by sector, what came out (a new place linked
to the register where it became one), and an anonymous questionnaire from ``questionnaires.starters.PLATFORM``
with its answers; and the sixth, planned, with its invitations only. Written as ``community.services.platform``
would, with its audit entries, by the 生活支援コーディネーター (``chiiki``)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.utils import timezone

from kasane.audit.actor import Actor
from kasane.audit.trail import Item, log_many
from kasane.community.models import PlatformSession, Sector, SessionOrganisation, SessionResult
from kasane.demo.city.build import Builder
from kasane.demo.city.data.community_sessions import ORGANISERS, SESSIONS, Session
from kasane.demo.city.data.community_texts import COMMENTS, IDEAS
from kasane.lib.dates import TOKYO
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
from kasane.resources.models import Service

EVERY = 61  # days between sessions
LAST_HELD = 24  # the fifth session is held about this many days before the load day (then its weekday before)
OPEN_DAYS = 14  # the questionnaire takes answers for two weeks
AGE_WEIGHTS = (6, 14, 22, 26, 20, 12)  # 20代以下 … 70代以上
LIKERT = {"felt": (30, 45, 18, 6, 1), "useful": (26, 46, 20, 7, 1)}
TOGETHER = (32, 52, 16)  # ぜひ / 機会があれば / 今は考えていない
TEXT_RATES = (0.6, 0.45)  # the ideas, the comments


def load_platform(b: Builder, actor: Actor, services: dict[str, Service]) -> int:
    """The six sessions; returns how many."""
    made: list[PlatformSession] = []
    organisations: list[SessionOrganisation] = []
    results: list[SessionResult] = []
    for spec in SESSIONS:
        held_on = _held_on(b.today, spec)
        past = held_on < b.today
        starts, ends = (dt.time.fromisoformat(t) for t in spec.hours)
        rows = [
            SessionOrganisation(
                name=name, sector=sector, invited=True, attended=past and n > 0, attendees=n * past
            )
            for name, sector, n in spec.organisations
        ]
        session = PlatformSession.objects.create(
            municipality=b.city,
            title=f"第{spec.number}回ハブラボかさね",
            theme=spec.theme,
            held_on=held_on,
            starts_at=starts,
            ends_at=ends,
            venue=spec.venue,
            organisers=ORGANISERS,
            programme=spec.programme,
            participants=sum(r.attendees for r in rows) if past else None,
            record=spec.record if past else "",
            created_by=actor.user,
        )
        for row in rows:
            row.session = session
        organisations += rows
        if past:
            results += [
                SessionResult(
                    session=session, kind=kind, text=text, service=services.get(key) if key else None
                )
                for kind, text, key in spec.results
            ]
        made.append(session)
    SessionOrganisation.objects.bulk_create(organisations)
    SessionResult.objects.bulk_create(results)
    questionnaires = [_questionnaire(b, s, spec, actor) for s, spec in zip(made, SESSIONS, strict=True)]
    _log(actor, made, organisations, results, [s for s, q in zip(made, questionnaires, strict=True) if q])
    _backdate(b, made, questionnaires)
    return len(made)


def _held_on(today: dt.date, spec: Session) -> dt.date:
    """Every two months up to the fifth, on the session's weekday before its turn; the sixth after it."""
    target = today + dt.timedelta(days=(spec.number - 5) * EVERY - LAST_HELD)
    past = target < today
    if past:
        day = target - dt.timedelta(days=(target.weekday() - spec.weekday) % 7)
    else:
        day = target + dt.timedelta(days=(spec.weekday - target.weekday()) % 7)
    if (day.month, day.day) >= (12, 29) or (day.month, day.day) <= (1, 3):
        # Not over the new year's holidays: a week earlier, or a week later.
        day += dt.timedelta(days=-7 if past else 7)
    return day


def _log(
    actor: Actor,
    sessions: list[PlatformSession],
    organisations: list[SessionOrganisation],
    results: list[SessionResult],
    asked: list[PlatformSession],
) -> None:
    log_many(
        "community.session_saved", [Item(obj=s, details={"created": True}) for s in sessions], actor=actor
    )
    log_many(
        "community.organisation_saved",
        [Item(obj=o, details={"attended": o.attended, "attendees": o.attendees}) for o in organisations],
        actor=actor,
    )
    log_many("community.result_saved", [Item(obj=r, details={"kind": r.kind}) for r in results], actor=actor)
    log_many(
        "community.questionnaire_created",
        [Item(obj=s, details={"questionnaire": s.questionnaire_id}) for s in asked],
        actor=actor,
    )


# ── the questionnaire ────────────────────────────────────────────────────
def _questionnaire(b: Builder, session: PlatformSession, spec: Session, actor: Actor) -> Questionnaire | None:
    if session.participants is None:
        return None
    starter = starters.PLATFORM
    assert actor.user is not None
    questionnaire = Questionnaire.objects.create(
        prefecture=b.city.prefecture,
        municipality=b.city,
        title=f"{session.title} アンケート",
        intro=starter.intro,
        phase=starter.phase,
        opens_on=session.held_on,
        closes_on=session.held_on + dt.timedelta(days=OPEN_DAYS),
        status=Status.CLOSED,
        created_by=actor.user,
    )
    copy_starter(questionnaire, starter)
    session.questionnaire = questionnaire
    session.save(update_fields=["questionnaire"])
    rng = random.Random(f"{b.seed}:community:hablab:{spec.number}")
    _answer(questionnaire, session, spec, rng)
    return questionnaire


def _answer(
    questionnaire: Questionnaire, session: PlatformSession, spec: Session, rng: random.Random
) -> None:
    """10–25 anonymous answers, most sent as the session closed, a few in the days after."""
    questions = list(Question.objects.filter(questionnaire=questionnaire).prefetch_related("choices"))
    choices = {q.pk: list(q.choices.all()) for q in questions}
    sectors = Counter({Sector(sector).label: n for name, sector, n in spec.organisations if n})
    count = min(rng.randint(10, 25), (session.participants or 0) - 2)
    ends = dt.datetime.combine(session.held_on, session.ends_at or dt.time(16, 0), tzinfo=TOKYO)
    responses = Response.objects.bulk_create(
        Response(questionnaire=questionnaire, submitted_at=_sent(ends, rng)) for _ in range(count)
    )
    used: set[str] = set()
    excerpts: Counter[tuple[int, str]] = Counter()
    answers: list[Answer] = []
    for response in responses:
        sector = ""
        texts = [q for q in questions if q.kind == QuestionKind.TEXT]
        for question in questions:
            options = choices[question.pk]
            if question.kind == QuestionKind.CATEGORY:
                labels, weights = zip(*sectors.items(), strict=True)
                sector = rng.choices(labels, weights)[0]
                answers.append(_pick(response, question, options, sector))
            elif question.kind == QuestionKind.AGE:
                answers.append(
                    Answer(response=response, question=question, choice=rng.choices(options, AGE_WEIGHTS)[0])
                )
            elif question.kind == QuestionKind.LIKERT:
                weights = LIKERT.get(question.scale, LIKERT["felt"])
                answers.append(
                    Answer(response=response, question=question, choice=rng.choices(options, weights)[0])
                )
            elif question.kind == QuestionKind.SINGLE:
                answers.append(
                    Answer(response=response, question=question, choice=rng.choices(options, TOGETHER)[0])
                )
            elif question.kind == QuestionKind.TEXT:
                which = texts.index(question)
                if rng.random() >= TEXT_RATES[which]:
                    continue
                text = _text(which, sector, spec.number, used, rng)
                if text:
                    used.add(text)
                    # Staff picked the first two of each sector for the report (原文ママ、抜粋).
                    excerpts[(question.pk, sector)] += 1
                    excerpt = excerpts[(question.pk, sector)] <= 2
                    answers.append(Answer(response=response, question=question, text=text, excerpt=excerpt))
    Answer.objects.bulk_create(answers)


def _pick(response: Response, question: Question, options: list[Choice], label: str) -> Answer:
    choice = next(c for c in options if c.label == label)
    return Answer(response=response, question=question, choice=choice)


def _text(which: int, sector: str, number: int, used: set[str], rng: random.Random) -> str:
    """An idea of this session from someone of the sector (or anyone), or a comment from the sector: each
    written once in a questionnaire."""
    if which == 0:
        pool = [t for s, t in IDEAS[number] if s == sector and t not in used]
        pool = pool or [t for s, t in IDEAS[number] if not s and t not in used]
    else:
        pool = [t for t in COMMENTS.get(sector, ()) if t not in used]
    return rng.choice(pool) if pool else ""


def _sent(ends: dt.datetime, rng: random.Random) -> dt.datetime:
    if rng.random() < 0.8:
        return ends + dt.timedelta(minutes=rng.randint(0, 20))
    return ends + dt.timedelta(days=rng.randint(1, 5), hours=rng.randint(-8, 2))


def _backdate(
    b: Builder, sessions: list[PlatformSession], questionnaires: list[Questionnaire | None]
) -> None:
    """Planned six weeks ahead, its record written the week after; the questionnaire made two days before."""
    now = timezone.now()

    def at(day: dt.date, hour: int) -> dt.datetime:
        return min(dt.datetime.combine(day, dt.time(hour), tzinfo=TOKYO), now)

    for session in sessions:
        session.created_at = at(b.workday(session.held_on - dt.timedelta(days=42)), 10)
        written = session.held_on + dt.timedelta(days=5) if session.participants is not None else b.today
        session.updated_at = max(session.created_at, at(written, 16))
    PlatformSession.objects.bulk_update(sessions, ["created_at", "updated_at"])
    asked = [q for q in questionnaires if q is not None]
    for q in asked:
        assert q.opens_on is not None and q.closes_on is not None
        q.created_at = at(q.opens_on - dt.timedelta(days=2), 11)
        q.updated_at = at(q.closes_on + dt.timedelta(days=1), 9)
    Questionnaire.objects.bulk_update(asked, ["created_at", "updated_at"])
