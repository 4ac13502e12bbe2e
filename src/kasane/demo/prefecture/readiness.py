"""Demo: 北海道's blocks and municipalities, readiness sheets and ratings, and かさね市's published counts.

Ratings follow the municipality's programme status (one that implements is further along) with a
deterministic spread, and each has evidence written the way a prefectural officer notes it.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from kasane.demo.prefecture.readiness_data import BLOCKS, KASANE_USERS, MUNICIPALITIES, REGIONS
from kasane.lib.dates import fiscal_year
from kasane.readiness import services
from kasane.readiness.models import Block, MunicipalityProfile, ReadinessSheet, Region
from kasane.readiness.themes import Foundation, Function, ReadinessItem, Tool
from kasane.tenancy.codes import full_code
from kasane.tenancy.models import Municipality, Prefecture

if TYPE_CHECKING:
    from kasane.demo.prefecture.staff import BackupStaff

BASE_STAGE = {"implementing": 2, "preparing": 2, "planned": 1, "considering": 1, "undecided": 0}

EVIDENCE: dict[str, tuple[str, str, str, str]] = {
    ReadinessItem.SITUATION: (
        "庁内で現状を整理する機会はまだない。",
        "アセスメントシートを福祉課で作り始めた。相談機関の状況は聞き取り中。",
        "アセスメントシートを福祉課・社協・包括の3者で作成し、課題を共有した。",
        "毎年度アセスメントシートを更新し、庁内会議で確認している。",
    ),
    ReadinessItem.LOCAL_PEOPLE: (
        "地域の関係者への説明は行っていない。",
        "民生委員協議会の定例会で事業の概要を説明した。",
        "地域共生社会の理念に関する勉強会を開き、民生委員・町内会役員など40人が参加した。",
        "地域の関係者が参加する協議の場が定例化し、居場所づくりに住民が加わっている。",
    ),
    ReadinessItem.INTERNAL: (
        "担当課以外では事業の認知が進んでいない。",
        "福祉部内の係長級で勉強会を1回行った。",
        "庁内関係課（税務・住宅・教育を含む）の勉強会と、目指す地域像の協議を行った。",
        "庁内連携会議が年4回開かれ、財政部とも事業費の考え方を共有している。",
    ),
    ReadinessItem.SHARING: (
        "関係機関の情報共有は個別の電話連絡に頼っている。",
        "包括・障害・子ども・困窮の4分野の連絡会を試行した。",
        "事例検討ワークショップを開き、つなぎ方の共通ルールを話し合った。",
        "共通のつなぎシートと定例の会議で、分野を越えた情報共有が回っている。",
    ),
    ReadinessItem.TALENT: (
        "地域資源を活用して支援を組み立てられる職員はまだ限られる。",
        "社協のCSWが中心となり、地域資源の把握を始めた。",
        "フィールドワーク研修に職員と社協が参加し、農業者と就労体験の受け入れを話し合った。",
        "参加支援の受け入れ先を自ら開拓できる職員が複数育ち、異動後も引き継がれている。",
    ),
}
TOOLS_AT_STAGE: dict[str, tuple[str, ...]] = {
    ReadinessItem.SITUATION: (Tool.ASSESSMENT_SHEET,),
    ReadinessItem.LOCAL_PEOPLE: (Tool.STUDY_PHILOSOPHY,),
    ReadinessItem.INTERNAL: (Tool.STUDY_INTERNAL, Tool.INTERNAL_TALKS),
    ReadinessItem.SHARING: (Tool.CASE_WORKSHOP, Tool.EXCHANGE),
    ReadinessItem.TALENT: (Tool.FIELDWORK,),
}

KASANE_SHEET_FUNCTIONS = {
    Function.CONSULTATION: (
        "地域包括支援センター4か所、基幹相談支援センター、こども家庭センター、自立相談支援機関で分野ごとに相談を受けている。"
        "令和6年度から全機関で共通の相談受付票を使い始めた。",
        "どこにも属さない相談（ひきこもりの若者、8050世帯）が包括に集中し、包括の負担が大きい。",
    ),
    Function.PARTICIPATION: (
        "社協が参加支援を受託。こども食堂や農園での就労体験など受け入れ先は12か所。",
        "受け入れ先が市の中心部に偏り、郊外の人が通えない。受け入れ先へのフォローが手薄。",
    ),
    Function.COMMUNITY: (
        "サロン28か所、こども食堂5か所。生活支援コーディネーターが圏域ごとに配置されている。",
        "担い手の高齢化。分野を越えた場（多世代）がまだ少ない。",
    ),
    Function.OUTREACH: (
        "社協とNPOに委託。ひきこもりの世帯への訪問を継続している。",
        "つながるまでに時間がかかる事例を、成果として説明しにくい。",
    ),
    Function.COLLABORATION: (
        "多機関協働事業を社協に委託。重層的支援会議を月1回、支援会議を必要に応じて開催。",
        "本人の同意が取れない事例が多く、支援会議での検討にとどまる。",
    ),
    Function.FRAMEWORK: (
        "地域福祉課が事業全体を所管。相談支援包括化推進員を2名配置。",
        "人事異動で担当が替わると、機関との関係づくりがやり直しになる。",
    ),
}
KASANE_SHEET_FOUNDATIONS = {
    Foundation.FINANCE: (
        "交付金の一体的な執行について、財政課と年2回協議している。",
        "事業費の根拠となる件数を記録から出せる。",
        "成果指標の説明を求められており、数字で示す材料が足りない。",
    ),
    Foundation.PHILOSOPHY: (
        "市民向けフォーラムと職員研修を毎年開催。",
        "市長が施政方針で地域共生社会を掲げている。",
        "福祉部以外の課では『福祉の事業』という受け止めが残る。",
    ),
    Foundation.COOPERATION: (
        "庁内連携会議（福祉・住宅・税務・教育）を年4回開催。",
        "社協との定例協議が長年続いている。",
        "医療機関、特に精神科との連携の窓口がはっきりしない。",
    ),
}

SMALL_TOWN_FUNCTIONS = {
    Function.CONSULTATION: (
        "保健福祉課の窓口で分野を問わず相談を受けている。地域包括支援センターは直営。",
        "担当者が少なく、一人が複数の分野を兼ねている。",
    ),
    Function.PARTICIPATION: (
        "社協のサロンでボランティアとして受け入れている例がある。",
        "受け入れ先が少なく、通う手段もない。",
    ),
    Function.COMMUNITY: ("町内会ごとのサロンが続いている。", "担い手の高齢化が進んでいる。"),
    Function.OUTREACH: ("保健師の家庭訪問で把握している。", "ひきこもりの実態がつかめていない。"),
    Function.COLLABORATION: (
        "顔の見える関係で、必要なときに集まって相談している。",
        "役割分担が担当者の経験に頼っている。",
    ),
    Function.FRAMEWORK: ("保健福祉課が担当。", "事業として実施した場合の効果が説明できない。"),
}


def load(prefecture: Prefecture, today: dt.date, staff: BackupStaff) -> None:
    rng = random.Random(2026)
    blocks = {
        name: Block.objects.create(prefecture=prefecture, name=name, sort_order=order)
        for order, (name, _bureaus) in enumerate(BLOCKS, start=1)
    }
    block_of_bureau = {bureau: blocks[name] for name, bureaus in BLOCKS for bureau in bureaus}
    regions = {
        short: Region.objects.create(prefecture=prefecture, name=name, sort_order=order)
        for order, (short, name) in enumerate(REGIONS, start=1)
    }
    municipalities: dict[str, Municipality] = {}
    for code, name, kana, bureau, population, area, status, year, source in MUNICIPALITIES:
        municipality = Municipality.objects.create(
            prefecture=prefecture, code=full_code(code), name=name, population=population
        )
        MunicipalityProfile.objects.create(
            municipality=municipality,
            block=block_of_bureau[bureau],
            region=regions[bureau],
            bureau=regions[bureau].name,
            name_kana=kana,
            area_km2=Decimal(str(area)) if area is not None else None,
            figures_source=source,
            status=status,
            status_year=year,
        )
        municipalities[name] = municipality
    for municipality in Municipality.objects.filter(prefecture=prefecture, name__in=KASANE_USERS):
        bureau, area, status, year = KASANE_USERS[municipality.name]
        MunicipalityProfile.objects.create(
            municipality=municipality,
            block=block_of_bureau[bureau],
            region=regions[bureau],
            bureau=regions[bureau].name,
            name_kana="かさねし" if municipality.name == "かさね市" else "さくらちょう",
            area_km2=Decimal(str(area)),
            figures_source="デモ用（架空の市町村）",
            status=status,
            status_year=year,
        )
        municipalities[municipality.name] = municipality

    year = fiscal_year(today)
    _ratings(municipalities, staff, today, year, rng)
    _sheets(municipalities, staff, today, year)
    city = municipalities.get("かさね市")
    if city is not None and staff.city is not None:
        for fy in (year - 1, year):
            services.publish_counts(city, fy, staff.city)


def _ratings(
    municipalities: dict[str, Municipality], staff: BackupStaff, today: dt.date, year: int, rng: random.Random
) -> None:
    last_year = dt.date(year - 1, 10, 15)
    this_year = min(dt.date(year, 10, 20), today)
    for municipality in municipalities.values():
        status = municipality.profile.status
        if status == "undecided" and rng.random() < 0.5:
            continue  # not every municipality has been looked at yet
        for item in ReadinessItem.values:
            before = max(0, min(3, BASE_STAGE[status] + rng.choice((-1, 0, 0, 1)) - 1))
            after = min(3, before + (1 if rng.random() < (0.6 if status != "undecided" else 0.2) else 0))
            for rated_on, stage in ((last_year, before), (this_year, after)):
                tools = list(TOOLS_AT_STAGE[item]) if stage >= 2 else []
                services.rate(
                    municipality,
                    staff.prefecture,
                    item=item,
                    stage=stage,
                    evidence=EVIDENCE[item][stage],
                    tools_used=[str(t) for t in tools],
                    rated_on=rated_on,
                )


def _sheets(municipalities: dict[str, Municipality], staff: BackupStaff, today: dt.date, year: int) -> None:
    city = municipalities.get("かさね市")
    if city is not None and staff.city is not None:
        for made_on, population in ((dt.date(year - 1, 6, 30), 90_400), (dt.date(year, 6, 30), 89_700)):
            sheet = services.new_sheet(city, staff.city, made_on)
            functions = {
                f: (current if made_on.year == year else current.split("。")[0] + "。", issues)
                for f, (current, issues) in KASANE_SHEET_FUNCTIONS.items()
            }
            services.save_sheet(
                sheet,
                staff.city,
                basics={
                    "made_by_units": "地域福祉課\n長寿介護課\n障がい福祉課\nこども家庭課\nかさね市社会福祉協議会",
                    "population": population,
                    "area_count": 4,
                    "organisation": "保健福祉部（地域福祉課・長寿介護課・障がい福祉課・こども家庭課・健康づくり課・生活福祉課）",
                    "lead_division": "保健福祉部 地域福祉課",
                    "agencies": "地域包括支援センター（4か所）／かさね市社会福祉協議会ほか\n基幹相談支援センター／直営\n"
                    "こども家庭センター／直営\n自立相談支援機関／かさね市社会福祉協議会",
                    "shared_with_peers": True,
                },
                functions={str(k): v for k, v in functions.items()},
                foundations={str(k): v for k, v in KASANE_SHEET_FOUNDATIONS.items()},
                lock_version=sheet.lock_version,
            )
            services.submit_sheet(sheet, staff.city)
    for name, shared in (("津別町", True), ("広尾町", False), ("妹背牛町", True), ("栗山町", False)):
        municipality = municipalities.get(name)
        if municipality is None:
            continue
        sheet = services.new_sheet(municipality, staff.prefecture, dt.date(year, 7, 31))
        services.save_sheet(
            sheet,
            staff.prefecture,
            basics={
                "made_by_units": "保健福祉課\n社会福祉協議会\n地域包括支援センター",
                "population": municipality.population,
                "area_count": 1,
                "organisation": "保健福祉課（福祉係・介護保険係・保健推進係）",
                "lead_division": "保健福祉課 福祉係",
                "agencies": "地域包括支援センター／直営\n障害者相談支援事業所／社会福祉法人に委託",
                "shared_with_peers": shared,
            },
            functions={str(k): v for k, v in SMALL_TOWN_FUNCTIONS.items()},
            foundations={
                Foundation.FINANCE: ("事業化の相談はまだしていない。", "", "効果を説明する材料がない。"),
                Foundation.PHILOSOPHY: (
                    "町長への説明を行った。",
                    "小さな町で顔が見える。",
                    "「すでに連携できている」との声がある。",
                ),
                Foundation.COOPERATION: (
                    "社協・包括と週1回打ち合わせ。",
                    "関係機関が近い。",
                    "担当者の異動で関係が途切れる。",
                ),
            },
            lock_version=sheet.lock_version,
        )
        ReadinessSheet.objects.filter(pk=sheet.pk).update(submitted_at=sheet.updated_at)
