"""Pure data for the demo municipality (かさね市, fictional), modelled on the seeds' implementation plans.

Everything here is invented: names, addresses, postal codes, phone numbers. Mail addresses use the
reserved `.example` top-level domain. See `kasane.demo.loader` for the loader.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class AgencySpec:
    key: str
    name: str
    name_kana: str
    kind: str
    operation_form: str
    fields: tuple[str, ...]
    topics: dict[str, int]
    handles_text: str
    referral_howto: str
    contractor: str = ""
    department: str = ""
    area: str | None = None  # 圏域名; None = 市内全域
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    hours: str = CITY_HOURS
    contact_person: str = ""
    municipality: str | None = DEMO_CODE  # None = a prefectural division
    runs_collaboration: bool = False
    is_listed: bool = True


SHEET_BY_FAX = "電話で概要を伝えたうえで、つなぐシートをFAXしてください。"

HOUKATSU_TOPICS = {
    "認知症": 1,
    "介護": 1,
    "8050": 1,
    "虐待": 1,
    "権利擁護": 1,
    "ダブルケア": 2,
    "社会的孤立": 2,
    "健康": 2,
    "住まい": 2,
    "家族関係": 2,
    "ヤングケアラー": 2,
}

SHOGAI_TOPICS = {"障がい": 1, "精神疾患": 2, "就労": 2, "ひきこもり": 2, "権利擁護": 2}


def _houkatsu(
    key: str, name: str, kana: str, corp: str, area: str, address: str, postal: str, phone: str, note: str
) -> AgencySpec:
    towns = "・".join(dict(AREAS)[area])
    return AgencySpec(
        key=key,
        name=name,
        name_kana=kana,
        kind="houkatsu",
        operation_form="contracted",
        contractor=corp,
        department="長寿介護課",
        area=area,
        postal_code=postal,
        address=address,
        phone=phone,
        fax=phone[:-1] + str((int(phone[-1]) + 1) % 10),
        hours="平日 8:30〜17:30（時間外は担当者の携帯電話に転送）",
        contact_person="管理者（主任介護支援専門員）",
        fields=("elderly", "health"),
        topics=HOUKATSU_TOPICS,
        handles_text=(
            f"{area}（{towns}）にお住まいの65歳以上の方とその家族の総合相談窓口です。"
            "介護保険の申請やサービス利用、もの忘れが心配な方、ひとり暮らしの見守り、"
            "高齢者虐待の通報を受けています。"
            "同居の子がひきこもっている（8050）など世帯に別の課題があっても、"
            f"まず高齢の方の相談として受けます。{note}"
        ),
        referral_howto=SHEET_BY_FAX + "虐待が疑われるときは電話で直接ご連絡ください。",
    )


def _shogai(
    key: str, name: str, kana: str, corp: str, address: str, phone: str, note: str, *, mental: bool = False
) -> AgencySpec:
    return AgencySpec(
        key=key,
        name=name,
        name_kana=kana,
        kind="shogai_sodan",
        operation_form="contracted",
        contractor=corp,
        department="障がい福祉課",
        postal_code="079-99" + phone[-2:],
        address=address,
        phone=phone,
        hours="平日 9:00〜17:00",
        contact_person="相談支援専門員",
        fields=("disability",),
        topics={**SHOGAI_TOPICS, "精神疾患": 1} if mental else SHOGAI_TOPICS,
        handles_text=(
            "身体・知的・精神に障がいのある方、難病の方とその家族の相談を受けます。"
            "障害福祉サービスの利用相談やサービス等利用計画の作成、日中の過ごし方の相談に応じます。"
            f"{note}"
        ),
        referral_howto=SHEET_BY_FAX + "障害者手帳の有無が分からなくても相談できます。",
    )


CITY_AGENCIES: list[AgencySpec] = [
    _houkatsu(
        "houkatsu_chuo",
        "地域包括支援センター本町",
        "ちいきほうかつしえんせんたーほんちょう",
        "社会福祉法人寿光会",
        "中央圏域",
        "かさね市本町三丁目5-12",
        "079-9901",
        "0197-61-2301",
        "駅前の集合住宅にひとり暮らしの高齢者が多く、見守りの相談が増えています。",
    ),
    _houkatsu(
        "houkatsu_kita",
        "地域包括支援センターわかば",
        "ちいきほうかつしえんせんたーわかば",
        "社会福祉法人若葉会",
        "北部圏域",
        "かさね市若葉台二丁目8-3",
        "079-9911",
        "0197-62-4101",
        "若葉会の特別養護老人ホームに併設しているので、ショートステイの空き状況も確認できます。",
    ),
    _houkatsu(
        "houkatsu_minami",
        "地域包括支援センターみなみ",
        "ちいきほうかつしえんせんたーみなみ",
        "医療法人清和会",
        "南部圏域",
        "かさね市緑ケ丘一丁目12-7",
        "079-9921",
        "0197-63-5201",
        "清和会の病院と同じ建物にあり、退院後の暮らしの相談や受診の調整が得意です。",
    ),
    _houkatsu(
        "houkatsu_higashi",
        "地域包括支援センターひがしやま",
        "ちいきほうかつしえんせんたーひがしやま",
        "社会福祉法人東山福祉会",
        "東部圏域",
        "かさね市東山45-2",
        "079-9931",
        "0197-66-7301",
        "山あいの集落が多いため、訪問による相談が中心です。",
    ),
    AgencySpec(
        key="kikan",
        name="かさね市基幹相談支援センター",
        name_kana="かさねしきかんそうだんしえんせんたー",
        kind="kikan_sodan",
        operation_form="direct",
        department="障がい福祉課",
        postal_code=CITY_HALL_POSTAL,
        address=CITY_HALL,
        phone="0197-64-2155",
        fax="0197-64-2199",
        contact_person="障がい福祉課 相談支援係",
        fields=("disability", "health"),
        topics={
            "障がい": 1,
            "精神疾患": 1,
            "ひきこもり": 1,
            "虐待": 1,
            "権利擁護": 1,
            "依存症": 2,
            "就労": 2,
            "不登校": 2,
        },
        handles_text=(
            "障がいの相談の総合窓口で、障害者虐待防止センターも兼ねています。"
            "精神疾患が疑われるが未受診の方、ひきこもりの背景に障がいがありそうな方など、"
            "どこにつなげばよいか迷うケースも受けます。"
            "市内の相談支援事業所への助言や、困難ケースの後方支援も行います。"
        ),
        referral_howto=SHEET_BY_FAX + "相談支援事業所の割り振りはこちらで調整します。",
    ),
    _shogai(
        "shogai_ayumi",
        "相談支援センターあゆみ",
        "そうだんしえんせんたーあゆみ",
        "社会福祉法人あゆみ会",
        "かさね市新町4-21",
        "0197-61-3841",
        "知的障がいのある方の相談と、特別支援学校卒業後の進路の相談が多い事業所です。",
    ),
    _shogai(
        "shogai_kawara",
        "障がい者相談支援センターかわら",
        "しょうがいしゃそうだんしえんせんたーかわら",
        "社会福祉法人若葉会",
        "かさね市川原町2-14",
        "0197-62-3852",
        "身体障がいや難病の方の在宅生活、住宅改修や福祉用具の相談に慣れています。",
    ),
    _shogai(
        "shogai_midori",
        "かさね地域生活支援センターみどり",
        "かさねちいきせいかつしえんせんたーみどり",
        "医療法人緑風会",
        "かさね市柳町6-9",
        "0197-63-3863",
        "精神障がいのある方の地域生活や退院後の支援が専門で、精神保健福祉士が対応します。",
        mental=True,
    ),
    _shogai(
        "shogai_komorebi",
        "相談支援事業所こもれび",
        "そうだんしえんじぎょうしょこもれび",
        "特定非営利活動法人こもれび",
        "かさね市日の出町3-17",
        "0197-66-3874",
        "発達障がいのある方と家族の相談、18歳未満の障害児相談支援も行います。",
    ),
    AgencySpec(
        key="riyosha",
        name="かさね子育て支援センターすくすく",
        name_kana="かさねこそだてしえんせんたーすくすく",
        kind="riyosha_kihon",
        operation_form="contracted",
        contractor="社会福祉法人かさね保育会",
        department="子育て支援課",
        postal_code="079-9902",
        address="かさね市駅前二丁目2-5（駅前ふれあいプラザ2階）",
        phone="0197-61-5521",
        fax="0197-61-5522",
        hours="月〜土 9:00〜17:00",
        contact_person="利用者支援専門員",
        fields=("children",),
        topics={"子育て": 1, "ダブルケア": 2, "家族関係": 2, "社会的孤立": 2},
        handles_text=(
            "乳幼児の子育て中の方が気軽に来られる子育て支援センターで、利用者支援事業（基本型）を行っています。"
            "保育園や一時預かり、子育てサークルなど、子育てのサービス選びを一緒に考えます。"
            "親の介護と子育てが重なっている（ダブルケア）保護者の相談も受けています。"
        ),
        referral_howto="親子で来所できるよう、開所時間を伝えてください。来所が難しい方には電話相談もできます。",
    ),
    AgencySpec(
        key="kodomo",
        name="かさね市こども家庭センター",
        name_kana="かさねしこどもかていせんたー",
        kind="kodomo_katei",
        operation_form="direct",
        department="子育て支援課",
        postal_code="079-9903",
        address="かさね市大通り二丁目3-1（保健センター内）",
        phone="0197-65-3310",
        fax="0197-65-3319",
        contact_person="子育て支援課 こども家庭センター係（保健師・社会福祉士）",
        fields=("children", "health"),
        topics={
            "子育て": 1,
            "虐待": 1,
            "ヤングケアラー": 1,
            "家族関係": 1,
            "DV": 2,
            "不登校": 2,
            "ダブルケア": 2,
        },
        handles_text=(
            "妊娠期から18歳までの子どもと家庭の相談を受けます。母子保健と児童福祉の窓口が一体になっています。"
            "児童虐待の通告先で、ヤングケアラーの相談窓口も担当しています。"
            "親子関係の悩みや、子どもの発達が気になる家庭の相談もこちらへ。"
        ),
        referral_howto="虐待が疑われるときはすぐ電話してください。それ以外は電話で概要を伝え、つなぐシートを送ってください。",
    ),
    AgencySpec(
        key="jiritsu",
        name="かさね市くらし・しごと相談センター",
        name_kana="かさねしくらししごとそうだんせんたー",
        kind="jiritsu_sodan",
        operation_form="contracted",
        contractor=SHAKYO_CORP,
        department="生活福祉課",
        postal_code="079-9904",
        address="かさね市錦町1-8（かさね市総合福祉センター1階）",
        phone="0197-61-7720",
        fax="0197-61-7729",
        contact_person="主任相談支援員",
        fields=("poverty",),
        topics={
            "生活困窮": 1,
            "就労": 1,
            "債務": 1,
            "住まい": 1,
            "食べるものがない": 1,
            "ひきこもり": 1,
            "8050": 1,
            "依存症": 2,
            "社会的孤立": 2,
        },
        handles_text=(
            "生活困窮者自立相談支援機関です。収入が減った、借金がある、家賃が払えないなど、"
            "お金と暮らしの相談を年齢を問わず受けます。"
            "家計改善支援、就労準備支援、住居確保給付金の窓口も兼ねています。"
            "ひきこもりの方の就労や、親の年金で暮らす8050世帯の家計の相談も多く受けています。"
        ),
        referral_howto=SHEET_BY_FAX + "本人の同意が取れていない場合は、その旨を書き添えてください。",
    ),
    AgencySpec(
        key="shakyo",
        runs_collaboration=True,
        name="かさね市社会福祉協議会 地域福祉課（多機関協働・参加支援・アウトリーチ）",
        name_kana="かさねししゃかいふくしきょうぎかい ちいきふくしか",
        kind="shakyo",
        operation_form="contracted",
        contractor=SHAKYO_CORP,
        department="地域福祉課",
        postal_code="079-9904",
        address="かさね市錦町1-8（かさね市総合福祉センター2階）",
        phone="0197-61-7700",
        fax="0197-61-7709",
        email="chiikifukushi@kasane-shakyo.example",
        contact_person="相談支援包括化推進員（CSW）",
        fields=("poverty", "elderly", "disability", "children", "other"),
        topics={
            "ひきこもり": 1,
            "8050": 1,
            "ダブルケア": 1,
            "社会的孤立": 1,
            "地域活動・居場所": 1,
            "権利擁護": 1,
            "ヤングケアラー": 2,
            "住まい": 2,
            "食べるものがない": 2,
            "家族関係": 2,
            "生活困窮": 2,
        },
        handles_text=(
            "市から多機関協働事業・参加支援事業・アウトリーチ等を通じた継続的支援事業を受託しています。"
            "ひきこもり、8050、ダブルケアなど、複数の課題が重なり1つの機関では抱えきれない世帯は"
            "多機関協働としてこちらへ。役割分担の整理や重層的支援会議の開催を行います。"
            "ケースを引き受けない場合でも、支援の進め方について助言します。"
            "日常生活自立支援事業（金銭管理）とボランティアセンターも担当しています。"
        ),
        referral_howto=(
            SHEET_BY_FAX + "多機関協働の利用には本人の同意が必要です。"
            "同意が難しい段階のケースは、市の支援会議で扱うことを一緒に検討します。"
        ),
    ),
    AgencySpec(
        key="chiiki_fukushi",
        name="かさね市 地域福祉課",
        name_kana="かさねし ちいきふくしか",
        kind="city_division",
        operation_form="direct",
        department="福祉部 地域福祉課",
        postal_code=CITY_HALL_POSTAL,
        address=CITY_HALL,
        phone="0197-64-2131",
        fax="0197-64-2199",
        email="chiikifukushi@city.kasane.example",
        contact_person="地域共生推進係",
        fields=("other", "poverty"),
        topics={"社会的孤立": 2, "地域活動・居場所": 2, "ひきこもり": 2, "8050": 2},
        handles_text=(
            "重層的支援体制整備事業を所管し、支援会議（社会福祉法第106条の6）の事務局を務めます。"
            "本人の同意がなくても関係機関で情報を共有し、見守り方を決めたいケースはこちらへ相談してください。"
            "地域づくりの場や、どこにつなげばよいか分からない相談の振り分けも担当します。"
        ),
        referral_howto="支援会議で扱いたいケースは、電話で事前に相談してください。会議は毎月第2木曜日です。",
    ),
    AgencySpec(
        key="choju",
        name="かさね市 長寿介護課",
        name_kana="かさねし ちょうじゅかいごか",
        kind="city_division",
        operation_form="direct",
        department="福祉部 長寿介護課",
        postal_code=CITY_HALL_POSTAL,
        address=CITY_HALL,
        phone="0197-64-2141",
        fax="0197-64-2199",
        contact_person="介護保険係・地域包括ケア推進係",
        fields=("elderly",),
        topics={"介護": 1, "認知症": 2, "虐待": 2, "権利擁護": 2},
        handles_text=(
            "介護保険の認定申請、保険料、介護サービスの給付の窓口です。"
            "地域包括支援センターの所管課で、高齢者虐待の対応や成年後見の市長申立てを担当します。"
            "個別の相談はまず各圏域の地域包括支援センターへつないでください。"
        ),
        referral_howto="個別ケースは担当圏域の地域包括支援センターへ。制度の確認は電話でどうぞ。",
    ),
    AgencySpec(
        key="shogai_fukushi",
        name="かさね市 障がい福祉課",
        name_kana="かさねし しょうがいふくしか",
        kind="city_division",
        operation_form="direct",
        department="福祉部 障がい福祉課",
        postal_code=CITY_HALL_POSTAL,
        address=CITY_HALL,
        phone="0197-64-2151",
        fax="0197-64-2199",
        contact_person="障がい福祉係",
        fields=("disability", "health"),
        topics={"障がい": 1, "精神疾患": 1, "虐待": 2, "就労": 2, "権利擁護": 2, "依存症": 2},
        handles_text=(
            "障害者手帳、自立支援医療（精神通院）、障害福祉サービスの支給決定の窓口です。"
            "精神疾患のある方の通院費の負担軽減や、手帳の取得を考えている方の相談に応じます。"
            "個別の生活の相談は基幹相談支援センターと連携して対応します。"
        ),
        referral_howto="手続きの相談は電話で予約のうえ来庁してください。",
    ),
    AgencySpec(
        key="kosodate",
        name="かさね市 子育て支援課",
        name_kana="かさねし こそだてしえんか",
        kind="city_division",
        operation_form="direct",
        department="健康こども部 子育て支援課",
        postal_code=CITY_HALL_POSTAL,
        address=CITY_HALL,
        phone="0197-64-2161",
        fax="0197-64-2198",
        contact_person="子育て給付係・女性相談支援員",
        fields=("children", "other"),
        topics={"DV": 1, "子育て": 2, "家族関係": 2, "生活困窮": 2},
        handles_text=(
            "児童手当、児童扶養手当、保育所の入所、ひとり親家庭の支援の窓口です。"
            "女性相談支援員を置いており、配偶者からの暴力（DV）の相談や避難の調整を受けます。"
            "子どもへの影響が心配なDVは、こども家庭センターと一緒に対応します。"
        ),
        referral_howto="DVの相談は加害者に知られないよう、本人の連絡方法を確認してから電話してください。",
    ),
    AgencySpec(
        key="kenko",
        name="かさね市保健センター（健康づくり課）",
        name_kana="かさねしほけんせんたー けんこうづくりか",
        kind="city_division",
        operation_form="direct",
        department="健康こども部 健康づくり課",
        postal_code="079-9903",
        address="かさね市大通り二丁目3-1",
        phone="0197-65-3300",
        fax="0197-65-3309",
        contact_person="地区担当保健師",
        fields=("health",),
        topics={
            "健康": 1,
            "精神疾患": 1,
            "依存症": 1,
            "ひきこもり": 1,
            "子育て": 2,
            "認知症": 2,
            "社会的孤立": 2,
        },
        handles_text=(
            "健診や健康相談のほか、地区担当の保健師がこころの健康の相談を受けます。"
            "精神疾患が疑われるが受診していない方、アルコールやギャンブルの依存が心配な方、"
            "ひきこもりの方の家族からの相談に応じ、必要に応じて家庭訪問します。"
            "毎月、精神科医による「こころの健康相談」（予約制）があります。"
        ),
        referral_howto="住所から地区担当の保健師を案内します。電話で概要を伝えてください。",
    ),
    AgencySpec(
        key="seikatsu",
        name="かさね市 生活福祉課",
        name_kana="かさねし せいかつふくしか",
        kind="city_division",
        operation_form="direct",
        department="福祉部 生活福祉課",
        postal_code=CITY_HALL_POSTAL,
        address=CITY_HALL,
        phone="0197-64-2171",
        fax="0197-64-2199",
        contact_person="保護係（ケースワーカー）",
        fields=("poverty",),
        topics={"生活困窮": 1, "住まい": 2, "食べるものがない": 2, "債務": 2},
        handles_text=(
            "生活保護の相談・申請の窓口です。手持ちのお金がほとんどない、医療費が払えず受診できないなど、"
            "急を要する困窮はこちらへ。生活保護に当たらない場合は、くらし・しごと相談センターと連携します。"
        ),
        referral_howto="本人が来庁できないときは訪問します。電話で状況を伝えてください。",
    ),
    AgencySpec(
        key="kyoiku",
        name="かさね市教育委員会 学校教育課（教育相談室）",
        name_kana="かさねしきょういくいいんかい がっこうきょういくか",
        kind="city_division",
        operation_form="direct",
        department="教育委員会 学校教育課",
        postal_code=CITY_HALL_POSTAL,
        address="かさね市本町一丁目1-1（市役所分庁舎3階）",
        phone="0197-64-2181",
        fax="0197-64-2189",
        contact_person="教育相談員・スクールソーシャルワーカー",
        fields=("children",),
        topics={"不登校": 1, "ヤングケアラー": 2, "家族関係": 2},
        handles_text=(
            "小中学生の不登校やいじめ、学校生活の相談を受けます。"
            "スクールソーシャルワーカーが学校と家庭の間に入り、福祉の支援が必要な家庭を関係機関につなぎます。"
            "教育支援センター（適応指導教室）の利用相談もこちらです。"
        ),
        referral_howto="学校名と学年を添えて電話してください。",
    ),
    AgencySpec(
        key="minsei",
        name="かさね市民生委員児童委員協議会",
        name_kana="かさねしみんせいいいんじどういいんきょうぎかい",
        kind="minsei",
        operation_form="subsidised",
        contractor="かさね市民生委員児童委員協議会",
        department="地域福祉課",
        postal_code="079-9904",
        address="かさね市錦町1-8（かさね市総合福祉センター内 事務局）",
        phone="0197-61-7705",
        hours="平日 9:00〜16:00（事務局）",
        contact_person="事務局（社会福祉協議会内）",
        fields=("other", "elderly", "children"),
        topics={"社会的孤立": 1, "地域活動・居場所": 2, "8050": 2, "認知症": 2, "子育て": 2},
        handles_text=(
            "市内の民生委員・児童委員の協議会です。地区担当の民生委員が、ひとり暮らしの高齢者や"
            "気になる世帯の見守り、声かけを行っています。"
            "地域で孤立しがちな方を見守ってほしいときは、事務局を通じて地区の民生委員に連絡します。"
        ),
        referral_howto="事務局に電話で地区（町名）を伝えてください。担当の民生委員から折り返します。",
    ),
    AgencySpec(
        key="clinic",
        name="みどりの森クリニック（精神科・心療内科）",
        name_kana="みどりのもりくりにっく",
        kind="medical",
        operation_form="contracted",
        contractor="医療法人緑風会",
        department="健康づくり課",
        postal_code="079-9922",
        address="かさね市柳町6-11",
        phone="0197-63-3800",
        fax="0197-63-3801",
        hours="月〜金 9:00〜12:00、14:00〜18:00／土 9:00〜12:00（予約制）",
        contact_person="精神保健福祉士（医療相談室）",
        fields=("health", "disability"),
        topics={"精神疾患": 1, "依存症": 1, "認知症": 2, "健康": 2},
        handles_text=(
            "精神科・心療内科のクリニックで、アルコール依存症の外来もあります。"
            "市の委託で、保健センターの「こころの健康相談」に医師を派遣しています。"
            "受診をためらっている方について、医療相談室の精神保健福祉士が関係機関からの相談に応じます。"
        ),
        referral_howto="初診は予約制です。関係機関からの相談は医療相談室へ電話してください。",
    ),
    AgencySpec(
        key="foodbank",
        name="NPO法人フードバンクかさね",
        name_kana="えぬぴーおーほうじんふーどばんくかさね",
        kind="npo",
        operation_form="subsidised",
        contractor="特定非営利活動法人フードバンクかさね",
        department="地域福祉課",
        postal_code="079-9932",
        address="かさね市石田112-4",
        phone="0197-66-8012",
        hours="火・木・土 10:00〜16:00",
        contact_person="事務局",
        fields=("poverty",),
        topics={"食べるものがない": 1, "生活困窮": 2, "地域活動・居場所": 2},
        handles_text=(
            "今日食べるものがない方に、関係機関を通じて食料を緊急にお渡しします。"
            "子ども食堂への食材提供や、ボランティアの受け入れも行っています。"
            "継続的な困窮の相談は、くらし・しごと相談センターと連携します。"
        ),
        referral_howto="相談機関から電話で申し込んでください。受け取りが難しい方には配達もできます。",
    ),
    AgencySpec(
        key="ibasho",
        name="NPO法人ひだまりの家（不登校・ひきこもりの居場所）",
        name_kana="えぬぴーおーほうじんひだまりのいえ",
        kind="npo",
        operation_form="subsidised",
        contractor="特定非営利活動法人ひだまりの家",
        department="地域福祉課",
        postal_code="079-9912",
        address="かさね市北田3-6",
        phone="0197-62-9030",
        hours="月・水・金 13:00〜18:00",
        contact_person="代表・ピアサポーター",
        fields=("children", "other"),
        topics={
            "不登校": 1,
            "地域活動・居場所": 1,
            "ひきこもり": 2,
            "社会的孤立": 2,
            "ヤングケアラー": 2,
        },
        handles_text=(
            "学校に行きづらい子どもや、ひきこもり経験のある若者が安心して過ごせる居場所です。"
            "参加支援の受け入れ先として、畑仕事やカフェの手伝いなど小さな役割も用意しています。"
            "家族会を月1回開いています。"
        ),
        referral_howto="まず見学からどうぞ。本人の来所が難しいときは、家族だけの相談もできます。",
    ),
]

PREFECTURE_AGENCY = AgencySpec(
    key="pref",
    name="北海道 保健福祉部 福祉局 地域福祉課",
    name_kana="ほっかいどう ほけんふくしぶ ふくしきょく ちいきふくしか",
    kind="prefecture",
    operation_form="direct",
    department="保健福祉部 地域福祉課",
    municipality=None,
    contact_person="地域共生社会推進担当",
    fields=("other",),
    topics={},
    handles_text=(
        "県内市町村の重層的支援体制整備事業を後方支援します。"
        "研修や市町村どうしの意見交換会の開催、専門家派遣の調整を担当しています。"
    ),
    referral_howto="市町村の事業担当課を通じてご相談ください。",
)

# The prefecture's backup-support contractor (000 §3): facilitators and experts. Fictional.
CONTRACTOR_AGENCY = AgencySpec(
    key="contractor",
    name="一般社団法人 ほくとう地域共生研究所",
    name_kana="ほくとうちいききょうせいけんきゅうじょ",
    kind="other",
    operation_form="contracted",
    contractor="一般社団法人 ほくとう地域共生研究所",
    department="後方支援事業チーム",
    municipality=None,
    contact_person="後方支援事業チーム",
    fields=("other",),
    topics={},
    handles_text="北海道から重層的支援体制構築に向けた後方支援事業を受託しています。",
    referral_howto="北海道 地域福祉課を通じてご連絡ください。",
    is_listed=False,
)

SECOND_AGENCIES: list[AgencySpec] = [
    AgencySpec(
        key="sakura_fukushi",
        name="さくら町 保健福祉課",
        name_kana="さくらちょう ほけんふくしか",
        kind="city_division",
        operation_form="direct",
        department="保健福祉課",
        municipality=SECOND_CODE,
        address="さくら町中町1-1（役場1階）",
        phone="0166-70-1100",
        contact_person="福祉係",
        fields=("elderly", "disability", "children", "poverty", "health"),
        topics={"障がい": 1, "子育て": 1, "生活困窮": 1, "健康": 1, "精神疾患": 1, "ひきこもり": 2},
        handles_text="町の福祉と保健の窓口が1つの課にまとまっています。分野を問わずまずこちらへ。",
        referral_howto="電話で担当の係を確認してください。",
    ),
    AgencySpec(
        key="sakura_houkatsu",
        name="さくら町地域包括支援センター",
        name_kana="さくらちょうちいきほうかつしえんせんたー",
        kind="houkatsu",
        operation_form="direct",
        department="保健福祉課",
        municipality=SECOND_CODE,
        address="さくら町中町1-1（役場1階）",
        phone="0166-70-1120",
        contact_person="主任介護支援専門員",
        fields=("elderly",),
        topics={"認知症": 1, "介護": 1, "8050": 1, "虐待": 1, "権利擁護": 1},
        handles_text="町内全域の高齢者とその家族の相談を受けます。役場の中にある直営のセンターです。",
        referral_howto=SHEET_BY_FAX,
    ),
    AgencySpec(
        key="sakura_shakyo",
        runs_collaboration=True,
        name="さくら町社会福祉協議会",
        name_kana="さくらちょうしゃかいふくしきょうぎかい",
        kind="shakyo",
        operation_form="contracted",
        contractor="社会福祉法人さくら町社会福祉協議会",
        department="保健福祉課",
        municipality=SECOND_CODE,
        address="さくら町本郷2-5",
        phone="0166-70-2200",
        contact_person="地域福祉係",
        fields=("poverty", "other"),
        topics={
            "生活困窮": 1,
            "社会的孤立": 1,
            "地域活動・居場所": 1,
            "ひきこもり": 1,
            "食べるものがない": 1,
        },
        handles_text="自立相談支援と地域のサロン活動、ボランティアセンターを担当しています。",
        referral_howto="電話でご相談ください。",
    ),
]

# The one-per-role login accounts: username, full name, furigana, agency key, role code.
DEMO_LOGINS: list[tuple[str, str, str, str, str]] = [
    ("soudanin", "髙橋 美咲", "たかはし みさき", "houkatsu_chuo", "soudanin"),
    ("kyodo", "山﨑 健太", "やまざき けんた", "shakyo", "coordinator"),
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
