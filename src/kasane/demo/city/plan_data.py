"""かさね市's 実施計画 as data (``plan.py`` writes it): 004's eight indicators with their baselines and
targets, and how the demo's residents answer the surveys that measure ⑤–⑧ (the groups' sizes, who answers,
the choices as the questionnaires word them)."""

from __future__ import annotations

from dataclasses import dataclass

from kasane.programme.models import Direction, Source
from kasane.questionnaires.models import QuestionKind
from kasane.questionnaires.starters import QuestionSpec

OFFICER = "shi"  # かさね市地域福祉課, the programme's officer (city_program)
OFFICE = "chiiki_fukushi"
TITLE = "第1期 かさね市重層的支援体制整備事業実施計画"

# 18歳以上 residents of かさね市 (89,700 in all, 11,800 of them under 18) by the survey's age bands: the survey
# asks adults only, so its 「20代以下」 stands for 18–29.
POPULATION = (8_600, 8_900, 11_600, 12_300, 13_100, 23_400)
# Who sends the questionnaire back, by the same bands: the old far more often than the young.
RESPONDENTS = (5, 8, 12, 16, 23, 36)
SKIPPED = 0.02  # a question left blank (無回答)
NO_AGE = 0.015  # the age left blank

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
WHERE_WEIGHTS = (70, 30, 8, 4, 14, 6, 9, 10, 2)  # how often each ordinary 相談先 is chosen


@dataclass(frozen=True)
class Spec:
    number: int
    name: str
    source: str
    unit: str
    target: str
    definition: str
    baseline: str | None = None  # 「- (事業未実施)」
    measure: str = ""
    direction: str = Direction.HIGHER
    # Survey indicators: the question, its options, those counted, how the counted and the others split,
    # the share's lead over the population's by age band (points), and where the year's share stands off the
    # line from baseline to target (points, by year of the period).
    question: str = ""
    multiple: bool = False
    options: tuple[str, ...] = ()
    counted: tuple[str, ...] = ()
    split: tuple[int, ...] = ()
    by_age: tuple[float, ...] = ()
    off_line: tuple[float, ...] = ()


# 004 §7 (3): 事業の実施目標及び成果指標.
INDICATORS = (
    Spec(
        number=1,
        name="CSWによるアウトリーチ件数（個別支援・関係機関）",
        source=Source.RECORDS,
        unit="回",
        target="400",
        definition="社会福祉協議会のCSWが、支援が届いていない人や世帯への働きかけと関係機関への訪問を行った"
        "1年間の回数。",
        measure="outreach_contacts",
    ),
    Spec(
        number=2,
        name="支援会議実施回数",
        source=Source.RECORDS,
        unit="回",
        target="12",
        definition="支援会議（社会福祉法第106条の6）を開催した1年間の回数。",
        measure="support_meetings_held",
    ),
    Spec(
        number=3,
        name="多機関協働による支援プランの検討件数",
        source=Source.RECORDS,
        unit="件",
        target="20",
        definition="多機関協働事業で作成した支援プランを、重層的支援会議で検討した1年間の件数。",
        measure="plans_considered",
    ),
    Spec(
        number=4,
        name="支援プランの決定件数",
        source=Source.RECORDS,
        unit="件",
        target="7",
        definition="重層的支援会議で支援プランとして決定した1年間の件数。",
        measure="plans_decided",
    ),
    Spec(
        number=5,
        name="身近に頼れる人や機関があると思う市民の割合",
        source=Source.CITIZEN_SURVEY,
        unit="%",
        baseline="52.2",
        target="60",
        definition="市民意識調査で、身近に頼れる人や相談できる機関があると「そう思う」「ややそう思う」と答えた"
        "市民の割合（無回答を除き、年代別の人口で補正）。",
        question="身近に頼れる人や相談できる機関があると思いますか。",
        options=AGREE,
        counted=AGREE[:2],
        split=(35, 65, 60, 40),
        by_age=(-8, -5, -3, 0, 3, 6),
        off_line=(0.7, -0.5),
    ),
    Spec(
        number=6,
        name="家庭や職場、学校、地域などで自分の居場所や役割があると感じる市民の割合",
        source=Source.CITIZEN_SURVEY,
        unit="%",
        baseline="69.5",
        target="75",
        definition="市民意識調査で、家庭や職場、学校、地域などに自分の居場所や役割があると「感じる」"
        "「やや感じる」と答えた市民の割合（無回答を除き、年代別の人口で補正）。",
        question="家庭や職場、学校、地域などで、自分の居場所や役割があると感じますか。",
        options=FEEL,
        counted=FEEL[:2],
        split=(45, 55, 65, 35),
        by_age=(2, 4, 5, 3, -2, -8),
        off_line=(-0.4, -0.9),
    ),
    Spec(
        number=7,
        name="孤独や孤立を感じる事が「あまりない」または「ない」と答えた市民の割合",
        source=Source.CITIZEN_SURVEY,
        unit="%",
        baseline="58.0",
        target="65",
        definition="市民意識調査で、孤独や孤立を感じることが「あまりない」「ない」と答えた市民の割合"
        "（無回答を除き、年代別の人口で補正）。",
        question="日頃、孤独や孤立を感じることがありますか。",
        options=LONELY,
        counted=LONELY[2:],
        split=(55, 45, 30, 70),
        by_age=(-12, -7, -3, 0, 4, 7),
        off_line=(0.5, 1.1),
    ),
    Spec(
        number=8,
        name="困りごとの相談について、「どこに相談すればいいかわからない」「相談相手はいない」と答える市民の割合",
        source=Source.WELFARE_SURVEY,
        unit="%",
        baseline="14.3",
        target="10",
        definition="地域福祉アンケートで、困りごとの相談先に「どこに相談すればいいかわからない」または"
        "「相談相手はいない」を選んだ市民の割合（無回答を除き、年代別の人口で補正）。",
        direction=Direction.LOWER,
        question="困りごとがあるとき、誰（どこ）に相談しますか。あてはまるものをすべて選んでください。",
        options=WHERE,
        counted=WHERE[-2:],
        multiple=True,
        split=(60, 35),
        by_age=(7, 4, 1, -1, -2, -2),
        off_line=(0.4, -0.3),
    ),
)

CITIZEN_INTRO = (
    "市民の皆さまの暮らしや地域への思いをお聞きし、今後のまちづくりや福祉の施策に活かすための調査です。"
    "市内にお住まいの18歳以上の方から無作為に選んだ2,000人にお送りしています。回答は無記名で、統計的に処理します。"
)
WELFARE_INTRO = (
    "地域福祉計画の推進と評価のため、日頃の困りごとや相談先についてお聞きします。市内にお住まいの18歳以上の方から"
    "無作為に選んだ2,000人にお送りしています。回答は無記名で、所要時間は5分程度です。"
)
AGE_QUESTION = QuestionSpec(QuestionKind.AGE, "あなたの年齢をお選びください。", required=False)
