"""Invented residents of かさね市 for the demo: names with ふりがな as staff type them, addresses, phones.

Surnames lean towards those common in 東北・北海道; given names follow the birth year, so an 85-year-old is a
ハナ or a 勝男 and a toddler a 陽葵 or a 湊. Some surnames use the variant kanji people insist on (髙, 﨑,
邉, 齋). 﨑 is a compatibility ideograph and is written as an escape so that no editor normalises it away.
"""

from __future__ import annotations

import datetime as dt
import random

from kasane.demo.city.data import AREAS

SAKI = "\ufa11"  # 﨑

# (kanji, kana); repeated entries make the common ones more likely.
SURNAMES: list[tuple[str, str]] = [
    *[("佐藤", "さとう")] * 4,
    *[("佐々木", "ささき")] * 4,
    *[("高橋", "たかはし")] * 3,
    ("髙橋", "たかはし"),
    *[("千葉", "ちば")] * 3,
    *[("菊池", "きくち")] * 2,
    *[("阿部", "あべ")] * 2,
    *[("及川", "おいかわ")] * 2,
    ("鈴木", "すずき"),
    ("伊藤", "いとう"),
    *[("小野寺", "おのでら")] * 2,
    *[("菅原", "すがわら")] * 2,
    ("熊谷", "くまがい"),
    ("村上", "むらかみ"),
    ("藤原", "ふじわら"),
    ("吉田", "よしだ"),
    ("斎藤", "さいとう"),
    ("齋藤", "さいとう"),
    ("工藤", "くどう"),
    ("遠藤", "えんどう"),
    ("中村", "なかむら"),
    ("小原", "おばら"),
    ("昆", "こん"),
    ("畠山", "はたけやま"),
    ("八重樫", "やえがし"),
    ("照井", "てるい"),
    ("小笠原", "おがさわら"),
    ("岩渕", "いわぶち"),
    ("菅野", "かんの"),
    ("後藤", "ごとう"),
    ("三浦", "みうら"),
    ("金野", "こんの"),
    ("新沼", "にいぬま"),
    (f"山{SAKI}", "やまざき"),
    ("山崎", "やまざき"),
    ("渡邉", "わたなべ"),
    ("渡辺", "わたなべ"),
    ("瀬川", "せがわ"),
    ("晴山", "はるやま"),
    ("林", "はやし"),
    ("森", "もり"),
    ("関", "せき"),
    ("東", "あずま"),
    ("大森", "おおもり"),
    ("田村", "たむら"),
    ("鎌田", "かまた"),
    ("長谷川", "はせがわ"),
    ("似内", "にたない"),
    ("猿舘", "さるだて"),
    ("細川", "ほそかわ"),
    ("今野", "こんの"),
    ("千田", "ちだ"),
    ("小松", "こまつ"),
    ("浅沼", "あさぬま"),
    ("鷹觜", "たかのはし"),
    ("髙田", "たかだ"),
    ("柏葉", "かしわば"),
    ("武田", "たけだ"),
]

# Given names by sex and the last birth year of the generation: (kanji, kana).
_GIVEN: dict[str, list[tuple[int, list[tuple[str, str]]]]] = {
    "female": [
        (
            1945,
            [
                ("ハナ", "はな"),
                ("キヨ", "きよ"),
                ("トメ", "とめ"),
                ("ミツ", "みつ"),
                ("貞子", "さだこ"),
                ("春子", "はるこ"),
                ("文子", "ふみこ"),
                ("静子", "しずこ"),
                ("千代", "ちよ"),
                ("トシ", "とし"),
            ],
        ),
        (
            1960,
            [
                ("和子", "かずこ"),
                ("幸子", "さちこ"),
                ("節子", "せつこ"),
                ("洋子", "ようこ"),
                ("恵子", "けいこ"),
                ("京子", "きょうこ"),
                ("美代子", "みよこ"),
                ("久子", "ひさこ"),
                ("悦子", "えつこ"),
                ("良子", "よしこ"),
            ],
        ),
        (
            1980,
            [
                ("由美子", "ゆみこ"),
                ("真由美", "まゆみ"),
                ("直美", "なおみ"),
                ("智子", "ともこ"),
                ("裕子", "ゆうこ"),
                ("久美子", "くみこ"),
                ("美香", "みか"),
                ("香織", "かおり"),
                ("明美", "あけみ"),
                ("陽子", "ようこ"),
            ],
        ),
        (
            1995,
            [
                ("愛", "あい"),
                ("恵", "めぐみ"),
                ("彩", "あや"),
                ("美穂", "みほ"),
                ("麻衣", "まい"),
                ("沙織", "さおり"),
                ("千尋", "ちひろ"),
                ("由香", "ゆか"),
                ("瞳", "ひとみ"),
                ("梓", "あずさ"),
            ],
        ),
        (
            2010,
            [
                ("美咲", "みさき"),
                ("七海", "ななみ"),
                ("彩花", "あやか"),
                ("優花", "ゆうか"),
                ("萌", "もえ"),
                ("遥", "はるか"),
                ("陽菜", "ひな"),
                ("結衣", "ゆい"),
                ("葵", "あおい"),
                ("美羽", "みう"),
            ],
        ),
        (
            2100,
            [
                ("陽葵", "ひまり"),
                ("結愛", "ゆあ"),
                ("心春", "こはる"),
                ("芽依", "めい"),
                ("凛", "りん"),
                ("紬", "つむぎ"),
                ("結菜", "ゆいな"),
                ("咲良", "さくら"),
                ("澪", "みお"),
                ("杏", "あん"),
            ],
        ),
    ],
    "male": [
        (
            1945,
            [
                ("勝男", "かつお"),
                ("清", "きよし"),
                ("正雄", "まさお"),
                ("勇", "いさむ"),
                ("武", "たけし"),
                ("茂", "しげる"),
                ("三郎", "さぶろう"),
                ("長治", "ちょうじ"),
                ("実", "みのる"),
                ("忠雄", "ただお"),
            ],
        ),
        (
            1960,
            [
                ("昭", "あきら"),
                ("博", "ひろし"),
                ("隆", "たかし"),
                ("和夫", "かずお"),
                ("幸雄", "ゆきお"),
                ("進", "すすむ"),
                ("秀雄", "ひでお"),
                ("義明", "よしあき"),
                ("守", "まもる"),
                ("正人", "まさと"),
            ],
        ),
        (
            1980,
            [
                ("修", "おさむ"),
                ("誠", "まこと"),
                ("浩", "ひろし"),
                ("健一", "けんいち"),
                ("和也", "かずや"),
                ("剛", "つよし"),
                ("聡", "さとし"),
                ("伸也", "しんや"),
                ("哲也", "てつや"),
                ("賢治", "けんじ"),
            ],
        ),
        (
            1995,
            [
                ("大輔", "だいすけ"),
                ("拓也", "たくや"),
                ("達也", "たつや"),
                ("翔", "しょう"),
                ("健太", "けんた"),
                ("亮", "りょう"),
                ("直樹", "なおき"),
                ("雄太", "ゆうた"),
                ("智也", "ともや"),
                ("慎吾", "しんご"),
            ],
        ),
        (
            2010,
            [
                ("翔太", "しょうた"),
                ("大樹", "だいき"),
                ("拓海", "たくみ"),
                ("颯太", "そうた"),
                ("陸", "りく"),
                ("悠斗", "ゆうと"),
                ("蓮", "れん"),
                ("大翔", "ひろと"),
                ("海斗", "かいと"),
                ("隼人", "はやと"),
            ],
        ),
        (
            2100,
            [
                ("陽向", "ひなた"),
                ("蒼", "あおい"),
                ("湊", "みなと"),
                ("悠真", "ゆうま"),
                ("律", "りつ"),
                ("碧", "あお"),
                ("朝陽", "あさひ"),
                ("樹", "いつき"),
                ("晴", "はる"),
                ("奏太", "そうた"),
            ],
        ),
    ],
}

TOWNS: dict[str, list[str]] = {area: towns for area, towns in AREAS}
AREA_OF_TOWN: dict[str, str] = {town: area for area, towns in AREAS for town in towns}
_BUILDINGS = [
    "コーポ{t} {r}",
    "ハイツ{t} {r}号室",
    "メゾン{t} {r}",
    "{t}市営住宅 {b}-{r}",
    "県営{t}アパート {b}-{r}",
]
_HIRA_TO_KATA = str.maketrans({chr(c): chr(c + 0x60) for c in range(ord("ぁ"), ord("ゖ") + 1)})
_FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def birth_date(rng: random.Random, age: int, today: dt.date) -> dt.date:
    """A birth date on which the person is exactly ``age`` today."""
    latest = (
        today.replace(year=today.year - age)
        if (today.month, today.day) != (2, 29)
        else dt.date(today.year - age, 2, 28)
    )
    return latest - dt.timedelta(days=rng.randint(0, 364))


def given_name(rng: random.Random, sex: str, born: int) -> tuple[str, str]:
    for last_year, names in _GIVEN["female" if sex == "female" else "male"]:
        if born <= last_year:
            return rng.choice(names)
    raise AssertionError("unreachable")


def typed(rng: random.Random, family: tuple[str, str], given: tuple[str, str]) -> tuple[str, str]:
    """Name and ふりがな as a member of staff typed them: usually 「姓 名」 and hiragana, now and then a
    full-width space or katakana ふりがな."""
    space = "\u3000" if rng.random() < 0.12 else " "
    kana = f"{family[1]} {given[1]}"
    if rng.random() < 0.08:
        kana = kana.translate(_HIRA_TO_KATA)
    return f"{family[0]}{space}{given[0]}", kana


def address(rng: random.Random, town: str) -> str:
    block = f"{rng.randint(1, 38)}-{rng.randint(1, 24)}"
    line = f"かさね市{town}{block}"
    if rng.random() < 0.25:
        short = town.removesuffix("一丁目").removesuffix("二丁目")
        pattern = rng.choice(_BUILDINGS)
        line += " " + pattern.format(
            t=short, r=rng.choice([101, 102, 103, 201, 202, 203, 305]), b=rng.randint(1, 8)
        )
    if rng.random() < 0.1:
        line = line.translate(_FULL_WIDTH)
    return line


def phone(rng: random.Random, *, mobile: bool) -> str:
    if mobile:
        return f"{rng.choice(['090', '090', '080'])}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    return f"0197-{rng.choice([61, 62, 63, 64, 65, 66])}-{rng.randint(1000, 9999)}"


# Handles people pick for a free mail address; with a number, under the reserved example.jp domain only.
_HANDLES = (
    "hoshizora",
    "sakura",
    "yukidaruma",
    "mirai",
    "sorairo",
    "hanabi",
    "kazaguruma",
    "umineko",
    "niji",
    "tsukimi",
    "aoba",
    "mame",
    "kuma",
    "nekoneko",
    "harukaze",
    "natsuzora",
    "momiji",
    "fuyugomori",
    "kasane",
    "ringo",
    "mikan",
    "hitsuji",
    "tanpopo",
    "komorebi",
    "sunflower",
    "bluebird",
    "pinecone",
)


def email(rng: random.Random) -> str:
    """A fictional mail address: a handle and a number at example.jp (reserved for examples, never delivered)."""
    handle = rng.choice(_HANDLES)
    joint = rng.choice(["", ".", "_"])
    return f"{handle}{joint}{rng.randint(1, 9999):02d}@example.jp"


def email_of(seed: int, mobile: str, age: int) -> str:
    """Some of those under 65 with a mobile give a mail address too. A stream of its own, drawn from the number
    (the same on any day), so the rest of the demo is unchanged."""
    rng = random.Random(f"{seed}:email:{mobile}")
    return email(rng) if age < 65 and rng.random() < 0.5 else ""
