"""Variant kanji in names, held against pairs written by hand from names staff meet at the desk (not taken
from the folding table): a person typed one way is found typed the other way, and names that are
different stay apart."""

from __future__ import annotations

import hashlib

import pytest

from kasane.lib import text
from kasane.lib.text import NEVER_FOLDED, name_key, name_search_terms

# Compatibility ideographs and variation selectors as escapes: an NFC pass over this file must not be able
# to hide them.
COMPAT_SAKI = "\ufa11"  # 﨑
COMPAT_KAMI = "\ufa19"  # 神
COMPAT_FUKU = "\ufa1b"  # 福
IVS_1 = "\U000e0100"
IVS_2 = "\U000e0101"

SAME_PERSON = [
    ("斉藤 和子", "齋藤 和子"),
    ("斉藤", "斎藤"),
    ("齊藤", "斎藤"),
    ("渡辺", "渡邊"),
    ("渡辺", "渡邉"),
    ("辺見", "邊見"),
    ("高橋", "髙橋"),
    ("高橋", "高槗"),
    ("山崎", f"山{COMPAT_SAKI}"),
    ("山崎", "山嵜"),
    ("沢田", "澤田"),
    ("柳沢", "栁澤"),
    ("浜田", "濱田"),
    ("浜口", "濵口"),
    ("島田", "嶋田"),
    ("中島", "中嶌"),
    ("広瀬", "廣瀬"),
    ("広瀬", "広瀨"),
    ("桜井", "櫻井"),
    ("国分", "國分"),
    ("真鍋", "眞鍋"),
    ("富田", "冨田"),
    ("吉田", "𠮷田"),
    ("徳永", "德永"),
    ("恵子", "惠子"),
    ("実", "實"),
    ("寿子", "壽子"),
    ("亀井", "龜井"),
    ("穂積", "穗積"),
    ("関口", "關口"),
    ("北条", "北條"),
    ("万田", "萬田"),
    ("芦田", "蘆田"),
    ("礼子", "禮子"),
    ("晋", "晉"),
    ("曽根", "曾根"),
    ("峰岸", "峯岸"),
    ("槙野", "槇野"),
    ("渋谷", "澁谷"),
    ("竜也", "龍也"),
    ("黒田", "黑田"),
    ("青木", "靑木"),
    ("浅野", "淺野"),
    ("蔵本", "藏本"),
    ("薗田", "園田"),
    ("鶴田", "靍田"),
    ("渕上", "淵上"),
    ("舘野", "館野"),
    ("滝本", "瀧本"),
    ("増田", "增田"),
    ("籠谷", "篭谷"),
    ("巌", "巖"),
    ("弥生", "彌生"),
    ("遥", "遙"),
    ("栄", "榮"),
    ("塩田", "鹽田"),
    ("桧山", "檜山"),
    ("桑原", "桒原"),
    ("恒夫", "恆夫"),
    ("尭", "堯"),
    ("凛", "凜"),
    ("草薙", "草彅"),
    ("神田", f"{COMPAT_KAMI}田"),
    ("福田", f"{COMPAT_FUKU}田"),
    ("辻", f"辻{IVS_1}"),
    ("葛西", f"葛{IVS_2}西"),
]

DIFFERENT = [
    ("斎藤", "佐藤"),
    ("高橋", "高島"),
    ("渡辺", "渡部"),
    ("峰岸", "封岸"),
    ("嶺", "領"),
    ("亘", "宣"),
    ("祐子", "右子"),
    ("吉田", "桔田"),
    ("山崎", "山埼"),
    ("山崎", "山碕"),
    ("藤田", "籐田"),
    ("己", "巳"),
    ("土屋", "士屋"),
    ("末松", "未松"),
    ("冶", "治"),
]


@pytest.mark.parametrize(("one", "other"), SAME_PERSON)
def test_a_name_typed_either_way_finds_the_other(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)
    assert name_search_terms(one) == name_search_terms(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


@pytest.mark.parametrize("group", NEVER_FOLDED)
def test_characters_that_tell_names_apart_never_fold_together(group: str) -> None:
    assert len({name_key(char) for char in group}) == len(group)


def test_the_raw_name_is_not_what_folds() -> None:
    # Only keys fold: the function never changes what it is not asked about, and a key is stable.
    assert name_key(name_key("齋藤 髙")) == name_key("齋藤 髙")


# The table is jpnorm's, pinned by uv.lock. A new version that changes it changes every stored key: then
# review its changes against NEVER_FOLDED and the pairs above, add a casework migration that recomputes the
# keys (like 0003_name_keys_itaiji) and update this pin.
TABLE_SIZE = 337
TABLE_SHA256 = "344914044c29bce3df0005ea376e6111721c8d7b26539250104903a512e5405f"


def test_the_variant_table_is_the_one_the_stored_keys_were_made_with() -> None:
    blocks = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F)]
    chars = "".join(chr(code) for start, end in blocks for code in range(start, end + 1))
    folded = text._TABLE.normalize(chars)
    assert len(folded) == len(chars)
    pairs = "".join(f"{a}{b}" for a, b in zip(chars, folded, strict=True) if a != b)
    assert (len(pairs) // 2, hashlib.sha256(pairs.encode()).hexdigest()) == (TABLE_SIZE, TABLE_SHA256)
