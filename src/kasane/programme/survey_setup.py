"""The municipality's resident surveys that measure the survey indicators (004 §7 ⑤–⑧): made from a starter
for a 年度, opened and closed, read. A resident survey is a municipality's own questionnaire
(kasane.questionnaires, ``municipality`` set) that is not a ハブラボ's (kasane.community): residents answer it
on the web from the QR code, and staff type the paper answers in on the same public page.

The 年度 a survey belongs to is the one its answering starts in (``opens_on``, set to the 年度's first day on
creation), so that it does not move when the survey is opened late or typed in after the year's end."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, QuerySet

from kasane import audit
from kasane.accounts import permissions
from kasane.audit.actor import Actor
from kasane.lib.dates import fiscal_year, fiscal_year_bounds, fiscal_year_label, localtime
from kasane.programme.models import SurveyMeasure
from kasane.questionnaires import services as questionnaires
from kasane.questionnaires.models import Phase, QuestionKind, Questionnaire
from kasane.questionnaires.starters import QuestionSpec, Starter
from kasane.tenancy.models import Municipality

PLAN = "programme.plan"

AGREE = ("そう思う", "ややそう思う", "あまりそう思わない", "そう思わない")
FEEL = ("感じる", "やや感じる", "あまり感じない", "感じない")
LONELY = ("よくある", "時々ある", "あまりない", "ない")
WHERE = (
    "家族・親族",
    "友人・知人",
    "近所の人",
    "民生委員・児童委員",
    "市役所の窓口",
    "社会福祉協議会",
    "地域包括支援センター",
    "医療機関（かかりつけ医など）",
    "その他",
    "どこに相談すればいいかわからない",
    "相談相手はいない",
)

# Every question may be left blank: a paper answer with a blank is typed in as it is (無回答).
AGE = QuestionSpec(QuestionKind.AGE, "あなたの年齢をお選びください。", required=False)


def _single(text: str, choices: tuple[str, ...]) -> QuestionSpec:
    return QuestionSpec(QuestionKind.SINGLE, text, choices=choices, required=False)


# 004 §7 ⑤⑥⑦, in the words of the 市民意識調査.
RELY = _single("身近に頼れる人や相談できる機関があると思いますか。", AGREE)
BELONG = _single("家庭や職場、学校、地域などで、自分の居場所や役割があると感じますか。", FEEL)
ALONE = _single("日頃、孤独や孤立を感じることがありますか。", LONELY)
# ⑧, in the words of the 地域福祉アンケート.
TURN_TO = QuestionSpec(
    QuestionKind.MULTIPLE,
    "困りごとがあるとき、誰（どこ）に相談しますか。あてはまるものをすべて選んでください。",
    choices=WHERE,
    required=False,
)

CITIZEN = Starter(
    key="citizen_survey",
    name="市民意識調査（成果指標）",
    source="実施計画の成果指標⑤⑥⑦",
    phase=Phase.SINGLE,
    intro=(
        "市民の皆さまの暮らしや地域への思いをお聞きし、今後のまちづくりや福祉の施策に活かすための調査です。"
        "回答は無記名で、統計的に処理します。所要時間は5分程度です。"
    ),
    questions=(AGE, RELY, BELONG, ALONE),
)
WELFARE = Starter(
    key="welfare_survey",
    name="地域福祉アンケート（成果指標）",
    source="実施計画の成果指標⑧",
    phase=Phase.SINGLE,
    intro=(
        "地域福祉計画の推進と評価のため、日頃の困りごとや相談先についてお聞きします。"
        "回答は無記名で、所要時間は5分程度です。"
    ),
    questions=(AGE, TURN_TO),
)
# key → (the starter, the survey's name in its title).
STARTERS: dict[str, tuple[Starter, str]] = {
    CITIZEN.key: (CITIZEN, "市民意識調査"),
    WELFARE.key: (WELFARE, "地域福祉アンケート"),
}
STARTER_CHOICES = [(key, starter.name) for key, (starter, _) in STARTERS.items()]


class SurveyError(Exception):
    """A change refused; the message is shown to staff as it is."""


def _planner(actor: Actor) -> Municipality:
    municipality = actor.municipality
    if municipality is None or actor.user is None:
        raise SurveyError("市町村を選んでから操作してください。")
    if not permissions.has_perm(actor.user, PLAN, municipality=municipality):
        raise SurveyError("実施計画・成果指標を編集する権限がありません。")
    return municipality


def survey_title(municipality: Municipality, starter_key: str, year: int) -> str:
    """令和8年度 かさね市市民意識調査"""
    return f"{fiscal_year_label(year).split('（')[0]} {municipality.name}{STARTERS[starter_key][1]}"


def create_survey(starter_key: str, year: int, *, actor: Actor) -> Questionnaire:
    """A resident survey for the 年度 ``year``, with the starter's questions; answers are taken from the
    年度's first day once it is opened. One survey of each name a 年度."""
    municipality = _planner(actor)
    if starter_key not in STARTERS:
        raise SurveyError("調査の種類を選んでください。")
    starter = STARTERS[starter_key][0]
    title = survey_title(municipality, starter_key, year)
    with transaction.atomic():
        if resident_surveys(municipality).filter(title=title).exists():
            raise SurveyError(f"「{title}」はすでにあります。")
        questionnaire = Questionnaire(
            prefecture=municipality.prefecture,
            municipality=municipality,
            title=title,
            anonymous=True,
            opens_on=fiscal_year_bounds(year)[0],
        )
        questionnaires.create_questionnaire(questionnaire, starter=starter, actor=actor)
        audit.log(
            "programme.survey_created",
            actor=actor,
            obj=questionnaire,
            details={"starter": starter.key, "fiscal_year": year, "questions": len(starter.questions)},
        )
    return questionnaire


def set_open(questionnaire: Questionnaire, opened: bool, *, actor: Actor) -> None:
    """Start or end taking answers (web and paper alike); the questionnaires app writes the audit entry."""
    municipality = _planner(actor)
    if questionnaire.municipality_id != municipality.pk:
        raise SurveyError("他の市町村の調査は変更できません。")
    try:
        with transaction.atomic():
            if opened:
                questionnaires.open_questionnaire(questionnaire, actor=actor)
            else:
                questionnaires.close_questionnaire(questionnaire, actor=actor)
    except questionnaires.QuestionnaireError as exc:
        raise SurveyError(str(exc)) from None


# --- reading -------------------------------------------------------------------------------------------------


def resident_surveys(municipality: Municipality) -> QuerySet[Questionnaire]:
    """The municipality's own questionnaires that are not a ハブラボ's, with their number of answers."""
    return (
        Questionnaire.objects.filter(municipality=municipality, platform_session__isnull=True)
        .select_related("municipality")
        .annotate(answered=Count("responses"))
        .order_by("-opens_on", "title", "pk")
    )


def survey_year(questionnaire: Questionnaire) -> int:
    day: dt.date = questionnaire.opens_on or localtime(questionnaire.created_at).date()
    return fiscal_year(day)


@dataclass(frozen=True)
class Row:
    survey: Questionnaire
    year: int
    measures: list[SurveyMeasure]

    @property
    def year_label(self) -> str:
        return fiscal_year_label(self.year)


def measures_by_survey(surveys: Iterable[Questionnaire]) -> dict[int, list[SurveyMeasure]]:
    """The indicator measures that read each survey's questions, in one query."""
    found: dict[int, list[SurveyMeasure]] = defaultdict(list)
    rows = (
        SurveyMeasure.objects.filter(question__questionnaire__in=[s.pk for s in surveys])
        .select_related("indicator", "question")
        .order_by("indicator__number", "fiscal_year")
    )
    for measure in rows:
        found[measure.question.questionnaire_id].append(measure)
    return found


def rows(municipality: Municipality) -> list[Row]:
    """The list page: each survey with its 年度 and the indicators it measures (two queries)."""
    surveys = list(resident_surveys(municipality))
    measured = measures_by_survey(surveys)
    return [Row(s, survey_year(s), measured.get(s.pk, [])) for s in surveys]
