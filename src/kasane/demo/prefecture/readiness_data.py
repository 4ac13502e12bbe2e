"""北海道's municipalities for the demo: the seeds' named ones with the seeds' figures, and others for breadth.

Where a seed gives a figure, the source says so. Everything else (populations rounded, statuses of
municipalities the seeds do not name) is illustrative demo data, and its source says that too.
"""

from __future__ import annotations

# Blocks (000: 道内4ブロック) and the 振興局 each covers.
BLOCKS: list[tuple[str, tuple[str, ...]]] = [
    ("道央", ("石狩", "空知", "後志", "胆振", "日高")),
    ("道南", ("渡島", "檜山")),
    ("道北", ("上川", "留萌", "宗谷")),
    ("道東", ("オホーツク", "十勝", "釧路", "根室")),
]

# 北海道's 14 総合振興局・振興局 in the prefecture's own order (its regions: data, kept on the regions page).
REGIONS: list[tuple[str, str]] = [
    ("空知", "空知総合振興局"),
    ("石狩", "石狩振興局"),
    ("後志", "後志総合振興局"),
    ("胆振", "胆振総合振興局"),
    ("日高", "日高振興局"),
    ("渡島", "渡島総合振興局"),
    ("檜山", "檜山振興局"),
    ("上川", "上川総合振興局"),
    ("留萌", "留萌振興局"),
    ("宗谷", "宗谷総合振興局"),
    ("オホーツク", "オホーツク総合振興局"),
    ("十勝", "十勝総合振興局"),
    ("釧路", "釧路総合振興局"),
    ("根室", "根室振興局"),
]

SEED_001 = "001（2021年8月31日現在）"
SEED_003 = "003 図表2-2（住民基本台帳 2021年7月末）"
ILLUSTRATIVE = "デモ用の概数"

# code (5 digits; the check digit is computed), name, furigana, 振興局, population, area ㎢, status, year, source
MUNICIPALITIES: list[tuple[str, str, str, str, int, float | None, str, int | None, str]] = [
    # 001: implementing from 令和3年度 and 令和4年度
    ("01337", "七飯町", "ななえちょう", "渡島", 27_800, 216.75, "implementing", 2021, ILLUSTRATIVE),
    ("01433", "妹背牛町", "もせうしちょう", "空知", 2_800, 48.64, "implementing", 2021, ILLUSTRATIVE),
    ("01452", "鷹栖町", "たかすちょう", "上川", 6_724, 139.42, "implementing", 2021, SEED_001),
    ("01544", "津別町", "つべつちょう", "オホーツク", 4_300, 716.80, "implementing", 2021, ILLUSTRATIVE),
    ("01204", "旭川市", "あさひかわし", "上川", 325_000, 747.66, "implementing", 2022, ILLUSTRATIVE),
    ("01631", "音更町", "おとふけちょう", "十勝", 43_000, 466.02, "implementing", 2022, ILLUSTRATIVE),
    ("01642", "広尾町", "ひろおちょう", "十勝", 6_300, 596.54, "implementing", 2022, ILLUSTRATIVE),
    # 003: the consultancy's two Hokkaido cities (苫小牧's area in 図表2-2 reads 67.94㎢, a slip; 561.65 is used)
    ("01213", "苫小牧市", "とまこまいし", "胆振", 169_813, 561.65, "considering", None, SEED_003),
    ("01206", "釧路市", "くしろし", "釧路", 164_095, 1363.00, "preparing", 2021, SEED_003),
    # Others, for breadth across the four blocks and the population bands
    ("01100", "札幌市", "さっぽろし", "石狩", 1_960_000, 1121.26, "planned", 2027, ILLUSTRATIVE),
    ("01202", "函館市", "はこだてし", "渡島", 245_000, 677.87, "considering", None, ILLUSTRATIVE),
    ("01203", "小樽市", "おたるし", "後志", 108_000, 243.83, "considering", None, ILLUSTRATIVE),
    ("01205", "室蘭市", "むろらんし", "胆振", 77_000, 81.01, "undecided", None, ILLUSTRATIVE),
    ("01207", "帯広市", "おびひろし", "十勝", 163_000, 619.34, "planned", 2027, ILLUSTRATIVE),
    ("01208", "北見市", "きたみし", "オホーツク", 113_000, 1427.41, "considering", None, ILLUSTRATIVE),
    ("01217", "江別市", "えべつし", "石狩", 119_000, 187.38, "preparing", 2025, ILLUSTRATIVE),
    ("01224", "千歳市", "ちとせし", "石狩", 97_000, 594.50, "considering", None, ILLUSTRATIVE),
    ("01221", "名寄市", "なよろし", "上川", 26_000, 535.20, "considering", None, ILLUSTRATIVE),
    ("01214", "稚内市", "わっかないし", "宗谷", 32_000, 761.47, "undecided", None, ILLUSTRATIVE),
    ("01211", "網走市", "あばしりし", "オホーツク", 33_000, 470.94, "considering", None, ILLUSTRATIVE),
    ("01223", "根室市", "ねむろし", "根室", 24_000, 506.25, "undecided", None, ILLUSTRATIVE),
    ("01236", "北斗市", "ほくとし", "渡島", 45_000, 397.44, "planned", 2028, ILLUSTRATIVE),
    ("01233", "伊達市", "だてし", "胆振", 32_000, 444.21, "considering", None, ILLUSTRATIVE),
    ("01212", "留萌市", "るもいし", "留萌", 19_500, 297.84, "undecided", None, ILLUSTRATIVE),
    ("01458", "東川町", "ひがしかわちょう", "上川", 8_500, 247.30, "planned", 2027, ILLUSTRATIVE),
    ("01459", "美瑛町", "びえいちょう", "上川", 9_600, 677.16, "considering", None, ILLUSTRATIVE),
    ("01637", "芽室町", "めむろちょう", "十勝", 18_000, 513.76, "preparing", 2026, ILLUSTRATIVE),
    ("01643", "幕別町", "まくべつちょう", "十勝", 26_000, 477.64, "considering", None, ILLUSTRATIVE),
    ("01633", "上士幌町", "かみしほろちょう", "十勝", 4_900, 694.23, "undecided", None, ILLUSTRATIVE),
    ("01345", "森町", "もりまち", "渡島", 15_000, 368.79, "considering", None, ILLUSTRATIVE),
    ("01346", "八雲町", "やくもちょう", "渡島", 15_500, 956.08, "considering", None, ILLUSTRATIVE),
    ("01361", "江差町", "えさしちょう", "檜山", 7_300, 109.48, "undecided", None, ILLUSTRATIVE),
    ("01429", "栗山町", "くりやまちょう", "空知", 11_500, 203.93, "planned", 2028, ILLUSTRATIVE),
    ("01428", "長沼町", "ながぬまちょう", "空知", 10_500, 168.52, "undecided", None, ILLUSTRATIVE),
    ("01303", "当別町", "とうべつちょう", "石狩", 15_500, 422.86, "considering", None, ILLUSTRATIVE),
    ("01408", "余市町", "よいちちょう", "後志", 18_000, 140.60, "undecided", None, ILLUSTRATIVE),
    ("01395", "ニセコ町", "にせこちょう", "後志", 5_000, 197.13, "considering", None, ILLUSTRATIVE),
    ("01545", "斜里町", "しゃりちょう", "オホーツク", 11_000, 737.13, "undecided", None, ILLUSTRATIVE),
    ("01543", "美幌町", "びほろちょう", "オホーツク", 18_000, 438.41, "considering", None, ILLUSTRATIVE),
    ("01662", "厚岸町", "あっけしちょう", "釧路", 8_600, 739.27, "undecided", None, ILLUSTRATIVE),
    ("01692", "中標津町", "なかしべつちょう", "根室", 23_000, 684.87, "considering", None, ILLUSTRATIVE),
    ("01516", "豊富町", "とよとみちょう", "宗谷", 3_800, 520.69, "undecided", None, ILLUSTRATIVE),
    ("01484", "羽幌町", "はぼろちょう", "留萌", 6_500, 472.65, "undecided", None, ILLUSTRATIVE),
    ("01607", "浦河町", "うらかわちょう", "日高", 11_500, 694.26, "considering", None, ILLUSTRATIVE),
    ("01578", "白老町", "しらおいちょう", "胆振", 16_000, 425.64, "undecided", None, ILLUSTRATIVE),
]

# The two fictional municipalities that run their cases in kasane: 振興局, area, status, year.
KASANE_USERS: dict[str, tuple[str, float, str, int | None]] = {
    "かさね市": ("上川", 412.30, "implementing", 2024),
    "さくら町": ("上川", 288.10, "considering", None),
}
