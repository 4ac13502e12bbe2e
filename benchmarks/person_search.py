"""Speed of person name search at 100,000 people or more, printed as figures (not asserted: see README).

    uv run python benchmarks/person_search.py [--persons N]   # SQLite in a temporary data directory
    DATABASE_URL=postgres://… uv run python benchmarks/person_search.py   # an empty, throwaway database

Loads N synthetic persons (realistic surnames, variant kanji, ふりがな in hiragana or katakana) into one
municipality of 40 agencies through the bulk path (``casework.services.bulk``), then times ~55 name queries
(median and p95 over repeated runs after a warm-up) three ways, as a 相談員 of one agency:
- app: ``search_page``, what the person search page runs (visibility, PersonKey prefix ranges, ranking,
  the first page of 50 with the whole count when there are more);
- floor: one indexed range read of 50 keys with no joins (``person_key_agency_range``, the viewer's agency),
  the least any name search can cost; and the page floor, that read plus fetching the 50 persons it names
  with their household and agency through the ORM, the least a page of results can cost;
- naive: the same job done with ``icontains``: the viewer's visible persons whose name or ふりがな contains
  the text as typed, ordered by ふりがな, first 50 (it cannot fold 髙橋, ﾀｶﾊｼ or spaces, and finds fewer).
Prints the figures, the ratios, how many people each way finds, the load rate, the size of the PersonKey
rows and the plans.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable

_TEMP_DIR = None
if "KASANE_DATA_DIR" not in os.environ:
    _TEMP_DIR = tempfile.mkdtemp(prefix="kasane-bench-")
    os.environ["KASANE_DATA_DIR"] = _TEMP_DIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kasane.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402


def _persons_argument(argv: list[str], default: int) -> int:
    """``--persons N`` (underscores allowed: 1_000_000)."""
    if "--persons" in argv:
        return int(argv[argv.index("--persons") + 1].replace("_", ""))
    return default


PERSONS = _persons_argument(sys.argv, 100_000)
AGENCIES = 40
REPEAT = 20
NAIVE_REPEAT = 5  # icontains scans every visible person: fewer runs at a million
LIMIT = 50
SEED = 20260401
_TOP = "\U0010ffff"

# (surname, ふりがな, weight): roughly the national ranking, with the variant spellings staff really meet.
# Compatibility ideographs are written as escapes so that no NFC-applying tool can change them.
SURNAMES: list[tuple[str, str, int]] = [
    ("佐藤", "さとう", 40), ("鈴木", "すずき", 38), ("高橋", "たかはし", 32), ("田中", "たなか", 30),
    ("伊藤", "いとう", 25), ("渡辺", "わたなべ", 24), ("山本", "やまもと", 24), ("中村", "なかむら", 23),
    ("小林", "こばやし", 22), ("加藤", "かとう", 20), ("吉田", "よしだ", 19), ("山田", "やまだ", 18),
    ("佐々木", "ささき", 16), ("山口", "やまぐち", 14), ("松本", "まつもと", 14), ("井上", "いのうえ", 13),
    ("木村", "きむら", 13), ("林", "はやし", 12), ("斎藤", "さいとう", 12), ("清水", "しみず", 12),
    ("山崎", "やまざき", 11), ("森", "もり", 10), ("池田", "いけだ", 10), ("橋本", "はしもと", 10),
    ("阿部", "あべ", 10), ("石川", "いしかわ", 10), ("山下", "やました", 9), ("中島", "なかじま", 9),
    ("石井", "いしい", 9), ("小川", "おがわ", 9), ("前田", "まえだ", 9), ("岡田", "おかだ", 9),
    ("長谷川", "はせがわ", 8), ("藤田", "ふじた", 8), ("後藤", "ごとう", 8), ("近藤", "こんどう", 8),
    ("村上", "むらかみ", 8), ("遠藤", "えんどう", 7), ("青木", "あおき", 7), ("坂本", "さかもと", 7),
    ("斉藤", "さいとう", 7), ("福田", "ふくだ", 7), ("太田", "おおた", 7), ("西村", "にしむら", 7),
    ("藤井", "ふじい", 7), ("金子", "かねこ", 6), ("岡本", "おかもと", 6), ("藤原", "ふじわら", 6),
    ("中野", "なかの", 6), ("三浦", "みうら", 6), ("原田", "はらだ", 6), ("中川", "なかがわ", 6),
    ("松田", "まつだ", 6), ("竹内", "たけうち", 6), ("小野", "おの", 6), ("田村", "たむら", 6),
    ("中山", "なかやま", 5), ("和田", "わだ", 5), ("石田", "いしだ", 5), ("森田", "もりた", 5),
    ("上田", "うえだ", 5), ("原", "はら", 5), ("内田", "うちだ", 5), ("柴田", "しばた", 5),
    ("酒井", "さかい", 5), ("宮崎", "みやざき", 5), ("横山", "よこやま", 5), ("高木", "たかぎ", 5),
    ("安藤", "あんどう", 5), ("宮本", "みやもと", 5), ("大野", "おおの", 5), ("小島", "こじま", 4),
    ("谷口", "たにぐち", 4), ("今井", "いまい", 4), ("工藤", "くどう", 4), ("高田", "たかだ", 4),
    ("増田", "ますだ", 4), ("丸山", "まるやま", 4), ("杉山", "すぎやま", 4), ("村田", "むらた", 4),
    ("大塚", "おおつか", 4), ("小山", "こやま", 4), ("藤本", "ふじもと", 4), ("平野", "ひらの", 4),
    ("新井", "あらい", 4), ("河野", "こうの", 4), ("上野", "うえの", 4), ("武田", "たけだ", 4),
    ("野口", "のぐち", 4), ("松井", "まつい", 4), ("千葉", "ちば", 4), ("岩崎", "いわさき", 4),
    ("菅原", "すがわら", 4), ("木下", "きのした", 3), ("久保", "くぼ", 3), ("佐野", "さの", 3),
    ("野村", "のむら", 3), ("松尾", "まつお", 3), ("市川", "いちかわ", 3), ("菊地", "きくち", 3),
    ("杉本", "すぎもと", 3), ("古川", "ふるかわ", 3), ("大島", "おおしま", 3), ("水野", "みずの", 3),
    ("桜井", "さくらい", 3), ("高野", "たかの", 3), ("渡部", "わたなべ", 3), ("吉川", "よしかわ", 3),
    ("山内", "やまうち", 3), ("西田", "にしだ", 3), ("飯田", "いいだ", 3), ("菊池", "きくち", 3),
    ("西川", "にしかわ", 3), ("小松", "こまつ", 3), ("北村", "きたむら", 3), ("安田", "やすだ", 3),
    ("五十嵐", "いがらし", 3), ("川口", "かわぐち", 3), ("平田", "ひらた", 3), ("関", "せき", 3),
    ("中田", "なかた", 3), ("久保田", "くぼた", 3), ("服部", "はっとり", 3), ("東", "ひがし", 3),
    ("岩田", "いわた", 3), ("土屋", "つちや", 3), ("川崎", "かわさき", 3), ("福島", "ふくしま", 3),
    ("本田", "ほんだ", 3), ("辻", "つじ", 2), ("樋口", "ひぐち", 2), ("秋山", "あきやま", 2),
    ("田口", "たぐち", 2), ("永井", "ながい", 2), ("山中", "やまなか", 2), ("中西", "なかにし", 2),
    ("吉村", "よしむら", 2), ("川上", "かわかみ", 2), ("石原", "いしはら", 2), ("大西", "おおにし", 2),
    ("浜田", "はまだ", 2), ("柳田", "やなぎだ", 2),
    # variant kanji (異体字): folded to the common form by name_key
    ("髙橋", "たかはし", 3), ("山\ufa11", "やまざき", 2), ("渡邉", "わたなべ", 3), ("渡邊", "わたなべ", 2),
    ("齋藤", "さいとう", 2), ("濵田", "はまだ", 1), ("濱田", "はまだ", 1), ("髙田", "たかだ", 1),
    ("\U00020bb7田", "よしだ", 1), ("栁田", "やなぎだ", 1),
]  # fmt: skip

GIVEN_NAMES: list[tuple[str, str]] = [
    ("一郎", "いちろう"), ("太郎", "たろう"), ("次郎", "じろう"), ("三郎", "さぶろう"), ("健一", "けんいち"),
    ("誠", "まこと"), ("浩", "ひろし"), ("修", "おさむ"), ("隆", "たかし"), ("博", "ひろし"),
    ("明", "あきら"), ("清", "きよし"), ("勝", "まさる"), ("茂", "しげる"), ("実", "みのる"),
    ("進", "すすむ"), ("正", "ただし"), ("豊", "ゆたか"), ("和夫", "かずお"), ("幸男", "ゆきお"),
    ("正夫", "まさお"), ("義男", "よしお"), ("勇", "いさむ"), ("一", "はじめ"), ("英樹", "ひでき"),
    ("健", "けん"), ("大輔", "だいすけ"), ("翔太", "しょうた"), ("拓也", "たくや"), ("健太", "けんた"),
    ("達也", "たつや"), ("直樹", "なおき"), ("和也", "かずや"), ("哲也", "てつや"), ("剛", "つよし"),
    ("亮", "りょう"), ("翔", "しょう"), ("蓮", "れん"), ("陽翔", "はると"), ("悠真", "ゆうま"),
    ("湊", "みなと"), ("大翔", "ひろと"), ("颯太", "そうた"), ("悠人", "ゆうと"), ("陸", "りく"),
    ("朝陽", "あさひ"), ("樹", "いつき"), ("優斗", "ゆうと"), ("秀樹", "ひでき"), ("光", "ひかる"),
    ("花子", "はなこ"), ("幸子", "さちこ"), ("和子", "かずこ"), ("節子", "せつこ"), ("洋子", "ようこ"),
    ("恵子", "けいこ"), ("京子", "きょうこ"), ("美智子", "みちこ"), ("久美子", "くみこ"), ("由美子", "ゆみこ"),
    ("裕子", "ゆうこ"), ("直美", "なおみ"), ("智子", "ともこ"), ("陽子", "ようこ"), ("真由美", "まゆみ"),
    ("明美", "あけみ"), ("恵美", "えみ"), ("愛", "あい"), ("舞", "まい"), ("彩", "あや"),
    ("優子", "ゆうこ"), ("美穂", "みほ"), ("麻衣", "まい"), ("香織", "かおり"), ("愛子", "あいこ"),
    ("千尋", "ちひろ"), ("結衣", "ゆい"), ("美咲", "みさき"), ("陽菜", "ひな"), ("凛", "りん"),
    ("葵", "あおい"), ("紬", "つむぎ"), ("芽依", "めい"), ("さくら", "さくら"), ("ひかり", "ひかり"),
    ("菜々子", "ななこ"), ("春香", "はるか"), ("文子", "ふみこ"), ("トメ", "とめ"), ("キヨ", "きよ"),
    ("静江", "しずえ"), ("千代子", "ちよこ"), ("澄子", "すみこ"), ("光子", "みつこ"), ("明子", "あきこ"),
    ("典子", "のりこ"), ("純子", "じゅんこ"), ("弘子", "ひろこ"), ("里美", "さとみ"), ("綾", "あや"),
]  # fmt: skip

TOWNS = ["本町", "北町", "南町", "港町", "山田", "中央", "駅前", "緑が丘", "桜台", "川端"]

# (category, query as typed)
QUERIES: list[tuple[str, str]] = [
    *[("surname", q) for q in ["高橋", "佐藤", "鈴木", "田中", "伊藤", "渡辺", "山本", "中村", "小林"]],
    *[("surname", q) for q in ["加藤", "斎藤", "山崎", "浜田", "林"]],
    *[("variant", q) for q in ["髙橋", "山\ufa11", "渡邉", "渡邊", "齋藤", "濵田", "濱田", "髙田", "\U00020bb7田"]],
    *[("kana", q) for q in ["たかはし", "ﾀｶﾊｼ", "タカハシ", "さとう", "サトウ", "すずき", "わたなべ"]],
    *[("kana", q) for q in ["ﾜﾀﾅﾍﾞ", "やまざき", "さいとう", "はまだ"]],
    *[("full", q) for q in ["高橋 一郎", "髙橋\u3000一郎", "佐藤 花子", "たかはし いちろう", "ﾀｶﾊｼ ｲﾁﾛｳ"]],
    *[("full", q) for q in ["渡邉 健一", "山\ufa11 幸子", "鈴木 翔太", "田中\u3000美咲"]],
    *[("given", q) for q in ["一郎", "花子", "翔太", "幸子", "健一", "いちろう", "はなこ", "誠", "陽菜"]],
    *[("prefix", q) for q in ["高", "たか", "た"]],
]  # fmt: skip


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def med_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def kata(hira: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hira)


def load(rng: random.Random) -> dict:
    """The municipality, its agencies, the persons (through the bulk path), a viewer, some consents."""
    from kasane.accounts.models import Membership, Role, User
    from kasane.agencies.models import Agency, AgencyKind, OperationForm
    from kasane.audit.actor import Actor
    from kasane.casework.models import (
        Consent,
        Household,
        Person,
        Referral,
        ReferralBasis,
        Relationship,
        Sex,
        Status,
    )
    from kasane.casework.services import bulk
    from kasane.tenancy.models import Municipality, Prefecture

    prefecture = Prefecture.objects.get_or_create(code="03", defaults={"name": "岩手県"})[0]
    city = Municipality.objects.create(
        prefecture=prefecture, code="039999", name="ベンチ市", population=PERSONS
    )
    kinds = [AgencyKind.HOUKATSU, AgencyKind.SHOGAI_SODAN, AgencyKind.JIRITSU_SODAN, AgencyKind.NPO]
    agencies = []
    for i in range(AGENCIES):
        agency = Agency(
            prefecture=prefecture,
            municipality=city,
            name=f"ベンチ相談機関{i + 1:02d}",
            kind=kinds[i % len(kinds)],
            operation_form=OperationForm.DIRECT,
            runs_collaboration=(i == AGENCIES - 1),
        )
        agency.refresh_search_text()
        agencies.append(agency)
    agencies = Agency.objects.bulk_create(agencies)
    own = agencies[0]
    user = User.objects.create_user(username="bench-soudanin", password=None, full_name="ベンチ 相談員")
    Membership.objects.create(user=user, agency=own, role=Role.objects.get(code="soudanin"))
    actor = Actor(user=user, municipality=city)

    weights = [w for _, _, w in SURNAMES]
    relationships = [Relationship.SPOUSE, Relationship.CHILD, Relationship.PARENT, Relationship.SIBLING]
    created = 0
    bulk_seconds = 0.0
    persons_by_agency: dict[int, list[int]] = {}
    while created < PERSONS:
        # One chunk of households and their members, then the bulk path.
        families: list[tuple[Household, list[Person]]] = []
        chunk = 0
        while chunk < 10_000 and created + chunk < PERSONS:
            size = min(rng.choice([1, 1, 2, 2, 2, 3, 3, 4]), PERSONS - created - chunk)
            agency = rng.choice(agencies)
            address = (
                f"ベンチ市{rng.choice(TOWNS)}{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
            )
            household = Household(municipality=city, owner_agency=agency, address=address)
            family, family_kana, _ = rng.choices(SURNAMES, weights)[0]
            members = []
            for m in range(size):
                surname, surname_kana = (family, family_kana)
                if m and rng.random() < 0.1:  # a member who kept another surname
                    surname, surname_kana, _ = rng.choices(SURNAMES, weights)[0]
                given, given_kana = rng.choice(GIVEN_NAMES)
                space = "\u3000" if rng.random() < 0.2 else " "  # staff type both
                kana = f"{surname_kana} {given_kana}"
                if rng.random() < 0.2:  # some write ふりがな in katakana
                    kana = kata(kana)
                members.append(
                    Person(
                        municipality=city,
                        owner_agency=agency,
                        name=f"{surname}{space}{given}",
                        kana=kana,
                        sex=rng.choice([Sex.MALE, Sex.FEMALE]),
                        birth_date=None,
                        address=address,
                        phone=f"0197-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
                        relationship=Relationship.SELF if m == 0 else rng.choice(relationships),
                        is_main=(m == 0),
                    )
                )
            families.append((household, members))
            chunk += size
        start = time.perf_counter()
        bulk.add_households(city, families, actor=actor, source="ベンチマーク")
        bulk_seconds += time.perf_counter() - start
        created += chunk
        for _, members in families:
            for p in members:
                persons_by_agency.setdefault(p.owner_agency_id, []).append(p.pk)

    # Bases that let the viewer's agency see other agencies' people: consents (some withdrawn), referrals.
    others = [p for a in agencies[1:] for p in persons_by_agency.get(a.pk, [])]
    owners = dict(
        Person.objects.filter(pk__in=(consented := rng.sample(others, 400))).values_list(
            "pk", "owner_agency_id"
        )
    )
    consents = Consent.objects.bulk_create(
        [
            Consent(
                municipality=city,
                person_id=p,
                owner_agency_id=owners[p],
                obtained_on=dt.date(2025, rng.randint(1, 12), 1),
                method="written",
                obtained_by_name="ベンチ 職員",
                withdrawn_at=dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC) if i % 5 == 0 else None,
            )
            for i, p in enumerate(consented)
        ]
    )
    through = Consent.shared_agencies.through
    through.objects.bulk_create(
        [
            through(consent_id=c.pk, agency_id=(own.pk if i < 300 else rng.choice(agencies[1:]).pk))
            for i, c in enumerate(consents)
        ]
    )
    referred = Person.objects.filter(pk__in=rng.sample(others, 80)).only(
        "pk", "household_id", "owner_agency_id"
    )
    Referral.objects.bulk_create(
        [
            Referral(
                municipality=city,
                person=p,
                household_id=p.household_id,
                from_agency_id=p.owner_agency_id,
                from_user_name="ベンチ 職員",
                to_agency=own,
                basis=ReferralBasis.OTHER,
                message="ベンチマーク",
                status=Status.ACCEPTED if i % 4 else Status.REQUESTED,
            )
            for i, p in enumerate(referred)
        ]
    )
    return {"city": city, "user": user, "own": own, "consents": len(consents), "bulk_seconds": bulk_seconds}


def floor_sql(agency_id: int, term: str) -> tuple[str, list[object]]:
    """One indexed range read of 50 keys, no joins: the least a name search can cost."""
    return (
        'SELECT person_id FROM "casework_personkey" WHERE owner_agency_id = %s AND "key" >= %s AND "key" < %s '
        f"LIMIT {LIMIT}",
        [agency_id, term, term + _TOP],
    )


def floor_rows(agency_id: int, term: str) -> list[tuple]:
    sql, params = floor_sql(agency_id, term)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def explain(sql: str, params: list[object]) -> list[str]:
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    return [str(r[-1]) for r in rows]


def table_sizes() -> list[tuple[str, int]]:
    """(name, bytes) for the PersonKey table and each of its indexes, and the persons table for scale."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, SUM(pgsize) FROM dbstat WHERE name IN "
                "(SELECT name FROM sqlite_master WHERE tbl_name IN ('casework_personkey', 'casework_person'))"
                " GROUP BY name ORDER BY name"
            )
            return [(name, int(size)) for name, size in cursor.fetchall()]
        cursor.execute(
            "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c "
            "LEFT JOIN pg_index i ON i.indexrelid = c.oid "
            "WHERE c.relname IN ('casework_personkey', 'casework_person') "
            "OR i.indrelid IN ('casework_personkey'::regclass, 'casework_person'::regclass) ORDER BY c.relname"
        )
        return [(name, int(size)) for name, size in cursor.fetchall()]


WAYS = ("app", "floor", "page", "naive")


def main() -> int:
    if connection.vendor == "postgresql":
        print("PostgreSQL: using the database in DATABASE_URL; it must be a fresh, throwaway one.")
    call_command("migrate", verbosity=0)
    from kasane.accounts.models import User
    from kasane.casework.models import Consent, Person, PersonKey
    from kasane.casework.queries.search import PersonQuery, filter_persons, search_page
    from kasane.casework.visibility import Viewer, visible_persons
    from kasane.lib.text import name_search_terms
    from kasane.tenancy.models import Municipality

    reused = Municipality.objects.filter(code="039999").first()
    if reused is None and Person.objects.exists():
        print("This database already holds persons: give the benchmark an empty one.")
        return 1
    if reused is not None:
        # A kept data directory or database of an earlier run (KASANE_DATA_DIR / DATABASE_URL): time again.
        world = {
            "city": reused,
            "user": User.objects.get(username="bench-soudanin"),
            "consents": Consent.objects.filter(municipality=reused).count(),
            "bulk_seconds": 0.0,
        }
        world["own"] = world["user"].memberships.get().agency
        loaded = 0.0
    else:
        start = time.perf_counter()
        world = load(random.Random(SEED))
        loaded = time.perf_counter() - start
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    analyzed = time.perf_counter() - start
    city = world["city"]
    viewer = Viewer.of(world["user"], city)
    assert viewer is not None
    visible = visible_persons(viewer).count()
    key_rows = PersonKey.objects.count()

    print(f"engine: {connection.vendor} {_server_version()}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('jit'), current_setting('jit_above_cost')")
            jit, above = cursor.fetchone()
        print(f"PostgreSQL jit={jit}, jit_above_cost={above}")
    persons = Person.objects.filter(municipality=city).count()
    if world["bulk_seconds"]:
        print(
            f"loaded {persons:,} persons, {key_rows:,} PersonKey rows ({key_rows / persons:.1f} per person), "
            f"{AGENCIES} agencies, {world['consents']} consents in {loaded:.1f} s; "
            f"the bulk path (add_households) took {world['bulk_seconds']:.1f} s: "
            f"{persons / world['bulk_seconds']:,.0f} persons/s; ANALYZE {analyzed:.1f} s"
        )
    else:
        print(f"reused the ベンチ市 of an earlier run: {persons:,} persons, {key_rows:,} PersonKey rows")
    print(
        f"viewer: 相談員 of {world['own'].name}, sees {visible:,} persons (own agency + consents + referrals)"
    )
    sizes = table_sizes()
    for name, size in sizes:
        print(f"  size {name:40} {size / 1024 / 1024:8.1f} MiB")
    key_bytes = sum(s for n, s in sizes if "personkey" in n or "person_key" in n)
    print(
        f"  PersonKey table + indexes: {key_bytes / 1024 / 1024:.1f} MiB, {key_bytes / PERSONS:.0f} bytes/person"
    )
    own_id = world["own"].pk

    def app(q: str) -> Callable[[], object]:
        return lambda: search_page(viewer, PersonQuery(name=q))

    def floor(q: str) -> Callable[[], object]:
        term = name_search_terms(q)[0]
        return lambda: floor_rows(own_id, term)

    def page(q: str) -> Callable[[], object]:
        term = name_search_terms(q)[0]

        def run() -> list:
            ids = [r[0] for r in floor_rows(own_id, term)]
            return list(Person.objects.filter(pk__in=ids).select_related("household", "owner_agency"))

        return run

    def naive(q: str) -> Callable[[], object]:
        return lambda: list(
            visible_persons(viewer)
            .filter(Q(name__icontains=q) | Q(kana__icontains=q))
            .select_related("household", "owner_agency")
            .order_by("kana_key", "name_key", "pk")[:LIMIT]
        )

    everyone = Person.objects.filter(municipality=city)
    print(
        f"\n{REPEAT} timed runs per query (naive: {NAIVE_REPEAT}) after one warm-up; ms; "
        f"n = rows on the first page (limit {LIMIT}); all = matches: the viewer's (app), every person's "
        "(keys, the whole municipality), and icontains within the viewer's sight (naive)"
    )
    header = (
        f"{'query':18} {'app med':>8} {'p95':>7} {'floor':>6} {'p95':>6} {'page':>6} {'p95':>6} "
        f"{'naive med':>9} {'p95':>8} {'app/floor':>9} {'app/page':>8} {'naive/app':>9}   {'n app/naive':>11}"
        f"   {'all app/keys/naive':>20}"
    )
    print(header)
    pooled: dict[str, dict[str, list[float]]] = {}
    start = time.perf_counter()
    for category, q in QUERIES:
        found = app(q)()
        shown = len(found.rows)  # type: ignore[attr-defined]
        naive_rows = naive(q)()
        totals = (
            filter_persons(visible_persons(viewer), viewer, PersonQuery(name=q)).count(),
            filter_persons(everyone, city.pk, PersonQuery(name=q)).count(),
            visible_persons(viewer).filter(Q(name__icontains=q) | Q(kana__icontains=q)).count(),
        )
        figures = {}
        for way, fn in (("app", app(q)), ("floor", floor(q)), ("page", page(q)), ("naive", naive(q))):
            samples = timed(fn, NAIVE_REPEAT if way == "naive" else REPEAT)
            pooled.setdefault(way, {}).setdefault(category, []).extend(samples)
            pooled[way].setdefault("all", []).extend(samples)
            figures[way] = med_p95(samples)
        a, f, pg, n = (figures[w] for w in WAYS)
        counts = f"{shown}/{len(naive_rows)}"  # type: ignore[arg-type]
        alls = "/".join(f"{t:,}" for t in totals)
        print(
            f"{_pad(repr(q), 18)} {a[0]:8.2f} {a[1]:7.2f} {f[0]:6.2f} {f[1]:6.2f} {pg[0]:6.2f} {pg[1]:6.2f} "
            f"{n[0]:9.1f} {n[1]:8.1f} {a[1] / f[1]:9.1f} {a[1] / pg[1]:8.1f} {n[1] / a[1]:9.1f}   "
            f"{counts:>11}   {alls:>20}"
        )
    timing = time.perf_counter() - start

    print(f"\nsummary over all samples per category (ms; timing took {timing:.0f} s); ratios of p95")
    print(
        f"{'category':10} {'queries':>7} {'app med':>8} {'p95':>7} {'floor p95':>9} {'page p95':>8} "
        f"{'naive p95':>9} {'app/floor':>9} {'app/page':>8} {'naive/app':>9}"
    )
    for category in ["surname", "variant", "kana", "full", "given", "prefix", "all"]:
        a, f, pg, n = (med_p95(pooled[w][category]) for w in WAYS)
        count = len(QUERIES) if category == "all" else sum(1 for c, _ in QUERIES if c == category)
        print(
            f"{category:10} {count:7} {a[0]:8.2f} {a[1]:7.2f} {f[1]:9.2f} {pg[1]:8.2f} {n[1]:9.1f} "
            f"{a[1] / f[1]:9.1f} {a[1] / pg[1]:8.1f} {n[1] / a[1]:9.1f}"
        )

    print(
        f"\nwhat each way finds, over all {persons:,} persons (no visibility, no limit), by surname as written:"
    )
    for q in ["高橋", "髙橋", "たかはし", "ﾀｶﾊｼ", "高橋 一郎", "高橋\u3000一郎", "山崎", "渡辺"]:
        keys = filter_persons(everyone, city.pk, PersonQuery(name=q)).values_list("name", flat=True)
        icontains = Person.objects.filter(Q(name__icontains=q) | Q(kana__icontains=q)).values_list(
            "name", flat=True
        )
        print(f"  {_pad(repr(q), 16)} PersonKey {_by_surname(keys):60} naive {_by_surname(icontains)}")

    print("\nplans for '高橋 一郎'")
    sql, params = floor_sql(own_id, name_search_terms("高橋 一郎")[0])
    plan = explain(sql, params)
    print(f"floor, index person_key_agency_range used: {'yes' if _uses_prefix_index(plan) else 'NO'}")
    for line in plan:
        print(f"  {line}")
    query = PersonQuery(name="高橋 一郎")
    qs = filter_persons(visible_persons(viewer), viewer, query).order_by("kana_key", "name_key", "pk")[:LIMIT]
    app_plan = qs.explain().splitlines()
    print(f"app, index person_key_agency_range used: {'yes' if _uses_prefix_index(app_plan) else 'NO'}")
    for line in app_plan:
        print(f"  {line}")
    if connection.vendor == "postgresql":
        # JIT compiles a query whose estimated cost passes jit_above_cost; compiling can take longer than
        # the query itself takes to run.
        print("\nEXPLAIN ANALYZE of the app query (PostgreSQL): execution vs JIT compilation")
        for q in ["浜田", "一郎", "高橋", "た"]:
            qs = filter_persons(visible_persons(viewer), viewer, PersonQuery(name=q)).order_by(
                "kana_key", "name_key", "pk"
            )[:LIMIT]
            print(f"  {_pad(repr(q), 8)} {_jit_summary(qs.explain(analyze=True))}")
    return 0


def _jit_summary(plan: str) -> str:
    cost = re.search(r"cost=[0-9.]+\.\.([0-9.]+)", plan)
    execution = re.search(r"Execution Time: ([0-9.]+) ms", plan)
    jit = re.search(r"Timing: .*Total ([0-9.]+) ms", plan)
    return (
        f"estimated cost {float(cost.group(1)) if cost else 0:>10,.0f}, "
        f"execution {float(execution.group(1)) if execution else 0:7.1f} ms, "
        f"of which JIT {float(jit.group(1)) if jit else 0:6.1f} ms"
    )


def _uses_prefix_index(plan: list[str]) -> bool:
    return any("person_key_agency_range" in line for line in plan)


def _by_surname(names: object) -> str:
    counts = Counter(str(n).replace("\u3000", " ").split(" ")[0] for n in names)  # type: ignore[attr-defined]
    total = sum(counts.values())
    parts = ", ".join(f"{s} {c:,}" for s, c in counts.most_common(4))
    return f"{total:,} ({parts})" if total else "0"


def _pad(text: str, width: int) -> str:
    """Left-justify by display width: CJK and full-width characters take two columns."""
    import unicodedata

    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - shown)


def _server_version() -> str:
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version
    return f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"


if __name__ == "__main__":
    try:
        code = main()
    finally:
        connection.close()
        if _TEMP_DIR is not None:
            shutil.rmtree(_TEMP_DIR, ignore_errors=True)
    sys.exit(code)
