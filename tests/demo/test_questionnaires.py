"""The demo's questionnaires: one per past forum and training with 12–40 answers, a 研修前/研修後 pair that shows
improvement, an open questionnaire for the next event; the same figures on every load."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from kasane.accounts.models import User
from kasane.demo.prefecture import BackupStaff
from kasane.demo.prefecture import questionnaire_texts as demo_texts
from kasane.demo.prefecture import questionnaires as demo
from kasane.events.models import EventKind
from kasane.questionnaires import data
from kasane.questionnaires.models import Phase, QuestionKind, Questionnaire, Status
from kasane.tenancy.models import Prefecture
from tests.questionnaires.helpers import make_event

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
EVENTS = [
    (EventKind.FORUM, "道央ブロック 情報共有の場", dt.date(2025, 10, 16)),
    (EventKind.TRAINING, "令和7年度 第1回 人材養成研修", dt.date(2025, 11, 20)),
    (EventKind.PREF_MEETING, "道と市町村の情報共有の場", dt.date(2026, 6, 12)),
    (EventKind.TRAINING, "令和8年度 第1回 人材養成研修", dt.date(2026, 9, 4)),
    (EventKind.TRAINING, "令和8年度 第2回 人材養成研修", dt.date(2026, 11, 13)),
    (EventKind.WORKSHOP, "釧路市 事例検討ワークショップ", dt.date(2026, 10, 2)),
    (EventKind.FORUM, "道東ブロック 情報共有の場", dt.date(2026, 12, 10)),
]


def _load(code: str, name: str) -> Prefecture:
    prefecture = Prefecture.objects.create(code=code, name=name)
    user = User.objects.create_user(username=f"ken{code}", password="x-unused-2026", full_name="道 担当")
    for kind, title, day in EVENTS:
        make_event(prefecture, user, kind=kind, title=title, starts_on=day, fiscal_year=2026)
    demo.load(prefecture, TODAY, BackupStaff(prefecture=user))
    return prefecture


def _figures(prefecture: Prefecture) -> list[tuple[str, list[Any]]]:
    out = []
    for questionnaire in Questionnaire.objects.filter(prefecture=prefecture).order_by("title"):
        loaded = data.load(questionnaire)
        out.append(
            (
                questionnaire.title,
                [
                    (r.question.text, [(c.label, c.count) for c in r.counts], [a.text for a in r.texts])
                    for r in loaded.summary
                ],
            )
        )
    return out


def test_demo_questionnaires(db: None) -> None:
    hokkaido = _load("01", "北海道")
    questionnaires = {q.title: q for q in Questionnaire.objects.filter(prefecture=hokkaido)}
    # Every past forum and training has one; the workshop none; the pair for the latest past training.
    assert set(questionnaires) == {
        "道央ブロック 情報共有の場 アンケート",
        "令和7年度 第1回 人材養成研修 アンケート",
        "道と市町村の情報共有の場 アンケート",
        "令和8年度 第1回 人材養成研修 アンケート",
        "令和8年度 第2回 人材養成研修 研修前アンケート",
        "令和8年度 第2回 人材養成研修 研修後アンケート",
        "道東ブロック 情報共有の場 アンケート",
    }
    for title, questionnaire in questionnaires.items():
        n = questionnaire.responses.count()
        if title.startswith("道東"):
            # 受付中, but its link takes answers only from the event's start.
            assert n == 0 and questionnaire.status == Status.OPEN
            assert "回答は令和8年12月10日 13:30から受け付けます" in questionnaire.refusal(TODAY)
        else:
            assert 12 <= n <= 40, (title, n)
    # Ten days ago the second training's questionnaires still take answers; older ones are closed.
    assert questionnaires["令和8年度 第1回 人材養成研修 アンケート"].status == Status.CLOSED
    post = questionnaires["令和8年度 第2回 人材養成研修 研修後アンケート"]
    assert (
        post.phase == Phase.POST
        and post.pair == questionnaires["令和8年度 第2回 人材養成研修 研修前アンケート"]
    )
    compared = data.comparison(post)
    assert compared is not None
    rows = compared[2].rows
    assert len(rows) == 3
    for row in rows:
        assert row.after.positive_share - row.before.positive_share >= 20, row.text

    # Free text reads differently by category: each answer comes from its category's own sentences.
    seen_categories = set()
    for questionnaire in questionnaires.values():
        loaded = data.load(questionnaire)
        for question in (q for q in loaded.questions if q.kind == QuestionKind.TEXT):
            key = demo_texts.key_for(question.text)
            assert key is not None, question.text
            for group in loaded.text_groups(question):
                assert {a.text for a in group.answers} <= set(demo_texts.TEXTS[key][group.label])
                assert len({a.text for a in group.answers}) == len(group.answers)  # no sentence twice
                seen_categories.add(group.label)
    assert seen_categories == {"福祉関係者", "行政職員", "医療関係者", "その他"}
    # Closed questionnaires come with excerpts picked for the report, at most two per category.
    closed = questionnaires["令和8年度 第1回 人材養成研修 アンケート"]
    picked = data.excerpts(closed)
    assert picked and all(1 <= len(g.answers) <= 2 for _, groups in picked for g in groups)
    assert not data.excerpts(questionnaires["令和8年度 第2回 人材養成研修 研修後アンケート"])  # still open
    forum = data.load(questionnaires["道央ブロック 情報共有の場 アンケート"])
    ages = Counter(
        c.label for r in forum.summary if r.question.kind == QuestionKind.AGE for c in r.counts if c.count
    )
    assert len(ages) >= 3

    # The same figures on every load.
    again = _load("99", "テスト道")
    assert _figures(hokkaido) == _figures(again)
