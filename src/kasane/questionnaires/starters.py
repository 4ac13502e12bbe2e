"""Questionnaires to start from, copied from 003's (図表 2-8, 2-19, 2-29, 2-41). Staff adapt them afterwards.

The 研修前 and 研修後 questionnaires ask their shared questions in the same words, so that results match them
for the before/after comparison (図表 2-46/2-47, 2-49/2-50).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kasane.questionnaires.models import Phase, QuestionKind

INTRO = (
    "本日はご参加いただき、ありがとうございました。今後の{kind}をよりよいものにするため、アンケートへの"
    "ご協力をお願いします。回答は匿名で、所要時間は5分程度です。"
)


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    text: str
    scale: str = ""
    choices: tuple[str, ...] = ()
    required: bool = True
    help_text: str = ""


@dataclass(frozen=True)
class Starter:
    key: str
    name: str
    source: str
    phase: str
    intro: str
    questions: tuple[QuestionSpec, ...] = field(default_factory=tuple)


AGE = QuestionSpec(QuestionKind.AGE, "年齢をお選びください")
CATEGORY = QuestionSpec(
    QuestionKind.CATEGORY,
    "ご職業（ご所属）をお選びください",
    help_text="社会福祉協議会・地域包括支援センター・障害者相談支援事業所などは「福祉関係者」を選んでください。",
)


def _text(text: str, *, required: bool = False) -> QuestionSpec:
    return QuestionSpec(QuestionKind.TEXT, text, required=required)


def _likert(text: str, scale: str) -> QuestionSpec:
    return QuestionSpec(QuestionKind.LIKERT, text, scale=scale)


# Asked in the same words before and after the training, so they are compared.
PAIR_IDEA = _likert("地域共生社会の理念をどの程度理解していますか", "understanding")
PAIR_OTHERS = _likert("他機関・他職種の業務内容をどの程度理解していますか", "understanding")
PAIR_PROGRAMME = _likert("重層的支援体制整備事業の実施内容をどの程度理解していますか", "understanding")

FORUM = Starter(
    key="forum",
    name="情報共有の場・フォーラム",
    source="図表2-8",
    phase=Phase.SINGLE,
    intro=INTRO.format(kind="情報共有の場"),
    questions=(
        AGE,
        CATEGORY,
        _text("本日の会に参加しようと思った理由をお聞かせください"),
        _likert("地域共生社会の理念を理解することができましたか", "understood"),
        _likert(
            "地域共生社会実現のために進められようとしている重層的支援体制整備事業の意義を理解することが"
            "できましたか",
            "understood",
        ),
        _likert("重層的支援体制整備事業の在り方を理解することができましたか", "understood"),
        _text("地域共生社会を目指すにあたって、期待することをお聞かせください"),
        _text("本日の会に関して感じたことや気になったこと等があればお聞かせください"),
    ),
)

TRAINING = Starter(
    key="training",
    name="人材養成研修（グループワーク）",
    source="図表2-19",
    phase=Phase.SINGLE,
    intro=INTRO.format(kind="研修"),
    questions=(
        AGE,
        CATEGORY,
        _likert("グループワークを通じて、他機関・他職種の業務内容に対する理解が深まりましたか", "understood"),
        _likert("グループワークを通じて、他機関・他職種との連携のイメージが湧きましたか", "image"),
        _text("どのような場面で、どのような機関・職種と連携できそうですか。ご記入ください"),
        _text("他機関・他職種との連携に関して課題だと感じていることをご記入ください"),
        _text("本日の研修に参加してよかった点はありますか。その理由もあわせてご記入ください"),
        _text("本日の研修に関するご意見やご感想等をご自由にお書きください"),
    ),
)

TRAINING_FOLLOW_UP = Starter(
    key="training_follow_up",
    name="人材養成研修（2回目以降・活用の見込み）",
    source="図表2-29",
    phase=Phase.SINGLE,
    intro=INTRO.format(kind="研修"),
    questions=(
        AGE,
        CATEGORY,
        _likert("グループワークを通じて、他機関・他職種の業務内容に対する理解が深まりましたか", "understood"),
        _likert("グループワークを通じて、他機関・他職種との連携のイメージが湧きましたか", "image"),
        _likert("本研修の内容は今後の多機関協働の推進に活かせそうですか", "useful"),
        _text("前問のように回答した理由をご記入ください"),
        _text(
            "重層的支援体制の整備及び多機関協働を推進していくにあたり、必要だと思われる取り組み・機会等に"
            "ついてご自由にお書きください"
        ),
        _text("本日の研修に関するご意見やご感想等をご自由にお書きください"),
    ),
)

PRE = Starter(
    key="pre",
    name="研修前アンケート",
    source="図表2-41、2-46、2-49",
    phase=Phase.PRE,
    intro=(
        "研修の始まる前に、現在のお考えをお聞かせください。研修の終わりにもう一度お尋ねし、研修の効果を"
        "確かめます。回答は匿名で、所要時間は3分程度です。"
    ),
    questions=(
        AGE,
        CATEGORY,
        _text("研修会に参加しようと思った理由をお聞かせください"),
        PAIR_IDEA,
        PAIR_OTHERS,
        PAIR_PROGRAMME,
    ),
)

POST = Starter(
    key="post",
    name="研修後アンケート",
    source="図表2-41、2-45〜2-51",
    phase=Phase.POST,
    intro=INTRO.format(kind="研修"),
    questions=(
        AGE,
        CATEGORY,
        PAIR_IDEA,
        PAIR_OTHERS,
        _likert("研修を通じて「重層的支援体制整備事業」を実施する意義を感じられましたか", "felt"),
        PAIR_PROGRAMME,
        _likert("本研修を通じて重層的支援体制整備事業のメリットを感じられましたか", "felt"),
        _text("本研修を通じて感じられた重層的支援体制整備事業を実施するメリットをお聞かせください"),
        _text("本日の研修会に関するご意見やご感想等をご自由にお書きください"),
    ),
)

# A ハブラボ of 地域づくり (kasane.community): the respondents come from every sector, so the category question
# asks for the sector (its options are the sectors, not the four of the prefecture's trainings) and the free
# text is read by sector.
PLATFORM_SECTORS = ("福祉", "医療", "教育", "企業", "農業", "まちづくり", "行政", "住民")
PLATFORM = Starter(
    key="platform",
    name="ハブラボ（地域づくりのプラットフォーム）アンケート",
    source="004 §4 (3)",
    phase=Phase.SINGLE,
    intro=(
        "本日はハブラボにご参加いただき、ありがとうございました。これからの地域づくりに活かすため、アンケートへの"
        "ご協力をお願いします。回答は匿名で、所要時間は3分程度です。"
    ),
    questions=(
        QuestionSpec(QuestionKind.CATEGORY, "ご所属・お立場の分野をお選びください", choices=PLATFORM_SECTORS),
        AGE,
        _likert("ほかの分野の人とのつながりができたと感じましたか", "felt"),
        _likert("今日の話し合いを、ご自身の活動に活かせそうですか", "useful"),
        QuestionSpec(
            QuestionKind.SINGLE,
            "今後、ほかの参加者と一緒に何か取り組んでみたいですか",
            choices=("ぜひ取り組みたい", "機会があれば取り組みたい", "今は考えていない"),
        ),
        _text("今日生まれたアイデアや、地域でやってみたいことをお書きください"),
        _text("ご意見・ご感想をご自由にお書きください"),
    ),
)

BLANK = "blank"
PRE_POST = "pre_post"
STARTERS: dict[str, Starter] = {s.key: s for s in (FORUM, TRAINING, TRAINING_FOLLOW_UP, PRE, POST)}
STARTER_CHOICES = [
    (BLANK, "白紙から作る"),
    (FORUM.key, f"{FORUM.name}（{FORUM.source}）"),
    (TRAINING.key, f"{TRAINING.name}（{TRAINING.source}）"),
    (TRAINING_FOLLOW_UP.key, f"{TRAINING_FOLLOW_UP.name}（{TRAINING_FOLLOW_UP.source}）"),
    (PRE_POST, "研修前・研修後の組（図表2-41〜2-51）：同じ設問で受講前後を比べます"),
]
