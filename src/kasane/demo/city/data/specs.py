"""How an agency of the demo is described, with the helpers for the kinds the city has several of."""

from __future__ import annotations

from dataclasses import dataclass

from kasane.demo.city.data.city import AREAS, CITY_HOURS, DEMO_CODE


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
    "セルフネグレクト": 1,
    "ダブルケア": 2,
    "社会的孤立": 2,
    "健康": 2,
    "住まい": 2,
    "家族関係": 2,
    "ヤングケアラー": 2,
}

SHOGAI_TOPICS = {"障がい": 1, "精神疾患": 2, "就労": 2, "ひきこもり": 2, "権利擁護": 2}


def houkatsu_spec(
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


def shogai_spec(
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
