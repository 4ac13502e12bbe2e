"""保健・その他: the 保健センター, clinics and the 社協."""

from __future__ import annotations

from kasane.demo.city.intakes.shape import M_, F, Intake, member

INTAKES: list[Intake] = [
    Intake(
        key="alcohol_family",
        agencies=("kenko",),
        weight=4,
        members=(member("self", M_, 48, 64, absolute=True), member("spouse", F, -6, 0)),
        topics=("health", "family"),
        situations=("addiction",),
        channels=("phone",),
        visitor="family",
        visitor_member=1,
        visitor_relation="妻",
        complaint=(
            "妻から電話。夫（本人・{a0}歳）が退職後、朝から飲酒するようになった。注意すると物を投げる。",
        ),
        wishes=("妻「お酒をやめてほしい。自分がどうすればいいのか知りたい」。",),
        response="continue",
        note=(
            "家族相談として継続。こころの健康相談（精神科医）を妻の予約で入れた。断酒会の家族の集いも案内。",
        ),
    ),
    Intake(
        key="withdrawn_son_family",
        agencies=("kenko",),
        weight=4,
        members=(member("self", M_, 24, 40, absolute=True), member("parent", F, 24, 32)),
        topics=("withdrawal", "family"),
        situations=("isolation",),
        visitor="family",
        visitor_member=1,
        visitor_relation="母",
        complaint=(
            "母が来所。息子（本人・{a0}歳）は大学を中退後、ほとんど部屋から出ない。食事は部屋の前に置いている。",
        ),
        wishes=("母「このままでいいとは思っていない。でも本人を傷つけたくない」。",),
        response="continue",
        note=("ひきこもり家族教室（月1回）を案内。母の相談を継続し、本人への手紙の書き方を一緒に考える。",),
    ),
    Intake(
        key="where_to_ask",
        agencies=("chiiki_fukushi",),
        weight=3,
        members=(member("self", F, 58, 70, absolute=True),),
        topics=("other", "community"),
        channels=("phone",),
        complaint=(
            "本人から電話。隣家の庭木が伸び放題で、空き家なのか人が住んでいるのか分からない。どこに言えばいいのか。",
        ),
        wishes=("「もし誰か住んでいて困っているなら、力になりたい」。",),
        response="advice",
        note=(
            "空き家の相談は都市計画課へ。居住者がいる場合は地域包括支援センターが訪問できることを説明した。",
        ),
    ),
    Intake(
        key="premium_arrears",
        agencies=("choju",),
        weight=3,
        members=(member("self", M_, 68, 80, absolute=True), member("spouse", F, -5, 0)),
        topics=("tax_bills", "income"),
        complaint=("本人来庁。介護保険料の督促状が届いた。妻の入院費がかさみ払えなかった。",),
        wishes=("「分けて払えるなら払いたい」。",),
        response="advice",
        note=("分納の手続きを案内し、高額介護サービス費・高額療養費の申請状況を確認した。",),
    ),
    Intake(
        key="volunteer",
        agencies=("shakyo",),
        weight=3,
        members=(member("self", F, 62, 74, absolute=True),),
        topics=("community",),
        situations=("isolation",),
        complaint=("本人来所。夫を亡くして1年、家にいると気持ちが沈む。何か人の役に立つことがしたい。",),
        wishes=("「昔、保育士をしていたので子どもと関わることなら」。",),
        response="advice",
        note=(
            "ボランティアセンターに登録。子ども食堂の調理ボランティアと、いきいきサロンの手伝いを紹介した。",
        ),
    ),
    Intake(
        key="mother_needs_care",
        agencies=("jiritsu",),
        weight=3,
        area="中央圏域",
        members=(member("self", M_, 48, 58, absolute=True), member("parent", F, 26, 34)),
        topics=("care", "work", "income"),
        complaint=(
            "本人来所（{a0}歳）。同居の母（{a1}歳）が転んでから家の中でも伝い歩きになり、日中ひとりにしておけない。"
            "夜勤のある仕事を続けられるか不安。",
        ),
        wishes=("「母の介護のことは何も分からない。仕事は辞めたくない」。",),
        response="refer",
        note=(
            "母の介護については、本人の同意を得て地域包括支援センター本町につないだ。本人の仕事の相談は当機関で継続する。",
        ),
        refer_to="houkatsu_chuo",
        referral_message=(
            "同居の母（要介護認定なし）が転倒後、伝い歩きになっています。息子さん（本人）は夜勤のある仕事をしており、"
            "介護保険の申請とサービスの相談をお願いします。平日の夕方なら自宅で会えるとのことです。"
        ),
        decline=(
            "ご住所を確認したところ、母は先月から北上野の長女宅に身を寄せているとのことでした。"
            "北部圏域の地域包括支援センターわかばへおつなぎください。"
        ),
        resend_to="houkatsu_kita",
        resend_message=(
            "母は北上野の長女宅に身を寄せているとのことで、わかばさんへつなぎ直します。転倒後、伝い歩きになっています。"
            "介護保険の申請とサービスの相談をお願いします。長女が窓口になります。"
        ),
    ),
    Intake(
        key="care_leaver",
        agencies=("jiritsu",),
        weight=2,
        members=(member("self", F, 19, 23, absolute=True),),
        topics=("housing", "income", "work"),
        situations=("isolation",),
        complaint=(
            "本人来所（{a0}歳）。児童養護施設を出て就職したが、職場の人間関係で退職。寮を出なければならない。",
        ),
        wishes=("「頼れる大人がいない。アパートを借りたいけど保証人がいない」。",),
        response="continue",
        note=(
            "住居確保給付金と保証会社の利用を検討。施設の自立支援担当職員とも連絡を取ることに本人が同意した。",
        ),
    ),
]
