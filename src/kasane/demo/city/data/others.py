"""The prefecture's division, its backup-support contractor, and さくら町's agencies."""

from __future__ import annotations

from kasane.demo.city.data.city import SECOND_CODE
from kasane.demo.city.data.specs import SHEET_BY_FAX, AgencySpec

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
        topics={"認知症": 1, "介護": 1, "8050": 1, "虐待": 1, "権利擁護": 1, "セルフネグレクト": 1},
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
