"""The national forms' facts of the stories in ``more_c``."""

from __future__ import annotations

from kasane.demo.city.life import Life
from kasane.demo.city.stories.facts_shape import Facts, N, Outcome, PlanFacts

OLD = Life(employment="pensioner", income_sources=("pension",), welfare="never", pension="old_age", debt="no")

FACTS_C: dict[str, Facts] = {
    "young_dementia": Facts(
        life=Life(
            employment="regular",
            employment_note="会社員（若年性認知症のため休職中）",
            housing="owned",
            housing_note="持ち家（住宅ローンが残る）",
            income_sources=("wages", "other"),
            monthly_income=380_000,
            welfare="never",
            debt="yes",
            money_note="住宅ローンの返済が残る。傷病手当金はあと6か月",
            illness="若年性アルツハイマー型認知症（診断あり）",
            treatment="attending",
            mental_health="none",
            disability_card="none",
            health_insurance="employee",
            pension="paying",
            issues=("illness", "care", "family"),
        ),
        route="family",
        assessed={"disability_card": "applying", "card_kinds": ("mental",)},
        background="働き盛りでの発症で、介護保険・障害福祉・就労の制度にまたがる。妻の収入だけでは住宅ローンの返済が苦しい。",
        plans=(
            PlanFacts(
                needs="傷病手当金が切れた後の収入。本人の日中の居場所と役割。娘の見守りの負担。",
                policy="障害年金と住宅ローンの相談を先に進め、本人が自分で選べる通い先を探す。娘の放課後を娘に返す。",
                tasks="デイサービスを見学して自分で選ぶ（本人）。障害年金の書類をそろえる（妻）。",
                programmes=("household_budget", "other_field"),
            ),
            PlanFacts(
                needs="本人の役割と、料理を生かせる場。",
                policy="受け入れ先を見学して本人が選び、週1回決まった曜日に通う。",
                tasks="見学した中から通う場所を選ぶ。",
                programmes=("participation",),
                months=3,
            ),
        ),
        notes=(
            N("PF", "office", "妻"),
            N("PA", "outside", "若年性認知症対応型デイサービス", place_note="デイサービス（見学）"),
            N("F", "office", "妻", "年金事務所への提出に同行する。"),
        ),
    ),
    "reopened_8050": Facts(
        life=OLD.but(
            housing="owned",
            monthly_income=150_000,
            illness="要介護。ケアマネジャーが担当",
            treatment="attending",
            health_insurance="elderly",
            issues=("care", "family", "isolation"),
        ),
        route="agency",
        referrer_name="居宅介護支援事業所（父の担当ケアマネジャー）",
        background="娘は20年以上ほとんど外出せず、父の身の回りの世話だけを担ってきた。父が倒れたときの備えがない。",
        later={
            "housing": "facility",
            "housing_note": "父は入院中。自宅には娘がひとり",
            "illness": "入院中",
        },
        plans=(
            PlanFacts(
                needs="娘の社会との接点。父の介護。父が倒れたときの備え。",
                policy="保健師の訪問で娘と顔なじみの関係をつくり、緊急時の連絡先を家族で決めておく。",
                tasks="緊急時の連絡先を娘と一緒に決める（父）。",
                programmes=("other_field",),
            ),
        ),
        outcome=Outcome(
            implementation="保健師が月1回訪問し、娘と玄関で話せる関係になった。緊急時の連絡先（民生委員・地域包括）を決めた。",
            improvements=("relations",),
            remaining="娘の社会参加。父の入院などで娘がひとりになったときの生活。",
            direction="watch",
            closure="handed_over",
        ),
        notes=(
            N("P", "home", next="保健師と訪問の曜日を決める。"),
            N("F", "home", next="来月も同じ曜日に訪問する。"),
            N("PFC", "home", "民生委員"),
            N("P", "office", next="終結を重層的支援会議に諮る。"),
            N("F", "home", next="フードバンクの食料を週1回届ける。"),
            N("F", "home", next="父の入院先の病院に一緒に行く。"),
        ),
    ),
    "grandma_adhd": Facts(
        life=Life(
            employment="non_regular",
            employment_note="パート",
            housing="owned",
            housing_note="母の持ち家に同居",
            income_sources=("wages", "pension"),
            welfare="never",
            health_insurance="national",
            pension="paying",
            issues=("childcare", "care"),
        ),
        notes=(N("P", "remote", next="来週、こもれびで面談する。"),),
    ),
    "gamble_son": Facts(
        life=OLD.but(
            housing="owned",
            monthly_income=80_000,
            money_note="年金を同居の息子がパチンコに使ってしまう",
            health_insurance="elderly",
            issues=("abused", "family", "food", "poverty"),
        ),
        notes=(
            N("P", "agency", place_note="地域包括本町 相談室"),
            N("P", "home", next="息子のいる時間に再訪問する。"),
            N("A", "remote", "みどりの森クリニック 医療相談室", "家族相談の日程を本人に伝える。"),
        ),
    ),
    "sisters": Facts(
        life=Life(
            employment="other",
            employment_note="生活介護に通所",
            housing="owned",
            income_sources=("pension", "family"),
            monthly_income=130_000,
            welfare="never",
            debt="no",
            treatment="none",
            disability_card="held",
            card_kinds=("intellectual",),
            health_insurance="national",
            pension="disability",
            issues=("disability", "budgeting", "family"),
        ),
        background="金銭管理と家事を担っていた母が特別養護老人ホームに入所し、姉妹二人では生活が回らなくなった。",
        plans=(
            PlanFacts(
                needs="金銭管理。家事。妹の通院の継続。",
                policy="日常生活自立支援事業とホームヘルプで母の担っていた役割を置き換え、それぞれの計画相談が見守る。",
                tasks="週1回、生活費を受け取って家計ノートにつける（姉）。",
                programmes=("other_field",),
                months=12,
            ),
        ),
        outcome=Outcome(
            implementation="日常生活自立支援事業の契約で週1回の生活費の受け渡しが定着した。ホームヘルプ週2回を開始した。",
            improvements=("budget", "habits"),
            remaining="妹の体調の波と通院の継続。",
            direction="refer",
            closure="handed_over",
        ),
        notes=(
            N("PF", "home"),
            N("PF", "home", next="毎週水曜日に生活費を届ける。"),
            N("A", "remote", "妹の主治医"),
            N("A", "office", "相談支援センターあゆみ・みどり"),
        ),
    ),
    "pets_poverty": Facts(
        life=OLD.but(
            housing="owned",
            monthly_income=120_000,
            arrears=("utilities",),
            money_note="電気代を滞納（猫の餌代がかさむ）",
            health_insurance="elderly",
            issues=("poverty", "budgeting", "isolation"),
        ),
        route="neighbour",
        referrer_name="近隣住民（においの苦情）",
        background="猫が20匹以上に増え、餌代で年金が足りなくなった。においで近所との関係が悪化している。",
        plans=(
            PlanFacts(
                needs="猫の数の調整。家計（電気代の滞納）。近隣との関係。",
                policy="猫を手放したくない気持ちを尊重し、不妊去勢と譲渡で数を減らす。家計を見直して滞納を解消する。",
                tasks="不妊去勢手術の日程を団体と決める。餌代を家計表につける。",
                programmes=("household_budget", "other_field"),
            ),
            PlanFacts(
                needs="夫の役割と、猫を通じた人とのつながり。",
                policy="保護猫の団体でのボランティアを入口に、譲渡の相談もできる関係をつくる。",
                tasks="保護猫の団体で週1回お世話をする（夫）。",
                programmes=("participation",),
                months=3,
            ),
        ),
        notes=(
            N("PF", "home", next="保健所と動物愛護団体に相談する。"),
            N("A", "agency", "保健所・動物愛護団体", place_note="保健所 会議室"),
            N("PF", "office", next="電気料金の分割の相談に同席する。"),
        ),
    ),
    "teen_dropout": Facts(
        life=Life(
            employment="not_working",
            employment_note="通信制高校を中退",
            housing="rented",
            income_sources=("family",),
            monthly_income=150_000,
            welfare="never",
            illness="夜中に泣いていることがある（未受診）",
            treatment="none",
            mental_health="suspected",
            health_insurance="national",
            issues=("isolation", "schooling", "single_parent"),
        ),
        route="family",
        background="中学から不登校が続き、通信制高校も中退した。母はパートで、二人暮らし。絵を描くことが支えになっている。",
        plans=(
            PlanFacts(
                needs="家の外の居場所。生活リズム。進路（高卒認定）。",
                policy="本人の好きな絵を入口に、人の少ない場から参加する。進路は本人のペースで情報を集める。",
                tasks="ひだまりの家の絵の会に月2回参加する。高卒認定の資料を読む。",
                programmes=("participation",),
            ),
        ),
        notes=(
            N("P", "home", next="ひだまりの家の絵の会の日を伝える。"),
            N("P", "home", next="次回の重層的支援会議にプランを提出する。"),
        ),
    ),
}
