"""The demo's staff: the one-per-role logins, staff typed by hand, and how many others each agency has."""

from __future__ import annotations

# The one-per-role login accounts: username, full name, furigana, agency key, role code.
DEMO_LOGINS: list[tuple[str, str, str, str, str]] = [
    ("soudanin", "髙橋 美咲", "たかはし みさき", "houkatsu_chuo", "soudanin"),
    ("kyodo", "山﨑 健太", "やまざき けんた", "shakyo", "coordinator"),
    ("chiiki", "三浦 千尋", "みうら ちひろ", "shakyo", "community"),
    ("shi", "菊池 真由美", "きくち まゆみ", "chiiki_fukushi", "city_program"),
    ("kikan", "及川 正樹", "おいかわ まさき", "houkatsu_chuo", "agency_admin"),
    ("ken", "佐々木 亮", "ささき りょう", "pref", "prefecture"),
    ("fasi", "石田 里奈", "いしだ りな", "contractor", "backup_contractor"),
    ("etsuran", "千葉 和子", "ちば かずこ", "minsei", "viewer"),
]

# Staff typed by hand (variant kanji): username, full name, furigana, agency key, role code.
NAMED_STAFF: list[tuple[str, str, str, str, str]] = [
    ("saito.koji", "齋藤 浩二", "さいとう こうじ", "kikan", "soudanin"),
    ("watanabe.yumiko", "渡邉 由美子", "わたなべ ゆみこ", "jiritsu", "soudanin"),
]

# Other staff, named by Faker: agency key, role code, how many.
STAFFING: list[tuple[str, str, int]] = [
    ("houkatsu_chuo", "soudanin", 2),
    ("houkatsu_kita", "agency_admin", 1),
    ("houkatsu_kita", "soudanin", 2),
    ("houkatsu_minami", "agency_admin", 1),
    ("houkatsu_minami", "soudanin", 2),
    ("houkatsu_higashi", "agency_admin", 1),
    ("houkatsu_higashi", "soudanin", 1),
    ("kikan", "agency_admin", 1),
    ("kikan", "soudanin", 1),
    ("shogai_ayumi", "soudanin", 1),
    ("shogai_kawara", "soudanin", 1),
    ("shogai_midori", "soudanin", 1),
    ("shogai_komorebi", "soudanin", 1),
    ("riyosha", "soudanin", 2),
    ("kodomo", "soudanin", 2),
    ("jiritsu", "soudanin", 1),
    ("shakyo", "coordinator", 2),
    ("chiiki_fukushi", "city_program", 1),
    ("choju", "soudanin", 1),
    ("shogai_fukushi", "soudanin", 1),
    ("kosodate", "soudanin", 1),
    ("kenko", "soudanin", 1),
    ("seikatsu", "soudanin", 1),
    ("kyoiku", "soudanin", 1),
    ("minsei", "viewer", 1),
    ("clinic", "soudanin", 1),
    ("foodbank", "agency_admin", 1),
    ("ibasho", "agency_admin", 1),
    ("pref", "prefecture", 1),
    ("contractor", "backup_contractor", 4),
    ("sakura_fukushi", "city_program", 1),
]

# Second memberships for the first Faker-named user of (agency, role): + (agency, role).
SECOND_MEMBERSHIPS: list[tuple[tuple[str, str], tuple[str, str]]] = [
    (("houkatsu_kita", "agency_admin"), ("houkatsu_kita", "soudanin")),
    (("kikan", "agency_admin"), ("kikan", "soudanin")),
    (("shakyo", "coordinator"), ("jiritsu", "soudanin")),
    (("kenko", "soudanin"), ("kodomo", "soudanin")),  # a 保健師 also serving 母子保健
]
