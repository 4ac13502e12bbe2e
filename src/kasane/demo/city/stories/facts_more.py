"""The national forms' facts of the stories in ``more_a`` and ``more_b``."""

from __future__ import annotations

from kasane.demo.city.life import Life
from kasane.demo.city.stories.facts_shape import Facts, N, Outcome, PlanFacts

OLD = Life(employment="pensioner", income_sources=("pension",), welfare="never", pension="old_age", debt="no")

FACTS_A: dict[str, Facts] = {
    "8050_daughter": Facts(
        life=OLD.but(
            housing="owned",
            monthly_income=180_000,
            illness="腰椎圧迫骨折の後、要介護2。デイサービス週3回",
            treatment="attending",
            health_insurance="elderly",
            issues=("care", "family", "isolation"),
        ),
        route="agency",
        referrer_name="居宅介護支援事業所（父の担当ケアマネジャー）",
        background=(
            "娘は20代でパニック障害を発症し、主治医の退職をきっかけに通院をやめてから約15年ほとんど外出していない。"
            "父の介護と家事は娘が担い、父は自分が亡くなった後の娘の暮らしを誰にも相談できずにいた。"
        ),
        plans=(
            PlanFacts(
                needs="娘の通院の再開。娘の収入（障害年金）。娘が父以外の人と関われる場。父の介護の娘への偏り。",
                policy=(
                    "娘の通院の再開を最優先にし、基幹相談支援センターが受診に同行する。障害年金の申請と日中の通所先を"
                    "並行して進め、父の介護サービスを見直して娘の負担を減らす。"
                ),
                tasks="近所のクリニックに通う（娘）。障害年金の書類のため、以前の通院先を思い出して書き出す（娘）。",
                programmes=("household_budget", "other_field"),
            ),
        ),
        outcome=Outcome(
            implementation=(
                "基幹相談支援センターが受診に3回同行し、通院と服薬が再開した。くらし・しごと相談センターが障害年金の"
                "申請書類を整え、申請を終えた。就労継続支援B型事業所の見学と体験を経て、週2日の通所が始まった。"
            ),
            improvements=("motivation", "participation", "health", "isolation"),
            remaining="障害年金の決定を待っている。父の介護が重くなったときの娘の負担。",
            direction="refer",
            closure="goal_met",
        ),
        notes=(
            N("PF", "home", next="次回、娘に基幹相談支援センターの職員を紹介する。"),
            N("F", "home", next="受診に同行する。"),
            N("FA", "outside", "心療内科クリニック", place_note="近所のクリニック（車で送迎）"),
            N("F", "office", next="当時の病院に受診状況等証明書を依頼する。"),
            N(
                "FA",
                "outside",
                "就労継続支援B型事業所（北田）",
                "体験利用の日程を事業所と決める。",
                "B型事業所（北田）",
            ),
            N("PF", "home"),
            N("PF", "office", next="終結を重層的支援会議に諮る。"),
        ),
    ),
    "roushou": Facts(
        life=OLD.but(
            housing="owned",
            housing_note="柳町の持ち家",
            monthly_income=250_000,
            money_note="夫婦の年金と息子の障害基礎年金",
            illness="糖尿病（内科に通院）",
            treatment="attending",
            health_insurance="elderly",
            issues=("care", "illness", "family"),
        ),
        background=(
            "夫の認知症と息子の知的障がいの支援を、それぞれ別の機関が担ってきたが、両者が話し合ったことはなかった。"
            "長女は関東在住で、介護も息子の将来の話し合いも本人ひとりにかかっている。"
        ),
        plans=(
            PlanFacts(
                needs="本人の介護負担と健康。夫の在宅生活の見極め。息子の将来の住まいと金銭管理。",
                policy=(
                    "夫のショートステイと息子のグループホーム体験を同時に始め、本人が休める時間をつくる。成年後見は"
                    "長女を交えて時間をかけて検討する。"
                ),
                tasks="糖尿病の通院を続ける。成年後見について長女と話す日を決める。",
                programmes=("other_field",),
                months=12,
            ),
        ),
        notes=(
            N("P", "home", next="息子の計画相談の担当者と日程を合わせて面談する。"),
            N("F", "agency", place_note="生活介護事業所"),
            N("P", "remote", next="次回のショートステイの日程を調整する。"),
            N("PF", "home"),
            N("PF", "office", "長女（電話で参加）", "長女の返事を待つ。"),
        ),
    ),
    "hikikomori_young": Facts(
        life=Life(
            employment="not_working",
            employment_note="大学2年で中退。働いた経験はない",
            housing="owned",
            housing_note="両親の持ち家",
            income_sources=("family",),
            monthly_income=520_000,
            welfare="never",
            debt="no",
            treatment="none",
            mental_health="none",
            health_insurance="dependent",
            pension="paying",
            issues=("isolation", "habits", "job_search"),
        ),
        background=(
            "大学でのつまずきから中退し、約5年自宅で過ごしてきた。父とはほとんど話さず、家族以外との接点がない。"
            "母が保健センターの家族教室に1年通い、本人が「このままじゃまずい」と口にしたのをきっかけに相談に至った。"
        ),
        plans=(
            PlanFacts(
                needs="生活リズム（昼夜逆転）。家族以外の人との関係。",
                policy="アウトリーチ担当が定期的に会って関係をつくり、本人の関心（パソコン）を手がかりに居場所へつなぐ。",
                tasks="週2回、昼にアウトリーチ担当と会う。ひだまりの家を見学する。",
                programmes=("outreach", "participation"),
            ),
            PlanFacts(
                needs="働いた経験がない。自分で収入を得たいという希望。",
                policy=(
                    "ひだまりの家での作業を続けながら、就労準備支援事業の利用を本人と検討する。本人の「まずは見学から」"
                    "のペースを守る。"
                ),
                tasks="週2回ひだまりの家に通い、チラシ作りを担当する。就労準備支援事業の説明を聞く。",
                programmes=("participation", "work_readiness"),
                employment=True,
            ),
            PlanFacts(
                needs="外で働く体験がない。体を動かす仕事への関心。",
                policy="農作業の就労体験を週2回から始め、受け入れ先と本人の双方を参加支援担当が支える。",
                tasks="農作業の体験に週2回参加する。チラシとメニュー表づくりを続ける。",
                programmes=("participation",),
                months=3,
            ),
        ),
        notes=(
            N("P", "home", next="次回も同じ時間に訪問する。"),
            N("F", "agency", "母", "家族教室の案内を続ける。", "保健センター 相談室"),
            N("P", "outside", place_note="近所のコンビニまで散歩"),
            N("PA", "outside", "NPO法人ひだまりの家 代表", place_note="ひだまりの家"),
            N("P", "office", next="見直したプランを重層的支援会議に提出する。"),
            N("PA", "agency", "NPO法人ひだまりの家", place_note="ひだまりの家"),
            N("P", "office", next="就労準備支援事業の作業体験の見学日を決める。"),
        ),
    ),
}

FACTS_B: dict[str, Facts] = {
    "alcohol_father": Facts(
        life=Life(
            employment="not_working",
            employment_note="飲酒が原因で会社を解雇された",
            housing="rented",
            housing_note="賃貸マンション",
            income_sources=("family", "savings"),
            monthly_income=140_000,
            welfare="never",
            debt="yes",
            arrears=("loan",),
            money_note="カードの借金が膨らんでいる（額は妻も把握していない）",
            illness="朝からの飲酒。アルコール依存症の疑い（専門外来を受診予定）",
            treatment="needed",
            mental_health="suspected",
            health_insurance="national",
            pension="unpaid",
            issues=("mental", "debt", "family"),
        ),
        route="family",
        notes=(
            N("PF", "agency", place_note="保健センター 相談室"),
            N("A", "remote", "みどりの森クリニック 医療相談室"),
            N("F", "office", "妻", "法テラスの相談に同行する。"),
        ),
    ),
    "dv_mother": Facts(
        life=Life(
            employment="not_working",
            employment_note="以前は介護職。避難に伴い退職",
            housing="rented",
            housing_note="市内のアパート（住所は記録しない）",
            income_sources=("allowance",),
            monthly_income=20_000,
            welfare="never",
            debt="no",
            illness="不眠",
            treatment="needed",
            mental_health="suspected",
            health_insurance="national",
            pension="exempt",
            issues=("dv", "single_parent", "poverty", "mental"),
        ),
        assessed={"money_note": "児童扶養手当を申請中"},
        background=(
            "夫の暴力から子ども2人と避難し、一時保護を経て市内に転居した。保護命令が出ているが、夫に居場所を知られる"
            "不安が強い。市内に頼れる親族はなく、収入の確保と子どもの心のケアを同時に進める必要がある。"
        ),
        plans=(
            PlanFacts(
                needs="収入の確保。長男の心のケア。本人の不眠と不安。安全の確保。",
                policy=(
                    "安全の確保を前提に、介護職への復帰を目標とした就労支援と家計の計画を進める。連絡は本人の携帯電話に"
                    "限り、住所は記録に残さない。"
                ),
                tasks="ハローワークで介護職の求人を一緒に探す。家計の計画表をつける。",
                programmes=("employment_support", "household_budget", "other_field"),
                employment=True,
            ),
            PlanFacts(
                needs="仕事に戻る前に、体と気持ちを慣らしたい。",
                policy="介護の職場で短時間の就労体験をする。受け入れ先に伝える情報は本人と決める。",
                tasks="週2回、午前中の就労体験に参加する。",
                programmes=("participation",),
                months=3,
            ),
        ),
        notes=(
            N("P", "agency", place_note="子育て支援課 相談室"),
            N("F", "office", "長男", "次回も絵を描きながら面接する。"),
            N("P", "office", next="短時間勤務の求人を探して連絡する（携帯のみ）。"),
            N("P", "remote"),
        ),
    ),
    "gomi_withdrawn": Facts(
        life=OLD.but(
            housing="owned",
            housing_note="家の中と庭にごみがたまっている",
            monthly_income=100_000,
            illness="糖尿病（治療を中断）。足のむくみ",
            treatment="interrupted",
            mental_health="none",
            health_insurance="national",
            issues=("illness", "habits", "isolation"),
        ),
        route="neighbour",
        referrer_name="町内会長",
        background="妻と死別してから家事をしなくなり、糖尿病の治療も中断した。親族は遠方の弟のみで、近所との関係が悪化している。",
        plans=(
            PlanFacts(
                needs="糖尿病の治療の再開。台所の衛生。近隣との関係。",
                policy="本人が気にしている足のむくみの治療から関わり、本人が決めた範囲で片付けを進める。",
                tasks="保健師と一緒に受診する。片付けの日を自分で決める。",
                programmes=("other_field",),
            ),
        ),
        outcome=Outcome(
            implementation="保健師が受診に1回同行した。片付けボランティアの日程を決めたが、実施前に本人から同意の撤回があった。",
            improvements=(),
            remaining="糖尿病の治療の中断。ごみと衛生。近隣との関係。",
            direction="watch",
            closure="declined",
        ),
        notes=(
            N("P", "home", next="足のむくみの受診日を保健師と調整する。"),
            N("PA", "outside", "かかりつけの内科", place_note="内科医院"),
            N("P", "home", next="片付けの当日はボランティアと訪問する。"),
            N("P", "home", next="月1回、民生委員と声かけを続ける。"),
        ),
    ),
    "mental_mother_truant": Facts(
        life=Life(
            employment="student",
            employment_note="市立北中学校2年（5月から不登校）",
            housing="rented",
            income_sources=("other",),
            welfare="never",
            health_insurance="national",
            issues=("non_attendance", "family", "care"),
        ),
        route="agency",
        referrer_name="市立北中学校 担任",
        notes=(N("PFA", "home", "スクールソーシャルワーカー", "母の受診の状況を確認する。"),),
    ),
    "debt_care": Facts(
        life=Life(
            employment="not_working",
            employment_note="母の介護のため2年前に離職",
            housing="owned",
            housing_note="母の持ち家",
            income_sources=("family",),
            monthly_income=90_000,
            welfare="never",
            debt="yes",
            arrears=("loan", "other"),
            money_note="カードローンの返済が限界。母のデイサービスの利用料も滞っている",
            treatment="none",
            health_insurance="national",
            pension="unpaid",
            issues=("debt", "care", "job_search", "poverty"),
        ),
        assessed={"money_note": "借入れ4社、約300万円。母のデイサービスの利用料を2か月滞納"},
        background="母の介護のために離職し、母の年金だけでは足りない生活費をカードローンで補ってきた。誰にも相談できなかった。",
        plans=(
            PlanFacts(
                needs="債務の整理。介護と両立できる仕事。母のサービス利用の見直し。",
                policy="法テラスで債務整理の方針を決め、母のデイサービスの日に合わせて週3日程度の仕事を探す。",
                tasks="借入れの明細をそろえて法テラスに相談する。ハローワークに登録する。",
                programmes=("household_budget", "employment_support", "other_field"),
                employment=True,
            ),
        ),
        notes=(
            N("P", "office", next="借入れの明細を持ってきてもらう。"),
            N("F", "home", "母", "デイサービスの回数を増やせるかケアマネジャーと相談する。"),
            N("P", "office", next="次回の重層的支援会議にプランを提出する。"),
        ),
    ),
    "foreign_mother": Facts(
        life=Life(
            employment="not_working",
            housing="rented",
            income_sources=("family",),
            monthly_income=320_000,
            welfare="never",
            debt="no",
            health_insurance="dependent",
            pension="paying",
            issues=("foreign", "isolation", "childcare"),
        ),
        assessed={"employment_note": "フィリピンでは事務職。日本では働いていない"},
        background="結婚を機に来日。夫は長距離の運転手で週の半分は不在で、知り合いは市外に住む同郷の友人2人だけ。",
        plans=(
            PlanFacts(
                needs="息子の就学の準備。学校との連絡手段。本人の日本語と地域とのつながり。",
                policy="通訳を確保して就学の手続きを一緒に進め、日本語教室を入口に地域の知り合いを増やす。",
                tasks="就学時健診と入学説明会に参加する。日本語教室に週1回通う。",
                programmes=("other_field",),
            ),
        ),
        notes=(
            N("P", "office", "国際交流員（通訳）"),
            N("P", "office", next="翻訳アプリで学校からの手紙を読めたか確認する。"),
            N("P", "office", next="会議に提出する。"),
            N("A", "agency", "重層的支援会議", "学校教育課に就学相談の役割を依頼する。", "市役所 会議室"),
        ),
    ),
}

MORE_FACTS: dict[str, Facts] = {**FACTS_A, **FACTS_B}
