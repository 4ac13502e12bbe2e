"""かさね市's other agencies: the 社協, the city's divisions, 困窮・子ども・保健・医療."""

from __future__ import annotations

from kasane.demo.city.data.city import CITY_HALL, CITY_HALL_POSTAL, SHAKYO_CORP
from kasane.demo.city.data.specs import SHEET_BY_FAX, AgencySpec

CITY_AGENCIES_MORE: list[AgencySpec] = [
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
            "セルフネグレクト": 2,
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
