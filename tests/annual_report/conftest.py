"""The annual report's records: a forum, a training with 研修前/研修後 questionnaires, a dispatch, ratings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from kasane.dispatch.models import Dispatch, Goal, GoalOutcome, Hearing, WorksheetEntry, Workshop
from kasane.events.models import Event, ProgrammeSlot, Registration
from kasane.questionnaires.models import Answer, Choice, Phase, Question, Questionnaire, Response
from kasane.readiness import services as readiness
from kasane.readiness.models import Block, MunicipalityProfile, SupportSettings

YEAR = 2025
DAY = dt.date(2026, 3, 31)
LIKERT = ("よく理解できた", "理解できた", "どちらともいえない", "あまり理解できなかった", "理解できなかった")
CATEGORIES = ("福祉関係者", "行政職員", "医療関係者", "その他")


def questionnaire(event: Event, phase: str, answers: list[tuple[int, str, str]], user: Any) -> Questionnaire:
    """One Likert question, a category question and a free-text question; answers: (level, category, text)."""
    q = Questionnaire.objects.create(
        prefecture=event.prefecture,
        event=event,
        title=f"{event.title} アンケート（{phase}）",
        phase=phase,
        status="closed",
        created_by=user,
    )
    likert = Question.objects.create(
        questionnaire=q, order=1, kind="likert", text="他機関・他職種の業務内容に対する理解が深まりましたか"
    )
    category = Question.objects.create(questionnaire=q, order=2, kind="category", text="職業")
    free = Question.objects.create(
        questionnaire=q, order=3, kind="text", text="参加してよかった点", required=False
    )
    levels = [Choice.objects.create(question=likert, order=i, label=label) for i, label in enumerate(LIKERT)]
    kinds = [
        Choice.objects.create(question=category, order=i, label=label) for i, label in enumerate(CATEGORIES)
    ]
    for level, kind, text in answers:
        response = Response.objects.create(questionnaire=q, submitted_at=timezone.now())
        Answer.objects.create(response=response, question=likert, choice=levels[level])
        Answer.objects.create(response=response, question=category, choice=kinds[CATEGORIES.index(kind)])
        if text:
            Answer.objects.create(response=response, question=free, text=text, excerpt=True)
    return q


@pytest.fixture
def records(world: dict[str, Any]) -> dict[str, Any]:
    ken = world["users"]["prefecture"]
    town, other = world["municipality"], world["other_municipality"]
    prefecture = town.prefecture
    block = Block.objects.create(prefecture=prefecture, name="県央")
    MunicipalityProfile.objects.create(
        municipality=town, block=block, status="implementing", status_year=2024
    )
    MunicipalityProfile.objects.create(municipality=other, block=block, status="considering")
    forum = Event.objects.create(
        prefecture=prefecture,
        kind="forum",
        title="県央ブロック 情報共有の場",
        fiscal_year=YEAR,
        starts_on=dt.date(2025, 9, 10),
        start_time=dt.time(13, 30),
        end_time=dt.time(16, 0),
        format="in_person",
        place="県央合同庁舎 大会議室",
        block=block,
        target="市町村職員、関係機関職員",
        created_by=ken,
    )
    ProgrammeSlot.objects.create(
        event=forum,
        starts_at=dt.time(13, 30),
        title="【実践報告】鷹栖町の働くきっかけ応援事業",
        speakers="鷹栖町 健康福祉課",
    )
    for n, (muni, attended) in enumerate([(town, True), (town, True), (other, True), (other, False)]):
        Registration.objects.create(
            event=forum, name=f"参加者{n}", municipality=muni, category="municipal", attended=attended
        )
    training = Event.objects.create(
        prefecture=prefecture,
        kind="training",
        title="人材養成研修（第1回）",
        fiscal_year=YEAR,
        starts_on=dt.date(2025, 11, 5),
        format="online",
        created_by=ken,
    )
    for n in range(4):
        Registration.objects.create(
            event=training, name=f"受講者{n}", municipality=town, category="municipal", attended=True
        )
    # The fixture's questionnaires have 4 answers each: charted once the officer's threshold allows it
    SupportSettings.objects.create(prefecture=prefecture, min_sample=3)
    pre = questionnaire(
        training,
        Phase.PRE,
        [(2, "福祉関係者", ""), (3, "行政職員", ""), (1, "福祉関係者", ""), (2, "医療関係者", "")],
        ken,
    )
    post = questionnaire(
        training,
        Phase.POST,
        [
            (0, "福祉関係者", "他の機関の仕事が具体的にわかった"),
            (1, "行政職員", "顔の見える関係ができた"),
            (1, "福祉関係者", ""),
            (2, "医療関係者", ""),
        ],
        ken,
    )
    post.pair = pre
    post.save()
    dispatch = Dispatch.objects.create(
        prefecture=prefecture,
        fiscal_year=YEAR,
        municipality=other,
        status="concluded",
        requested_on=dt.date(2025, 6, 1),
        requested_by="保健福祉課 福祉係",
        request_text="庁内の共通理解をどう進めればよいか助言がほしい。",
        created_by=ken,
    )
    Hearing.objects.create(
        dispatch=dispatch,
        held_on=dt.date(2025, 6, 20),
        method="online",
        attendees="保健福祉課長、社協 事務局長",
        promoter="社協の事務局長が推進役",
        recorded_by=ken,
    )
    goal = Goal.objects.create(
        dispatch=dispatch,
        text="庁内勉強会を年度内に開く",
        readiness_item="internal",
        agreed_on=dt.date(2025, 7, 1),
    )
    GoalOutcome.objects.create(
        goal=goal,
        changes="庁内勉強会を2回開いた",
        evidence="関係8課から延べ31人が参加",
        achievement="achieved",
        recorded_on=dt.date(2026, 3, 1),
        recorded_by=ken,
    )
    workshop = Workshop.objects.create(
        dispatch=dispatch,
        title="事例検討ワークショップ",
        held_on=dt.date(2025, 10, 8),
        place="となり町役場",
        programme="13:30〜 趣旨説明",
        count_city=6,
        count_shakyo=3,
    )
    WorksheetEntry.objects.create(
        workshop=workshop, group_label="1班", missing_resources="夜間に相談できる場所"
    )
    readiness.rate(
        other,
        ken,
        item="internal",
        stage=0,
        evidence="説明はまだ",
        tools_used=[],
        rated_on=dt.date(2025, 3, 1),
    )
    readiness.rate(
        other,
        ken,
        item="internal",
        stage=1,
        evidence="勉強会を2回",
        tools_used=[],
        rated_on=dt.date(2026, 2, 1),
    )
    readiness.rate(
        town, ken, item="internal", stage=2, evidence="庁内会議", tools_used=[], rated_on=dt.date(2025, 3, 1)
    )
    readiness.rate(
        town,
        ken,
        item="internal",
        stage=2,
        evidence="庁内会議を継続",
        tools_used=[],
        rated_on=dt.date(2026, 2, 1),
    )
    published = readiness.publish_counts(town, YEAR, world["users"]["city"])
    return {
        "forum": forum,
        "training": training,
        "pre": pre,
        "post": post,
        "dispatch": dispatch,
        "published": published,
        "prefecture": prefecture,
    }
