"""The national forms' facts of the four households the demo is known by (``stories.sugawara`` and the others)."""

from __future__ import annotations

from kasane.demo.city.life import Life
from kasane.demo.city.stories.facts_shape import Facts, N, PlanFacts

SUGAWARA = Facts(
    life=Life(
        employment="pensioner",
        housing="owned",
        housing_note="築40年の持ち家（平屋）",
        income_sources=("pension",),
        monthly_income=140_000,
        welfare="never",
        debt="no",
        illness="高血圧、変形性膝関節症（整形外科に月1回通院）。要支援1",
        treatment="attending",
        mental_health="none",
        disability_card="none",
        health_insurance="elderly",
        pension="survivor",
        issues=("illness", "care", "family"),
    ),
    assessed={
        "money_note": "貯金約200万円。同居の長男の国民年金保険料が未納のまま（免除申請をしていない）",
        "issues": ("illness", "care", "family", "isolation"),
    },
    background=(
        "長男は36歳のとき勤め先の製材所が閉鎖されて離職し、再就職の面接に2回落ちたことをきっかけに外出しなくなった。"
        "母は長男のことを誰にも話せず、夫の死後12年、自分の年金だけで世帯を支えてきた。母の膝の痛みが強くなり、"
        "これまでの暮らし方が続けられなくなりつつある。"
    ),
    plans=(
        PlanFacts(
            needs=(
                "母の膝の痛みによる買い物・家事の負担。長男に社会との接点がなく、母が亡くなった後の収入・家事・住まいの"
                "見通しが立っていない。長男の国民年金保険料の未納。"
            ),
            policy=(
                "母の介護予防と家事の負担の軽減を先に進める。長男には、無理のない頻度のアウトリーチで顔なじみの関係を"
                "つくる。長男に関わる支援は、長男が望むまでは母を通じた情報提供にとどめる。"
            ),
            tasks="通所型サービスに週1回通う。家計表づくりのため、年金の通知と通帳をそろえる（母）。",
            programmes=("outreach", "household_budget", "other_field"),
        ),
        PlanFacts(
            needs="長男の不眠と抑うつの治療の継続。長男が家事と日中の活動を少しずつ担うこと。母の通所と家計の見通し。",
            policy=(
                "長男の言葉で書いた目標を軸に、通院の定着を最優先にする。アウトリーチは月1回に減らし、参加支援担当へ"
                "引き継ぐ。母の介護予防は地域包括わかばが続ける。"
            ),
            tasks="通院と服薬を続ける。洗濯は自分でし、週1回母と買い物に行く（長男）。通所型サービスを続ける（母）。",
            programmes=("outreach", "participation", "household_budget", "other_field"),
        ),
        PlanFacts(
            needs="長男の日中の活動の場と、家族以外の人との関わり。",
            policy="人の少ない午前中の短い作業から始め、通院と両立できるよう受け入れ先と調整する。",
            tasks="ひだまり畑を見学し、週1回・午前中の作業に参加する（長男）。",
            programmes=("participation",),
            months=3,
        ),
    ),
    notes=(
        N("P", "home", next="2週間後、アウトリーチ担当が同じ曜日の午後に訪問する。"),
        N("F", "home", next="次回も同じ曜日・時間に訪問する。"),
        N("P", "office", next="長男の国民年金保険料の免除申請の方法を母に案内する。"),
        N("P", "remote", next="通所型サービスの見学日を調整する。"),
        N("PF", "home"),
        N("A", "agency", "地域包括わかば・くらし・しごと相談センター・みどり", place_note="社協 会議室"),
        N("P", "home", next="次回の重層的支援会議にプランを提出する。"),
        N("P", "home", next="1か月後に通所の様子を電話で確認する。"),
        N("F", "home"),
        N("P", "office", "", "免除申請の結果が届いたら知らせてもらう。"),
        N("F", "home"),
        N("FP", "home", next="同意書の写しを支援チームに共有する。"),
        N("FA", "outside", "みどりの森クリニック 主治医", place_note="みどりの森クリニック"),
        N("FP", "home", next="次回の重層的支援会議に見直したプランを提出する。"),
        N("F", "home"),
        N("P", "remote"),
        N("FA", "outside", "NPO法人ひだまりの家", "見学の感想を聞き、体験の日程を相談する。", "ひだまりの家"),
        N("FA", "outside", "みどりの森クリニック 主治医", place_note="みどりの森クリニック"),
        N("PF", "office", next="半年後に家計の見通しを見直す。"),
    ),
    members={
        1: (
            Life(
                employment="not_working",
                employment_note="製材所の閉鎖で36歳で離職。その後約18年就労していない",
                housing="owned",
                housing_note="母の持ち家",
                income_sources=("family",),
                monthly_income=140_000,
                welfare="never",
                debt="no",
                arrears=("premiums",),
                money_note="国民年金保険料の未納が続いている",
                illness="不眠・気分の落ち込み（未受診）",
                treatment="needed",
                mental_health="suspected",
                disability_card="none",
                health_insurance="national",
                pension="unpaid",
                issues=("isolation", "mental", "habits"),
            ),
            # Found by the 社協's outreach after the 民生委員 told of the household (city.data.outreach_people).
            "outreach",
            "",
            "上野原地区の民生委員",
        )
    },
)

ONODERA = Facts(
    life=Life(
        employment="non_regular",
        employment_note="医療事務のパート（週4日）",
        housing="rented",
        housing_note="稲荷町のアパート。実父は車で15分の城南でひとり暮らし",
        income_sources=("wages",),
        monthly_income=420_000,
        welfare="never",
        debt="no",
        illness="頭痛（市販薬を常用）。睡眠は5時間ほど",
        treatment="none",
        mental_health="none",
        health_insurance="dependent",
        pension="paying",
        issues=("care", "childcare", "family"),
    ),
    assessed={"illness": "頭痛（市販薬を1日3回）。睡眠不足が続く", "treatment": "needed"},
    background=(
        "母の死後に父の認知症が進み、介護が本人ひとりに集まった。夫は交替勤務で平日はほぼ不在、下の子は保育所に"
        "入れず、介護と子育ての窓口がそれぞれ別のため、本人はどこにも相談していなかった。"
    ),
    plans=(
        PlanFacts(
            needs="本人の睡眠不足と疲労。父の服薬管理と夜間の不安への対応が本人頼み。下の子の保育の確保。",
            policy=(
                "父の介護を介護保険のサービスで厚くし、本人が夜に眠れることを最優先にする。保育所の入所と家族会議を"
                "並行して進め、本人の相談先を社協に一本化する。"
            ),
            tasks="保育所の入所申請書を出す。週1回、上の子と2人の時間をつくる。家族会議の日程を夫と決める。",
            programmes=("other_field",),
        ),
        PlanFacts(
            needs="父の夕方の不安と、娘への電話。父がデイサービスのほかに通える場。",
            policy="送迎つきの認知症カフェを父と見学し、父が気に入れば月2回から通う。",
            tasks="カフェの見学に父と一緒に行く（本人）。",
            programmes=("participation", "other_field"),
            months=3,
        ),
    ),
    notes=(
        N("PA", "agency", "かさね子育て支援センターすくすく", place_note="ひろばの相談室"),
        N(
            "FP",
            "home",
            "父の担当ケアマネジャー",
            "服薬カレンダーの使い方をヘルパーと共有する。",
            "父の家（城南）",
        ),
        N("P", "office", next="次回のひろば来所時に様子を確認する。"),
        N("A", "agency", "すくすく・地域包括みなみ・子育て支援課", place_note="社協 会議室"),
        N("P", "office", next="次回の重層的支援会議にプランを提出する。"),
        N("P", "remote"),
        N("P", "office", next="4月入所の結果を通知する。"),
        N("P", "office"),
        N("PFA", "agency", "父の担当ケアマネジャー・サービス事業所", place_note="居宅介護支援事業所"),
        N("P", "office", next="1か月後に定期面談。"),
    ),
)

SATO = Facts(
    life=Life(
        employment="student",
        employment_note="県立高校2年（遅刻が月6〜8回、欠席も増えている）",
        housing="rented",
        housing_note="日の出町のアパート（2DK）",
        income_sources=("allowance", "savings"),
        monthly_income=80_000,
        welfare="never",
        debt="no",
        treatment="none",
        mental_health="none",
        disability_card="none",
        health_insurance="national",
        issues=("family", "single_parent", "care"),
    ),
    route="agency",
    referrer="kyoiku",
    referrer_name="スクールソーシャルワーカー（県立高校の担任から相談）",
    assessed={"money_note": "母は半年前にパートを退職。養育費は途絶えている"},
    background=(
        "8年前の離婚後、母が統合失調症の治療を続けながら働いてきたが、半年前の退職のあと服薬が途切れがちになった。"
        "母方の祖母とは疎遠で、家事と弟妹の世話を担えるのが長女の本人しかいない。"
    ),
    plans=(
        PlanFacts(
            needs="本人の学業の継続（遅刻・欠席）。母の治療の継続。家事の担い手が本人しかいない。母の収入がない。",
            policy=(
                "本人が学校に通い続けられることを第一に、朝の家事と妹の送りを福祉サービスで補う。母の治療は相談支援"
                "専門員と保健師が支え、弟の放課後の居場所をつくる。本人が母に知られたくないことには配慮する。"
            ),
            tasks="困ったことがあればSSWかセンターの担当に連絡する。週2回は放課後に自分の勉強の時間をとる。",
            programmes=("participation", "other_field"),
            months=12,
        ),
    ),
    notes=(
        N("PFA", "agency", "こども家庭センター 担当者", place_note="こども家庭センター 相談室"),
        N("FA", "home", "地区担当保健師（同行）", "主治医に受診日を早めてもらうよう連絡する。"),
        N("A", "remote", "県立高校 2年担任"),
        N("P", "office", next="ひだまりの家の学習支援について弟の見学日を調整する。"),
        N(
            "A",
            "agency",
            "こども家庭センター・みどり・保健センター・SSW・ひだまりの家",
            place_note="社協 会議室",
        ),
        N(
            "PF",
            "agency",
            next="次回の重層的支援会議にプランを提出する。",
            place_note="こども家庭センター 相談室",
        ),
    ),
)

SAITO = Facts(
    life=Life(
        employment="seeking",
        employment_note="倉庫作業を3か月前に退職。10年で7回転職（製造・配送・飲食・コールセンター）",
        housing="rented",
        housing_unstable=True,
        housing_note="駅前一丁目のアパート（家賃4万2千円）。管理会社から退去の手続きをほのめかされている",
        income_sources=("none",),
        monthly_income=0,
        welfare="never",
        debt="no",
        arrears=("rent", "phone"),
        money_note="家賃3か月分（12万6千円）と携帯電話料金2か月分が未払い",
        illness="発達障害の可能性（未受診）",
        treatment="needed",
        mental_health="none",
        disability_card="suspected",
        health_insurance="national",
        pension="unpaid",
        issues=("poverty", "housing", "job_retention", "disability_suspected", "budgeting"),
    ),
    assessed={
        "income_sources": ("other",),
        "housing_note": "駅前一丁目のアパート。住居確保給付金の支給決定で当面の家賃は確保できた",
        "money_note": "家賃の滞納分12万6千円が残る。携帯電話料金は分割で支払う約束をした",
    },
    background=(
        "子どもの頃から忘れ物が多く、指示の聞き漏らしや段取りの悪さを職場で注意されては辞めることを繰り返してきた。"
        "発達特性の評価を受けたことがなく、本人は「自分のどこがおかしいのか」と自分を責めている。北上市の母とは"
        "年に数回の電話のみで、頼れる人がいない。"
    ),
    plans=(
        PlanFacts(
            needs="家賃の滞納と携帯電話料金の未払い。安定した収入。仕事が続かない背景の理解。郵便物や手続きの管理。",
            policy=(
                "住居確保給付金で住まいを守りながら、発達の評価を受けて本人が自分の得意・不得意を知ることを先にする。"
                "評価の結果を踏まえ、就労準備支援事業から焦らず働き始める。"
            ),
            tasks="週1回センターで郵便物を一緒に開ける。クリニックの心理検査を受ける。家計表に毎日の支出を書く。",
            programmes=("housing_benefit", "household_budget", "work_readiness", "other_field"),
            employment=True,
        ),
    ),
    notes=(
        N("PA", "agency", "くらし・しごと相談センター 相談員", place_note="くらし・しごと相談センター"),
        N("P", "office", next="給付金の支給期間が終わる前に、改めて要否を確認する。"),
        N("P", "office", next="初診に同行する。"),
        N("P", "office", next="管理会社との分割返済の約束に同席する。"),
        N("A", "remote", "みどりの森クリニック 医療相談室"),
        N("P", "office", next="心理検査の結果を待って、プラン案を固める。"),
    ),
)

NAMED_FACTS: dict[str, Facts] = {
    "8050": SUGAWARA,
    "double_care": ONODERA,
    "young_carer": SATO,
    "poverty_disability": SAITO,
}
