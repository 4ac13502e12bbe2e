"""The demo's events for 北海道: what was held last 年度 and what is held or planned this one.

Speakers and their affiliations are invented. Programmes follow the shape of 003's (図表 2-7, 2-18).
"""

from __future__ import annotations

from dataclasses import dataclass

# (start, end or "", title, speakers one per line, content)
Slot = tuple[str, str, str, str, str]

PREF_DIVISION = "北海道 保健福祉部 福祉局 地域福祉課"
CONTRACTOR = "受託事業者"

FORUM: list[Slot] = [
    ("13:30", "", "開会・挨拶", "", f"{PREF_DIVISION}長"),
    (
        "13:40",
        "",
        "【説明】「重層的支援体制整備事業の概要と道の後方支援」",
        f"{PREF_DIVISION} 主査",
        "事業の3つの支援と多機関協働の考え方、道が行う情報共有の場・研修・専門家派遣の活用方法を説明します。",
    ),
    (
        "14:00",
        "",
        "【実践報告】「小さな町の参加支援〜働くきっかけ応援事業〜」",
        "鷹栖町 保健福祉課 地域共生係長",
        "役場・社協・農業者が一緒に「働くきっかけ」をつくった経過と、つまずいた点を報告します。",
    ),
    ("14:30", "", "休憩", "", ""),
    (
        "14:40",
        "",
        "【グループワーク】「わがまちの“つながり”の現状と課題」",
        "",
        "人口規模の近い市町村どうしでグループに分かれ、事前に記入した自治体アセスメントシートをもとに、"
        "相談の受け止め方・関係機関とのつなぎ方・庁内の共通理解について意見交換します。"
        "各グループに受託事業者のファシリテーターが入ります。",
    ),
    (
        "15:50",
        "",
        "【全体共有】グループからの報告・講評",
        "",
        "各グループの話題を共有し、道と受託事業者がコメントします。",
    ),
    ("16:20", "16:30", "アンケート回答・閉会", "", ""),
]

PREF_MEETING: list[Slot] = [
    ("14:00", "", "開会", "", ""),
    (
        "14:05",
        "",
        "【報告】「道内市町村の体制整備の状況〜自治体アセスメントシートの集計から〜」",
        PREF_DIVISION,
        "提出いただいたアセスメントシートから、5つの項目ごとの進み具合と、多く挙がった課題を報告します。",
    ),
    (
        "14:30",
        "",
        "【意見交換】「移行準備事業から本格実施へ：財政部との折衝と庁内の合意づくり」",
        "",
        "実施中・移行準備中の市町村から、予算要求の組み立て方や庁内会議の持ち方を伺い、道への要望も含めて意見交換します。",
    ),
    ("15:40", "", "【連絡】次年度の後方支援事業について", PREF_DIVISION, ""),
    ("15:55", "16:00", "閉会", "", ""),
]

TRAINING_1: list[Slot] = [
    ("13:00", "", "開会挨拶・本日の流れと目的の説明", "", ""),
    (
        "13:10",
        "",
        "【グループディスカッション①】「複合事例の検討」",
        "佐伯 直子 氏（地域共生ネットワーク研究所 代表理事）",
        "複合事例について検討することで、多機関協働を考えるきっかけをつくる。\n"
        "・講師より事例紹介\n・グループでの意見交換\n・グループで出た意見の全体共有と講師コメント（20分）",
    ),
    ("13:55", "", "休憩", "", ""),
    (
        "14:05",
        "",
        "【グループディスカッション②】「連携したケース対応の成功事例の共有・要因分析」",
        "佐伯 直子 氏（地域共生ネットワーク研究所 代表理事）",
        "事前課題シートに基づき、（A）連携して対応に成功したケースを共有し、（a）連携の成功要因を検討する。\n"
        "・グループでの分析内容の全体共有と講師コメント",
    ),
    (
        "14:45",
        "",
        "【実践報告】「社協と役場がひとつのチームになるまで」",
        "小田島 圭 氏（音更町社会福祉協議会 地域福祉課長）",
        "",
    ),
    ("14:55", "15:00", "連絡事項、アンケート回答", "", ""),
]

TRAINING_2: list[Slot] = [
    (
        "13:00",
        "",
        "開会・前回の振り返り",
        "",
        "前回の事前課題シートで多かった「足りなかった機関・資源」を紹介します。",
    ),
    (
        "13:10",
        "",
        "【講義】「参加支援と地域づくり：社会資源をどう見つけ、どうつなぐか」",
        "宮坂 亮介 氏（北方福祉大学 社会福祉学部 准教授）",
        "制度のすき間にいる人の「参加」の場を、地域の既存の資源からどう掘り起こすかを、道内外の例から学びます。",
    ),
    ("14:00", "", "休憩", "", ""),
    (
        "14:10",
        "",
        "【グループワーク】「わがまちの社会資源マップをつくる」",
        "宮坂 亮介 氏（北方福祉大学 社会福祉学部 准教授）",
        "人口規模ごとのグループで、受け入れ先になりうる事業所・団体・住民活動を書き出し、"
        "つなぐ役割を誰が担うかを話し合います。",
    ),
    ("15:20", "", "【全体共有・講評】", "", ""),
    ("15:50", "16:00", "アンケート回答・閉会", "", ""),
]

EXCHANGE: list[Slot] = [
    ("10:00", "", "開会・趣旨説明", "", ""),
    (
        "10:10",
        "",
        "【話題提供】「実施3年目の振り返り」",
        "鷹栖町 保健福祉課\n音更町 保健福祉部 福祉課",
        "2町から、始めるときに苦労したこと、続けるうえでの工夫、財政部への説明を紹介します。",
    ),
    (
        "10:50",
        "",
        "【意見交換】検討中の市町村からの質問に答える",
        "",
        "「すでに連携できている」「人が足りない」「効果が見えない」といった声に、先行自治体が答えます。",
    ),
    ("11:50", "12:00", "閉会", "", ""),
]


@dataclass(frozen=True)
class EventSpec:
    key: str
    year_offset: int  # 0: the current 年度, -1: the previous one, 1: the next one
    kind: str
    title: str  # 「{年度}」 is replaced by 令和n年度
    month: int
    day: int
    start: str
    end: str
    format: str
    place: str
    block: str | None
    programme: list[Slot]
    # (municipality name, how many come); the 振興局 and others are added by the loader
    from_municipalities: tuple[tuple[str, int], ...]
    bureaus: tuple[str, ...] = ()
    prefectural: int = 0
    grouped: bool = False
    city_user: bool = False  # かさね市's programme officer signs up herself
    target: str = "市町村職員、振興局職員、市町村の関係機関（社会福祉協議会・地域包括支援センター等）の職員"
    purpose: str = ""


NORTH = (
    ("旭川市", 9),
    ("かさね市", 2),
    ("名寄市", 2),
    ("稚内市", 1),
    ("留萌市", 2),
    ("鷹栖町", 2),
    ("東川町", 2),
    ("美瑛町", 1),
    ("羽幌町", 1),
    ("豊富町", 1),
    ("さくら町", 2),
)
CENTRAL = (
    ("札幌市", 3),
    ("苫小牧市", 2),
    ("小樽市", 2),
    ("室蘭市", 1),
    ("江別市", 2),
    ("千歳市", 2),
    ("伊達市", 1),
    ("妹背牛町", 1),
    ("栗山町", 2),
    ("長沼町", 1),
    ("当別町", 2),
    ("余市町", 1),
    ("ニセコ町", 1),
    ("浦河町", 1),
    ("白老町", 2),
)
SOUTH = (
    ("函館市", 4),
    ("北斗市", 2),
    ("七飯町", 3),
    ("森町", 2),
    ("八雲町", 2),
    ("江差町", 1),
)
EAST = (
    ("帯広市", 3),
    ("釧路市", 3),
    ("北見市", 2),
    ("網走市", 1),
    ("根室市", 1),
    ("音更町", 3),
    ("芽室町", 2),
    ("幕別町", 2),
    ("上士幌町", 1),
    ("広尾町", 2),
    ("津別町", 2),
    ("斜里町", 1),
    ("美幌町", 1),
    ("厚岸町", 1),
    ("中標津町", 1),
)
STATEWIDE = (
    ("旭川市", 3),
    ("札幌市", 2),
    ("釧路市", 2),
    ("苫小牧市", 1),
    ("かさね市", 1),
    ("七飯町", 2),
    ("鷹栖町", 1),
    ("津別町", 1),
    ("音更町", 2),
    ("広尾町", 1),
    ("妹背牛町", 1),
    ("江別市", 1),
    ("芽室町", 1),
    ("東川町", 1),
    ("北斗市", 1),
    ("栗山町", 1),
    ("美幌町", 1),
    ("上士幌町", 1),
)

FORUM_PURPOSE = (
    "体制整備の進め方や、それぞれの市町村が抱える課題の解決方法について、他の地域の取組みを知り、"
    "人口規模の近い市町村どうしで意見交換する。"
)
TRAINING_PURPOSE = (
    "多機関による連携体制づくり、地域課題の把握と地域資源の開発、関係機関や住民の活動からの情報収集など、"
    "潜在的な支援ニーズの把握方法を、グループでの事例検討を通じて学ぶ。"
)
PREF_PURPOSE = "包括的な支援体制の構築に向けた取組みと課題について、道と市町村が率直に意見交換する。"

EVENTS: list[EventSpec] = [
    # 前年度: everything held
    EventSpec(
        "r0_north",
        -1,
        "forum",
        "{年度} 情報共有の場（道北ブロック）",
        7,
        10,
        "13:30",
        "16:30",
        "in_person",
        "上川総合振興局 2階講堂（旭川市）",
        "道北",
        FORUM,
        NORTH,
        ("上川総合振興局", "宗谷総合振興局"),
        grouped=True,
        city_user=True,
        purpose=FORUM_PURPOSE,
    ),
    EventSpec(
        "r0_central",
        -1,
        "forum",
        "{年度} 情報共有の場（道央ブロック）",
        8,
        21,
        "13:30",
        "16:30",
        "in_person",
        "北海道立道民活動センター 研修室（札幌市）",
        "道央",
        FORUM,
        CENTRAL,
        ("空知総合振興局", "胆振総合振興局"),
        grouped=True,
        purpose=FORUM_PURPOSE,
    ),
    EventSpec(
        "r0_south",
        -1,
        "forum",
        "{年度} 情報共有の場（道南ブロック）",
        9,
        11,
        "13:30",
        "16:30",
        "in_person",
        "渡島総合振興局 講堂（函館市）",
        "道南",
        FORUM,
        SOUTH,
        ("渡島総合振興局", "檜山振興局"),
        grouped=True,
        purpose=FORUM_PURPOSE,
    ),
    EventSpec(
        "r0_east",
        -1,
        "forum",
        "{年度} 情報共有の場（道東ブロック）",
        10,
        2,
        "13:30",
        "16:30",
        "in_person",
        "十勝総合振興局 大会議室（帯広市）",
        "道東",
        FORUM,
        EAST,
        ("十勝総合振興局", "釧路総合振興局"),
        grouped=True,
        purpose=FORUM_PURPOSE,
    ),
    EventSpec(
        "r0_pref",
        -1,
        "pref_meeting",
        "{年度} 道と市町村の意見交換会",
        11,
        18,
        "14:00",
        "16:00",
        "online",
        "",
        None,
        PREF_MEETING,
        STATEWIDE,
        prefectural=2,
        purpose=PREF_PURPOSE,
        target="市町村の重層的支援体制整備事業の担当職員、振興局職員",
    ),
    EventSpec(
        "r0_training1",
        -1,
        "training",
        "{年度} 第1回 重層的支援体制整備人材養成研修",
        12,
        9,
        "13:00",
        "15:00",
        "hybrid",
        "北海道立道民活動センター 研修室（札幌市）",
        None,
        TRAINING_1,
        STATEWIDE,
        ("石狩振興局",),
        grouped=True,
        city_user=True,
        purpose=TRAINING_PURPOSE,
    ),
    EventSpec(
        "r0_exchange",
        -1,
        "exchange",
        "先行実施自治体との意見交換会（鷹栖町・音更町）",
        1,
        22,
        "10:00",
        "12:00",
        "online",
        "",
        None,
        EXCHANGE,
        (
            ("鷹栖町", 2),
            ("音更町", 2),
            ("名寄市", 1),
            ("美瑛町", 1),
            ("幕別町", 1),
            ("栗山町", 1),
            ("八雲町", 1),
            ("斜里町", 1),
            ("浦河町", 1),
            ("当別町", 2),
            ("さくら町", 1),
            ("厚岸町", 1),
            ("網走市", 1),
            ("白老町", 1),
        ),
        purpose="実施を検討している市町村が、先行して実施している町の経験を直接聞く。",
    ),
    EventSpec(
        "r0_training2",
        -1,
        "training",
        "{年度} 第2回 重層的支援体制整備人材養成研修",
        2,
        5,
        "13:00",
        "16:00",
        "online",
        "",
        None,
        TRAINING_2,
        STATEWIDE,
        grouped=True,
        purpose=TRAINING_PURPOSE,
    ),
    # 今年度: some held, some to come
    EventSpec(
        "r1_north",
        0,
        "forum",
        "{年度} 情報共有の場（道北ブロック）",
        7,
        9,
        "13:30",
        "16:30",
        "in_person",
        "上川総合振興局 2階講堂（旭川市）",
        "道北",
        FORUM,
        NORTH,
        ("上川総合振興局", "留萌振興局"),
        grouped=True,
        city_user=True,
        purpose=FORUM_PURPOSE,
    ),
    EventSpec(
        "r1_east",
        0,
        "forum",
        "{年度} 情報共有の場（道東ブロック）",
        9,
        3,
        "13:30",
        "16:30",
        "in_person",
        "釧路総合振興局 講堂（釧路市）",
        "道東",
        FORUM,
        EAST,
        ("釧路総合振興局", "根室振興局"),
        grouped=True,
        purpose=FORUM_PURPOSE,
    ),
    EventSpec(
        "r1_training1",
        0,
        "training",
        "{年度} 第1回 重層的支援体制整備人材養成研修",
        10,
        15,
        "13:00",
        "15:00",
        "hybrid",
        "上川総合振興局 2階講堂（旭川市）",
        None,
        TRAINING_1,
        STATEWIDE,
        ("上川総合振興局",),
        grouped=True,
        city_user=True,
        purpose=TRAINING_PURPOSE + "研修の前後にアンケートを行い、理解の変化を確かめる。",
    ),
    EventSpec(
        "r1_central",
        0,
        "forum",
        "{年度} 情報共有の場（道央ブロック）",
        11,
        26,
        "13:30",
        "16:30",
        "in_person",
        "北海道立道民活動センター 研修室（札幌市）",
        "道央",
        FORUM,
        CENTRAL,
        ("石狩振興局", "後志総合振興局"),
        grouped=True,
        purpose=FORUM_PURPOSE,
    ),
    EventSpec(
        "r1_pref",
        0,
        "pref_meeting",
        "{年度} 道と市町村の意見交換会",
        12,
        17,
        "14:00",
        "16:00",
        "online",
        "",
        None,
        PREF_MEETING,
        STATEWIDE[:12],
        prefectural=2,
        city_user=True,
        purpose=PREF_PURPOSE,
        target="市町村の重層的支援体制整備事業の担当職員、振興局職員",
    ),
    EventSpec(
        "r1_south",
        0,
        "forum",
        "{年度} 情報共有の場（道南ブロック）",
        1,
        21,
        "13:30",
        "16:30",
        "in_person",
        "渡島総合振興局 講堂（函館市）",
        "道南",
        FORUM,
        SOUTH,
        ("渡島総合振興局",),
        purpose=FORUM_PURPOSE,
    ),
    EventSpec(
        "r1_training2",
        0,
        "training",
        "{年度} 第2回 重層的支援体制整備人材養成研修",
        2,
        10,
        "13:00",
        "16:00",
        "online",
        "",
        None,
        TRAINING_2,
        STATEWIDE[:10],
        purpose=TRAINING_PURPOSE,
    ),
    # 来年度: the first forum is in the year's plan already, so something always lies ahead (sign-up not open)
    EventSpec(
        "r2_north",
        1,
        "forum",
        "{年度} 情報共有の場（道北ブロック）",
        7,
        8,
        "13:30",
        "16:30",
        "in_person",
        "上川総合振興局 2階講堂（旭川市）",
        "道北",
        FORUM,
        (),
        purpose=FORUM_PURPOSE,
    ),
]

# Where a municipality's people work: the town hall's division, or the agencies that come with it.
CITY_DIVISIONS = (
    "福祉部 地域福祉課",
    "福祉保険部 福祉総務課",
    "保健福祉部 地域共生推進室",
    "福祉部 生活支援課",
)
TOWN_DIVISIONS = ("保健福祉課", "福祉課", "住民福祉課", "健康福祉課")
AGENCIES = ("社会福祉協議会", "地域包括支援センター")
OCCUPATIONS = ("事務", "事務", "社会福祉士", "保健師", "精神保健福祉士", "主任介護支援専門員", "")
BUREAU_DIVISION = "保健環境部 社会福祉課"
