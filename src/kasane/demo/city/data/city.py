"""かさね市 and its neighbour: codes, names, 日常生活圏域."""

from __future__ import annotations

PREFECTURE_CODE = "01"
PREFECTURE_NAME = "北海道"

DEMO_CODE = "019999"
DEMO_NAME = "かさね市"
DEMO_POPULATION = 89_700

SECOND_CODE = "019998"
SECOND_NAME = "さくら町"
SECOND_POPULATION = 11_800

SHAKYO_CORP = "社会福祉法人かさね市社会福祉協議会"
CITY_HALL = "かさね市本町一丁目1-1（市役所本庁舎）"
CITY_HALL_POSTAL = "079-9900"
CITY_HOURS = "平日 8:30〜17:15"

# 日常生活圏域: name and the 町名 it covers. No town name is contained in another one.
AREAS: list[tuple[str, list[str]]] = [
    ("中央圏域", ["本町", "駅前一丁目", "駅前二丁目", "大通り", "新町", "錦町", "桜木町"]),
    ("北部圏域", ["北上野", "若葉台", "松ケ丘", "川原町", "上野原", "北田"]),
    ("南部圏域", ["南原", "緑ケ丘", "稲荷町", "柳町", "下河原", "城南", "鍛冶町"]),
    ("東部圏域", ["東町", "日の出町", "朝日が丘", "高森", "石田", "東山", "沢口"]),
]
