"""かさね市's places of 地域づくり (``kasane.demo.city.community``): which activities of the register the 社協 keeps
as places, whom each means to reach, since when, and how many come on a day (``PROFILES``).

東部圏域 is visibly thin: its 集落 are far apart, and only four of its activities report their days (one of them
born last year from a ハブラボ). Five activities are new to the register, each the outcome of 地域づくり work the
demo's coordination records and ハブラボ tell (``NEW``). Everything is invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from kasane.demo.city.data.resources_shape import Org, Res
from kasane.resources.models import Category as C
from kasane.resources.models import Funding as F
from kasane.resources.models import Load as L
from kasane.resources.models import OrganizationKind as K

# Generations and audiences (kasane.community.models.Generation / Audience).
CHILDREN, YOUTH, PARENTS, WORKING, ELDERLY = "children", "youth", "parents", "working", "elderly"
ANYONE, OLDER, DISABILITY, FAMILIES, HARDSHIP, FOREIGN = (
    "anyone",
    "elderly",
    "disability",
    "families",
    "hardship",
    "foreign",
)


@dataclass(frozen=True)
class Profile:
    """A usual day: mean attendance by age band (18歳未満, 18〜39, 40〜64, 65〜74, 75歳以上, 不明), the helpers,
    and the share of those who came in each category the host knows (障害, 子育て中, 介護中, 困りごと, 初めて)."""

    bands: tuple[float, float, float, float, float, float]
    helpers: float
    shares: tuple[float, float, float, float, float] = (0.0, 0.0, 0.0, 0.0, 0.06)


PROFILES: dict[str, Profile] = {
    "salon": Profile((0, 0, 1, 5, 9, 0), 4, (0.03, 0, 0.05, 0, 0.04)),
    "kayoi": Profile((0, 0, 1, 7, 8, 0), 2, (0.02, 0, 0.02, 0, 0.04)),
    "open_salon": Profile((0.5, 1.5, 4, 6, 6, 0.5), 3, (0.06, 0.03, 0.04, 0.05, 0.08)),
    "hobby": Profile((0, 0.3, 2, 6, 4, 0), 1, (0.02, 0, 0.02, 0, 0.05)),
    "morning": Profile((0, 0, 0.5, 4, 8, 0), 2, (0, 0, 0, 0.04, 0.05)),
    "dementia": Profile((0, 0.3, 3, 4, 5, 0), 4, (0.08, 0, 0.3, 0, 0.1)),
    "carers": Profile((0, 0.3, 5, 4, 1, 0), 2, (0, 0, 0.9, 0, 0.1)),
    "kodomo": Profile((18, 4, 5, 3, 3, 1), 8, (0.03, 0.3, 0, 0.12, 0.07)),
    "kosodate": Profile((11, 9, 1.5, 0, 0, 0), 2, (0.03, 0.45, 0, 0.03, 0.1)),
    "jidokan": Profile((22, 0.5, 0.5, 0, 0, 0), 3, (0.04, 0, 0, 0.03, 0.03)),
    "play": Profile((14, 5, 3, 1.5, 1, 0), 5, (0.03, 0.25, 0, 0.03, 0.1)),
    "youth": Profile((4, 4, 1, 0, 0, 0), 2, (0.1, 0, 0, 0.3, 0.05)),
    "study": Profile((9, 0, 0, 0, 0, 0), 3, (0.05, 0, 0, 0.4, 0.04)),
    "art": Profile((1, 1.5, 2, 3, 2, 0), 1, (0.15, 0, 0, 0.05, 0.06)),
    "cafe": Profile((1, 4, 5, 5, 3, 1), 4, (0.15, 0.05, 0, 0.05, 0.12)),
    "disability": Profile((0, 5, 7, 1, 0, 0), 3, (0.95, 0, 0, 0.15, 0.02)),
    "men": Profile((0, 0.3, 2, 6, 3, 0), 1, (0, 0, 0.05, 0, 0.06)),
    "walk": Profile((0, 0.5, 3, 6, 3, 0), 1, (0.02, 0, 0, 0, 0.05)),
    "school_room": Profile((6, 0, 0.5, 4, 8, 0), 3, (0.02, 0, 0.03, 0, 0.06)),
    "engawa": Profile((2, 2, 3, 4, 4, 0.5), 3, (0.05, 0.08, 0.04, 0.08, 0.12)),
    "field": Profile((2, 2.5, 3, 3, 1.5, 0), 2, (0.2, 0.05, 0, 0.15, 0.1)),
}


@dataclass(frozen=True)
class PlaceSpec:
    key: str  # the register's Res.key
    generations: tuple[str, ...]
    audiences: tuple[str, ...]
    profile: str
    months: int = 0  # started this many months before the load day (0: the new activity's own day)
    on_map: bool = True
    note: str = ""


PLACES: list[PlaceSpec] = [
    # 中央圏域
    PlaceSpec("honcho_salon", (ELDERLY,), (OLDER,), "salon", 130, note="65歳以上の方のサロン。送迎はなし。"),
    PlaceSpec(
        "ekimae_kodomo",
        (CHILDREN, PARENTS, WORKING, ELDERLY),
        (FAMILIES, HARDSHIP, ANYONE),
        "kodomo",
        80,
        note="調理は近所の高齢の方が中心。子どもと高齢の方が同じテーブルで食べる。",
    ),
    PlaceSpec("machinaka_salon", (YOUTH, PARENTS, WORKING, ELDERLY), (ANYONE,), "open_salon", 62),
    PlaceSpec("yuyake_shugei", (WORKING, ELDERLY), (ANYONE,), "hobby", 150),
    PlaceSpec(
        "carers_meeting",
        (WORKING, ELDERLY),
        (OLDER,),
        "carers",
        95,
        on_map=False,
        note="家族会の希望で居場所マップには載せず、相談窓口で個別に案内する。",
    ),
    PlaceSpec("machinaka_orange", (WORKING, ELDERLY), (OLDER, ANYONE), "dementia", 70),
    PlaceSpec("tomoshibi_morning", (ELDERLY,), (OLDER,), "morning", 40, note="ひとり暮らしの方が中心。"),
    PlaceSpec("engawa", (CHILDREN, YOUTH, PARENTS, WORKING, ELDERLY), (ANYONE, HARDSHIP, FOREIGN), "engawa"),
    PlaceSpec(
        "school_room",
        (CHILDREN, ELDERLY),
        (OLDER, FAMILIES),
        "school_room",
        note="15時を過ぎると下校した子どもが立ち寄る。学校との約束で、子どもの名前は記録しない。",
    ),
    PlaceSpec("sakuragi_taiso", (ELDERLY,), (OLDER,), "kayoi"),
    # 北部圏域
    PlaceSpec(
        "hidamari_space",
        (CHILDREN, YOUTH),
        (HARDSHIP, FAMILIES),
        "youth",
        100,
        on_map=False,
        note="運営団体の希望で居場所マップには載せない（利用は相談のうえ）。",
    ),
    PlaceSpec("hidamari_art", (CHILDREN, YOUTH, WORKING, ELDERLY), (ANYONE, DISABILITY), "art", 90),
    PlaceSpec("hidamari_study", (CHILDREN,), (FAMILIES, HARDSHIP), "study", 75),
    PlaceSpec("hidamari_cafe", (YOUTH, WORKING, ELDERLY), (ANYONE, DISABILITY, HARDSHIP), "cafe", 50),
    PlaceSpec("kitada_salon", (WORKING, ELDERLY), (ANYONE,), "open_salon", 170),
    PlaceSpec("kitada_exercise", (ELDERLY,), (OLDER,), "kayoi", 88),
    PlaceSpec("wakaba_salon", (ELDERLY,), (OLDER,), "salon", 140),
    PlaceSpec(
        "wakaba_kodomo",
        (CHILDREN, PARENTS, YOUTH, ELDERLY),
        (FAMILIES, HARDSHIP),
        "kodomo",
        66,
        note="ひだまりの家の若者が配膳を手伝う日がある。",
    ),
    PlaceSpec("orange_wakaba", (WORKING, ELDERLY), (OLDER,), "dementia", 84),
    PlaceSpec("soyokaze", (YOUTH, WORKING), (DISABILITY,), "disability", 190),
    PlaceSpec("kawara_cooking", (WORKING, ELDERLY), (ANYONE,), "men", 110),
    PlaceSpec("uenohara_kayoi", (ELDERLY,), (OLDER,), "kayoi", 70),
    PlaceSpec("matsugaoka_walk", (WORKING, ELDERLY), (ANYONE,), "walk", 45),
    # 南部圏域
    PlaceSpec("seseragi_cafe", (WORKING, ELDERLY), (OLDER, ANYONE), "dementia", 100),
    PlaceSpec("jonan_salon", (ELDERLY,), (OLDER,), "salon", 160),
    PlaceSpec(
        "yanagi_shokudo",
        (CHILDREN, PARENTS, WORKING, ELDERLY),
        (ANYONE, FAMILIES, HARDSHIP),
        "kodomo",
        58,
        note="地区社協の地域食堂。ひとり暮らしの高齢の方も子どもと同じ食卓につく。",
    ),
    PlaceSpec("hikari_hiroba", (CHILDREN, PARENTS), (FAMILIES,), "kosodate", 120),
    PlaceSpec("minami_jidokan", (CHILDREN,), (FAMILIES,), "jidokan", 230),
    PlaceSpec("minami_exercise", (ELDERLY,), (OLDER,), "kayoi", 92),
    PlaceSpec("inari_karaoke", (WORKING, ELDERLY), (ANYONE,), "hobby", 125),
    PlaceSpec("midorigaoka_cafe", (WORKING, ELDERLY), (ANYONE, OLDER), "open_salon", 76),
    PlaceSpec("minami_kodomo_play", (CHILDREN, PARENTS, YOUTH, ELDERLY), (FAMILIES, ANYONE), "play", 54),
    PlaceSpec(
        "hatake",
        (CHILDREN, YOUTH, WORKING, ELDERLY),
        (ANYONE, DISABILITY, HARDSHIP),
        "field",
        note="畑の持ち主（元農家の方）が毎回指導に来る。参加支援の就労体験の受け入れも兼ねる。",
    ),
    # 東部圏域: few places, far apart
    PlaceSpec("tobu_ochakko", (ELDERLY,), (OLDER,), "kayoi", 64),
    PlaceSpec("ishida_salon", (ELDERLY,), (OLDER,), "salon", 180, note="会場まで遠い方は民生委員が送迎。"),
    PlaceSpec(
        "ishida_kodomo",
        (CHILDREN, PARENTS, ELDERLY),
        (ANYONE, HARDSHIP),
        "kodomo",
        36,
        note="地区の高齢の方が調理を担い、農業高校の生徒が野菜を届ける。",
    ),
    PlaceSpec("higashiyama_ochakko", (WORKING, ELDERLY), (OLDER, ANYONE), "salon"),
]

# The activities 地域づくり brought into the register, and how many days before the load day each began.
NEW_ORGS: list[Org] = [
    Org("engawa_kai", "新町えんがわの会", "しんまちえんがわのかい", K.RESIDENTS, "0197-61-5528"),
    Org("sakuragi_jichi", "桜木町自治会", "さくらぎちょうじちかい", K.RESIDENTS, "0197-61-4412"),
    Org("hatake_kai", "下河原ふれあい畑の会", "しもがわらふれあいはたけのかい", K.RESIDENTS, "0197-65-7703"),
    Org("higashiyama_jichi", "東山地区自治会", "ひがしやまちくじちかい", K.RESIDENTS, "0197-67-2150"),
]
# The register's organisations the new activities belong to, by name.
SHAKYO = "社会福祉法人かさね市社会福祉協議会"

NEW: list[tuple[Res, int]] = [
    (
        Res(
            "engawa",
            "engawa_kai",
            "新町 えんがわハウス（空き家を活かした居場所）",
            "しんまち えんがわはうす",
            (C.IBASHO, C.SALON),
            F.POVERTY,
            "新町2-11",
            ("火・土 10:00-16:00",),
            "元理容店の空き家を、所有者の厚意で借りて開いた居場所。縁側でお茶を飲む人、宿題をする子ども、"
            "日本語を練習する人が同じ部屋で過ごします。土曜の昼は持ち寄りのお昼ごはん。",
            "お茶の準備、縁側の掃除、昼ごはんの持ち寄り、子どもの宿題の見守り",
            place="えんがわハウス（新町の元理容店）",
            cost="無料（昼ごはんの日は100円）",
            contact="代表 小松 典子",
            tel="0197-61-5528",
            access="市民バス「新町二丁目」下車徒歩2分",
            barrier="玄関に段差1段（スロープを用意）",
            shy=True,
        ),
        180,
    ),
    (
        Res(
            "school_room",
            "shakyo",
            "中央小 ふれあいルーム（空き教室のサロン）",
            "ちゅうおうしょう ふれあいるーむ",
            (C.SALON, C.IBASHO),
            F.CARE,
            "錦町3-1",
            ("火 13:30-16:00",),
            "中央小学校の空き教室（旧第2音楽室）で開くサロン。体操とお茶のあと、15時過ぎには下校した"
            "子どもたちが立ち寄り、昔遊びや将棋を一緒に楽しみます。",
            "お茶の準備、体操、昔遊びや将棋の相手",
            place="かさね市立中央小学校 旧第2音楽室",
            cost="1回100円（お茶代）",
            who="どなたでも（子どもは中央小の児童）",
            contact="社協 地域福祉課 生活支援コーディネーター",
            tel="0197-61-7700",
            apply="当日、学校の通用口の受付で名前を書いてお入りください。",
            access="市民バス「錦町」下車徒歩4分。駐車場は学校の職員用を使えます（5台）。",
            barrier="エレベーターあり",
        ),
        270,
    ),
    (
        Res(
            "sakuragi_taiso",
            "sakuragi_jichi",
            "桜木町いきいき百歳体操",
            "さくらぎちょういきいきひゃくさいたいそう",
            (C.KAYOI,),
            F.CARE,
            "桜木町3-4",
            ("水 10:00-11:00",),
            "自治会館で、DVDを見ながら重りをつけて体操をする通いの場。体操のあとはお茶を飲んで帰ります。",
            "体操、会場の準備と片付け",
            place="桜木町自治会館",
            cost="無料",
            contact="自治会 福祉部長 岩渕 昭",
            tel="0197-61-4412",
            access="市民バス「桜木町」下車徒歩3分",
            barrier="和室（椅子あり）",
        ),
        205,
    ),
    (
        Res(
            "hatake",
            "hatake_kai",
            "下河原 ふれあい畑",
            "しもがわら ふれあいはたけ",
            (C.IBASHO, C.FARM, C.WORK_EXPERIENCE),
            F.POVERTY,
            "下河原7-2",
            ("土 09:00-12:00（4月〜11月）",),
            "元農家の方の畑（約3アール）を借りて、だれでも野菜づくりに参加できる場。農業高校の生徒や、"
            "仕事を探している人、子ども連れの家族が一緒に作業します。とれた野菜は子ども食堂へ。",
            "草取り、種まき、収穫、袋詰め。座ってできる苗の植え替えもあります。",
            place="下河原の畑（元農家の方から借用）",
            capacity=3,
            contact="世話人 今野 勝",
            tel="0197-65-7703",
            apply="当日参加できます。就労体験として参加するときは参加支援担当を通じて申し込み。",
            access="市民バス「下河原」下車徒歩8分。駐車場あり。",
            barrier="畑は土の上。休憩用のテントと椅子あり。",
            load=L.MEDIUM,
            shy=True,
            hosts=True,
        ),
        160,
    ),
    (
        Res(
            "higashiyama_ochakko",
            "higashiyama_jichi",
            "東山 お茶っこサロン（移動販売の日）",
            "ひがしやま おちゃっこさろん",
            (C.SALON,),
            F.OWN,
            "東山88",
            ("第2・第4木 10:30-12:00",),
            "移動販売車「とうぶ号」が止まる日に、集会所を開けてお茶っこの会。買い物のついでに寄れます。",
            "お茶の準備、買い物の荷物運び、話し相手",
            place="東山集会所",
            cost="無料",
            contact="自治会長 千田 良一",
            tel="0197-67-2150",
            access="移動販売車の停留所の前",
            barrier="玄関に段差あり（手すりあり）",
        ),
        45,
    ),
]

# Schematic points for the resident map: each 町 of the city, as (latitude, longitude).
TOWN_POINTS: dict[str, tuple[float, float]] = {
    "本町": (42.9520, 141.6020),
    "駅前一丁目": (42.9545, 141.5975),
    "駅前二丁目": (42.9560, 141.5950),
    "大通り": (42.9500, 141.5990),
    "新町": (42.9480, 141.6065),
    "錦町": (42.9535, 141.6085),
    "桜木町": (42.9585, 141.6040),
    "北上野": (42.9760, 141.5930),
    "若葉台": (42.9810, 141.6010),
    "松ケ丘": (42.9850, 141.5900),
    "川原町": (42.9720, 141.6090),
    "上野原": (42.9900, 141.6060),
    "北田": (42.9780, 141.5830),
    "南原": (42.9300, 141.5960),
    "緑ケ丘": (42.9330, 141.6050),
    "稲荷町": (42.9360, 141.5900),
    "柳町": (42.9280, 141.6010),
    "下河原": (42.9200, 141.5850),
    "城南": (42.9250, 141.6100),
    "鍛冶町": (42.9380, 141.6000),
    "東町": (42.9510, 141.6350),
    "日の出町": (42.9560, 141.6450),
    "朝日が丘": (42.9450, 141.6500),
    "高森": (42.9650, 141.6700),
    "石田": (42.9380, 141.6800),
    "東山": (42.9550, 141.7000),
    "沢口": (42.9700, 141.7150),
}

# What a place did on the first day it met in a month, by profile: the note on that day's record.
EVENTS: dict[str, dict[int, str]] = {
    "kodomo": {
        3: "卒業・進級のお祝い",
        8: "夏休み特別メニュー（流しそうめん）",
        10: "収穫祭（地域の畑の野菜でカレー）",
        12: "クリスマス会（高齢の方の手作りケーキ）",
    },
    "salon": {
        1: "新年会（かるた・福笑い）",
        4: "お花見（近くの公園まで散歩）",
        7: "七夕の飾りつけ",
        9: "敬老のお祝い（小学生の合唱）",
    },
    "kayoi": {6: "体力測定（保健師が来所）", 11: "体力測定（保健師が来所）"},
    "open_salon": {8: "夏祭りのうちわ作り", 12: "年忘れのもちつき"},
    "dementia": {9: "世界アルツハイマーデーにちなんで、オレンジのリボンづくり"},
    "kosodate": {7: "水遊び", 11: "子育て相談（保健師が来所）"},
    "jidokan": {8: "夏休みの工作教室", 12: "クリスマス会"},
    "play": {10: "いもほり（地域の畑で）"},
    "engawa": {8: "夏休みの宿題を一緒にやる会", 12: "年忘れのもちつき"},
    "school_room": {12: "子どもたちに昔遊び（けん玉・こま回し）を教えた"},
    "field": {5: "じゃがいもの植え付け", 9: "じゃがいもの収穫（子ども食堂へ届けた）"},
    "men": {12: "年越しそばを打つ"},
    "art": {11: "作品展の準備"},
    "disability": {11: "作品展（地域の方も来場）"},
}

# Days a place did not meet after all: (place, how many of its days before the last), and why, by month.
CANCELLED: list[tuple[str, int]] = [
    ("machinaka_salon", 30),
    ("kitada_exercise", 14),
    ("minami_jidokan", 60),
    ("hikari_hiroba", 22),
    ("wakaba_kodomo", 17),
    ("tobu_ochakko", 9),
]
CANCEL_NOTES = {
    "winter": "大雪のため中止",
    "summer": "大雨の警報が出たため中止",
    "other": "会場の設備点検のため中止",
}
