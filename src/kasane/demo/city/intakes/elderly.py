"""地域包括支援センター: the elderly and their families."""

from __future__ import annotations

from kasane.demo.city.intakes.shape import ALONE_OLD_F, M_, F, Intake, member

INTAKES: list[Intake] = [
    Intake(
        key="forgetful_alone",
        agencies=("houkatsu",),
        weight=14,
        members=(member("self", F, 78, 92, absolute=True), member("child", F, -36, -26, "盛岡市に住む長女")),
        topics=("care", "health"),
        situations=("isolation",),
        channels=("phone",),
        visitor="family",
        visitor_member=1,
        visitor_relation="長女（別居）",
        complaint=(
            "盛岡市に住む長女から電話。本人（{a0}歳）はひとり暮らし。最近、電話で同じ話を何度も繰り返し、"
            "鍋を焦がしたことが2回あったと近所の方から聞いた。介護保険は申請していない。",
            "長女から電話。お盆に帰省したところ、冷蔵庫に同じ食品がいくつも入っていて、賞味期限切れのものが多かった。"
            "通院の日を忘れて受診できていないこともあるらしい。本人（{a0}歳）はひとり暮らし。",
        ),
        wishes=(
            "本人は「まだ自分でできる」と話しているとのこと。長女は、できるだけ今の家で暮らせるようにしてほしいと希望。",
            "長女は仕事があり頻繁には帰れない。本人が嫌がらない形で、誰かに様子を見てもらえると安心とのこと。",
        ),
        response="continue",
        note=(
            "長女の帰省に合わせて自宅訪問することにした。もの忘れ外来の受診と要介護認定の申請を提案する予定。",
            "来週訪問し、本人の生活の様子を確認する。地区の民生委員にも見守りを依頼する予定（本人・長女了承済み）。",
        ),
        follow="自宅訪問。長女同席。本人は「年だから物忘れはある」と笑っていたが、もの忘れ外来の受診には同意。",
        follow_note="要介護認定を代行申請。受診日には長女が付き添う。配食サービスの利用も検討中。",
    ),
    Intake(
        key="caregiver_tired",
        agencies=("houkatsu",),
        weight=10,
        members=(member("self", F, 72, 86, absolute=True), member("spouse", M_, 1, 6)),
        topics=("care", "health"),
        complaint=(
            "夫（{a1}歳）が脳梗塞の後遺症で右半身にまひがあり、トイレの介助で夜も何度も起きている。"
            "自分も腰を痛めて整形外科に通っている。",
            "夫（{a1}歳）の認知症が進み、夕方になると「家に帰る」と外に出ようとする。目が離せず、買い物にも行けない。",
        ),
        wishes=(
            "夫は家にいたいと言うので、できるだけ家でみたい。せめて夜だけでも眠りたい。",
            "施設はまだ考えていない。少しの時間でも夫を預けられるところがあれば助かる。",
        ),
        response="continue",
        note=(
            "夫は要介護2。担当ケアマネジャーと連絡を取り、ショートステイの利用と夜間の排せつの方法を調整することにした。",
            "担当ケアマネジャーにデイサービスの回数を増やせないか相談。認知症カフェも案内した。",
        ),
        follow="電話。ショートステイを初めて使い、「久しぶりにゆっくり眠れた」と本人。",
        follow_note="月1回のショートステイを継続。介護者のつどいの日程を案内した。",
    ),
    Intake(
        key="discharge",
        agencies=("houkatsu",),
        weight=7,
        members=(member("self", M_, 75, 89, absolute=True), member("spouse", F, -6, 0)),
        topics=("health", "care", "housing"),
        channels=("phone",),
        visitor="agency",
        visitor_name="清和会病院 医療相談室（医療ソーシャルワーカー）",
        complaint=(
            "清和会病院の医療相談室から電話。大腿骨骨折で入院中の本人（{a0}歳）が来月退院予定。"
            "妻と二人暮らしで、自宅の玄関と浴室に段差が多い。",
        ),
        wishes=("本人は「早く家に帰って畑を見たい」と話している。妻は介護に不安がある。",),
        response="continue",
        note=("退院前カンファレンスに参加予定。要介護認定の申請と住宅改修（手すり）の手続きを案内した。",),
        follow="退院前カンファレンスに参加。歩行器で屋内は歩ける。妻は「思ったより歩けていて安心した」。",
        follow_note="居宅介護支援事業所を紹介し、ケアマネジャーが決まった。住宅改修は退院前に完了予定。",
    ),
    Intake(
        key="newspapers",
        agencies=("houkatsu",),
        weight=7,
        members=(member("self", M_, 70, 86, absolute=True),),
        topics=("health", "community"),
        situations=("isolation",),
        channels=("phone",),
        visitor="neighbour",
        visitor_name="近所に住む方（名前は伏せてほしいとのこと）",
        complaint=(
            "近所の方から「新聞が3日分たまっている。声をかけても返事がない」と電話。"
            "本人（{a0}歳）はひとり暮らしで、妻を3年前に亡くしている。",
        ),
        wishes=("（訪問時）「心配かけて悪かった。風邪で寝ていただけだ」。人の世話にはなりたくない様子。",),
        response="continue",
        note=(
            "当日訪問し安否を確認。脱水気味だったため経口補水液を渡し、かかりつけ医の受診を勧めた。"
            "地区の民生委員と見守りの方法を相談する。",
        ),
        follow="民生委員と一緒に訪問。食事はスーパーの総菜が中心。町内会の老人クラブには顔を出していない。",
        follow_note="配食サービス（週3回）の利用を本人が了承。配達時の声かけで見守りを兼ねる。",
    ),
    Intake(
        key="insurance_application",
        agencies=("houkatsu",),
        weight=9,
        members=(member("self", F, 78, 90, absolute=True), member("child", F, -32, -24)),
        topics=("care",),
        visitor="family",
        visitor_member=1,
        visitor_relation="長女（同居）",
        complaint=(
            "同居の長女が来所。母（本人・{a0}歳）が最近足腰が弱り、一人で買い物に行けなくなった。"
            "デイサービスを使わせたいが、何から手続きすればよいか分からない。",
        ),
        wishes=("母には日中、人と話す機会を持ってほしい。自分はパートの仕事を続けたい。",),
        response="advice",
        note=(
            "要介護認定の申請方法と、結果が出るまでの流れを説明。申請書の記入を手伝い、"
            "長寿介護課へ提出できるよう案内した。主治医意見書のため、かかりつけ医を確認した。",
        ),
    ),
    Intake(
        key="money_lost",
        agencies=("houkatsu",),
        weight=5,
        members=ALONE_OLD_F,
        topics=("income", "care"),
        situations=("isolation",),
        channels=("phone", "home_visit"),
        visitor="minsei",
        visitor_name="地区担当の民生委員",
        complaint=(
            "民生委員から。本人（{a0}歳・ひとり暮らし）が「通帳がなくなった。誰かに盗られた」と何度も訴えている。"
            "年金の引き出しも自分でできていないようだ。",
        ),
        wishes=("本人は「人に通帳は預けたくない」。民生委員は、お金のことで被害に遭わないか心配している。",),
        response="continue",
        note=(
            "訪問し、通帳は押し入れの中から見つかった。社協の日常生活自立支援事業（金銭管理）の説明をしたが、"
            "本人はまだ迷っている。親族（甥）への連絡を検討する。",
        ),
    ),
    Intake(
        key="elder_abuse",
        agencies=("houkatsu",),
        weight=4,
        members=(member("self", F, 80, 90, absolute=True), member("child", M_, -34, -28)),
        topics=("abuse", "family", "care"),
        situations=("8050",),
        channels=("phone",),
        visitor="agency",
        visitor_name="通所介護事業所 生活相談員",
        complaint=(
            "デイサービスの生活相談員から電話。本人（{a0}歳）の腕に複数のあざがあり、"
            "「息子に怒鳴られる。言うことを聞かないと押される」と話した。同居の長男（{a1}歳）は無職。",
        ),
        wishes=("本人は「息子が悪いわけではない。大ごとにしないでほしい」と話している。",),
        response="refer",
        note=("高齢者虐待の疑いとして長寿介護課に通報。事実確認の訪問に同行する。",),
        refer_to="choju",
        basis="law_other",
        basis_note="高齢者虐待防止法第7条に基づく通報",
        referral_message=(
            "デイサービスからの情報で、同居の長男による身体的虐待が疑われます。本人は大ごとにしたくないと話しています。"
            "事実確認の訪問を一緒に行わせてください。"
        ),
        decline="",
    ),
    Intake(
        key="no_meals",
        agencies=("houkatsu",),
        weight=5,
        members=(member("self", M_, 66, 79, absolute=True),),
        topics=("food", "income", "health"),
        situations=("isolation",),
        channels=("home_visit",),
        visitor="minsei",
        visitor_name="地区担当の民生委員",
        complaint=(
            "民生委員と訪問。本人（{a0}歳・ひとり暮らし）は年金が少なく、月末になると1日1食にしている。"
            "体重が減ってきている。国民健康保険税の滞納もあるらしい。",
        ),
        wishes=("「贅沢は言わないが、腹いっぱい食べたい」。役所に行くのは気が引けるとのこと。",),
        response="refer",
        note=("家計の相談と滞納の整理のため、本人の同意を得てくらし・しごと相談センターへつないだ。",),
        refer_to="jiritsu",
        referral_message=(
            "年金収入のみのひとり暮らしの方で、月末に食費が尽きています。税の滞納もあるようです。"
            "家計の見直しと、必要なら生活保護の検討をお願いします。訪問での面談を希望されています。"
        ),
        decline=(
            "本人に電話で確認したところ、年金の振込口座の件は長女が整理を始めたとのことで、"
            "今は家計相談は不要とのお話でした。食事の確保は引き続き地域包括での見守りをお願いします。"
        ),
    ),
    Intake(
        key="wife_wandering",
        agencies=("houkatsu",),
        weight=5,
        members=(member("self", F, 76, 86, absolute=True), member("spouse", M_, 0, 5)),
        topics=("care", "community"),
        channels=("visit",),
        visitor="family",
        visitor_member=1,
        visitor_relation="夫",
        complaint=(
            "夫が来所。妻（本人・{a0}歳）がひとりで出かけて帰れなくなり、先週警察に保護された。"
            "アルツハイマー型認知症の診断を受けているが、介護サービスは使っていない。",
        ),
        wishes=("夫は「自分が元気なうちは自分でみたい」。ただ、また迷子になるのが怖い。",),
        response="continue",
        note=(
            "認知症初期集中支援チームの訪問を調整。見守りSOSネットワークへの事前登録と、"
            "GPS端末の貸し出しを案内した。",
        ),
    ),
    Intake(
        key="salon_absent",
        agencies=("houkatsu",),
        weight=4,
        members=ALONE_OLD_F,
        topics=("community", "health"),
        situations=("isolation",),
        channels=("phone",),
        visitor="other",
        visitor_name="いきいきサロン世話役",
        complaint=(
            "地区のいきいきサロンの世話役から電話。毎回来ていた本人（{a0}歳）が2か月来ていない。"
            "電話すると「足が痛くて行けない」と言うが、声に元気がない。",
        ),
        wishes=("本人は「またみんなに会いたい」と話していたとのこと。",),
        response="continue",
        note=(
            "訪問して膝の痛みと外出の状況を確認する。サロンまでの送迎ボランティアの有無を社協に確認する。",
        ),
    ),
]
