"""開示 and anonymisation of the national forms' items on a household's 多機関協働 records
(kasane.casework.personal_data.cases): every new item shows in the disclosure by its Japanese name, codes as
their labels; at the end of the retention period the codes and the dates the counts need stay, and the free
text and the money figures go — exactly as the module's docstring lists them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Model

from kasane.casework.models import (
    LIFE_FIELDS,
    LIFE_FREE_TEXT,
    Assessment,
    Case,
    Evaluation,
    Plan,
    ProgressNote,
)
from kasane.casework.personal_data.cases import provider
from kasane.lib.personal_data import Scrubbed
from tests import factories

pytestmark = pytest.mark.django_db

LIFE = {
    "employment": "not_working",
    "employment_note": "30代で退職、以後就労なし",
    "housing": "owned",
    "housing_unstable": True,
    "housing_note": "築50年、雨漏りあり",
    "income_sources": ["pension", "family"],
    "monthly_income": 80000,
    "welfare": "past",
    "debt": "yes",
    "arrears": ["rent", "tax"],
    "money_note": "消費者金融に約50万円",
    "illness": "不眠で心療内科に通院",
    "treatment": "attending",
    "mental_health": "diagnosed",
    "disability_card": "held",
    "card_kinds": ["mental"],
    "health_insurance": "national",
    "pension": "unpaid",
    "issues": ["poverty", "isolation"],
}
ASSESSMENT = {
    **LIFE,
    "background": "父の死後、収入が母の年金だけになった。",
    "situations": ["8050", "isolation"],
    "result": "collaboration",
}
PLAN = {
    "needs": "生活費の不足と長男の孤立",
    "policy": "母の介護と長男の社会参加を並行して支える",
    "person_tasks": "週1回サロンに通う",
    "programmes": ["participation", "household_budget"],
    "employment_support": True,
    "starts_on": dt.date(2026, 12, 1),
    "ends_on": dt.date(2027, 5, 31),
}
EVALUATION = {
    "implementation": "月2回の訪問と同行を実施",
    "improvements": ["motivation", "participation"],
    "employed": True,
    "employed_on": dt.date(2027, 4, 1),
    "income_increased": True,
    "income_increase": 50000,
    "remaining_issues": "母の介護度が上がる見込み",
    "direction": "close",
    "closure_code": "goal_met",
}
NOTE = {
    "starts_at": dt.time(10, 30),
    "counterparts": ["person", "agency"],
    "counterpart_name": "北部包括 北村さん",
    "place": "home",
    "place_note": "本人宅の居間",
    "stage": "support",
    "next_action": "来週、サロンに同行する",
}

# What anonymisation keeps and drops, item by item (the module docstring's lists).
KEPT = {
    Case: ["closure_code"],
    Assessment: [
        "employment",
        "housing",
        "housing_unstable",
        "income_sources",
        "welfare",
        "debt",
        "arrears",
        "treatment",
        "mental_health",
        "disability_card",
        "card_kinds",
        "health_insurance",
        "pension",
        "issues",
        "situations",
        "result",
    ],
    Plan: ["programmes", "employment_support", "starts_on", "ends_on"],
    Evaluation: ["improvements", "employed", "employed_on", "income_increased", "direction", "closure_code"],
    ProgressNote: ["starts_at", "counterparts", "place", "stage"],
}
DROPPED = {
    Assessment: ["employment_note", "housing_note", "money_note", "illness", "monthly_income", "background"],
    Plan: ["needs", "policy", "person_tasks"],
    Evaluation: ["implementation", "remaining_issues", "income_increase"],
    ProgressNote: ["counterpart_name", "place_note", "next_action"],
}


@pytest.fixture
def r(world: dict[str, Any]) -> dict[str, Any]:
    """The 8050 household's case with every item of the national forms recorded."""
    r = factories.journey(world)
    case = r["case"]
    Case.objects.filter(pk=case.pk).update(closure_code="goal_met")
    Assessment.objects.filter(case=case).update(**ASSESSMENT)
    Plan.objects.filter(case=case).update(**PLAN)
    Evaluation.objects.create(
        case=case,
        evaluated_on=dt.date(2027, 6, 30),
        goal_result="met",
        reasons="目標を達成",
        author_name="テスト 職員",
        **EVALUATION,
    )
    ProgressNote.objects.create(
        case=case,
        agency=world["agencies"]["shakyo"],
        kind="home_visit",
        on=dt.date(2026, 12, 3),
        minutes=45,
        text="自宅を訪問",
        author_name="テスト 職員",
        **NOTE,
    )
    return r


def _records(person: Any) -> dict[str, dict[str, tuple[str, Any]]]:
    """The disclosure's single record of each section, its fields by key."""
    found = {}
    for section in provider.collect(person):
        (record,) = section.records
        found[section.key] = {f.key: (f.text, f.value) for f in record.fields}
    return found


def test_the_disclosure_shows_every_new_item_with_its_label(r: dict[str, Any]) -> None:
    records = _records(r["mother"])
    assert records["cases"]["closure_code"] == ("目標達成（自立）", "goal_met")
    a = records["assessments"]
    assert a["employment"] == ("無職（求職していない）", "not_working")
    assert a["employment_note"][0] == "30代で退職、以後就労なし"
    assert a["housing"][0] == "持家" and a["housing_unstable"][0] == "はい"
    assert a["housing_note"][0] == "築50年、雨漏りあり"
    assert a["income_sources"] == ("年金、家族の収入・仕送り", ["pension", "family"])
    assert a["monthly_income"] == ("80,000円", 80000)
    assert a["welfare"][0] == "過去に受給" and a["debt"][0] == "あり"
    assert a["arrears"][0] == "家賃、税金" and a["money_note"][0] == "消費者金融に約50万円"
    assert a["illness"][0] == "不眠で心療内科に通院" and a["treatment"][0] == "通院中"
    assert a["mental_health"][0] == "あり（診断あり）" and a["disability_card"][0] == "所持"
    assert a["card_kinds"][0] == "精神障害者保健福祉手帳" and a["health_insurance"][0] == "国民健康保険"
    assert a["pension"][0] == "未納・未加入"
    assert a["issues"] == ("経済的困窮、社会的孤立（ニート・ひきこもり等）", ["poverty", "isolation"])
    assert a["background"][0] == "父の死後、収入が母の年金だけになった。"
    assert a["situations"] == ("8050、社会的孤立", ["8050", "isolation"])
    assert a["result"] == ("多機関協働で対応", "collaboration")
    p = records["plans"]
    assert p["needs"][0] == PLAN["needs"] and p["policy"][0] == PLAN["policy"]
    assert p["person_tasks"][0] == PLAN["person_tasks"]
    assert p["programmes"] == ("参加支援事業、家計改善支援事業", ["participation", "household_budget"])
    assert p["employment_support"] == ("対象とする", True)
    assert p["starts_on"] == ("令和8年12月1日", "2026-12-01") and p["ends_on"][0] == "令和9年5月31日"
    e = records["evaluations"]
    assert e["implementation"][0] == EVALUATION["implementation"]
    assert e["improvements"] == (
        "自立意欲の向上・改善、社会参加の機会の増加",
        ["motivation", "participation"],
    )
    assert e["employed"] == ("就労した", True) and e["employed_on"][0] == "令和9年4月1日"
    assert e["income_increased"] == ("収入が増えた", True) and e["income_increase"] == ("50,000円", 50000)
    assert e["remaining_issues"][0] == EVALUATION["remaining_issues"]
    assert e["direction"] == ("終結", "close") and e["closure_code"] == ("目標達成（自立）", "goal_met")
    n = records["notes"]
    assert n["starts_at"] == ("10:30", "10:30")
    assert n["counterparts"] == ("本人、関係機関", ["person", "agency"])
    assert n["counterpart_name"][0] == NOTE["counterpart_name"]
    assert n["place"] == ("本人宅", "home") and n["place_note"][0] == "本人宅の居間"
    assert n["stage"] == ("支援・モニタリング", "support") and n["next_action"][0] == NOTE["next_action"]


def test_every_life_item_is_either_kept_or_dropped() -> None:
    """A life item added later must be decided on here and in the module."""
    life_kept = [n for n in KEPT[Assessment] if n in LIFE_FIELDS]
    life_dropped = [n for n in DROPPED[Assessment] if n in LIFE_FIELDS]
    assert sorted(life_kept + life_dropped) == sorted(LIFE_FIELDS)
    assert set(life_dropped) == {*LIFE_FREE_TEXT, "monthly_income"}


def _values(model: type[Model], case: Case, names: list[str]) -> dict[str, Any]:
    rows = model.objects.filter(pk=case.pk) if model is Case else model.objects.filter(case=case)
    (row,) = rows.values(*names)
    return row


def test_anonymising_keeps_the_codes_and_count_dates_and_drops_the_text_and_figures(
    r: dict[str, Any],
) -> None:
    case = r["case"]
    before = {model: _values(model, case, names) for model, names in KEPT.items()}
    for model, names in DROPPED.items():
        assert all(_values(model, case, names).values()), f"{model.__name__}: record every dropped item first"
    scrubbed = Scrubbed()
    provider.anonymise(r["household"], scrubbed)
    for model, names in KEPT.items():
        assert _values(model, case, names) == before[model], model.__name__
    for model, names in DROPPED.items():
        after = _values(model, case, names)
        assert all(value in ("", None) for value in after.values()), (model.__name__, after)
    assert scrubbed.counts["アセスメント"] == 1 and scrubbed.counts["終結時の評価"] == 1
    assert scrubbed.counts["支援経過記録"] == 1 and scrubbed.counts["支援プラン"] == 1


def test_another_member_is_not_given_the_persons_health_and_money(r: dict[str, Any]) -> None:
    """The son asks for 開示: he gets the household's assessment, not his mother's illness, 手帳 or debts
    (要配慮個人情報 of a third party)."""
    a = _records(r["son"])["assessments"]
    assert "household_situation" in a
    for name in (*LIFE_FIELDS, "background"):
        assert name not in a, name
    assert a["life"][0] == "ケースの本人の個人情報のため含めていません"
    texts = " ".join(text for text, _value in a.values())
    for private in ("不眠で心療内科に通院", "精神障害者保健福祉手帳", "消費者金融", "80,000円"):
        assert private not in texts
