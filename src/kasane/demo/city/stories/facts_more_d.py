"""The national forms' facts of the stories in ``more_d``."""

from __future__ import annotations

from kasane.demo.city.life import Life
from kasane.demo.city.stories.facts_shape import Facts, N, Outcome, PlanFacts

OLD = Life(employment="pensioner", income_sources=("pension",), welfare="never", pension="old_age", debt="no")

FACTS_D: dict[str, Facts] = {
    "released_housing": Facts(
        life=Life(
            employment="seeking",
            employment_note="満期出所。清掃などの仕事を希望",
            housing="other",
            housing_unstable=True,
            housing_note="自立準備ホームに一時滞在",
            income_sources=("none",),
            monthly_income=0,
            welfare="never",
            debt="no",
            health_insurance="none",
            pension="unpaid",
            issues=("offender", "housing", "poverty", "job_search", "isolation"),
        ),
        route="agency",
        referrer_name="北海道地域生活定着支援センター",
        assessed={"welfare": "applying"},
        background="窃盗で服役し満期出所。身寄りがなく、所持金もわずかで、住まいと仕事を一から組み立てる必要がある。",
        plans=(
            PlanFacts(
                needs="住まい。当面の生活費。就労。孤立を防ぐ関係。",
                policy="生活保護でアパートに入居して生活の土台をつくり、就労支援で清掃の仕事を探す。",
                tasks="アパートの契約と転入の手続きをする。ハローワークで求人を一緒に探す。",
                programmes=("employment_support", "welfare_work"),
                employment=True,
            ),
        ),
        outcome=Outcome(
            implementation=(
                "生活保護が開始され、新町のアパートに入居した。くらし・しごと相談センターが清掃会社の面接に同行し、採用された。"
                "家具は社協のボランティアがそろえた。"
            ),
            improvements=("housing", "motivation", "habits"),
            remaining="職場以外の人とのつながり。",
            direction="close",
            closure="welfare",
            employed_days=45,
        ),
        notes=(
            N("P", "agency", place_note="自立準備ホーム"),
            N("P", "office", next="転居の手続きを支援する。"),
            N("PA", "outside", "清掃会社", "初出勤の日に電話する。", "清掃会社（面接）"),
            N("P", "home", next="生活保護のケースワーカーに引き継ぐ。"),
        ),
    ),
    "financial_abuse": Facts(
        life=OLD.but(
            housing="owned",
            monthly_income=100_000,
            arrears=("utilities",),
            money_note="別居の長男が毎月5〜6万円を持って行く。電気が止まりかけた",
            health_insurance="elderly",
            issues=("abused", "poverty", "family"),
        ),
        route="minsei",
        referrer="minsei",
        referrer_name="地区担当の民生委員",
        background="長男が失業し、本人の年金を毎月持ち出すようになった。本人は「息子にも事情がある」とかばっている。",
        plans=(
            PlanFacts(
                needs="本人の金銭管理。長男の生活の困窮。本人の安全。",
                policy="日常生活自立支援事業で年金を守り、長男には長男自身の相談先（生活保護）をつなぐ。",
                tasks="通帳を社協に預け、週1回生活費を受け取る。",
                programmes=("other_field",),
            ),
            PlanFacts(
                needs="誰かとお茶を飲む時間。",
                policy="歩いて通える集まりに週1回参加する。",
                tasks="週1回、近所のお茶会に行く。",
                programmes=("participation",),
                months=3,
            ),
        ),
        notes=(
            N("P", "home", next="日常生活自立支援事業の契約の日を決める。"),
            N("P", "home", next="毎週月曜日に生活費を届ける。"),
            N("F", "office", "長男", "申請書の提出を待つ。"),
        ),
    ),
    "father_illness": Facts(
        life=Life(
            employment="not_working",
            employment_note="製造業の正社員だったが、胃がんの手術で退職",
            housing="rented",
            income_sources=("allowance", "other"),
            monthly_income=160_000,
            welfare="never",
            debt="no",
            money_note="児童扶養手当と傷病手当金。治療費がかさむ",
            illness="胃がん（術後、外来で抗がん剤治療）",
            treatment="attending",
            mental_health="none",
            health_insurance="national",
            pension="exempt",
            issues=("illness", "single_parent", "poverty"),
        ),
        background="胃がんの手術で退職し、治療中の収入が途絶えた。父子家庭で、治療の日に子どもを頼める人がいない。",
        plans=(
            PlanFacts(
                needs="治療中の生活費。治療の日の子どもの世話。復職。",
                policy="傷病手当金と手当で治療中の生活を支え、ファミリー・サポートで子どもの世話を補う。体調に合わせて復職を目指す。",
                tasks="治療を続ける。体調が戻ったら元の職場に相談する。",
                programmes=("household_budget", "employment_support", "other_field"),
                employment=True,
            ),
        ),
        outcome=Outcome(
            implementation=(
                "くらし・しごと相談センターが傷病手当金の申請を支援し、治療中の生活費を確保した。治療の日はファミリー・サポート"
                "を利用した。治療を終え、元の職場に再雇用された。"
            ),
            improvements=("health", "budget", "stability"),
            remaining="定期検診の日の子どもの世話。",
            direction="close",
            closure="goal_met",
            employed_days=30,
            increase=80_000,
        ),
        notes=(
            N("P", "office"),
            N("P", "remote", "ファミリー・サポート・センター"),
            N("P", "office", next="支給決定の通知が届いたら連絡をもらう。"),
            N("P", "office", next="終結を重層的支援会議に諮る。"),
        ),
    ),
    "brothers": Facts(
        life=Life(
            employment="not_working",
            employment_note="就労経験は短期のアルバイトのみ",
            housing="owned",
            housing_note="両親が遺した持ち家",
            income_sources=("pension",),
            monthly_income=130_000,
            welfare="never",
            debt="no",
            arrears=("utilities",),
            money_note="公共料金を滞納",
            illness="統合失調症（通院中）",
            treatment="attending",
            mental_health="diagnosed",
            disability_card="held",
            card_kinds=("mental",),
            health_insurance="national",
            pension="disability",
            issues=("mental", "budgeting", "disability", "family"),
        ),
        assessed={"money_note": "電気・水道で約8万円の滞納"},
        background="家計と家事を担っていた母が亡くなり、兄弟二人で生活を回す人がいなくなった。",
        plans=(
            PlanFacts(
                needs="公共料金の滞納。家事。兄の通院の継続。",
                policy="滞納を整理して家計を立て直し、ホームヘルプで家事を補う。兄弟それぞれの計画相談が見守る。",
                tasks="滞納分を分割で払う。週2回ヘルパーと一緒に掃除をする。",
                programmes=("household_budget", "other_field"),
            ),
        ),
        notes=(
            N("PF", "home", next="滞納額の確認のため、請求書をそろえてもらう。"),
            N("P", "office", next="電力会社・水道課と分割の相談をする。"),
        ),
    ),
    "young_woman": Facts(
        life=Life(
            employment="not_working",
            employment_note="仕事を辞めてから働いていない",
            housing="rented",
            income_sources=("savings",),
            welfare="never",
            illness="自傷行為（リストカット）が止まらない（未受診）",
            treatment="needed",
            mental_health="suspected",
            health_insurance="national",
            pension="unpaid",
            issues=("mental", "suicidal", "isolation"),
        ),
        notes=(N("P", "remote", next="来週、保健センターで会う。"),),
    ),
    "8050_three": Facts(
        life=OLD.but(
            housing="owned",
            housing_note="山あいの集落の持ち家",
            monthly_income=130_000,
            health_insurance="elderly",
            issues=("care", "family"),
        ),
        notes=(
            N("P", "home", next="保健師と息子への訪問を始める。"),
            N("F", "home", next="2週間後に再訪問する。"),
        ),
    ),
}
